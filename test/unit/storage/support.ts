// Shared by the storage tests: a fresh database, a real cipher, the real backup operations, and a byte dump.
import { createVault, fieldCipher, newVaultKey, unlockVault, wipe } from '../../../crypto';
import type { FieldCipher, KdfCost } from '../../../crypto/types';
import type { Marker } from '../../../domain/types';
import type { BackupCrypto } from '../../../storage/backup';
import { SquircleDb } from '../../../storage/db';
import { VaultStore } from '../../../storage/vault-store';

/** The lowest cost a stored record may carry: fast, and still passes the real checks. */
export const TEST_COST: KdfCost = { v: 1, alg: 'argon2id', memKiB: 8192, iterations: 1, parallelism: 1 };

export const freshDb = (): SquircleDb => new SquircleDb(`t-${crypto.randomUUID()}`);

/** A cipher under a random key, for tests that need no vault record. */
export const randomCipher = (): FieldCipher => fieldCipher(newVaultKey());

/** A database with a real vault (wrapped key stored) and its unlocked cipher. */
export async function dbWithVault(passphrase: string): Promise<{ db: SquircleDb; cipher: FieldCipher }> {
  const db = freshDb();
  const { wrapped, vaultKey } = await createVault(passphrase, TEST_COST);
  await new VaultStore(db).putWrapped(wrapped);
  return { db, cipher: fieldCipher(vaultKey) };
}

/** What ext/ passes in production: crypto/'s unlock, and SHA-256 from WebCrypto. */
export const realBackupCrypto: BackupCrypto = {
  digest: async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)),
  openVault: async (passphrase, wrapped) => {
    const key = await unlockVault(passphrase, wrapped);
    return { cipher: fieldCipher(key), close: () => wipe(key) };
  },
};

/** A marker with dull defaults; tests override what they look at. */
export const plainMarker = (over: Partial<Marker> = {}): Marker => ({
  id: 'm-1',
  sessionId: 's-1',
  at: 0,
  wallAt: 0,
  category: 'presence',
  memberId: null,
  text: 't',
  auto: false,
  author: 'a',
  deleted: false,
  updatedAt: 1,
  ...over,
});

/** Every table, every row, bodies as hex: equal dumps mean byte-for-byte equal databases. */
export async function dump(db: SquircleDb): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const t of db.tables) {
    out[t.name] = await t.toArray();
  }
  return JSON.stringify(out, (_k, v: unknown) =>
    v instanceof Uint8Array ? `hex:${Buffer.from(v).toString('hex')}` : v,
  );
}

/** Distinctive strings that must never appear outside a sealed body. */
export const SECRET = {
  group: 'Quokkagroup Thursday circle',
  schedule: 'Wednesdays Xylophone 18:00',
  coLeader: 'Dr Zanzibar',
  member: 'Zoë Ångström',
  pronouns: 'xe/xem-pronoun',
  client: 'Robin Marmalade',
  platform: 'jitsiplatformsecret',
  marker: 'Talked about her sister’s funeral',
  author: 'author-device-secret',
  note: 'Ruptured trust around lateness; repaired by naming it',
  category: 'Ventriloquism moment',
  family: 'familysecret',
  scratch: 'Kumquat jottings pad',
  message: 'Parked thought about Zoë and the quiet',
  location: 'Flat 3, Pomegranate Lane',
  emergency: 'Sister Tamarind on 555-0199',
  safetyRemark: 'Prefers the kitchen table',
  screening: 'Mentioned the Gooseberry incident',
  rationale: 'Overridden because of Wisteria move',
  licence: 'Jakarta',
  measure: 'Quiet after Rhubarb news',
} as const;

/** One of every entity, each carrying a SECRET string; returns the ids. */
export async function populate(db: SquircleDb, cipher: FieldCipher) {
  const { GroupsRepo, MembersRepo, ClientsRepo } = await import('../../../storage/roster-repo');
  const { SessionsRepo } = await import('../../../storage/sessions-repo');
  const { MarkersRepo } = await import('../../../storage/markers-repo');
  const { NotesRepo } = await import('../../../storage/notes-repo');
  const { CategoriesRepo } = await import('../../../storage/categories-repo');
  const { ScratchRepo } = await import('../../../storage/scratch-repo');
  const group = await new GroupsRepo(db, cipher).create({
    name: SECRET.group,
    kind: 'slow-open',
    schedule: SECRET.schedule,
    coLeaders: [SECRET.coLeader],
  });
  const member = await new MembersRepo(db, cipher).create({
    groupId: group.id,
    name: SECRET.member,
    pronouns: SECRET.pronouns,
  });
  const client = await new ClientsRepo(db, cipher).create({ name: SECRET.client, pronouns: SECRET.pronouns });
  const sessions = new SessionsRepo(db, cipher);
  const session = await sessions.start({
    ownerKind: 'group',
    ownerId: group.id,
    platform: SECRET.platform,
    meetingHash: 'c2FsdGVkLWhhc2g',
    attendance: { [member.id]: 'late' },
  });
  await sessions.update(session.id, { pauses: [[1, 2]] });
  const category = await new CategoriesRepo(db, cipher).add({ label: SECRET.category, family: SECRET.family });
  const marker = await new MarkersRepo(db, cipher).add({
    sessionId: session.id,
    at: 90_000,
    wallAt: Date.now(),
    category: category.code,
    memberId: member.id,
    text: SECRET.marker,
    auto: false,
    author: SECRET.author,
  });
  const note = await new NotesRepo(db, cipher).put({
    sessionId: session.id,
    template: 'group-process',
    noteClass: 'process',
    fields: { themes: SECRET.note },
  });
  await new ScratchRepo(db, cipher).save(SECRET.scratch);
  const { MessagesRepo } = await import('../../../storage/messages-repo');
  const message = await new MessagesRepo(db, cipher).put({
    id: crypto.randomUUID(),
    sessionId: session.id,
    kind: 'parked',
    direction: 'out',
    text: SECRET.message,
    author: SECRET.author,
    createdAt: Date.now(),
    deliveredAt: null,
    updatedAt: Date.now(),
  });
  const { SafetyRepo } = await import('../../../storage/safety-repo');
  const { deriveRecommendation, emptyAnswers } = await import('../../../domain/screening');
  const safety = new SafetyRepo(db, cipher);
  await safety.saveSafety({
    id: member.id,
    groupId: group.id,
    location: SECRET.location,
    region: 'CA',
    locationConfirmedAt: 1,
    emergencyContact: SECRET.emergency,
    consentDate: 1,
    consentVersion: 'v1',
    agreementDate: 1,
    remarks: SECRET.safetyRemark,
    updatedAt: 0,
  });
  await safety.saveLeaderProfile({
    licensedIn: [SECRET.licence],
    psypact: true,
    platforms: { [SECRET.platform]: { approved: true, baa: true } },
  });
  const screening = await safety.saveScreening({
    id: crypto.randomUUID(),
    memberId: member.id,
    answers: emptyAnswers(),
    derived: deriveRecommendation(emptyAnswers()),
    confirmed: true,
    override: { recommendation: 'suitable-online', rationale: SECRET.rationale },
    notes: SECRET.screening,
    screenedAt: 1,
    updatedAt: 0,
  });
  await safety.saveChecklist({
    id: session.id,
    ownerId: group.id,
    members: [
      {
        memberId: member.id,
        locationConfirmed: true,
        lastKnownLocation: SECRET.location,
        consentOnFile: true,
        jurisdiction: { ok: false, warning: SECRET.licence },
      },
    ],
    session: { platformApproved: true, recordingOff: true, leadersInPrivateRoom: true },
    readAloud: true,
    updatedAt: 0,
  });
  const measure = await safety.saveMeasure({
    id: crypto.randomUUID(),
    groupId: group.id,
    sessionId: session.id,
    at: session.startedAt,
    memberId: null,
    gcq: Array.from({ length: 12 }, () => 3),
    alliance: { goal: 5, task: 5, bond: 6 },
    remark: SECRET.measure,
    updatedAt: 0,
  });
  return { group, member, client, session, category, marker, note, message, screening, measure };
}
