// Issue 20, item 3: a trainee and a supervisor in two Chromium profiles pair through one local broker with
// the spoken code, outside any call; the trainee shares one ended session (after a confirmation naming what
// goes); the supervisor, with no call page open, reads it, comments on the group note and co-signs it; the
// trainee sees the comment and the co-signature in History while the session stays open. A raw subscriber
// to '#' on the broker, and both profiles on disk, hold no name, note word or comment.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startAedes, type AedesTestBroker } from '../support/brokers';
import { twoLeaders, type Leader, type TwoLeaders } from '../support/coleaders';
import { addGroup, startSession } from '../support/journey';
import { openView } from '../support/panel';
import { REPO_ROOT } from '../support/paths';
import { expectNoPlaintext } from './support/no-plaintext';

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Thursday harbour ${tag}`;
const MEMBER = `Rosalind Quarry${tag}`;
const MARK = `left the room crying ${tag}`;
const NOTE = `alliance repaired after rupture ${tag}`;
const TRAINEE = `Noa Ben-Ami MSW ${tag}`;
const SUPERVISOR = `Dr. Imre Halasz ${tag}`;
const COMMENT = `explore the rupture earlier ${tag}`;
const ARTIFACTS = join(REPO_ROOT, 'test/e2e/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

describe('supervision over the channel', () => {
  let two: TwoLeaders<AedesTestBroker>;
  let trainee: Leader;
  let supervisor: Leader;

  beforeAll(async () => {
    two = await twoLeaders(startAedes);
    ({ a: trainee, b: supervisor } = two);
    const p = trainee.panel;
    await addGroup(p, GROUP, [MEMBER]);
    await startSession(p, GROUP);
    await p.click(`.chips button.member:has-text("${MEMBER}")`);
    await p.click('button.big:has-text("Mark")');
    const marked = p.locator(`ul.markers > li:has-text("${MEMBER}")`);
    await marked.locator('button.link').click();
    await marked.locator('input[id$="-text"]').fill(MARK);
    await marked.locator('button:has-text("Save")').click();
    await p.click('[role="tab"]:has-text("Note")');
    await p.fill('textarea[data-field="themes"]', NOTE);
    await p.click('button:has-text("End…")');
    await p.click('button:has-text("End session")');
    await p.waitForSelector('#start-owner');
  }, 120_000);
  afterAll(async () => {
    await two?.close();
  });

  test('the trainee invites a supervisor; with the code said, both show each other verified', async () => {
    await openView(trainee.panel, 'Co-leaders');
    const section = trainee.panel.locator('[data-supervision]');
    await section.locator('button:has-text("Invite a supervisor")').click();
    await section.locator('#supervision-invite-text').waitFor();
    const text = await section.locator('#supervision-invite-text').inputValue();
    const code = (await section.locator('#supervision-invite-code').textContent())!;
    expect(code).toMatch(/^\d{3} \d{3}$/);

    await openView(supervisor.panel, 'Co-leaders');
    const join = supervisor.panel.locator('[data-supervision] details.join-supervisor');
    await join.locator('summary').click();
    await join.locator('#supervision-join-text').fill(text);
    await join.locator('#supervision-join-code').fill(code);
    await join.locator('button:has-text("Join as supervisor")').click();
    await join.locator('text=Joined. The code matched').waitFor({ timeout: 60_000 });
    for (const [p, role] of [
      [trainee.panel, 'trainee'],
      [supervisor.panel, 'supervisor'],
    ] as const)
      await p.locator(`[data-supervision-channel="${role}"] [data-supervision-verified]`).waitFor({ timeout: 30_000 });
    // Paired for supervision only: the supervisor's panel has no group and no session of the trainee's.
    expect(await supervisor.panel.locator(`section[aria-label="Co-leaders of ${GROUP}"]`).count()).toBe(0);
    expect((await supervisor.panel.locator('body').textContent()) ?? '').not.toContain(GROUP);
  });

  test('the trainee signs the group note and shares the session after a confirmation naming what goes', async () => {
    const p = trainee.panel;
    await openView(p, 'History');
    await p.click('ul.sessions li:first-child button');
    await p.locator('summary:has-text("Sign and lock the note")').click();
    await p.fill('[data-sign-note] input', TRAINEE);
    await p.click('[data-sign-note] button:has-text("Sign and lock")');
    await p.locator('[data-signed-note]').waitFor();

    const share = p.locator('[data-supervision-share]');
    await share.locator('button:has-text("Share with supervisor")').click();
    const confirm = share.locator('[data-share-confirm]');
    await confirm.waitFor();
    const said = (await confirm.textContent()) ?? '';
    expect(said).toContain(`Share this session of ${GROUP} with your supervisor`);
    expect(said).toContain('the group note; marked moments (1)');
    expect(said).toContain('with the names of the members they mention');
    await confirm.locator('button:has-text("Yes, share it")').click();
    await share.locator('[data-shared-at]').waitFor();
  });

  test('the supervisor, with no call page, reads the session, comments and co-signs', async () => {
    const p = supervisor.panel;
    // No call page in this profile, ever: only extension pages (and the browser's first blank tab).
    const urls = p
      .context()
      .pages()
      .map((x) => x.url());
    expect(urls.filter((u) => !u.startsWith('chrome-extension://') && u !== 'about:blank')).toEqual([]);
    const session = p.locator('[data-shared-session]');
    await session.waitFor({ timeout: 30_000 });
    expect(await session.getAttribute('aria-label')).toContain(GROUP);
    const note = session.locator('[data-shared-note]');
    expect(await note.locator('.record-fields').textContent()).toContain(NOTE);
    expect(await note.locator('[data-seal="original"]').textContent()).toContain(`Signed by ${TRAINEE}`);
    expect(await note.locator('[data-seal="original"]').textContent()).toContain('signature holds');
    await session.locator('summary:has-text("Moments marked (1)")').click();
    expect(await session.textContent()).toContain(`(${MEMBER}): ${MARK}`);

    await p.fill('#supervision-name', SUPERVISOR);
    await note.locator('textarea').fill(COMMENT);
    await note.locator('button:has-text("Send comment")').click();
    await note.locator(`[data-comment]:has-text("${COMMENT}")`).waitFor();
    await note.locator('button:has-text("Co-sign as supervisor")').click();
    await note.locator('[data-cosign="valid"]').waitFor();
    expect(await note.locator('button:has-text("Co-sign as supervisor")').count()).toBe(0);
    for (const width of [360, 420]) {
      await p.setViewportSize({ width, height: 1100 });
      await p
        .locator('[data-supervision]')
        .screenshot({ path: join(ARTIFACTS, `supervision-supervisor-${width}.png`) });
    }
  });

  test('the trainee sees the comment and the co-signature in the open session, without reopening it', async () => {
    const p = trainee.panel;
    const comment = p.locator('[data-supervisor-comment]');
    await comment.waitFor({ timeout: 30_000 });
    expect(await comment.textContent()).toContain(`${SUPERVISOR} on Group process note`);
    expect(await comment.textContent()).toContain(COMMENT);
    await p.locator('[data-signed-note] [data-cosign="valid"]').waitFor({ timeout: 30_000 });
    const lines = await p.locator('[data-signed-note] .seal-line').allTextContents();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`Co-signed by ${SUPERVISOR}`);
    expect(lines[1]).toMatch(/signature holds$/);
    for (const width of [360, 420]) {
      await p.setViewportSize({ width, height: 1100 });
      await p.locator('section[aria-labelledby="detail-title"]').screenshot({
        path: join(ARTIFACTS, `supervision-trainee-${width}.png`),
      });
    }
  });

  test('no name, note word or comment is readable on the broker or in either profile', async () => {
    expect(two.capture.messages.length).toBeGreaterThan(5);
    await expectNoPlaintext({
      chromium: [trainee.s, supervisor.s],
      brokerCapture: two.capture,
      secrets: [GROUP, MEMBER, MARK, NOTE, TRAINEE, SUPERVISOR, COMMENT],
    });
  });
});
