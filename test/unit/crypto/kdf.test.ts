import { argon2id as nobleArgon2id } from '@noble/hashes/argon2.js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_KDF,
  MalformedRecordError,
  deriveRootKey,
  newKdfParams,
  strongerKdf,
  toBase64,
  utf8Encode,
  validateKdfParams,
  type KdfParams,
} from '../../../crypto';
import { hex, toHex } from './support';

const params = (memKiB: number, iterations: number, parallelism: number, salt: Uint8Array): KdfParams => ({
  v: 1,
  alg: 'argon2id',
  memKiB,
  iterations,
  parallelism,
  salt: toBase64(salt),
});

describe('Argon2id known answers', () => {
  // hash-wasm has a secret input but no associated data, so it cannot express
  // this vector; it pins the second implementation, which is then compared
  // with hash-wasm below.
  it('@noble/hashes gives the RFC 9106 §5.3 Argon2id tag', () => {
    const tag = nobleArgon2id(new Uint8Array(32).fill(1), new Uint8Array(16).fill(2), {
      t: 3,
      m: 32,
      p: 4,
      dkLen: 32,
      key: new Uint8Array(8).fill(3),
      personalization: new Uint8Array(12).fill(4),
    });
    expect(toHex(tag)).toBe('0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659');
  });

  // From the reference implementation's test suite (phc-winner-argon2 src/test.c, v=0x13).
  it.each([
    [2, 256, 1, '9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe'],
    [2, 256, 2, '6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037'],
  ])('deriveRootKey gives the reference tag for t=%i m=%i p=%i', async (t, m, p, expected) => {
    const key = await deriveRootKey('password', params(m, t, p, utf8Encode('somesalt')));
    expect(toHex(key)).toBe(expected);
  });

  it.each([
    ['correct horse battery staple', 256, 2, 1],
    ['a', 256, 2, 1],
    ['Grüße aus der Gruppe 🌀', 256, 2, 2],
    ['x'.repeat(300), 512, 1, 1],
    ['short', 1024, 3, 4],
  ])('deriveRootKey(%j) with m=%i t=%i p=%i equals @noble/hashes', async (pass, m, t, p) => {
    const salt = Uint8Array.from({ length: 16 }, (_, i) => (i * 29 + m + t) & 0xff);
    const ours = await deriveRootKey(pass, params(m, t, p, salt));
    const noble = nobleArgon2id(utf8Encode(pass.normalize('NFKC')), salt, { t, m, p, dkLen: 32 });
    expect(toHex(ours)).toBe(toHex(noble));
  });

  it('normalises the passphrase (NFKC) so the same words typed differently unlock', async () => {
    const p = params(64, 1, 1, new Uint8Array(16));
    const composed = await deriveRootKey('caf\u00e9 ﬁle', p);
    const decomposed = await deriveRootKey('cafe\u0301 file', p);
    expect(toHex(decomposed)).toBe(toHex(composed));
    expect(toHex(await deriveRootKey('cafe file', p))).not.toBe(toHex(composed));
  });

  it('refuses an empty passphrase and parameters Argon2id cannot run', async () => {
    await expect(deriveRootKey('', params(64, 1, 1, new Uint8Array(16)))).rejects.toThrow(TypeError);
    await expect(deriveRootKey('x', params(64, 1, 1, new Uint8Array(4)))).rejects.toThrow(MalformedRecordError);
    await expect(deriveRootKey('x', params(4, 1, 1, new Uint8Array(16)))).rejects.toThrow(MalformedRecordError);
  });
});

describe('KDF parameters', () => {
  it('defaults to 64 MiB, 3 iterations, 1 lane, with a fresh 16-byte salt each time', () => {
    expect(DEFAULT_KDF).toEqual({ v: 1, alg: 'argon2id', memKiB: 65536, iterations: 3, parallelism: 1 });
    const a = newKdfParams();
    const b = newKdfParams();
    expect(validateKdfParams(a)).toEqual(a);
    expect(Buffer.from(a.salt, 'base64')).toHaveLength(16);
    expect(a.salt).not.toBe(b.salt);
  });

  it('strongerKdf never goes below either input', () => {
    const cost = fc.record({
      memKiB: fc.integer({ min: 8192, max: 1 << 21 }),
      iterations: fc.integer({ min: 1, max: 100 }),
      parallelism: fc.integer({ min: 1, max: 16 }),
    });
    fc.assert(
      fc.property(cost, cost, (c, f) => {
        const current = { ...newKdfParams({ v: 1, alg: 'argon2id', ...c }) };
        const out = strongerKdf(current, { v: 1, alg: 'argon2id', ...f });
        expect(out.memKiB).toBe(Math.max(c.memKiB, f.memKiB));
        expect(out.iterations).toBe(Math.max(c.iterations, f.iterations));
        expect(out.parallelism).toBe(Math.max(c.parallelism, f.parallelism));
        expect(out.salt).toBe(current.salt);
      }),
    );
  });

  const good = {
    v: 1,
    alg: 'argon2id',
    memKiB: 8192,
    iterations: 1,
    parallelism: 1,
    salt: toBase64(hex('00'.repeat(16))),
  };
  it.each([
    ['null', null],
    ['a string', 'argon2id'],
    ['version 2', { ...good, v: 2 }],
    ['argon2i', { ...good, alg: 'argon2i' }],
    ['memory below 8 MiB', { ...good, memKiB: 8191 }],
    ['fractional memory', { ...good, memKiB: 8192.5 }],
    ['memory as a string', { ...good, memKiB: '65536' }],
    ['zero iterations', { ...good, iterations: 0 }],
    ['absurd iterations', { ...good, iterations: 1e9 }],
    ['zero lanes', { ...good, parallelism: 0 }],
    ['no salt', { ...good, salt: undefined }],
    ['a short salt', { ...good, salt: toBase64(new Uint8Array(15)) }],
    ['a salt that is not base64', { ...good, salt: '!!!!'.repeat(6) }],
  ])('validateKdfParams refuses %s', (_, record) => {
    expect(() => validateKdfParams(record)).toThrow(MalformedRecordError);
  });

  it('validateKdfParams returns a clean copy of a good record', () => {
    expect(validateKdfParams({ ...good, extra: 'dropped' })).toEqual(good);
  });

  it('validateKdfParams takes each bound itself and refuses one past it', () => {
    const ok = (over: object) => validateKdfParams({ ...good, ...over });
    const refused = (over: object) => expect(() => ok(over), JSON.stringify(over)).toThrow(MalformedRecordError);
    expect(ok({ memKiB: 2 * 1024 * 1024 }).memKiB).toBe(2 * 1024 * 1024);
    refused({ memKiB: 2 * 1024 * 1024 + 1 });
    expect(ok({ iterations: 100 }).iterations).toBe(100);
    refused({ iterations: 101 });
    expect(ok({ parallelism: 16 }).parallelism).toBe(16);
    refused({ parallelism: 17 });
    refused({ parallelism: 1.5 });
    refused({ iterations: '3' });
    expect(ok({ salt: toBase64(new Uint8Array(64)) }).salt).toBe(toBase64(new Uint8Array(64)));
    refused({ salt: toBase64(new Uint8Array(65)) });
    refused({ salt: 16 });
    refused({ v: '1' });
    refused({ alg: undefined });
    expect(() => validateKdfParams(undefined)).toThrow(MalformedRecordError);
    expect(() => validateKdfParams(7)).toThrow(MalformedRecordError);
  });

  it('says why a stored record is refused', () => {
    const why = (x: unknown) => {
      try {
        validateKdfParams(x);
      } catch (e) {
        if (e instanceof MalformedRecordError) return e.message;
        throw e;
      }
      return 'accepted';
    };
    expect(why(null)).toBe('The stored key settings are unusable: not a record.');
    expect(why({ ...good, v: 2 })).toBe('The stored key settings are unusable: unknown version 2.');
    expect(why({ ...good, alg: 'scrypt' })).toBe('The stored key settings are unusable: unknown algorithm scrypt.');
    expect(why({ ...good, memKiB: 1 })).toBe('The stored key settings are unusable: memory must be 8192..2097152 KiB.');
    expect(why({ ...good, iterations: 0 })).toBe('The stored key settings are unusable: iterations must be 1..100.');
    expect(why({ ...good, parallelism: 0 })).toBe('The stored key settings are unusable: parallelism must be 1..16.');
    expect(why({ ...good, salt: 1 })).toBe('The stored key settings are unusable: salt missing.');
    expect(why({ ...good, salt: 'a' })).toBe('The stored key settings are unusable: salt is not base64.');
    expect(why({ ...good, salt: toBase64(new Uint8Array(8)) })).toBe(
      'The stored key settings are unusable: salt must be 16..64 bytes.',
    );
  });

  it('deriveRootKey runs at Argon2’s own minimums and refuses below them', async () => {
    const salt8 = new Uint8Array(8).fill(9);
    const at = await deriveRootKey('x', params(8, 1, 1, salt8));
    expect(toHex(at)).toBe(toHex(nobleArgon2id(utf8Encode('x'), salt8, { t: 1, m: 8, p: 1, dkLen: 32 })));
    // 8 KiB per lane: 16 KiB runs two lanes, 15 does not.
    await expect(deriveRootKey('x', params(16, 1, 2, salt8))).resolves.toHaveLength(32);
    await expect(deriveRootKey('x', params(15, 1, 2, salt8))).rejects.toThrow(MalformedRecordError);
    await expect(deriveRootKey('x', params(7, 1, 1, salt8))).rejects.toThrow(MalformedRecordError);
    await expect(deriveRootKey('x', params(8, 1, 1, new Uint8Array(7)))).rejects.toThrow(MalformedRecordError);
    await expect(deriveRootKey(undefined as never, params(8, 1, 1, salt8))).rejects.toThrow(TypeError);
  });

  it('newKdfParams takes only the cost from what it is given', () => {
    const p = newKdfParams({
      v: 1,
      alg: 'argon2id',
      memKiB: 9000,
      iterations: 2,
      parallelism: 3,
      salt: 'AAAA',
    } as never);
    expect(p).toMatchObject({ v: 1, alg: 'argon2id', memKiB: 9000, iterations: 2, parallelism: 3 });
    expect(Object.keys(p).sort()).toEqual(['alg', 'iterations', 'memKiB', 'parallelism', 'salt', 'v']);
    expect(p.salt).not.toBe('AAAA');
    expect(Object.isFrozen(p)).toBe(true);
    const s = strongerKdf(p, DEFAULT_KDF);
    expect(s).toEqual({ v: 1, alg: 'argon2id', memKiB: 65536, iterations: 3, parallelism: 3, salt: p.salt });
    expect(Object.isFrozen(s)).toBe(true);
  });
});
