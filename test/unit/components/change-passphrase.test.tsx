// The passphrase change offers "re-encrypt everything": with it ticked the rotation runs, its progress shows, and
// the result says that backups made before keep the old passphrase; without it only the passphrase changes.
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { ChangePassphrase } from '../../../components/options/ChangePassphrase';
import { useTestDom } from './dom';

const strength = () => ({ ok: true, score: 4 as const, hint: 'Strong.' });
const OLD = 'the old calm passphrase';
const NEXT = 'a new calm passphrase here';

describe('ChangePassphrase', () => {
  const dom = useTestDom();

  function fill(rotateToo: boolean) {
    const input = (id: string) => dom.root.querySelector(`#${id}`) as HTMLInputElement;
    act(() => void dom.type(input('old-pass'), OLD));
    act(() => void dom.type(input('next-pass'), NEXT));
    act(() => void dom.type(input('next-pass-again'), NEXT));
    const box = input('rotate-key');
    if (rotateToo)
      act(() => {
        box.checked = true;
        box.dispatchEvent(new Event('change'));
      });
  }
  const submit = () =>
    act(() => void dom.root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true })));
  const result = () => dom.root.querySelector('[data-change-result]');

  it('with "re-encrypt everything" ticked, rotates with progress; old backups keep the old passphrase', async () => {
    const calls: string[] = [];
    let report: (done: number, total: number) => void = () => undefined;
    let finish: (r: { rows: number; unreadable: number }) => void = () => undefined;
    const rotate = (o: string, n: string, onProgress: (done: number, total: number) => void) => {
      calls.push(`rotate ${o} -> ${n}`);
      report = onProgress;
      return new Promise<{ rows: number; unreadable: number }>((r) => (finish = r));
    };
    const change = async () => void calls.push('change');
    await act(() => render(h(ChangePassphrase, { change, rotate, strength, minLength: 12 }), dom.root));
    expect(dom.root.querySelector('#rotate-key-hint')!.textContent).toContain(
      'Backups you made before stay on the old key',
    );
    fill(true);
    submit();
    expect(calls).toEqual([`rotate ${OLD} -> ${NEXT}`]);
    await act(async () => report(250, 1000));
    expect(dom.root.querySelector('[data-rotate-progress]')!.textContent).toContain(
      'Re-encrypting… 250 of 1000 records',
    );
    await act(async () => finish({ rows: 1000, unreadable: 2 }));
    expect(dom.root.querySelector('[data-rotate-progress]')).toBeNull();
    expect(result()!.getAttribute('data-change-result')).toBe('ok');
    expect(result()!.textContent).toBe(
      'Passphrase changed, and 1000 records re-encrypted under a new key. Backups made before still open only ' +
        'with your old passphrase: save a new backup. 2 records could not be opened before the change either; ' +
        'they were kept as they were.',
    );
  });

  it('without it, only the passphrase changes; a failed rotation says nothing changed', async () => {
    const calls: string[] = [];
    const rotate = async () => {
      calls.push('rotate');
      throw new Error('Not written: the disk is full');
    };
    const change = async () => void calls.push('change');
    await act(() => render(h(ChangePassphrase, { change, rotate, strength, minLength: 12 }), dom.root));
    fill(false);
    submit();
    await act(async () => undefined);
    expect(calls).toEqual(['change']);
    expect(result()!.textContent).toBe('Passphrase changed. Use the new one from now on.');

    fill(true);
    submit();
    await act(async () => undefined);
    expect(calls).toEqual(['change', 'rotate']);
    expect(result()!.getAttribute('data-change-result')).toBe('error');
    expect(result()!.textContent).toContain('Not written: the disk is full');
  });
});
