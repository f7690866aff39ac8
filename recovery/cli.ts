/**
 * `npm run recover`: the clinic's offline recovery tool (docs/RECOVERY.md).
 *
 *   npm run recover -- new-key --out clinic-recovery-key.json
 *   npm run recover -- open --backup squircle-backup.json --key clinic-recovery-key.json \
 *     --out recovered-backup.json [--readable records.json]
 *
 * Passphrases are asked on the terminal without echo, or read from the first
 * line of a file (--key-passphrase-file, --new-passphrase-file) for scripted
 * use. Output files are never overwritten and are readable by their owner only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import {
  MalformedRecordError,
  WrongPassphraseError,
  fromBase64,
  newRecoveryKeyFile,
  openRecoveryKeyFile,
  loadPassphraseChecker,
  passphraseStrength,
  recoveryKeyFingerprint,
  wipe,
} from '../crypto';
import { BackupError } from '../storage/backup-format';
import { RecoverError, openWithClinicKey } from './recover';

/** A mistake in how the tool was called or what it was given; printed as it is, without a stack. */
class UsageError extends Error {}

const USAGE = `Squircle clinic recovery (offline)

  npm run recover -- new-key --out <key file>
      Makes the clinic's recovery key pair. The private key is saved in <key file>, protected by a passphrase
      you choose; the public key is printed, for the recoveryPublicKey policy.

  npm run recover -- open --backup <backup file> --key <key file> --out <new backup file> [--readable <file>]
      Opens a Squircle backup with the clinic's key and writes it again under a new passphrase (import it in
      the side panel with that passphrase). --readable also writes every record, decrypted, as JSON.

  Options: --key-passphrase-file <file>, --new-passphrase-file <file> read a passphrase from a file's first line.
`;

const MIN_PASSPHRASE = 12;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      out: { type: 'string' },
      backup: { type: 'string' },
      key: { type: 'string' },
      readable: { type: 'string' },
      'key-passphrase-file': { type: 'string' },
      'new-passphrase-file': { type: 'string' },
    },
    strict: true,
  });
  if (command === 'new-key') return newKey(values);
  if (command === 'open') return open(values);
  throw new UsageError(command ? `Unknown command: ${command}\n\n${USAGE}` : USAGE);
}

type Options = Partial<
  Record<'out' | 'backup' | 'key' | 'readable' | 'key-passphrase-file' | 'new-passphrase-file', string>
>;

async function newKey(o: Options): Promise<void> {
  const out = required(o.out, '--out <key file>');
  const passphrase = await newPassphrase(o['new-passphrase-file'], 'the key file');
  const file = await newRecoveryKeyFile(passphrase);
  writeNew(out, JSON.stringify(file, null, 2) + '\n');
  const fingerprint = recoveryKeyFingerprint(fromBase64(file.publicKey));
  console.log(`Wrote the clinic's recovery key to ${out}. Keep it offline, with its passphrase kept apart.`);
  console.log(`\nPublic key (policy recoveryPublicKey):\n  ${file.publicKey}\nFingerprint:\n  ${fingerprint}`);
}

async function open(o: Options): Promise<void> {
  const backupPath = required(o.backup, '--backup <backup file>');
  const keyPath = required(o.key, '--key <key file>');
  const out = required(o.out, '--out <new backup file>');
  for (const path of [out, o.readable]) if (path && exists(path)) throw new UsageError(`${path} exists already.`);
  const backupText = readText(backupPath, 'backup');
  let keyFile: unknown;
  try {
    keyFile = JSON.parse(readText(keyPath, 'key'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${keyPath} is not a recovery key file.`);
  }
  const keyPassphrase = await passphrase(o['key-passphrase-file'], 'Passphrase of the recovery key file: ');
  let clinic;
  try {
    clinic = await openRecoveryKeyFile(keyFile, keyPassphrase);
  } catch (e) {
    if (e instanceof WrongPassphraseError) throw new UsageError('That passphrase does not open the key file.');
    if (e instanceof MalformedRecordError) throw new UsageError(`${keyPath}: ${e.message}`);
    throw e;
  }
  let recovered;
  try {
    recovered = await openWithClinicKey(backupText, clinic.secretKey);
  } finally {
    wipe(clinic.secretKey);
  }
  try {
    console.log(`Opened the backup: ${recovered.count} records, all checked.`);
    const next = await newPassphrase(o['new-passphrase-file'], 'the recovered backup');
    writeNew(out, await recovered.withPassphrase(next));
    console.log(`Wrote ${out}: import it in Squircle's side panel with the new passphrase.`);
    if (o.readable) {
      writeNew(o.readable, JSON.stringify(recovered.records, null, 2) + '\n');
      console.log(`Wrote ${o.readable}: every record in plain text. Keep it as you keep the clinic's records.`);
    }
  } finally {
    recovered.close();
  }
}

function required(v: string | undefined, what: string): string {
  if (!v) throw new UsageError(`Missing ${what}.\n\n${USAGE}`);
  return v;
}

function exists(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`Cannot read the ${what} file ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

/** Creates the file; never replaces one. Owner-only permissions: it may hold keys or records. */
function writeNew(path: string, text: string): void {
  try {
    writeFileSync(path, text, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'EEXIST' ? `${path} exists already.` : `Cannot write ${path} (${code ?? 'error'}).`);
  }
}

async function newPassphrase(file: string | undefined, what: string): Promise<string> {
  const first = await passphrase(file, `New passphrase for ${what}: `);
  // The strength checker loads its word lists lazily; judged before they are in, every passphrase would be 'pending'.
  await loadPassphraseChecker();
  const s = passphraseStrength(first, MIN_PASSPHRASE);
  if (!s.ok) throw new UsageError(s.hint);
  if (!file && (await passphrase(undefined, 'The same passphrase again: ')) !== first) {
    throw new UsageError('The two passphrases are not the same.');
  }
  return first;
}

async function passphrase(file: string | undefined, prompt: string): Promise<string> {
  if (file) {
    const line = readText(file, 'passphrase').split(/\r?\n/)[0] ?? '';
    if (!line) throw new UsageError(`${file} holds no passphrase on its first line.`);
    return line;
  }
  if (!process.stdin.isTTY) throw new UsageError(`No terminal to ask on: pass the passphrase in a file.\n\n${USAGE}`);
  return askHidden(prompt);
}

/** Asks on the terminal; what is typed is not echoed. */
function askHidden(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e: unknown) => {
    const known = e instanceof UsageError || e instanceof RecoverError || e instanceof BackupError;
    console.error(known ? (e as Error).message : e);
    process.exit(known ? 1 : 2);
  },
);
