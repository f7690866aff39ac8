// expectNoPlaintext (support/no-plaintext.ts) ends every journey that handles
// clinical text. It must not pass by failing to look: proven here on a
// planted mozLz4 file, on what a real Firefox writes to its session store,
// and on what a real broker carries.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { describe, expect, test } from 'vitest';
import { launchChromium } from '../support/chromium';
import { makeTempDir } from '../support/paths';
import { launchFirefox } from './support/firefox';
import { captureBroker, startAedes } from '../support/brokers';
import { decodeMozLz4, MOZLZ4_MAGIC } from './support/mozlz4';
import { expectNoPlaintext, scanBroker, scanProfile } from './support/no-plaintext';
import { waitForSelector } from './support/poll';

/** mozLz4 for "session Wren" + "WrenWrenWren" (a back-reference) + "-end". */
function plantedMozLz4(): Buffer {
  const head = Buffer.alloc(12);
  MOZLZ4_MAGIC.copy(head);
  const text = 'session WrenWrenWrenWren-end';
  head.writeUInt32LE(text.length, 8);
  const block = Buffer.concat([
    Buffer.from([(12 << 4) | (12 - 4)]),
    Buffer.from('session Wren'),
    Buffer.from([4, 0]),
    Buffer.from([4 << 4]),
    Buffer.from('-end'),
  ]);
  return Buffer.concat([head, block]);
}

describe('the pieces', () => {
  test('a mozLz4 file is opened; a secret only its decompressed text holds is found', async () => {
    const file = plantedMozLz4();
    expect(file.includes(Buffer.from('WrenWrenWren'))).toBe(false);
    expect(decodeMozLz4(file).toString()).toBe('session WrenWrenWrenWren-end');
    expect(() => decodeMozLz4(Buffer.from('not lz4 at all'))).toThrow(/Not a mozLz4/);
    const dir = makeTempDir('squircle-lz4-');
    try {
      mkdirSync(join(dir, 'profile/sessionstore-backups'), { recursive: true });
      writeFileSync(join(dir, 'profile/sessionstore-backups/recovery.jsonlz4'), file);
      writeFileSync(join(dir, 'profile/plain.txt'), 'Kestrel-raw-1188');
      expect(await scanProfile(dir, ['WrenWrenWrenWren-end', 'Kestrel-raw-1188', 'Kestrel-absent-4444'])).toEqual([
        'profile/plain.txt utf8 Kestrel-raw-1188',
        'profile/sessionstore-backups/recovery.jsonlz4 (mozLz4) utf8 WrenWrenWrenWren-end',
      ]);
      await expect(expectNoPlaintext({ profileDirs: [dir], secrets: ['Kestrel-raw-1188'] })).rejects.toThrow(
        /Kestrel-raw-1188/,
      );
      await expectNoPlaintext({ profileDirs: [dir], secrets: ['Kestrel-absent-4444'] });
      await expect(expectNoPlaintext({ secrets: ['Kestrel-absent-4444'] })).rejects.toThrow(/nowhere/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the extension's own strings are found anywhere but in the browser's copies of its scripts", async () => {
    const dir = makeTempDir('squircle-code-');
    try {
      mkdirSync(join(dir, 'Default/Service Worker/ScriptCache'), { recursive: true });
      mkdirSync(join(dir, 'Default/IndexedDB'), { recursive: true });
      writeFileSync(join(dir, 'Default/Service Worker/ScriptCache/abc_1'), 'const c = "risk.crisis";');
      await expectNoPlaintext({ profileDirs: [dir], secrets: ['Kestrel-absent-4444'], codeStrings: ['risk.crisis'] });
      // As a secret it would be reported there too; as a code string, only where data is kept.
      await expect(expectNoPlaintext({ profileDirs: [dir], secrets: ['risk.crisis'] })).rejects.toThrow(/ScriptCache/);
      writeFileSync(join(dir, 'Default/IndexedDB/000003.log'), 'category risk.crisis');
      await expect(
        expectNoPlaintext({ profileDirs: [dir], secrets: ['Kestrel-absent-4444'], codeStrings: ['risk.crisis'] }),
      ).rejects.toThrow(/IndexedDB\/000003.log utf8 risk.crisis/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a torn LevelDB table (a killed browser) is searched as plain bytes and left as it was', async () => {
    const dir = makeTempDir('squircle-torn-');
    try {
      mkdirSync(join(dir, 'Default/IndexedDB/x.leveldb'), { recursive: true });
      const table = join(dir, 'Default/IndexedDB/x.leveldb/000122.ldb');
      writeFileSync(table, Buffer.concat([Buffer.alloc(300, 7), Buffer.from('Kestrel-torn-5150')]));
      expect(await scanProfile(dir, ['Kestrel-torn-5150'])).toEqual([
        'Default/IndexedDB/x.leveldb/000122.ldb utf8 Kestrel-torn-5150',
      ]);
      expect(readFileSync(table).length).toBe(317);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a raw subscriber on the embedded broker sees what is published; an empty capture refuses to pass', async () => {
    const broker = await startAedes();
    try {
      const capture = await captureBroker(broker.tcpUrl);
      await expect(scanBroker(capture, ['Kestrel-wire-2231'])).rejects.toThrow(/no traffic/);
      const client = await mqtt.connectAsync(broker.tcpUrl, { protocolVersion: 4 });
      await client.publishAsync(
        'sq/v1/c/test',
        Buffer.concat([Buffer.from([1, 2, 3]), Buffer.from('Kestrel-wire-2231', 'utf16le')]),
        {
          qos: 1,
        },
      );
      await client.publishAsync('sq/v1/c/other', Buffer.from('opaque bytes only'), { qos: 1 });
      await expect.poll(() => capture.messages.length).toBe(2);
      expect(await scanBroker(capture, ['Kestrel-wire-2231', 'Kestrel-wire-9999'])).toEqual([
        'broker sq/v1/c/test utf16le Kestrel-wire-2231',
      ]);
      await expect(expectNoPlaintext({ brokerCapture: capture, secrets: ['Kestrel-wire-2231'] })).rejects.toThrow(
        /Kestrel-wire-2231/,
      );
      await client.endAsync();
      await capture.stop();
    } finally {
      await broker.stop();
    }
  });
});

describe('real browsers', () => {
  test('Chromium: the browser is closed, its profile searched, and its own close() still cleans up', async () => {
    const s = await launchChromium();
    const page = await s.context.newPage();
    await page.goto(s.extUrl('options.html'));
    await page.evaluate(() => chrome.storage.local.set({ k: 'Heron-local-4471' }));
    await expect(expectNoPlaintext({ chromium: [s], secrets: ['Heron-local-4471'] })).rejects.toThrow(
      /Heron-local-4471/,
    );
    await s.close();
  });

  test('Firefox: a field value in the session store is found through mozLz4', async () => {
    const ff = await launchFirefox({ prefs: { 'browser.sessionstore.interval': 500 } });
    try {
      const page = await ff.newFixturePage();
      await page.goto('https://meet.google.com/abc-defg-hij');
      await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<textarea id="canary"></textarea>'));
      await waitForSelector(page, '#canary');
      await page.type('#canary', 'Heron-sessionstore-6602');
      await new Promise((r) => setTimeout(r, 3000));
      const secrets = ['Heron-sessionstore-6602'];
      await ff.browser.close();
      const hits = await scanProfile(ff.homeDir, secrets);
      expect(
        hits.some((h) => /\(mozLz4\) utf8 Heron-sessionstore-6602$/.test(h)),
        hits.join('\n'),
      ).toBe(true);
    } finally {
      await ff.close();
    }
  });
});
