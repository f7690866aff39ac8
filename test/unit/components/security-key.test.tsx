// The security key card in Settings, rendered into linkedom: it says which way back exists when the key is
// lost (a backup from before, or the clinic's recovery where it is set up), turns on only after that is
// confirmed, names why a browser cannot use it, and shows a key problem in plain words.
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { SecurityKey } from '../../../components/options/SecurityKey';
import type { KeyProblem } from '../../../components/vault/types';
import { useTestDom } from './dom';

const dom = useTestDom();
/** Lets the card's loads and actions (promises, then effects) finish. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await act(async () => void (await vi.advanceTimersByTimeAsync(0)));
};

function keyError(problem: KeyProblem): Error {
  return Object.assign(new Error('detail'), { name: 'SecurityKeyError', problem });
}

describe('SecurityKey', () => {
  const mount = async (
    opts: { on?: boolean; unavailable?: KeyProblem; fingerprint?: string; turnOn?: (p: string) => Promise<void> } = {},
  ) => {
    const calls: string[] = [];
    act(() =>
      render(
        h(SecurityKey, {
          unavailable: async () => opts.unavailable,
          isOn: async () => opts.on ?? false,
          turnOn: opts.turnOn ?? (async (p) => void calls.push(`on:${p}`)),
          turnOff: async (p) => void calls.push(`off:${p}`),
          clinicRecovery: async () => opts.fingerprint,
          clinic: 'Northside',
        }),
        dom.root,
      ),
    );
    await settle();
    return calls;
  };
  const button = (text: string) =>
    [...dom.root.querySelectorAll('button')].find((b) => b.textContent?.includes(text)) as HTMLButtonElement;
  const open = () => act(() => void button('Also require a security key').click());
  const submit = async () => {
    act(() => void dom.root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true })));
    await settle();
  };

  it('without clinic recovery: only a backup from before brings records back; turns on once confirmed', async () => {
    const calls = await mount();
    open();
    const recovery = dom.root.querySelector('[data-security-key-recovery]')!.textContent!;
    expect(recovery).toContain('only from a backup made before you turned the key on');
    expect(recovery).toContain('no clinic recovery is set up');
    act(() => void dom.type(dom.root.querySelector('#security-key-pass') as HTMLInputElement, 'my words'));
    expect(button('Turn on and register the key').disabled).toBe(true);
    await submit();
    expect(calls).toEqual([]);
    const box = dom.root.querySelector('#security-key-understood') as HTMLInputElement;
    act(() => {
      box.checked = true;
      box.dispatchEvent(new Event('change'));
    });
    expect(button('Turn on and register the key').disabled).toBe(false);
    await submit();
    expect(calls).toEqual(['on:my words']);
    expect(dom.root.querySelector('form')!.getAttribute('data-security-key')).toBe('on');
  });

  it('with clinic recovery: names the clinic as the other way back', async () => {
    await mount({ fingerprint: 'ABCD-EF01' });
    open();
    const recovery = dom.root.querySelector('[data-security-key-recovery]')!.textContent!;
    expect(recovery).toContain('through clinic recovery: Northside keeps a recovery key offline');
    expect(recovery).not.toContain('no clinic recovery');
  });

  it('in a browser that cannot use it: the button is off and says why', async () => {
    await mount({ unavailable: 'unavailable' });
    expect(button('Also require a security key').disabled).toBe(true);
    expect(dom.root.querySelector('#security-key-why')!.textContent).toContain('Firefox refuses them');
  });

  it('a key that did not answer is said in plain words, and nothing changed', async () => {
    await mount({ turnOn: async () => Promise.reject(keyError('not-touched')) });
    open();
    act(() => void dom.type(dom.root.querySelector('#security-key-pass') as HTMLInputElement, 'my words'));
    const box = dom.root.querySelector('#security-key-understood') as HTMLInputElement;
    act(() => {
      box.checked = true;
      box.dispatchEvent(new Event('change'));
    });
    await submit();
    expect(dom.root.querySelector('[role="alert"]')!.textContent).toContain('No security key answered');
    expect(dom.root.querySelector('form')!.getAttribute('data-security-key')).toBe('off');
  });
});
