/**
 * Looks for secrets in the raw bytes of every file under a directory, e.g. a
 * browser profile after the browser has closed. A clinical field stored in
 * plaintext anywhere (IndexedDB, storage.local, session restore, caches, logs)
 * shows up here.
 *
 * Each secret is searched as UTF-8, UTF-16LE (Chromium keeps many strings that
 * way: V8-serialised IndexedDB values with characters above U+00FF, Session
 * files) and, when every character fits in one byte, Latin-1 (V8 serialises
 * such strings one byte per character, so "été" is neither UTF-8 nor UTF-16
 * there). Files are streamed in chunks with an overlap, so large and binary
 * files are fine and a match across a chunk boundary is not missed.
 *
 * Snappy can hide a secret whose words repeat earlier bytes, so compressed
 * containers are also opened (see leveldb.ts): LevelDB table blocks, and
 * IndexedDB values that Blink compressed, in table blocks, log records and
 * .blob files.
 */
import { createReadStream, type Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { blinkSnappyValues, leveldbLogRecords, leveldbTableBlocks } from './leveldb';

export type SecretEncoding = 'utf8' | 'utf16le' | 'latin1';

export interface SecretHit {
  secret: string;
  file: string;
  encoding: SecretEncoding;
  /** Set when the secret was only visible after decompression. */
  via?: 'leveldb-block' | 'indexeddb-snappy-value';
}

type Pattern = { secret: string; encoding: SecretEncoding; bytes: Buffer };

/**
 * Where a browser keeps copies of the extension's own scripts: the service
 * worker's script cache and V8's code cache. Strings the shipped code itself
 * contains (the built-in category codes) are found there whatever the vault
 * holds, so those strings are searched everywhere else (outsideShippedCode).
 */
export const SHIPPED_CODE = /[/\\](?:Service Worker[/\\]ScriptCache|Code Cache)[/\\]/;

/** The hits that are not in the browser's copies of the extension's scripts. */
export function outsideShippedCode(hits: readonly SecretHit[]): SecretHit[] {
  return hits.filter((h) => !SHIPPED_CODE.test(h.file));
}

const CHUNK = 1 << 20;
const BLINK_SNAPPY = Buffer.from([0xff, 0x11, 0x02]);

function encodings(secret: string): Omit<Pattern, 'secret'>[] {
  const out: Omit<Pattern, 'secret'>[] = [
    { encoding: 'utf8', bytes: Buffer.from(secret, 'utf8') },
    { encoding: 'utf16le', bytes: Buffer.from(secret, 'utf16le') },
  ];
  // For ASCII, Latin-1 is the UTF-8 bytes again; only add it when it differs.
  if (/[\u0080-\u00ff]/.test(secret) && !/[^\u0000-\u00ff]/.test(secret)) {
    out.push({ encoding: 'latin1', bytes: Buffer.from(secret, 'latin1') });
  }
  return out;
}

/**
 * Every (secret, file, encoding) found under `dir`, files in sorted order.
 * Throws rather than pass without looking: on no secrets, secrets too short to
 * mean anything, an empty or unreadable directory, an unreadable file or a
 * LevelDB table it cannot parse. Symlinks are not followed.
 */
export async function scanForSecrets(dir: string, secrets: readonly string[]): Promise<SecretHit[]> {
  if (!secrets.length) throw new Error('No secrets to look for: a scan for nothing always passes');
  if (secrets.some((s) => s.length < 4)) throw new Error('Secrets shorter than 4 characters would match by chance');
  const patterns: Pattern[] = secrets.flatMap((secret) => encodings(secret).map((e) => ({ secret, ...e })));
  const files = await listFiles(dir);
  if (!files.length) throw new Error(`No files under ${dir}: is this the right directory?`);

  const hits: SecretHit[] = [];
  for (const file of files) {
    const { found, marker } = await scanFile(file, patterns);
    for (const p of patterns) if (found.has(p)) hits.push({ secret: p.secret, file, encoding: p.encoding });
    const missing = patterns.filter((p) => !found.has(p));
    const isTable = /\.(ldb|sst)$/.test(file);
    if (missing.length && (isTable || marker)) {
      for (const [p, via] of await scanDecoded(file, isTable, missing)) {
        hits.push({ secret: p.secret, file, encoding: p.encoding, via });
      }
    }
  }
  return hits;
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    let entries: Dirent[];
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (err) {
      throw new Error(`Cannot list ${d}: ${(err as Error).message}`);
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(p);
      // Symlinks (Chromium's SingletonLock etc.), sockets and pipes hold no stored data.
    }
  };
  await walk(dir);
  return out;
}

/** Streams the file once: which patterns occur raw, and whether it holds a compressed IndexedDB value. */
async function scanFile(file: string, patterns: readonly Pattern[]): Promise<{ found: Set<Pattern>; marker: boolean }> {
  const found = new Set<Pattern>();
  let marker = false;
  const overlap = Math.max(BLINK_SNAPPY.length, ...patterns.map((p) => p.bytes.length)) - 1;
  let tail: Buffer = Buffer.alloc(0);
  const stream = createReadStream(file, { highWaterMark: CHUNK });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const window = tail.length ? Buffer.concat([tail, chunk]) : chunk;
      for (const p of patterns) if (!found.has(p) && window.includes(p.bytes)) found.add(p);
      marker ||= window.includes(BLINK_SNAPPY);
      tail = window.subarray(Math.max(0, window.length - overlap));
    }
  } catch (err) {
    throw new Error(`Cannot read ${file}: ${(err as Error).message}`);
  } finally {
    stream.destroy();
  }
  return { found, marker };
}

type Via = NonNullable<SecretHit['via']>;

async function scanDecoded(file: string, isTable: boolean, patterns: readonly Pattern[]): Promise<[Pattern, Via][]> {
  const data = await readFile(file);
  const found = new Map<Pattern, Via>();
  const look = (buf: Buffer, via: Via) => {
    for (const p of patterns) if (!found.has(p) && buf.includes(p.bytes)) found.set(p, via);
  };
  let containers: Iterable<Buffer>;
  try {
    // A .log that is not a LevelDB log parses into junk records; the raw bytes are searched too.
    containers = isTable
      ? [...leveldbTableBlocks(data)]
      : /\.log$/.test(file)
        ? [...leveldbLogRecords(data), data]
        : [data];
  } catch (err) {
    throw new Error(`Cannot read LevelDB table ${file}: ${(err as Error).message}`);
  }
  for (const c of containers) {
    if (isTable) look(c, 'leveldb-block');
    for (const value of blinkSnappyValues(c)) look(value, 'indexeddb-snappy-value');
  }
  return [...found];
}
