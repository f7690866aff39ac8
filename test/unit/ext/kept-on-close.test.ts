// Scratch text handed over as a panel closes: sealed in storage.session, opened only with the vault key it was
// sealed under, and gone once taken or once a save of the note supersedes it.
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fieldCipher, newVaultKey } from '../../../crypto';
import { dropKeptOnClose, keepOnClose, keptOnClose } from '../../../ext/panel/kept-on-close';

describe('scratch text kept as the panel closes', () => {
  it('is sealed in storage.session, opens with its key, and is dropped on request', async () => {
    const cipher = fieldCipher(newVaultKey());
    keepOnClose(cipher, 'typed as the panel closed');
    await expect.poll(async () => Object.keys(await fakeBrowser.storage.session.get(null))).toEqual(['scratchOnClose']);
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).not.toContain('typed as the panel');
    expect(await keptOnClose(cipher)).toBe('typed as the panel closed');
    await dropKeptOnClose();
    expect(await keptOnClose(cipher)).toBeUndefined();
  });

  it('text sealed under another key (a rotation since) is not read, and is dropped', async () => {
    keepOnClose(fieldCipher(newVaultKey()), 'under the old key');
    await expect.poll(async () => Object.keys(await fakeBrowser.storage.session.get(null))).toHaveLength(1);
    expect(await keptOnClose(fieldCipher(newVaultKey()))).toBeUndefined();
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});
