/**
 * WebAuthn with the PRF extension, as the vault's optional second factor.
 *
 * In Chromium an extension page may use WebAuthn with no rp id given: the
 * relying party is the extension's own origin (`chrome-extension://<id>`),
 * so a credential works in every page of this extension and in no web page
 * or other extension. A new installation with another id cannot use it.
 * Firefox refuses WebAuthn in moz-extension pages, so there the setting is
 * shown off with the reason (docs/SECURITY.md).
 */
import { PRF_BYTES, fromBase64 } from '../../crypto';
import type { HardwareKeyParams } from '../../crypto/types';
import type { KeyProblem } from '../../components/vault/types';
import type { MessageKey } from '../../util/i18n';
import type { ShownError } from '../../util/user-error';

/** How long the browser waits for a touch before giving up. */
const TOUCH_TIMEOUT_MS = 60_000;

const KEY_PROBLEMS: Record<KeyProblem, MessageKey> = {
  'not-touched': 'securityKey.notTouched',
  'wrong-key': 'securityKey.wrongKey',
  'no-prf': 'securityKey.noPrf',
  unavailable: 'securityKey.unavailable',
};

/** A security key step failed; `problem` says which way, for a message in the user's language. */
export class SecurityKeyError extends Error implements ShownError {
  override readonly name = 'SecurityKeyError';
  readonly messageKey: MessageKey;
  constructor(
    readonly problem: KeyProblem,
    detail: string,
  ) {
    super(detail);
    this.messageKey = KEY_PROBLEMS[problem];
  }
}

/** What the vault needs from an authenticator; the browser's WebAuthn, or a test's stand-in. */
export interface SecurityKeyPort {
  /** Registers a new credential with PRF and returns its id. Throws SecurityKeyError. */
  register(): Promise<Uint8Array>;
  /** The PRF output (32 bytes) of the credential for the salt in `params`. Throws SecurityKeyError. */
  evaluate(params: HardwareKeyParams): Promise<Uint8Array>;
}

/** Why this browser cannot use a security key for the vault, or undefined when it can. Never throws. */
export async function securityKeyUnavailable(): Promise<KeyProblem | undefined> {
  // Firefox throws SecurityError for any WebAuthn call from a moz-extension page.
  if (location.protocol === 'moz-extension:') return 'unavailable';
  if (typeof PublicKeyCredential === 'undefined' || !navigator.credentials) return 'unavailable';
  try {
    const caps = await PublicKeyCredential.getClientCapabilities?.();
    if (caps && caps['extension:prf'] === false) return 'no-prf';
  } catch {
    // Older browsers without getClientCapabilities: registration will tell.
  }
  return undefined;
}

/** The browser's WebAuthn. */
export const browserSecurityKey: SecurityKeyPort = {
  async register() {
    const cred = await ask(() =>
      navigator.credentials.create({
        publicKey: {
          rp: { name: 'Squircle' },
          user: { id: random(16), name: 'Squircle vault', displayName: 'Squircle vault' },
          challenge: random(32),
          pubKeyCredParams: [
            { type: 'public-key', alg: -7 },
            { type: 'public-key', alg: -8 },
            { type: 'public-key', alg: -257 },
          ],
          authenticatorSelection: { userVerification: 'preferred', residentKey: 'discouraged' },
          timeout: TOUCH_TIMEOUT_MS,
          extensions: { prf: {} },
        },
      }),
    );
    if (cred.getClientExtensionResults().prf?.enabled !== true) {
      throw new SecurityKeyError('no-prf', 'This security key or browser does not support the PRF extension.');
    }
    return new Uint8Array(cred.rawId);
  },

  async evaluate(params) {
    const id = fromBase64(params.credentialId);
    const cred = await ask(() =>
      navigator.credentials.get({
        publicKey: {
          challenge: random(32),
          allowCredentials: [{ type: 'public-key', id: id as Uint8Array<ArrayBuffer> }],
          userVerification: 'preferred',
          timeout: TOUCH_TIMEOUT_MS,
          extensions: { prf: { eval: { first: fromBase64(params.prfSalt) as Uint8Array<ArrayBuffer> } } },
        },
      }),
    );
    if (!sameBytes(new Uint8Array(cred.rawId), id)) {
      throw new SecurityKeyError('wrong-key', 'Another security key answered.');
    }
    const first = cred.getClientExtensionResults().prf?.results?.first;
    const out = first ? new Uint8Array(first instanceof ArrayBuffer ? first : first.buffer.slice(0)) : undefined;
    if (!out || out.length !== PRF_BYTES) {
      throw new SecurityKeyError('no-prf', 'The security key gave no PRF answer.');
    }
    return out;
  },
};

async function ask(call: () => Promise<Credential | null>): Promise<PublicKeyCredential> {
  let cred: Credential | null;
  try {
    cred = await call();
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    // NotAllowedError: cancelled, timed out, or only unregistered keys were touched (browsers do not say which).
    if (name === 'NotAllowedError' || name === 'AbortError') throw new SecurityKeyError('not-touched', String(e));
    if (name === 'InvalidStateError') throw new SecurityKeyError('wrong-key', String(e));
    if (name === 'SecurityError' || name === 'NotSupportedError') throw new SecurityKeyError('unavailable', String(e));
    throw e;
  }
  if (!(cred instanceof PublicKeyCredential)) throw new SecurityKeyError('not-touched', 'No credential came back.');
  return cred;
}

function random(n: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(n));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
