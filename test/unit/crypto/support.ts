// Shared by the crypto tests: where the read-only vectors live, and hex.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KdfCost } from '../../../crypto';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Wycheproof vectors vendored under test/vectors/ (see its README for source and licence). */
export function readVectors<T>(name: string): T {
  return JSON.parse(readFileSync(path.resolve(repoRoot, 'test/vectors', name), 'utf8')) as T;
}

export const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
export const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The lowest cost a stored record may carry: keeps vault tests fast while exercising the real checks. */
export const TEST_COST: KdfCost = { v: 1, alg: 'argon2id', memKiB: 8192, iterations: 1, parallelism: 1 };
