import jsQR from 'jsqr';
import QRCode from 'qrcode';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  INVITE_PREFIX,
  INVITE_TTL_MS,
  InviteError,
  createInvite,
  decodeInvite,
  encodeInvite,
  looksLikeInvite,
  newDeviceIdentity,
  type DeviceIdentity,
  publicIdentity,
  type Invite,
  type InviteProblem,
  type InviteSecret,
} from '../../../crypto';
import { digest32 } from '../../../crypto/bytes';
import { fromBase64Url, toBase64Url } from '../../../crypto/wire';
import { BROKER, NOW, fixedIdentity, inviteFrom, thrown } from './channel-fixtures';
import { toHex } from './support';

const MESSAGES: Record<InviteProblem, string> = {
  malformed: 'This invite has a typo or was cut off. Copy it again in full, or scan the QR code.',
  'unsupported-version':
    'This invite was made by a newer version of Squircle. Update Squircle, then try the invite again.',
  tampered: 'This invite was changed after it was made, so it cannot be trusted. Ask your co-leader for a new one.',
  expired: 'This invite has expired. Ask your co-leader for a new one.',
};

function problem(text: string, now = NOW): InviteProblem {
  const e = thrown(InviteError, () => decodeInvite(text, now));
  expect(e.message).toBe(MESSAGES[e.problem]);
  return e.problem;
}

/** Re-seals the binary form with a correct checksum, as a deliberate forger (not a typo) would. */
function rechecksum(text: string, edit: (body: Uint8Array) => void): string {
  const bytes = fromBase64Url(text.slice(`${INVITE_PREFIX}1:`.length))!;
  const body = bytes.slice(0, -4);
  edit(body);
  const sum = digest32('squircle/invite-checksum/v1', body).subarray(0, 4);
  return `${INVITE_PREFIX}1:${toBase64Url(Uint8Array.from([...body, ...sum]))}`;
}

/** Renders QR modules to pixels (4 px a module, 4-module quiet zone) and reads them back as a camera would. */
function scan(modules: { size: number; get(row: number, col: number): number | boolean }): string {
  const px = 4;
  const width = (modules.size + 8) * px;
  const rgba = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let y = 0; y < width; y++) {
    for (let x = 0; x < width; x++) {
      const row = Math.floor(y / px) - 4;
      const col = Math.floor(x / px) - 4;
      const dark = row >= 0 && col >= 0 && row < modules.size && col < modules.size && modules.get(row, col);
      if (dark) rgba.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3);
    }
  }
  return jsQR(rgba, width, width)?.data ?? '';
}

describe('invite text', () => {
  // Made afresh for each test, so each test's coverage includes the fixture's work (npm run mutate).
  let inviter: DeviceIdentity;
  let invite: ReturnType<typeof inviteFrom>;
  let text: string;
  beforeEach(() => {
    inviter = newDeviceIdentity();
    invite = inviteFrom(inviter);
    text = encodeInvite(invite);
  });

  it('round-trips every field', () => {
    expect(text.startsWith('squircle-invite:1:')).toBe(true);
    expect(text.slice(18)).toMatch(/^[A-Za-z0-9_-]+$/);
    const back = decodeInvite(text, NOW);
    expect({ ...back, secret: toHex(back.secret), signature: toHex(back.signature) }).toEqual({
      ...invite,
      secret: toHex(invite.secret),
      signature: toHex(invite.signature),
    });
    expect(back.inviter).toEqual(publicIdentity(inviter));
    expect(encodeInvite(back)).toBe(text);
  });

  it('has fresh random ids and secrets, 16 and 32 bytes, and expires in 24 hours by default', () => {
    const again = inviteFrom(inviter, { channelId: invite.channelId });
    expect(invite.inviteId).toMatch(/^[0-9a-f]{32}$/);
    expect(invite.secret).toHaveLength(32);
    expect(again.inviteId).not.toBe(invite.inviteId);
    expect(toHex(again.secret)).not.toBe(toHex(invite.secret));
    expect(invite.expiresAt).toBe(NOW + INVITE_TTL_MS);
    expect(INVITE_TTL_MS).toBe(24 * 3600 * 1000);
  });

  it('fits a QR code that scans back to the same invite', () => {
    // 224 bytes plus the broker URL, as base64url after the 18-character head.
    expect(text.length).toBe(18 + Math.ceil(((224 + BROKER.length) * 4) / 3));
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    expect(qr.version).toBeLessThanOrEqual(15);
    expect(decodeInvite(scan(qr.modules), NOW).inviteId).toBe(invite.inviteId);
  });

  it('decodes a stored vector, so the format cannot drift unnoticed', () => {
    const golden = [
      'squircle-invite:1:ASrfI5cFm-TMtgxvd_eXQ10dtGaCMSBZamFLuWV10hy2uI7e6ZP0Vzb78EIWlhnxRMDAwMDA',
      'wMDAwMDAwMDAwMAAAAO7LMPYAAAld3NzOi8vYnJva2VyLmNsaW5pYy5leGFtcGxlOjg4ODQvbXF0dAEBAQEBAQEBAQ',
      'EBAQEBAQEBiojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1zOjTrRzLYz7HtwwXgUpcduzQKWhQUNNEdFugWH',
      'Dlh9WQMBsumdGOC9vVybhre2k5ENe1Iv_kaaFdHKG7Y0vtKNF-6oBS2Xj3BWCiSfZVfxeK0maVKK3Tn4TzRb4gmpaA',
      'KNPslV',
    ].join('');
    const inv = decodeInvite(golden, NOW);
    expect(inv.inviteId).toBe('2adf2397059be4ccb60c6f77f797435d');
    expect(inv.channelId).toBe('c0'.repeat(16));
    expect(inv.brokerUrl).toBe(BROKER);
    expect(inv.expiresAt).toBe(4_102_444_800_000);
    expect(inv.inviter).toEqual(publicIdentity(fixedIdentity(1)));
    expect(encodeInvite(inv)).toBe(golden);
  });

  it('ignores whitespace from wrapped or padded pastes', () => {
    const wrapped = `  ${text.slice(0, 60)}\n${text.slice(60, 200)}\r\n  ${text.slice(200)}\n`;
    expect(decodeInvite(wrapped, NOW).inviteId).toBe(invite.inviteId);
    expect(looksLikeInvite(`\n ${text}`)).toBe(true);
    expect(looksLikeInvite('https://meet.example/abc')).toBe(false);
    expect(looksLikeInvite(42)).toBe(false);
  });

  it('catches any one-character change before the signature: a typo, or the version digit', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_:2';
    const seen = new Set<InviteProblem>();
    for (let i = 0; i < text.length; i++) {
      for (const step of [1, 17, 40]) {
        const c = alphabet[(alphabet.indexOf(text[i]!) + step + alphabet.length) % alphabet.length]!;
        if (c === text[i]) continue;
        const p = problem(text.slice(0, i) + c + text.slice(i + 1));
        seen.add(p);
        // Only the "1" of "squircle-invite:1:" can turn a typo into a version question.
        if (p !== 'malformed') expect([i, p]).toEqual([16, 'unsupported-version']);
      }
    }
    expect(seen).toEqual(new Set(['malformed', 'unsupported-version']));
  });

  it('says "typo or cut off" for a truncated, extended or foreign text', () => {
    for (const bad of [
      text.slice(0, -1),
      text.slice(0, 100),
      text + 'A',
      text + 'AAAA',
      '',
      'hello',
      INVITE_PREFIX,
      `${INVITE_PREFIX}1:`,
    ]) {
      expect(problem(bad)).toBe('malformed');
    }
    expect(problem(null as never)).toBe('malformed');
    expect(problem(text.replace(INVITE_PREFIX, 'squircle-invite:x'))).toBe('malformed');
  });

  it('reports a deliberate change with a recomputed checksum as tampered', () => {
    const forged = rechecksum(text, (b) => {
      b[17]! ^= 1; // a secret byte
    });
    expect(problem(forged)).toBe('tampered');
    for (const changed of [
      { ...invite, brokerUrl: 'wss://attacker.example/mqtt' },
      { ...invite, expiresAt: invite.expiresAt + 1 },
      { ...invite, channelId: 'ff'.repeat(16) },
      { ...invite, inviter: publicIdentity(newDeviceIdentity()) },
      { ...invite, inviter: { ...invite.inviter, boxPk: publicIdentity(newDeviceIdentity()).boxPk } },
    ]) {
      expect(problem(encodeInvite(changed))).toBe('tampered');
    }
  });

  it('refuses a signature made malleable by adding L to S', () => {
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    const s = invite.signature.subarray(32).reduceRight((n, x) => (n << 8n) | BigInt(x), 0n) + L;
    const sig = invite.signature.slice();
    for (let i = 0; i < 32; i++) sig[32 + i] = Number((s >> BigInt(8 * i)) & 0xffn);
    expect(problem(encodeInvite({ ...invite, signature: sig }))).toBe('tampered');
  });

  it('expires at expiresAt, after the signature is checked', () => {
    expect(decodeInvite(text, invite.expiresAt - 1).inviteId).toBe(invite.inviteId);
    expect(problem(text, invite.expiresAt)).toBe('expired');
    expect(problem(text, invite.expiresAt + 365 * 86400_000)).toBe('expired');
    const short = inviteFrom(inviter, { expiresAt: NOW + 60_000 });
    expect(problem(encodeInvite(short), NOW + 60_000)).toBe('expired');
    // A forged extension of an expired invite is tampered, not valid.
    expect(problem(encodeInvite({ ...short, expiresAt: NOW + 10 * INVITE_TTL_MS }), NOW + 120_000)).toBe('tampered');
  });

  it('says "update Squircle" for a newer version, in the text or in the bytes', () => {
    expect(problem(text.replace('squircle-invite:1:', 'squircle-invite:2:'))).toBe('unsupported-version');
    expect(problem(text.replace('squircle-invite:1:', 'squircle-invite:17:'))).toBe('unsupported-version');
    expect(problem(rechecksum(text, (b) => (b[0] = 2)))).toBe('unsupported-version');
  });

  it('requires a 32-byte secret (at least 128 bits) and refuses a wiped one', () => {
    for (const secret of [
      new Uint8Array(16),
      invite.secret.subarray(0, 16),
      invite.secret.subarray(0, 31),
      new Uint8Array(33),
    ]) {
      expect(() => encodeInvite({ ...invite, secret: secret as InviteSecret })).toThrow(/32 random bytes/);
    }
    expect(() => encodeInvite({ ...invite, secret: new Uint8Array(32) as InviteSecret })).toThrow(TypeError);
    expect(() => encodeInvite({ ...invite, secret: 'secret' as never })).toThrow(TypeError);
    // A forged all-zero secret never decodes, even correctly checksummed.
    expect(problem(rechecksum(text, (b) => b.fill(0, 17, 49)))).toBe('malformed');
  });

  it('refuses broker addresses that are not MQTT or WebSocket URLs', () => {
    for (const brokerUrl of [
      '',
      'https://broker.example',
      'javascript:alert(1)',
      'wss://broker example',
      `wss://${'a'.repeat(600)}`,
      'wss://bröker.example',
    ]) {
      expect(() => createInvite({ inviter, brokerUrl, channelId: invite.channelId, now: NOW })).toThrow(TypeError);
    }
    for (const brokerUrl of [
      'ws://localhost:8080',
      'wss://b.example/mqtt',
      'mqtt://10.0.0.2:1883',
      'mqtts://b.example',
    ]) {
      expect(
        decodeInvite(encodeInvite(createInvite({ inviter, brokerUrl, channelId: invite.channelId, now: NOW })), NOW)
          .brokerUrl,
      ).toBe(brokerUrl);
    }
  });

  it('refuses bad ids, times and signatures when making or encoding', () => {
    const make = (o: Partial<Parameters<typeof createInvite>[0]>) => () =>
      createInvite({ inviter, brokerUrl: BROKER, channelId: invite.channelId, now: NOW, ...o });
    expect(make({ channelId: 'C0'.repeat(16) })).toThrow(TypeError);
    expect(make({ channelId: 'c0' })).toThrow(TypeError);
    expect(make({ expiresAt: NOW })).toThrow(RangeError);
    expect(make({ now: Number.NaN })).toThrow(RangeError);
    expect(() => encodeInvite({ ...invite, signature: new Uint8Array(63) })).toThrow(TypeError);
    expect(() => encodeInvite({ ...invite, inviteId: 'x' } as Invite)).toThrow(TypeError);
    expect(() => decodeInvite(text, Number.NaN)).toThrow(TypeError);
  });
});
