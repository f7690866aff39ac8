/**
 * The check every journey that handles clinical text ends with: none of the
 * words it used is readable anywhere the browser keeps things on disk, nor in
 * anything the broker carried.
 *
 *   const capture = await captureBroker(broker.tcpUrl);   // before the journey (test/support/brokers.ts)
 *   …
 *   await expectNoPlaintext({ chromium: [s], brokerCapture: capture, secrets: [GROUP, NOTE] });
 *
 * Browsers passed in are closed first (their files flushed), but their
 * profiles are left for their own close() to delete, so the journey's
 * afterAll stays as it is. Profiles are searched by scanForSecrets (UTF-8,
 * UTF-16LE, Latin-1, Snappy inside LevelDB and IndexedDB values); Firefox's
 * session store is mozLz4-compressed and is opened here too. Broker traffic is
 * searched the same way. It refuses to pass without looking: no secrets, no
 * place to look, or a capture that saw no traffic at all is an error.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import type { ChromiumSession } from '../../support/chromium';
import type { BrokerCapture } from '../../support/brokers';
import { makeTempDir } from '../../support/paths';
import type { FirefoxSession } from './firefox';
import { outsideShippedCode, scanForSecrets, type SecretHit } from './plaintext-scan';
import { decodeMozLz4, MOZLZ4_MAGIC } from './mozlz4';

export interface NoPlaintextOptions {
  /** Chromium browsers: closed, then their profiles searched. */
  chromium?: ChromiumSession[];
  /** Firefox browsers: closed, then their HOME searched (profile, session store, managed storage). */
  firefox?: FirefoxSession[];
  /** Directories of browsers that are already closed. */
  profileDirs?: string[];
  brokerCapture?: BrokerCapture;
  /** Every clinical word the journey typed or stored: names, marker text, note words. */
  secrets: string[];
  /**
   * Strings the extension's own code contains (built-in category codes): searched like secrets,
   * but not in the browser's copies of the extension's scripts (SHIPPED_CODE).
   */
  codeStrings?: string[];
}

export async function expectNoPlaintext(o: NoPlaintextOptions): Promise<void> {
  const dirs = [...(o.profileDirs ?? [])];
  for (const s of o.chromium ?? []) {
    await s.context.close();
    dirs.push(s.profileDir);
  }
  for (const f of o.firefox ?? []) {
    await f.browser.close();
    dirs.push(f.homeDir);
  }
  if (!dirs.length && !o.brokerCapture) throw new Error('expectNoPlaintext: nowhere to look');
  const found: string[] = [];
  for (const dir of dirs) {
    found.push(...(await scanProfile(dir, o.secrets)));
    if (o.codeStrings?.length) {
      const hits = outsideShippedCode(await scanAllowingTornTables(dir, o.codeStrings));
      found.push(...hits.map((h) => line(dir, h)));
    }
  }
  if (o.brokerCapture) found.push(...(await scanBroker(o.brokerCapture, o.secrets)));
  expect(found, `Readable on disk or on the wire:\n${found.join('\n')}\n`).toEqual([]);
}

/** Hits in a profile directory, as "<file relative to dir> <encoding> <secret>", with mozLz4 files opened. */
export async function scanProfile(dir: string, secrets: readonly string[]): Promise<string[]> {
  const out = (await scanAllowingTornTables(dir, secrets)).map((h) => line(dir, h));
  const lz4 = await mozLz4Files(dir);
  if (lz4.length) {
    const tmp = makeTempDir('squircle-mozlz4-');
    try {
      const names = new Map<string, string>();
      lz4.forEach((file, n) => {
        const name = join(tmp, `${n}.json`);
        writeFileSync(name, decodeMozLz4(readFileSync(file)));
        names.set(name, file);
      });
      for (const h of await scanForSecrets(tmp, secrets))
        out.push(`${relative(dir, names.get(h.file)!)} (mozLz4) ${h.encoding} ${h.secret}`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return out;
}

/** Hits in the captured broker traffic, as "broker <topic> <encoding> <secret>". */
export async function scanBroker(capture: BrokerCapture, secrets: readonly string[]): Promise<string[]> {
  if (!capture.messages.length) throw new Error('The broker capture saw no traffic: it would pass without looking');
  const tmp = makeTempDir('squircle-broker-capture-');
  try {
    mkdirSync(tmp, { recursive: true });
    capture.messages.forEach((m, n) =>
      writeFileSync(join(tmp, String(n)), Buffer.concat([Buffer.from(m.topic + '\n'), m.payload])),
    );
    const hits = await scanForSecrets(tmp, secrets);
    return hits.map(
      (h) => `broker ${capture.messages[Number(relative(tmp, h.file))]!.topic} ${h.encoding} ${h.secret}`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * scanForSecrets refuses a LevelDB table it cannot parse. A browser killed
 * mid-compaction (crash.test.ts) leaves a torn table that LevelDB never
 * listed and deletes on a later start; it is searched here as plain bytes
 * (raw and for compressed IndexedDB values) under a temporary name, and said.
 */
async function scanAllowingTornTables(dir: string, secrets: readonly string[]): Promise<SecretHit[]> {
  const torn: string[] = [];
  try {
    for (;;) {
      try {
        const hits = await scanForSecrets(dir, secrets);
        return hits.map((h) => (h.file.endsWith('.torn') ? { ...h, file: h.file.slice(0, -'.torn'.length) } : h));
      } catch (e) {
        const file = /^Cannot read LevelDB table (.+\.(?:ldb|sst)): Not a LevelDB table/.exec(
          (e as Error).message,
        )?.[1];
        if (!file || torn.length >= 20) throw e;
        renameSync(file, `${file}.torn`);
        torn.push(file);
        console.info(`expectNoPlaintext: ${relative(dir, file)} is a torn LevelDB table; searched as plain bytes`);
      }
    }
  } finally {
    for (const file of torn) renameSync(`${file}.torn`, file);
  }
}

function line(dir: string, h: SecretHit): string {
  return `${relative(dir, h.file)} ${h.encoding}${h.via ? ` ${h.via}` : ''} ${h.secret}`;
}

/** Files under dir that start with the mozLz4 magic, whatever their name (.jsonlz4, .baklz4, upgrade backups). */
async function mozLz4Files(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && /lz4/i.test(e.name)) {
        const head = readFileSync(p).subarray(0, 8);
        if (head.equals(MOZLZ4_MAGIC)) out.push(p);
      }
    }
  };
  await walk(dir);
  return out;
}
