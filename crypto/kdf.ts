/**
 * Argon2id from passphrase to root key, and the rules for its stored
 * parameters: versioned, validated on read, never lowered.
 */
import { argon2id } from 'hash-wasm';
import nacl from 'tweetnacl';
import { fromBase64, toBase64, utf8Encode } from './encoding';
import { MalformedRecordError, type KdfCost, type KdfParams, type RootKey } from './types';
import { wipe } from './wipe';

/** RFC 9106's second recommended option (64 MiB, t=3, p=1): affordable on a clinic laptop. */
export const DEFAULT_KDF: KdfCost = Object.freeze({
  v: 1,
  alg: 'argon2id',
  memKiB: 65536,
  iterations: 3,
  parallelism: 1,
});

/** Below this a stolen profile could be brute-forced cheaply; a record asking for less is refused. */
export const MIN_STORED_MEM_KIB = 8192;
// Upper bounds are what a browser can run at all (wasm32 memory, a bearable
// wait); a record beyond them is corrupt, and refusing it beats hanging unlock.
const MAX_MEM_KIB = 2 * 1024 * 1024;
const MAX_ITERATIONS = 100;
const MAX_PARALLELISM = 16;
const SALT_BYTES = 16;
const MAX_SALT_BYTES = 64;

/** Fresh parameters with a new random salt. Never throws; never reuses a salt. */
export function newKdfParams(cost: KdfCost = DEFAULT_KDF): KdfParams {
  return Object.freeze({ ...pickCost(cost), salt: toBase64(nacl.randomBytes(SALT_BYTES)) });
}

/**
 * Parameters at least as strong as both `current` and `floor` in memory,
 * iterations and parallelism; keeps `current`'s salt (callers re-salt when
 * they re-wrap). Never lowers anything; never throws.
 */
export function strongerKdf(current: KdfParams, floor: KdfCost): KdfParams {
  return Object.freeze({
    v: 1,
    alg: 'argon2id',
    memKiB: Math.max(current.memKiB, floor.memKiB),
    iterations: Math.max(current.iterations, floor.iterations),
    parallelism: Math.max(current.parallelism, floor.parallelism),
    salt: current.salt,
  });
}

/**
 * Checks a stored parameter record before anything is derived from it and
 * returns a clean copy (unknown fields dropped).
 * Throws MalformedRecordError on a wrong version or algorithm, non-integer or
 * out-of-range costs, memory under MIN_STORED_MEM_KIB, zero iterations, or a
 * salt that is not canonical base64 of 16..64 bytes. Never derives a key.
 */
export function validateKdfParams(x: unknown): KdfParams {
  return checkParams(x, MIN_STORED_MEM_KIB, SALT_BYTES);
}

/**
 * Runs Argon2id over the NFKC-normalised passphrase, so the same words typed
 * on another keyboard or OS give the same key. Accepts low costs (tests,
 * benchmarks); the floor for stored records is validateKdfParams's job.
 * Throws MalformedRecordError on parameters Argon2id cannot run (salt under
 * 8 bytes, memory under 8 KiB per lane), TypeError on an empty passphrase
 * (hash-wasm cannot hash one, and no vault is created with one).
 * Never stores or logs the passphrase.
 */
export async function deriveRootKey(passphrase: string, params: KdfParams): Promise<RootKey> {
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw new TypeError('A passphrase is required.');
  // 8 KiB and 8 bytes of salt are Argon2's own minimums; the per-lane rule is checked too.
  const p = checkParams(params, 8, 8);
  const password = utf8Encode(passphrase.normalize('NFKC'));
  const salt = fromBase64(p.salt);
  try {
    const key = await argon2id({
      password,
      salt,
      iterations: p.iterations,
      parallelism: p.parallelism,
      memorySize: p.memKiB,
      hashLength: 32,
      outputType: 'binary',
    });
    return key as RootKey;
  } finally {
    wipe(password);
  }
}

function pickCost(c: KdfCost): KdfCost {
  return { v: 1, alg: 'argon2id', memKiB: c.memKiB, iterations: c.iterations, parallelism: c.parallelism };
}

function checkParams(x: unknown, minMemKiB: number, minSalt: number): KdfParams {
  const bad = (why: string): never => {
    throw new MalformedRecordError(`The stored key settings are unusable: ${why}.`);
  };
  if (typeof x !== 'object' || x === null) return bad('not a record');
  const r = x as Record<string, unknown>;
  if (r.v !== 1) bad(`unknown version ${String(r.v)}`);
  if (r.alg !== 'argon2id') bad(`unknown algorithm ${String(r.alg)}`);
  const memKiB = intIn(r.memKiB, minMemKiB, MAX_MEM_KIB) ?? bad(`memory must be ${minMemKiB}..${MAX_MEM_KIB} KiB`);
  const iterations = intIn(r.iterations, 1, MAX_ITERATIONS) ?? bad(`iterations must be 1..${MAX_ITERATIONS}`);
  const parallelism = intIn(r.parallelism, 1, MAX_PARALLELISM) ?? bad(`parallelism must be 1..${MAX_PARALLELISM}`);
  if (memKiB < 8 * parallelism) bad('memory must be at least 8 KiB per lane');
  if (typeof r.salt !== 'string') return bad('salt missing');
  let saltLength = 0;
  try {
    saltLength = fromBase64(r.salt).length;
  } catch {
    bad('salt is not base64');
  }
  if (saltLength < minSalt || saltLength > MAX_SALT_BYTES) bad(`salt must be ${minSalt}..${MAX_SALT_BYTES} bytes`);
  return Object.freeze({ v: 1, alg: 'argon2id', memKiB, iterations, parallelism, salt: r.salt });
}

function intIn(x: unknown, min: number, max: number): number | undefined {
  return typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max ? x : undefined;
}
