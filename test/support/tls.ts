/**
 * Certificates for brokers under test, made at test time with openssl and
 * deleted at exit (keys are never committed: *.pem and *.key are ignored).
 *
 *   const tls = makeTestCertificates();
 *   await startMosquitto({ tls });                 // wss://127.0.0.1:<port>, signed by tls.caFile's CA
 *   await launchChromium({ args: trustArgs(tls) }); // this Chromium trusts that certificate only
 *
 * The server certificate is for 127.0.0.1 and localhost, signed by a CA made
 * for this run. `stranger` is a self-signed certificate for the same names
 * that nobody trusts: a broker serving it is what a browser sees when a
 * certificate is expired, for another name or from an unknown authority.
 */
import { spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from './paths';

export interface CertificateFiles {
  /** PEM certificate (the server's; the CA is not included). */
  certFile: string;
  /** PEM private key. */
  keyFile: string;
  /** base64 SHA-256 of the certificate's SubjectPublicKeyInfo, as Chromium's SPKI list takes it. */
  spki: string;
}

export interface TestCertificates extends CertificateFiles {
  /** PEM certificate of the CA that signed certFile. */
  caFile: string;
  /** A self-signed certificate for the same names, trusted by no one. */
  stranger: CertificateFiles;
  /** Where the files are; deleted by remove() and at exit. */
  dir: string;
  remove(): void;
}

function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.error)
    throw new Error(`openssl is needed to make test certificates (apt-get install openssl): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr.trim()}`);
}

/** base64 SHA-256 of a PEM certificate's public key (DER SubjectPublicKeyInfo). */
export function spkiHash(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

const NAMES = 'subjectAltName=IP:127.0.0.1,DNS:localhost';
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A CA, a server certificate it signs for 127.0.0.1 and localhost, and an untrusted stranger. */
export function makeTestCertificates(): TestCertificates {
  const dir = makeTempDir('squircle-tls-');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  try {
    openssl(
      ['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Squircle test CA'],
      dir,
    );
    openssl(['req', ...EC, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], dir);
    const ext = join(dir, 'server.ext');
    writeFileSync(ext, `${NAMES}\nextendedKeyUsage=serverAuth\n`);
    openssl(
      [
        'x509',
        '-req',
        '-in',
        'server.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '2',
      ].concat(['-extfile', ext, '-out', 'server.pem']),
      dir,
    );
    openssl(
      ['req', '-x509', ...EC, '-keyout', 'stranger.key', '-out', 'stranger.pem', '-days', '2'].concat([
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        NAMES,
      ]),
      dir,
    );
  } catch (e) {
    remove();
    throw e;
  }
  const files = (name: string): CertificateFiles => ({
    certFile: join(dir, `${name}.pem`),
    keyFile: join(dir, `${name}.key`),
    spki: spkiHash(readFileSync(join(dir, `${name}.pem`), 'utf8')),
  });
  return { ...files('server'), caFile: join(dir, 'ca.pem'), stranger: files('stranger'), dir, remove };
}

/** Chromium switches that make it trust the server certificate (and no other) despite its unknown CA. */
export function trustArgs(tls: CertificateFiles): string[] {
  return [`--ignore-certificate-errors-spki-list=${tls.spki}`];
}
