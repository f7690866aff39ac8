// The plaintext scan must not pass by failing to look: it is proven here on
// planted files (each encoding, a chunk boundary, a Snappy-compressed LevelDB
// block) and on what a real Chromium writes to its profile.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../support/chromium';
import { makeTempDir } from '../support/paths';
import { scanForSecrets, type SecretHit } from './support/plaintext-scan';

const short = (hits: SecretHit[], root: string) =>
  hits.map((h) => `${h.file.slice(root.length + 1)} ${h.encoding}${h.via ? ` ${h.via}` : ''} ${h.secret}`).sort();

describe('scanForSecrets on planted files', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('squircle-scan-');
    mkdirSync(join(dir, 'Default/IndexedDB/x.leveldb'), { recursive: true });
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 251));
    writeFileSync(join(dir, 'utf8.txt'), Buffer.concat([noise, Buffer.from('note: Kestrel-utf8-5521 end'), noise]));
    writeFileSync(
      join(dir, 'Default/utf16.bin'),
      Buffer.concat([noise, Buffer.from('Kestrel-utf16-7734', 'utf16le'), noise]),
    );
    writeFileSync(
      join(dir, 'Default/latin1.bin'),
      Buffer.concat([noise, Buffer.from('Kestrel-\u00e9t\u00e9-0912', 'latin1')]),
    );
    writeFileSync(
      join(dir, 'clean.bin'),
      Buffer.concat([noise, Buffer.from('Kestrel-other-0000 Kestrel-utf8-552'), noise]),
    );
    // 3 MiB with the secret straddling the 1 MiB read boundary.
    const big = Buffer.alloc(3 << 20, 0x61);
    Buffer.from('Kestrel-boundary-3310').copy(big, (1 << 20) - 9);
    writeFileSync(join(dir, 'big.bin'), big);
    writeFileSync(join(dir, 'Default/IndexedDB/x.leveldb/000005.ldb'), leveldbTableWithRepeat());
    // Blink-compressed IndexedDB values: in a log record that spans a 32 KiB block, and in a .blob file.
    const value = (tag: string) =>
      Buffer.concat([Buffer.from([0xff, 0x11, 0x02]), snappyWithRepeat(`note ${tag}-`, 'Wren', 5, '-end')]);
    const record = Buffer.concat([Buffer.alloc(32_760, 0x20), value('log'), Buffer.alloc(100, 0x20)]);
    writeFileSync(
      join(dir, 'Default/IndexedDB/x.leveldb/000003.log'),
      leveldbLog([Buffer.from('small record'), record]),
    );
    mkdirSync(join(dir, 'Default/IndexedDB/x.blob/1/00'), { recursive: true });
    writeFileSync(join(dir, 'Default/IndexedDB/x.blob/1/00/2'), value('blob'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('finds exactly the planted secrets, in each encoding', async () => {
    const secrets = [
      'Kestrel-utf8-5521',
      'Kestrel-utf16-7734',
      'Kestrel-\u00e9t\u00e9-0912',
      'Kestrel-boundary-3310',
      'Q7mZQ7mZQ7mZQ7mZ-end',
      'log-WrenWrenWrenWrenWren-end',
      'blob-WrenWrenWrenWrenWren-end',
      'Kestrel-absent-4444',
    ];
    const hits = await scanForSecrets(dir, secrets);
    expect(short(hits, dir)).toEqual([
      'Default/IndexedDB/x.blob/1/00/2 utf8 indexeddb-snappy-value blob-WrenWrenWrenWrenWren-end',
      'Default/IndexedDB/x.leveldb/000003.log utf8 indexeddb-snappy-value log-WrenWrenWrenWrenWren-end',
      'Default/IndexedDB/x.leveldb/000005.ldb utf8 leveldb-block Q7mZQ7mZQ7mZQ7mZ-end',
      'Default/latin1.bin latin1 Kestrel-été-0912',
      'Default/utf16.bin utf16le Kestrel-utf16-7734',
      'big.bin utf8 Kestrel-boundary-3310',
      'utf8.txt utf8 Kestrel-utf8-5521',
    ]);
  });

  test('an absent secret gives no hits; a scan that cannot look refuses to pass', async () => {
    expect(await scanForSecrets(dir, ['Kestrel-absent-4444'])).toEqual([]);
    await expect(scanForSecrets(dir, ['abc'])).rejects.toThrow(/shorter than 4/);
    await expect(scanForSecrets(dir, [])).rejects.toThrow(/nothing/);
    const empty = makeTempDir('squircle-scan-empty-');
    await expect(scanForSecrets(empty, ['Kestrel-absent-4444'])).rejects.toThrow(/No files/);
    rmSync(empty, { recursive: true });
    await expect(scanForSecrets(join(dir, 'missing'), ['Kestrel-absent-4444'])).rejects.toThrow(/Cannot list/);
  });
});

describe('scanForSecrets on a real Chromium profile', () => {
  test('finds what an extension page stores on disk, and storage.session stays off disk', async () => {
    const profileDir = makeTempDir('squircle-scan-profile-');
    try {
      const s = await launchChromium({ profileDir });
      const page = await s.context.newPage();
      await page.goto(s.extUrl('options.html'));
      await page.evaluate(async () => {
        const c = (globalThis as unknown as { chrome: typeof chrome }).chrome;
        await c.storage.local.set({ k: 'Heron-storage-local-1203' });
        await c.storage.session.set({ k: 'Heron-storage-session-8841' });
        localStorage.setItem('k', 'Heron-localstorage-6620');
        await new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('scan-canary', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('s');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('s', 'readwrite');
            tx.objectStore('s').put(
              { note: 'Heron-idb-ascii-3391', fr: 'Heron-idb-\u00e9t\u00e9-4410', wide: 'Heron-idb-\u0101-5512' },
              1,
            );
            // Large enough for Blink to Snappy-compress it; the secret's prefix repeats, so it is a back-reference.
            tx.objectStore('s').put('Heron-cmp-prefix ' + 'Heron-cmp-prefix-secret-7731 ' + 'calm '.repeat(20_000), 2);
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          };
        });
        document.body.insertAdjacentHTML('beforeend', '<textarea id="canary-text"></textarea>');
      });
      // An open extension tab's text field goes to the session-restore files.
      await page.fill('#canary-text', 'Heron-textarea-7789');
      await page.waitForTimeout(1500);
      await s.close();

      const hits = await scanForSecrets(profileDir, [
        'Heron-storage-local-1203',
        'Heron-storage-session-8841',
        'Heron-localstorage-6620',
        'Heron-idb-ascii-3391',
        'Heron-idb-\u00e9t\u00e9-4410',
        'Heron-idb-\u0101-5512',
        'Heron-textarea-7789',
        'Heron-cmp-prefix-secret-7731',
      ]);
      const found = new Set(hits.map((h) => h.secret));
      expect([...found].sort()).toEqual(
        [
          'Heron-storage-local-1203',
          'Heron-localstorage-6620',
          'Heron-idb-ascii-3391',
          'Heron-idb-\u00e9t\u00e9-4410',
          'Heron-idb-\u0101-5512',
          'Heron-textarea-7789',
          'Heron-cmp-prefix-secret-7731',
        ].sort(),
      );
      // Chromium 156 Snappy-compresses this value, so only decompression finds it. If this
      // changes, the storage format moved: re-check what the scanner has to open.
      expect(hits.filter((h) => h.secret === 'Heron-cmp-prefix-secret-7731').map((h) => h.via ?? 'raw')).toEqual([
        'indexeddb-snappy-value',
      ]);
      expect(hits.find((h) => h.secret === 'Heron-textarea-7789')?.file).toMatch(/Sessions/);
    } finally {
      rmSync(profileDir, { recursive: true, force: true });
    }
  });
});

/**
 * A minimal LevelDB table (https://github.com/google/leveldb/blob/main/doc/table_format.md) whose one data block is
 * Snappy-compressed so that the secret exists only after decompression: its
 * repeated "Q7mZ" is stored once plus a back-reference.
 */
function leveldbTableWithRepeat(): Buffer {
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  const block = (key: string, value: Buffer) =>
    Buffer.concat([varint(0), varint(key.length), varint(value.length), Buffer.from(key), value, u32(0), u32(1)]);

  const value = Buffer.from('Q7mZQ7mZQ7mZQ7mZ-end');
  const data = block('k', value);
  const at = data.indexOf(value);
  const head = data.subarray(0, at + 4); // up to and including the first "Q7mZ"
  const tail = data.subarray(at + 16); // after the fourth "Q7mZ"
  const literal = (b: Buffer) => {
    if (b.length > 60) throw new Error('literal too long for this helper');
    return Buffer.concat([Buffer.from([(b.length - 1) << 2]), b]);
  };
  const compressed = Buffer.concat([
    varint(data.length),
    literal(head),
    Buffer.from([((12 - 1) << 2) | 2, 4, 0]), // copy 12 bytes from 4 back
    literal(tail),
  ]);
  const trailer = (type: number) => Buffer.concat([Buffer.from([type]), u32(0)]);
  const dataPart = Buffer.concat([compressed, trailer(1)]);
  const index = block('l', Buffer.concat([varint(0), varint(compressed.length)]));
  const indexOffset = dataPart.length;
  const handles = Buffer.concat([varint(0), varint(0), varint(indexOffset), varint(index.length)]);
  const footer = Buffer.concat([
    handles,
    Buffer.alloc(40 - handles.length),
    Buffer.from([0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb]),
  ]);
  const file = Buffer.concat([dataPart, index, trailer(0), footer]);
  if (file.includes(value)) throw new Error('test helper bug: the secret is visible uncompressed');
  return file;
}

/** Raw Snappy for prefix + unit×times + suffix, the repeats stored as one back-reference. */
function snappyWithRepeat(prefix: string, unit: string, times: number, suffix: string): Buffer {
  const head = Buffer.from(prefix + unit);
  const tail = Buffer.from(suffix);
  const copyLen = unit.length * (times - 1);
  const literal = (b: Buffer) => Buffer.concat([Buffer.from([(b.length - 1) << 2]), b]);
  if (head.length > 60 || tail.length > 60 || copyLen > 64) throw new Error('helper limits');
  return Buffer.concat([
    varint(head.length + copyLen + tail.length),
    literal(head),
    Buffer.from([((copyLen - 1) << 2) | 2, unit.length, 0]),
    literal(tail),
  ]);
}

/**
 * A LevelDB log (https://github.com/google/leveldb/blob/main/doc/log_format.md): records cut into 32 KiB
 * blocks, 7-byte headers, CRCs left zero.
 */
function leveldbLog(records: Buffer[]): Buffer {
  const BLOCK = 32768;
  const out: Buffer[] = [];
  let inBlock = 0;
  for (const rec of records) {
    let pos = 0;
    let first = true;
    do {
      if (BLOCK - inBlock < 7) {
        out.push(Buffer.alloc(BLOCK - inBlock));
        inBlock = 0;
      }
      const room = BLOCK - inBlock - 7;
      const n = Math.min(room, rec.length - pos);
      const last = pos + n === rec.length;
      const type = first && last ? 1 : first ? 2 : last ? 4 : 3;
      const header = Buffer.alloc(7);
      header.writeUInt16LE(n, 4);
      header[6] = type;
      out.push(header, rec.subarray(pos, pos + n));
      inBlock += 7 + n;
      pos += n;
      first = false;
    } while (pos < rec.length);
  }
  const file = Buffer.concat(out);
  if (file.includes(Buffer.from('WrenWrenWren'))) throw new Error('test helper bug: repeats visible uncompressed');
  return file;
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}
