import { describe, expect, it } from 'vitest';
import {
  PairingError,
  channelTopic,
  decodeInvite,
  encodeInvite,
  joinAccept,
  joinMessageKind,
  joinRequest,
  joinTopic,
  newChannelKey,
  newDeviceIdentity,
  newSigningKeyPair,
  openJoinAccept,
  openJoinRequest,
  publicIdentity,
  samePublicIdentity,
  startPairing,
  type BoxPublicKey,
  type Invite,
  type DeviceIdentity,
  type PairingProblem,
  type PublicIdentity,
} from '../../../crypto';
import { JOIN_REQUEST_BYTES } from '../../../crypto/pairing';
import { NOW, flipBit, inviteFrom, thrown } from './channel-fixtures';
import { toHex } from './support';

const problem = (fn: () => unknown): PairingProblem => thrown(PairingError, fn).problem;
/** A join request with a CPace share for some code; this file tests the messages, pairing-code.test.ts the code. */
const requestOf = (invite: Invite, joiner: DeviceIdentity) => startPairing(invite, joiner, '314159').request;
/** Stands for the pairing key CPace gives both sides. */
const KEY = new Uint8Array(32).fill(7);
const decoded = (invite: Invite) => decodeInvite(encodeInvite(invite), NOW);

/** A's side and B's side of one invite, B holding the invite as decoded from text. */
function pair() {
  const a = newDeviceIdentity();
  const b = newDeviceIdentity();
  const invite = inviteFrom(a);
  const received = decodeInvite(encodeInvite(invite), NOW);
  const channelKey = newChannelKey();
  return { a, b, invite, received, channelKey };
}

/** Every byte position, each flipped in its lowest and highest bit. */
function everyFlip(bytes: Uint8Array): Uint8Array[] {
  return Array.from({ length: bytes.length }, (_, i) => [flipBit(bytes, i, 0), flipBit(bytes, i, 7)]).flat();
}

describe('join topic', () => {
  it('is 32 hex characters from the invite secret, the same on both sides and apart from channel topics', () => {
    const { invite, received } = pair();
    expect(joinTopic(invite)).toMatch(/^[0-9a-f]{32}$/);
    expect(joinTopic(received)).toBe(joinTopic(invite));
    expect(joinTopic(inviteFrom(newDeviceIdentity()))).not.toBe(joinTopic(invite));
    expect(joinTopic(invite)).not.toBe(channelTopic(invite.secret as never));
    expect(joinTopic(invite)).not.toContain(invite.inviteId);
    expect(joinTopic(invite)).not.toContain(invite.channelId);
  });
});

describe('the join handshake', () => {
  it('A invites B: the inviter learns B, B learns the channel key and both members', () => {
    const { a, b, invite, received, channelKey } = pair();
    const request = requestOf(received, b);
    expect(request).toHaveLength(JOIN_REQUEST_BYTES);
    expect(joinMessageKind(request)).toBe('request');

    const { joiner, share } = openJoinRequest(invite, a, request, NOW);
    expect(joiner).toEqual(publicIdentity(b));
    expect(share).toHaveLength(32);

    const accept = joinAccept({
      invite,
      inviter: a,
      joiner,
      channelKey,
      members: [publicIdentity(a)],
      pairingKey: KEY,
    });
    expect(joinMessageKind(accept)).toBe('accept');
    const joined = openJoinAccept(received, b, accept, KEY);
    expect(joined.channelId).toBe(invite.channelId);
    expect(toHex(joined.channelKey)).toBe(toHex(channelKey));
    expect(joined.members).toHaveLength(2);
    expect(joined.members.some((m) => samePublicIdentity(m, publicIdentity(a)))).toBe(true);
    expect(joined.members.some((m) => samePublicIdentity(m, publicIdentity(b)))).toBe(true);
  });

  it('reveals neither identity nor key to the broker', () => {
    const { a, b, invite, received, channelKey } = pair();
    const request = requestOf(received, b);
    const accept = joinAccept({
      invite,
      inviter: a,
      joiner: openJoinRequest(invite, a, request, NOW).joiner,
      channelKey,
      members: [],
      pairingKey: KEY,
    });
    const wire = toHex(request) + toHex(accept);
    for (const secret of [
      b.signing.publicKey,
      b.box.publicKey,
      a.signing.publicKey,
      a.box.publicKey,
      channelKey,
      invite.secret,
    ]) {
      expect(wire).not.toContain(toHex(secret).slice(0, 16));
    }
  });

  it("opens B's request only with the invite it answers, and only on the inviter's side", () => {
    const { a, b, invite, received } = pair();
    const request = requestOf(received, b);
    const other = inviteFrom(a, { channelId: invite.channelId });
    expect(problem(() => openJoinRequest(other, a, request, NOW))).toBe('wrong-invite');
    const stranger = newDeviceIdentity();
    expect(problem(() => openJoinRequest(invite, stranger, request, NOW))).toBe('wrong-invite');
    expect(problem(() => openJoinRequest(invite, a, request, invite.expiresAt))).toBe('expired');
  });

  it('refuses a request whose signature is not by the key it carries', () => {
    const { a, b, invite, received } = pair();
    // B announces its public key but signs with another one.
    const impostor: DeviceIdentity = { ...b, signing: { ...b.signing, secretKey: newSigningKeyPair().secretKey } };
    expect(problem(() => openJoinRequest(invite, a, requestOf(received, impostor), NOW))).toBe('bad-signature');
  });

  it('refuses a joiner whose X25519 key is a low-order point', () => {
    const { a, b, invite, received } = pair();
    const weak: DeviceIdentity = { ...b, box: { ...b.box, publicKey: new Uint8Array(32) as BoxPublicKey } };
    expect(problem(() => openJoinRequest(invite, a, requestOf(received, weak), NOW))).toBe('weak-key');
    expect(() =>
      joinAccept({
        invite,
        inviter: a,
        joiner: publicIdentity(weak),
        channelKey: newChannelKey(),
        members: [],
        pairingKey: KEY,
      }),
    ).toThrow(/cannot be used safely/);
  });

  it('opens the accept only for B', () => {
    const { a, b, invite, received, channelKey } = pair();
    const { joiner } = openJoinRequest(invite, a, requestOf(received, b), NOW);
    const accept = joinAccept({ invite, inviter: a, joiner, channelKey, members: [], pairingKey: KEY });
    const c = newDeviceIdentity();
    expect(problem(() => openJoinAccept(received, c, accept, KEY))).toBe('wrong-recipient');
    // C claiming B's device id still lacks B's X25519 key.
    expect(problem(() => openJoinAccept(received, { ...c, deviceId: b.deviceId }, accept, KEY))).toBe('tampered');
    expect(problem(() => openJoinAccept(inviteFrom(a), b, accept, KEY))).toBe('wrong-invite');
  });

  it("verifies the accept against the inviter's key pinned in the invite", () => {
    const { a, b, invite, received, channelKey } = pair();
    const { joiner } = openJoinRequest(invite, a, requestOf(received, b), NOW);
    // Sealed correctly to B, but signed with a key that is not the one in the invite.
    const forger: DeviceIdentity = { ...a, signing: { ...a.signing, secretKey: newSigningKeyPair().secretKey } };
    expect(
      problem(() =>
        openJoinAccept(
          received,
          b,
          joinAccept({ invite, inviter: forger, joiner, channelKey, members: [], pairingKey: KEY }),
          KEY,
        ),
      ),
    ).toBe('bad-signature');
  });

  it('fails with a typed error for a tampered byte anywhere in the request or the accept', () => {
    const { a, b, invite, received, channelKey } = pair();
    const request = requestOf(received, b);
    const accept = joinAccept({
      invite,
      inviter: a,
      joiner: openJoinRequest(invite, a, request, NOW).joiner,
      channelKey,
      members: [],
      pairingKey: KEY,
    });
    const requestProblems = new Set(
      everyFlip(request).map((bad) => problem(() => openJoinRequest(invite, a, bad, NOW))),
    );
    const acceptProblems = new Set(
      everyFlip(accept).map((bad) => problem(() => openJoinAccept(received, b, bad, KEY))),
    );
    expect(requestProblems).toEqual(new Set(['unsupported-version', 'malformed', 'wrong-invite', 'tampered']));
    expect(acceptProblems).toEqual(
      new Set(['unsupported-version', 'malformed', 'wrong-invite', 'wrong-recipient', 'tampered']),
    );
    for (const cut of [0, 1, 9, 10, 33, request.length - 1]) {
      expect(problem(() => openJoinRequest(invite, a, request.subarray(0, cut), NOW))).toMatch(/malformed|tampered/);
    }
    for (const cut of [0, 10, 26, 50, accept.length - 1]) {
      expect(problem(() => openJoinAccept(received, b, accept.subarray(0, cut), KEY))).toMatch(/malformed|tampered/);
    }
    expect(problem(() => openJoinAccept(received, b, request, KEY))).toBe('malformed');
    expect(problem(() => openJoinRequest(invite, a, accept, NOW))).toBe('malformed');
  });

  it('grows to three: A invites B, then C, and C receives a member list with A and B', () => {
    const a = newDeviceIdentity();
    const channelKey = newChannelKey();
    let members: PublicIdentity[] = [publicIdentity(a)];
    const joinVia = (joinerId: DeviceIdentity) => {
      const invite = inviteFrom(a);
      const received = decodeInvite(encodeInvite(invite), NOW);
      const { joiner } = openJoinRequest(invite, a, requestOf(received, joinerId), NOW);
      const accept = joinAccept({ invite, inviter: a, joiner, channelKey, members, pairingKey: KEY });
      const joined = openJoinAccept(received, joinerId, accept, KEY);
      members = [...joined.members];
      return joined;
    };
    const b = newDeviceIdentity();
    const c = newDeviceIdentity();
    joinVia(b);
    const joined = joinVia(c);
    expect(toHex(joined.channelKey)).toBe(toHex(channelKey));
    const ids = joined.members.map((m) => m.deviceId);
    expect(ids).toEqual([a.deviceId, b.deviceId, c.deviceId].sort());
    for (const id of [a, b, c])
      expect(joined.members.some((m) => samePublicIdentity(m, publicIdentity(id)))).toBe(true);
  });

  it('refuses to build an accept that is not the inviter’s or lists one device with two keys', () => {
    const { a, b, invite, channelKey } = pair();
    const joiner = publicIdentity(b);
    expect(() => joinAccept({ invite, inviter: b, joiner, channelKey, members: [], pairingKey: KEY })).toThrow(
      TypeError,
    );
    const twin = { ...joiner, signPk: publicIdentity(newDeviceIdentity()).signPk };
    expect(() => joinAccept({ invite, inviter: a, joiner, channelKey, members: [twin], pairingKey: KEY })).toThrow(
      /two different keys/,
    );
    const crowd = Array.from({ length: 15 }, () => publicIdentity(newDeviceIdentity()));
    expect(() => joinAccept({ invite, inviter: a, joiner, channelKey, members: crowd, pairingKey: KEY })).toThrow(
      RangeError,
    );
    expect(() =>
      joinAccept({ invite, inviter: a, joiner, channelKey: new Uint8Array(31) as never, members: [], pairingKey: KEY }),
    ).toThrow(TypeError);
    expect(() => requestOf(invite, a)).toThrow(/own invite/);
    expect(() => joinRequest(decoded(invite), b, new Uint8Array(31))).toThrow(TypeError);
  });

  it('tells request from accept by the header alone', () => {
    expect(joinMessageKind(new Uint8Array([2, 1, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('request');
    expect(joinMessageKind(new Uint8Array([2, 2, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('accept');
    expect(joinMessageKind(new Uint8Array([2, 3, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('challenge');
    expect(joinMessageKind(new Uint8Array([2, 4, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('confirm');
    expect(joinMessageKind(new Uint8Array([2, 5, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeUndefined();
    expect(joinMessageKind(new Uint8Array([1, 1, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeUndefined();
    expect(joinMessageKind(new Uint8Array([2, 1]))).toBeUndefined();
    expect(joinMessageKind('x' as never)).toBeUndefined();
  });
});
