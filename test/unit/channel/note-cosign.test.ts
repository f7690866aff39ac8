// A signed group note between two leaders' real stores: the signer's record travels through the wire format
// to the co-leader's Applier, the co-leader co-signs it there, and the co-signature travels back. Each side
// ends with the same record and both signatures verifying; forged or altered records are refused.
import { describe, expect, it } from 'vitest';
import { Applier } from '../../../channel/apply';
import { encodeEvents, parseEvents, type ChannelEvent } from '../../../channel/events';
import { noteRecordEvent } from '../../../channel/local-events';
import { fieldCipher, newSigningKeyPair, newVaultKey, toBase64 } from '../../../crypto';
import { amendNote, checkCosigns, checkSeals, cosignNote, signNote } from '../../../crypto/note-signature';
import type { Note } from '../../../domain/types';
import { SquircleDb } from '../../../storage/db';
import { NotesRepo } from '../../../storage/notes-repo';
import { SessionsRepo } from '../../../storage/sessions-repo';

const G = 'group-wednesday';
const S = 'session-1';
const KEY = { sessionId: S, template: 'group-process', noteClass: 'process' } as const;

async function leader(name: string) {
  const db = new SquircleDb(`cosign-${crypto.randomUUID()}`);
  const cipher = fieldCipher(newVaultKey());
  await new SessionsRepo(db, cipher).upsert({
    id: S,
    ownerKind: 'group',
    ownerId: G,
    platform: 'none',
    meetingHash: '',
    startedAt: 1,
    endedAt: 2,
    pauses: [],
    attendance: {},
    updatedAt: 1,
  });
  const notes = new NotesRepo(db, cipher);
  const refusals: string[] = [];
  const applier = new Applier(
    db,
    cipher,
    G,
    async () => true,
    async (reason) => void refusals.push(reason),
  );
  return { db, cipher, notes, applier, refusals, key: newSigningKeyPair(), name };
}
type Leader = Awaited<ReturnType<typeof leader>>;

/** What the panel sends after a signature: the note's record, through the wire. */
const wire = (n: Note): ChannelEvent[] => parseEvents(encodeEvents([noteRecordEvent(n)!]))!;
const note = (l: Leader) => l.notes.get(S, 'group-process');
/** The signing key the leaders verified for `l`'s device, as the engine hands it to the Applier. */
const keyOf = (l: Leader) => toBase64(l.key.publicKey);

async function signedOnA() {
  const [a, b] = [await leader('A'), await leader('B')];
  const draft = await a.notes.put({ ...KEY, fields: { themes: 'Trust after the absence.' } });
  // B has its own draft of the same note (synced fields, its own id) until the record arrives.
  await b.notes.put({ ...KEY, fields: { themes: 'Trust after the absence.' } });
  const signed = await a.notes.seal(draft.id, (n) => ({ signed: signNote(n, a.key, 'R. Levi, LCSW', 10) }));
  return { a, b, signed };
}

describe('co-signing a group note over the channel', () => {
  it('the record reaches the co-leader, who co-signs; both hold both signatures, verified', async () => {
    const { a, b, signed } = await signedOnA();
    expect(await b.applier.apply(wire(signed), keyOf(a))).toBe(1);
    const atB = (await note(b))!;
    expect(atB.id).toBe(signed.id);
    expect(atB.signed).toEqual(signed.signed);
    expect(checkSeals(atB).map((c) => c.valid)).toEqual([true]);
    // The draft B had is gone: one note per session and template.
    expect(await b.notes.listBySession(S)).toHaveLength(1);

    const cosigned = await b.notes.cosign(atB.id, (n) => cosignNote(n, b.key, 'M. Osei, PhD', 20));
    expect(await a.applier.apply(wire(cosigned), keyOf(b))).toBe(1);
    for (const l of [a, b]) {
      const n = (await note(l))!;
      expect(checkSeals(n).map((c) => c.valid)).toEqual([true]);
      expect(checkCosigns(n)).toEqual([
        {
          cosign: expect.objectContaining({ by: toBase64(b.key.publicKey), name: 'M. Osei, PhD' }),
          valid: true,
          latest: true,
        },
      ]);
    }
    // Redelivery changes nothing.
    expect(await a.applier.apply(wire(cosigned), keyOf(b))).toBe(0);
    expect(await b.applier.apply(wire(cosigned), keyOf(a))).toBe(0);
  });

  it('an amendment made after the co-signature reaches the other side and continues the same chain', async () => {
    const { a, b, signed } = await signedOnA();
    await b.applier.apply(wire(signed), keyOf(a));
    const cosigned = await b.notes.cosign(signed.id, (n) => cosignNote(n, b.key, 'M. Osei', 20));
    await a.applier.apply(wire(cosigned), keyOf(b));
    const amended = await a.notes.seal(signed.id, (n) => ({
      amendment: amendNote(n, { themes: 'Trust, and repair.' }, 'Added the repair', a.key, 'R. Levi', 30),
    }));
    expect(await b.applier.apply(wire(amended), keyOf(a))).toBe(1);
    const atB = (await note(b))!;
    expect(atB.amendments).toEqual(amended.amendments);
    expect(checkCosigns(atB).map((c) => [c.valid, c.latest])).toEqual([[true, false]]);
  });

  it('refuses a record whose text was changed, a forged co-signature, and a note of another group', async () => {
    const { a, b, signed } = await signedOnA();
    const [event] = wire(signed) as [Extract<ChannelEvent, { t: 'note-record' }>];
    const changed = {
      ...event,
      note: { ...event.note, signed: { ...event.note.signed, fields: { themes: 'Else.' } } },
    };
    expect(await b.applier.apply([changed], keyOf(a))).toBe(0);
    expect((await note(b))!.signed).toBeUndefined();

    await b.applier.apply(wire(signed), keyOf(a));
    const forger = newSigningKeyPair();
    const forged = cosignNote(signed, forger, 'M. Osei', 20);
    const lie = { ...forged, by: toBase64(b.key.publicKey) };
    expect(await a.applier.apply(wire({ ...signed, cosigns: [lie] }), keyOf(b))).toBe(0);
    expect((await note(a))!.cosigns).toBeUndefined();

    const elsewhere = new Applier(b.db, b.cipher, 'another-group');
    expect(await elsewhere.apply(wire(signed), keyOf(a))).toBe(0);
  });

  it('two records signed apart leave each side its own; a client note never travels', async () => {
    const { a, b, signed } = await signedOnA();
    const own = (await note(b))!;
    const bSigned = await b.notes.seal(own.id, (n) => ({ signed: signNote(n, b.key, 'M. Osei', 15) }));
    expect(await b.applier.apply(wire(signed), keyOf(a))).toBe(0);
    expect((await note(b))!.signed).toEqual(bSigned.signed);
    const client = await a.notes.saveClientNote(
      { ...KEY, memberId: 'ana', template: 'soap', noteClass: 'progress' },
      {},
    );
    expect(noteRecordEvent({ ...client, signed: signed.signed! })).toBeUndefined();
    expect(noteRecordEvent({ ...signed, signed: undefined })).toBeUndefined();
  });

  it("takes a new signature only with the sender's verified key; refuses and counts any other", async () => {
    const { a, b, signed } = await signedOnA();
    // A's signed record from a device whose key the leaders did not verify, or from B (not its signer).
    expect(await b.applier.apply(wire(signed))).toBe(0);
    expect(await b.applier.apply(wire(signed), keyOf(b))).toBe(0);
    expect((await note(b))!.signed).toBeUndefined();
    expect(b.refusals).toEqual(['note-signer-not-sender', 'note-signer-not-sender']);
    await b.applier.apply(wire(signed), keyOf(a));

    // A third leader's real co-signature, relayed by B: valid, but not B's to give.
    const c = await leader('C');
    const byC = cosignNote(signed, c.key, 'K. Ahn', 20);
    expect(await a.applier.apply(wire({ ...signed, cosigns: [byC] }), keyOf(b))).toBe(0);
    expect((await note(a))!.cosigns).toBeUndefined();
    expect(a.refusals).toEqual(['note-signer-not-sender']);

    // B's own co-signature with A's signature in the record: A holds that one, so B's key covers what is new.
    const cosigned = await b.notes.cosign(signed.id, (n) => cosignNote(n, b.key, 'M. Osei', 21));
    expect(await a.applier.apply(wire(cosigned), keyOf(b))).toBe(1);
    expect(a.refusals).toHaveLength(1);
  });
});
