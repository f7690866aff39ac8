// Supervision between two real stores: the trainee's share travels through the wire format to the
// supervisor's Applier on a supervision channel; the supervisor's comment and co-signature travel back.
// Each is taken only with the sender's verified key and, on the trainee, only for a session it shared there.
import { describe, expect, it } from 'vitest';
import { Applier } from '../../../channel/apply';
import { encodeEvents, parseEvents, type ChannelEvent } from '../../../channel/events';
import { SupervisionApplier, supervisionGroupId, type SupervisionRole } from '../../../channel/supervision';
import { fieldCipher, newSigningKeyPair, newVaultKey, toBase64 } from '../../../crypto';
import { checkCosigns, cosignNote, signNote } from '../../../crypto/note-signature';
import type { PracticeDebrief } from '../../../domain/practice';
import type { PairDebrief } from '../../../domain/rehearsal';
import { practiceShareKey, sharedNoteAsNote, sharedPractice, sharedSession } from '../../../domain/supervision';
import { noteTemplates } from '../../../domain/templates';
import type { Session } from '../../../domain/types';
import { SquircleDb } from '../../../storage/db';
import { NotesRepo } from '../../../storage/notes-repo';
import { PracticeRepo } from '../../../storage/practice-repo';
import { SessionsRepo } from '../../../storage/sessions-repo';
import { SupervisionRepo } from '../../../storage/supervision-repo';

const CHANNEL = 'c0ffee';
const S = 'session-1';
const SESSION: Session = {
  id: S,
  ownerKind: 'group',
  ownerId: 'group-thursday',
  platform: 'none',
  meetingHash: '',
  startedAt: 1,
  endedAt: 2,
  pauses: [],
  attendance: {},
  updatedAt: 1,
};

async function side(role: SupervisionRole) {
  const db = new SquircleDb(`supervision-${crypto.randomUUID()}`);
  const cipher = fieldCipher(newVaultKey());
  const key = newSigningKeyPair();
  const refusals: string[] = [];
  const refused = async (r: string) => void refusals.push(r);
  const applier = new Applier(
    db,
    cipher,
    supervisionGroupId(CHANNEL),
    async () => true,
    refused,
    noteTemplates(),
    () => undefined,
    new SupervisionApplier(db, cipher, CHANNEL, role, async () => toBase64(key.publicKey), refused),
  );
  return {
    db,
    cipher,
    key,
    refusals,
    applier,
    repo: new SupervisionRepo(db, cipher),
    notes: new NotesRepo(db, cipher),
  };
}

const wire = (events: ChannelEvent[]) => parseEvents(encodeEvents(events))!;
const keyOf = (s: { key: { publicKey: Uint8Array } }) => toBase64(s.key.publicKey);

async function traineeWithSignedNote() {
  const trainee = await side('trainee');
  await new SessionsRepo(trainee.db, trainee.cipher).upsert(SESSION);
  const draft = await trainee.notes.put({
    sessionId: S,
    template: 'group-process',
    noteClass: 'process',
    fields: { themes: 'Repair after the rupture.' },
  });
  const signed = await trainee.notes.seal(draft.id, (n) => ({ signed: signNote(n, trainee.key, 'N. Ben-Ami', 5) }));
  const share = sharedSession(
    {
      session: SESSION,
      owner: { id: 'group-thursday', name: 'Thursday', pronouns: '', archived: false, createdAt: 0, updatedAt: 0 },
      members: [],
      markers: [],
      notes: [signed],
      templates: noteTemplates(),
    },
    [{ author: 'co-leader', text: 'Talk about the silence.' }],
    10,
  );
  return { trainee, signed, share };
}

describe('supervision over a supervision channel', () => {
  it('keeps a share signed with the trainee’s verified key; refuses one relayed by another', async () => {
    const { trainee, share } = await traineeWithSignedNote();
    const supervisor = await side('supervisor');
    const other = await side('supervisor');
    expect(await supervisor.applier.apply(wire([{ t: 'sv-share', share }]), keyOf(other))).toBe(0);
    expect(await supervisor.applier.apply(wire([{ t: 'sv-share', share }]))).toBe(0);
    expect(supervisor.refusals).toEqual(['share-signer-not-sender', 'supervision-unverified']);
    expect(await supervisor.repo.list()).toEqual([]);

    expect(await supervisor.applier.apply(wire([{ t: 'sv-share', share }]), keyOf(trainee))).toBe(1);
    const kept = await supervisor.repo.get(CHANNEL, S);
    expect(kept?.share?.notes[0]?.fields).toEqual({ themes: 'Repair after the rupture.' });
    expect(kept?.share?.debrief).toEqual([{ author: 'co-leader', text: 'Talk about the silence.' }]);
    // A share reaching the trainee's own side is not its to keep.
    expect(await trainee.applier.apply(wire([{ t: 'sv-share', share }]), keyOf(supervisor))).toBe(0);
  });

  it('takes a comment and a co-signature only for a session shared here, with the supervisor’s key', async () => {
    const { trainee, signed, share } = await traineeWithSignedNote();
    const supervisor = await side('supervisor');
    const note = share.notes[0]!;
    const cosign = cosignNote(sharedNoteAsNote(note), supervisor.key, 'Dr. I. Halasz', 20);
    const comment = {
      id: 'c1',
      sessionId: S,
      noteId: signed.id,
      text: 'Name it sooner.',
      name: 'Dr. I. Halasz',
      at: 21,
    };
    const answers = wire([
      { t: 'sv-comment', comment },
      { t: 'sv-cosign', sessionId: S, noteId: signed.id, cosign },
    ]);
    // Not shared on this channel yet: both refused.
    expect(await trainee.applier.apply(answers, keyOf(supervisor))).toBe(0);
    expect(trainee.refusals).toEqual(['comment-not-shared', 'cosign-not-shared']);

    await trainee.repo.update(CHANNEL, S, (r) => ({ ...r, sharedAt: share.sharedAt }));
    // A valid co-signature, but by a key that is not the sender's.
    const stranger = newSigningKeyPair();
    const lie = cosignNote(sharedNoteAsNote(note), stranger, 'Dr. I. Halasz', 22);
    expect(
      await trainee.applier.apply(
        wire([{ t: 'sv-cosign', sessionId: S, noteId: signed.id, cosign: lie }]),
        keyOf(supervisor),
      ),
    ).toBe(0);
    expect(trainee.refusals.at(-1)).toBe('note-signer-not-sender');

    expect(await trainee.applier.apply(answers, keyOf(supervisor))).toBe(2);
    const stored = (await trainee.notes.byId(signed.id))!;
    expect(checkCosigns(stored).map((c) => [c.cosign.name, c.valid, c.latest])).toEqual([
      ['Dr. I. Halasz', true, true],
    ]);
    expect((await trainee.repo.get(CHANNEL, S))?.comments).toEqual([comment]);
    // Redelivery changes nothing.
    expect(await trainee.applier.apply(answers, keyOf(supervisor))).toBe(0);
  });

  it('a supervision channel takes no roster, session or note of any group', async () => {
    const supervisor = await side('supervisor');
    const events = wire([
      {
        t: 'roster',
        group: { id: 'group-thursday', name: 'Thursday', kind: 'closed', schedule: '' },
        members: [{ id: 'm1', name: 'Rosalind', pronouns: '', archived: false }],
        hlc: '1',
      },
      { t: 'session', id: S, groupId: 'group-thursday', startedAt: 1, endedAt: null, pauses: [], hlc: '1' },
    ]);
    expect(await supervisor.applier.apply(events, 'x')).toBe(0);
    expect(await supervisor.db.groups.count()).toBe(0);
    expect(await supervisor.db.members.count()).toBe(0);
    expect(await supervisor.db.sessions.count()).toBe(0);
  });

  it('the wire refuses a malformed share, comment or co-signature', () => {
    const bad = (e: unknown) => parseEvents(new TextEncoder().encode(JSON.stringify({ v: 1, events: [e] })));
    expect(bad({ t: 'sv-share', share: { sessionId: S } })).toBeUndefined();
    const empty = { id: 'c', sessionId: S, noteId: 'n', text: '', name: 'x', at: 1 };
    expect(bad({ t: 'sv-comment', comment: empty })).toBeUndefined();
    expect(bad({ t: 'sv-comment', comment: { ...empty, text: 'Fine.' } })).toHaveLength(1);
    expect(bad({ t: 'sv-cosign', sessionId: S, noteId: 'n', cosign: { at: 1 } })).toBeUndefined();
  });

  it('the wire refuses a malformed practice share', () => {
    const bad = (e: unknown) => parseEvents(new TextEncoder().encode(JSON.stringify({ v: 1, events: [e] })));
    const ok = sharedPractice(SOLO, 30);
    expect(bad({ t: 'sv-practice', practice: ok })).toHaveLength(1);
    expect(bad({ t: 'sv-practice', practice: { ...ok, id: '' } })).toBeUndefined();
    // Its key must stay a valid comment sessionId.
    expect(bad({ t: 'sv-practice', practice: { ...ok, id: 'x'.repeat(56) } })).toBeUndefined();
    expect(bad({ t: 'sv-practice', practice: { ...ok, speed: 3 } })).toBeUndefined();
    expect(
      bad({ t: 'sv-practice', practice: { ...ok, moments: [{ ...ok.moments[0], noticed: 'yes' }] } }),
    ).toBeUndefined();
    expect(
      bad({ t: 'sv-practice', practice: { ...ok, moments: [{ ...ok.moments[0], afterSeconds: -1 }] } }),
    ).toBeUndefined();
    expect(
      bad({ t: 'sv-practice', practice: { ...ok, moments: Array.from({ length: 61 }, () => ok.moments[0]) } }),
    ).toBeUndefined();
  });

  it('a practice debrief goes to the supervisor apart from sessions; its comment comes back', async () => {
    const trainee = await side('trainee');
    const supervisor = await side('supervisor');
    await new PracticeRepo(trainee.db, trainee.cipher).save(SOLO);
    const practice = sharedPractice((await new PracticeRepo(trainee.db, trainee.cipher).list())[0]!, 30);
    expect(practice.moments).toEqual([
      { id: 'late', what: 'A member joins late', noticed: true, afterSeconds: 4.2, namedAloud: true },
      { id: 'walk', what: 'Someone walks behind a member', noticed: false, afterSeconds: null, namedAloud: false },
    ]);

    expect(await supervisor.applier.apply(wire([{ t: 'sv-practice', practice }]))).toBe(0);
    expect(supervisor.refusals).toEqual(['supervision-unverified']);
    // The trainee's own side keeps no share.
    expect(await trainee.applier.apply(wire([{ t: 'sv-practice', practice }]), keyOf(supervisor))).toBe(0);
    expect(await trainee.repo.list()).toEqual([]);

    expect(await supervisor.applier.apply(wire([{ t: 'sv-practice', practice }]), keyOf(trainee))).toBe(1);
    const kept = await supervisor.repo.get(CHANNEL, practiceShareKey(SOLO.id));
    expect(kept?.practice).toEqual(practice);
    expect(kept?.share).toBeUndefined();
    // Redelivery, or an older copy, changes nothing.
    expect(await supervisor.applier.apply(wire([{ t: 'sv-practice', practice }]), keyOf(trainee))).toBe(0);
    // A session share cannot take a practice debrief's key.
    const { share } = await traineeWithSignedNote();
    const forged = { ...share, sessionId: practiceShareKey(SOLO.id), notes: [] };
    expect(await supervisor.applier.apply(wire([{ t: 'sv-share', share: forged }]), keyOf(trainee))).toBe(0);
    expect(supervisor.refusals.at(-1)).toBe('bad-share');
    expect((await supervisor.repo.get(CHANNEL, practiceShareKey(SOLO.id)))?.share).toBeUndefined();

    const comment = {
      id: 'pc1',
      sessionId: practiceShareKey(SOLO.id),
      noteId: SOLO.id,
      text: 'Say what you see behind her sooner.',
      name: 'Dr. I. Halasz',
      at: 40,
    };
    // Not shared from this trainee's side yet: refused.
    expect(await trainee.applier.apply(wire([{ t: 'sv-comment', comment }]), keyOf(supervisor))).toBe(0);
    expect(trainee.refusals).toEqual(['comment-not-shared']);
    await trainee.repo.update(CHANNEL, practiceShareKey(SOLO.id), (r) => ({ ...r, sharedAt: practice.sharedAt }));
    expect(await trainee.applier.apply(wire([{ t: 'sv-comment', comment }]), keyOf(supervisor))).toBe(1);
    expect((await trainee.repo.get(CHANNEL, practiceShareKey(SOLO.id)))?.comments).toEqual([comment]);
  });

  it('a pair debrief is shared from the trainee’s side, with whether the co-leader noticed', () => {
    const pair: PairDebrief = {
      kind: 'pair',
      id: 'rehearsal-1',
      scenarioId: 'late-arrival',
      version: 1,
      title: 'A late arrival',
      speed: 1,
      startedAt: 5,
      me: 'b',
      moments: [
        {
          id: 'late',
          what: 'A member joins late',
          why: 'The frame holds.',
          noticedBy: 'a',
          after: { a: 3, b: null },
          aloud: { a: false, b: true },
          counts: ['presence'],
        },
      ],
      noticed: { a: 1, b: 0, either: 1 },
      namedAloud: 1,
      partial: false,
    };
    expect(sharedPractice(pair, 9)).toEqual({
      id: 'rehearsal-1',
      title: 'A late arrival',
      pair: true,
      speed: 1,
      startedAt: 5,
      moments: [
        {
          id: 'late',
          what: 'A member joins late',
          noticed: false,
          afterSeconds: null,
          namedAloud: true,
          coLeaderNoticed: true,
        },
      ],
      sharedAt: 9,
    });
  });
});

const SOLO: PracticeDebrief = {
  id: 'run-1',
  scenarioId: 'late-arrival',
  title: 'A late arrival',
  speed: 2,
  startedAt: 3,
  moments: [
    {
      id: 'late',
      what: 'A member joins late',
      why: 'The frame holds only if lateness is named.',
      noticed: true,
      afterSeconds: 4.2,
      namedAloud: true,
      markedWithoutKind: false,
      counts: ['Presence'],
    },
    {
      id: 'walk',
      what: 'Someone walks behind a member',
      why: 'The background is part of the room.',
      noticed: false,
      afterSeconds: null,
      namedAloud: false,
      markedWithoutKind: false,
      counts: ['Background'],
    },
  ],
  noticed: 1,
  namedAloud: 1,
  meanSeconds: 4.2,
};
