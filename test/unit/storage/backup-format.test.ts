// What parseBackup accepts before any key is involved: exactly a whole v1 file, every row with
// exactly its table's columns, every body canonical base64.
import { describe, expect, it } from 'vitest';
import {
  BACKUP_FORMAT,
  BackupError,
  BackupPassphraseError,
  LEGACY_COLUMNS,
  TABLE_COLUMNS,
  canonicalJson,
  parseBackup,
  type BackupProblem,
} from '../../../storage/backup-format';
import { WrongPassphraseError } from '../../../crypto/types';
import { SEALED_TABLES } from '../../../storage/db';

const marker = {
  id: 'm-1',
  v: 1,
  updatedAt: 5,
  sessionId: 's-1',
  at: 61_000,
  category: 'frame',
  deleted: 0,
  body: 'AQID',
};

function file(): Record<string, unknown> {
  const tables: Record<string, unknown[]> = Object.fromEntries(SEALED_TABLES.map((t) => [t, []]));
  tables.markers = [{ ...marker }];
  tables.scratch = [{ id: 'scratch', v: 1, updatedAt: 2, body: 'AAAA' }];
  return {
    format: BACKUP_FORMAT,
    v: 1,
    createdAt: 1_700_000_000_000,
    wrapped: { v: 1, kdf: { v: 1 }, nonce: 'bm9uY2U=', box: 'Ym94' },
    tables,
    mac: 'bWFj',
  };
}

const text = (edit: (f: Record<string, unknown>) => void = () => undefined) => {
  const f = file();
  edit(f);
  return JSON.stringify(f);
};
const tables = (f: Record<string, unknown>) => f.tables as Record<string, Record<string, unknown>[]>;

function refusal(t: string): { problem: BackupProblem; message: string } {
  try {
    parseBackup(t);
  } catch (e) {
    if (e instanceof BackupError) return { problem: e.problem, message: e.message };
    throw e;
  }
  return expect.fail('parseBackup accepted it');
}

describe('parseBackup', () => {
  it('reads a whole file, decoding every body and keeping the clear columns', () => {
    const { file: f, rows } = parseBackup(text());
    expect(f.createdAt).toBe(1_700_000_000_000);
    expect(f.mac).toBe('bWFj');
    expect(Object.keys(rows)).toEqual([...SEALED_TABLES]);
    expect(rows.markers).toEqual([{ ...marker, body: Uint8Array.of(1, 2, 3) }]);
    expect(rows.scratch[0]!.body).toEqual(new Uint8Array(3));
    expect(rows.notes).toEqual([]);
  });

  it('refuses what is not a whole v1 backup as incomplete', () => {
    const incomplete = [
      'not json',
      '',
      '[]',
      'null',
      '"squircle-backup"',
      text((f) => (f.format = 'other-backup')),
      text((f) => (f.v = '1')),
      text((f) => (f.v = 0)),
      text((f) => (f.v = 1.5)),
      text((f) => delete f.createdAt),
      text((f) => (f.createdAt = '2024')),
      text((f) => (f.mac = 7)),
      text((f) => (f.mac = 'not base64!')),
      text((f) => (f.wrapped = 'key')),
      text((f) => (f.wrapped = null)),
      text((f) => ((f.wrapped as Record<string, unknown>).kdf = 'x')),
      text((f) => ((f.wrapped as Record<string, unknown>).nonce = 1)),
      text((f) => ((f.wrapped as Record<string, unknown>).box = 1)),
      text((f) => (f.tables = [])),
      text((f) => delete tables(f).notes),
      text((f) => (tables(f).extra = [])),
      text((f) => ((f.tables as Record<string, unknown>).notes = {})),
    ];
    for (const t of incomplete) expect(refusal(t).problem, t.slice(0, 80)).toBe('incomplete');
  });

  it('says which part is missing or unexpected', () => {
    expect(refusal(text((f) => (f.extra = 1))).message).toContain('(unexpected fields)');
    expect(refusal(text((f) => delete f.mac)).message).toContain('(unexpected fields)');
    expect(refusal(text((f) => (f.wrapped = [])))).toMatchObject({
      message: expect.stringContaining('(no vault key)'),
    });
    expect(refusal(text((f) => delete tables(f).notes)).message).toContain('(tables missing)');
    expect(refusal(text((f) => ((f.tables as Record<string, unknown>).notes = {}))).message).toContain('(notes)');
    expect(refusal('not json').message).not.toContain('(');
  });

  it('asks for an update for a newer whole-number version only', () => {
    expect(refusal(text((f) => (f.v = 2))).problem).toBe('newer-version');
    expect(refusal(text((f) => (f.v = 99))).problem).toBe('newer-version');
    expect(refusal(text((f) => (f.v = 2.5))).problem).toBe('incomplete');
  });

  it('refuses a row with a missing, extra or ill-fitting column, or a body that is not canonical base64', () => {
    const rowEdits: ((r: Record<string, unknown>) => void)[] = [
      (r) => delete r.at,
      (r) => (r.text = 'Talked about her sister'),
      (r) => (r.category = 'talked about her sister'),
      (r) => (r.sessionId = 'Anna Smith'),
      (r) => (r.deleted = 2),
      (r) => (r.at = '61000'),
      (r) => (r.id = ''),
      (r) => (r.updatedAt = null),
      (r) => (r.v = 1.5),
      (r) => (r.v = '1'),
      (r) => (r.body = 'AQI'),
      (r) => (r.body = 'AQID\n'),
      (r) => (r.body = 3),
    ];
    for (const edit of rowEdits) {
      const r = refusal(text((f) => edit(tables(f).markers![0]!)));
      expect(r).toEqual({
        problem: 'incomplete',
        message: 'This file is not a complete Squircle backup. Nothing was imported. (a markers record is malformed)',
      });
    }
    expect(refusal(text((f) => tables(f).markers!.push('row' as never))).message).toContain('markers record');
    expect(refusal(text((f) => tables(f).markers!.push(null as never))).message).toContain('markers record');
    expect(refusal(text((f) => tables(f).markers!.push([] as never))).message).toContain('markers record');
  });

  it('knows the clear columns of every sealed table', () => {
    expect(Object.keys(TABLE_COLUMNS).sort()).toEqual([...SEALED_TABLES].sort());
    expect(TABLE_COLUMNS.scratch).toEqual({});
    expect(TABLE_COLUMNS.markers).toEqual({ sessionId: 'id', deleted: 'flag' });
    expect(LEGACY_COLUMNS.markers).toEqual({ sessionId: 'id', at: 'time', category: 'code', deleted: 'flag' });
  });

  it('takes a first-version row with its old columns and a current row with today’s, never a mix', () => {
    const today = { id: 'm-2', v: 2, updatedAt: 5, sessionId: 's-1', deleted: 0, body: 'AQID' };
    const { rows } = parseBackup(text((f) => tables(f).markers!.push({ ...today })));
    expect(rows.markers.map((r) => r.id)).toEqual(['m-1', 'm-2']);
    const malformed =
      'This file is not a complete Squircle backup. Nothing was imported. (a markers record is malformed)';
    expect(refusal(text((f) => tables(f).markers!.push({ ...today, category: 'frame', at: 1 }))).message).toBe(
      malformed,
    );
    expect(refusal(text((f) => tables(f).markers!.push({ ...today, v: 1 }))).message).toBe(malformed);
    // A member row of today carries tags; an id where a tag belongs is refused.
    const member = { id: 'a'.repeat(22), v: 2, updatedAt: 5, groupId: 'b'.repeat(22), archived: 0, body: 'AQID' };
    expect(parseBackup(text((f) => tables(f).members!.push(member))).rows.members).toHaveLength(1);
    expect(refusal(text((f) => tables(f).members!.push({ ...member, groupId: 'group-1' }))).problem).toBe('incomplete');
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null }, 2] })).toBe('{"a":[{"c":null,"d":"x"},2],"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson('x"y')).toBe('"x\\"y"');
    expect(canonicalJson(null)).toBe('null');
  });
});

describe('backup errors', () => {
  it('keep the problem for code, and a detail only when there is one', () => {
    const plain = new BackupError('damaged');
    const detailed = new BackupError('damaged', 'the vault key record');
    expect(plain.name).toBe('BackupError');
    expect(plain.problem).toBe('damaged');
    expect(detailed.message).toBe(`${plain.message} (the vault key record)`);
    expect(plain.message).not.toContain('(');
    const problems: BackupProblem[] = [
      'incomplete',
      'newer-version',
      'damaged',
      'no-vault',
      'locked',
      'profile-conflict',
    ];
    const messages = problems.map((p) => new BackupError(p).message);
    expect(new Set(messages).size).toBe(problems.length);
    for (const m of messages) expect(m).toMatch(/^[A-Z].{20,}[.]$/);
  });

  it('a wrong backup passphrase is a WrongPassphraseError that says which passphrase', () => {
    const e = new BackupPassphraseError();
    expect(e).toBeInstanceOf(WrongPassphraseError);
    expect(e.name).toBe('WrongPassphraseError');
    expect(e.message).toContain('when the backup was made');
  });
});
