// Supervision between two real stores: the trainee's share travels through the wire format to the
// supervisor's Applier on a supervision channel; the supervisor's comment and co-signature travel back.
// Each is taken only with the sender's verified key and, on the trainee, only for a session it shared there.
import { describe, expect, it } from 'vitest';
import { Applier } from '../../../channel/apply';
import { encodeEvents, parseEvents, type ChannelEvent } from '../../../channel/events';
import { SupervisionApplier, supervisionGroupId, type SupervisionRole } from '../../../channel/supervision';
import { fieldCipher, newSigningKeyPair, newVaultKey, toBase64 } from '../../../crypto';
import { checkCosigns, cosignNote, signNote } from '../../../crypto/note-signature';
import { sharedNoteAsNote, sharedSession } from '../../../domain/supervision';
import { noteTemplates } from '../../../domain/templates';
import type { Session } from '../../../domain/types';
import { SquircleDb } from '../../../storage/db';
import { NotesRepo } from '../../../storage/notes-repo';
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
});
