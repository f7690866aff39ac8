// Issue 3: an encrypted backup moves everything to a fresh profile; a
// corrupted backup is refused with a clear message and changes nothing.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { launchChromium } from '../support/chromium';
import { makeTempDir } from '../support/paths';
import { addGroup } from '../support/journey';
import { createVault, openView, PASSPHRASE } from '../support/panel';
import { expectNoPlaintext } from './support/no-plaintext';

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Monday group ${tag}`;
const MEMBER = `Robin Ashdown${tag}`;
const dir = makeTempDir('squircle-backup-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('backup export, a fresh profile, import: everything is back; a corrupted file is refused', async () => {
  const a = await launchChromium({ profileDir: join(dir, 'profile-a') });
  const pa = await a.context.newPage();
  await pa.goto(a.extUrl('sidepanel.html'));
  await createVault(pa);
  await addGroup(pa, GROUP, [MEMBER]);
  await openView(pa, 'Backup');
  const [dl] = await Promise.all([pa.waitForEvent('download'), pa.click('button:has-text("Save a backup file")')]);
  const file = join(dir, 'good.squircle');
  await dl.saveAs(file);
  await a.close();
  const text = readFileSync(file, 'utf8');
  expect(text).not.toContain(GROUP);
  expect(text).not.toContain(MEMBER);

  // A flipped character in the middle of a sealed body.
  const bad = join(dir, 'bad.squircle');
  const at = text.indexOf('"body":"') + 20;
  writeFileSync(bad, text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1));
  const truncated = join(dir, 'truncated.squircle');
  writeFileSync(truncated, text.slice(0, Math.floor(text.length / 2)));

  const b = await launchChromium({ profileDir: join(dir, 'profile-b') });
  const pb = await b.context.newPage();
  await pb.goto(b.extUrl('sidepanel.html'));
  for (const broken of [bad, truncated]) {
    await pb.setInputFiles('#restore-file', broken);
    await pb.fill('#restore-pass', PASSPHRASE);
    await pb.click('button:has-text("Check and restore")');
    const alert = await pb.waitForSelector('[role="alert"]');
    expect(await alert.textContent()).toMatch(/Nothing was changed/);
    expect(
      await pb.evaluate(() =>
        indexedDB.databases().then(async () => {
          const open = indexedDB.open('squircle');
          return new Promise<number>(
            (r) =>
              (open.onsuccess = () => {
                const names = [...open.result.objectStoreNames];
                if (!names.includes('vault')) return r(0);
                const req = open.result.transaction('vault').objectStore('vault').count();
                req.onsuccess = () => r(req.result);
              }),
          );
        }),
      ),
    ).toBe(0);
  }
  await pb.setInputFiles('#restore-file', file);
  await pb.fill('#restore-pass', PASSPHRASE);
  await pb.click('button:has-text("Check and restore")');
  await pb.waitForSelector('nav[aria-label="Panel"]');
  await openView(pb, 'Groups and clients');
  await pb.waitForSelector(`article.group[aria-label="${GROUP}"] li:has-text("${MEMBER}")`);
  await b.close();
  await expectNoPlaintext({
    profileDirs: [join(dir, 'profile-a'), join(dir, 'profile-b')],
    secrets: [GROUP, MEMBER, PASSPHRASE],
  });
});
