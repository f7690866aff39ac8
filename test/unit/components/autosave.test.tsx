// A save that fails keeps the text, says why, is tried again by itself and
// goes through once storage works again. The real full disk is in
// test/e2e/bad-input.test.ts; here the save function fails on purpose.
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScratchNote } from '../../../components/ScratchNote';
import { NOT_SAVED, NOT_SAVED_DISK_FULL } from '../../../components/SaveStatusLine';
import { isDiskFull, saveFailure } from '../../../components/useAutosave';
import { settlePendingSaves, UnsavedTextError } from '../../../util/pending-saves';
import { useTestDom } from './dom';

describe('isDiskFull', () => {
  it('knows the ways a browser says there is no room, also wrapped by Dexie', () => {
    const dom = (name: string, message = '') => Object.assign(new Error(message), { name });
    expect(isDiskFull(dom('QuotaExceededError'))).toBe(true);
    expect(
      isDiskFull({ name: 'AbortError', message: 'QuotaExceededError The quota', inner: dom('QuotaExceededError') }),
    ).toBe(true);
    // Chromium with a full disk under LevelDB.
    expect(
      isDiskFull(
        dom(
          'UnknownError',
          'Connection is closing because of: IO error: …/000003.log: ' +
            'FILE_ERROR_NO_SPACE (ChromeMethodBFE: 3::WritableFileAppend::8)',
        ),
      ),
    ).toBe(true);
    expect(
      isDiskFull({ name: 'AbortError', message: 'aborted', inner: dom('UnknownError', 'FILE_ERROR_NO_SPACE') }),
    ).toBe(true);
    expect(isDiskFull(dom('UnknownError', 'Internal error'))).toBe(false);
    expect(isDiskFull(dom('VaultLockedError'))).toBe(false);
    expect(isDiskFull(undefined)).toBe(false);
    expect(isDiskFull('QuotaExceededError')).toBe(false);
  });
});

describe('saveFailure', () => {
  const g = globalThis as unknown as Record<string, unknown>;
  const had = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  const room = (quota: number, usage: number) =>
    Object.defineProperty(globalThis, 'navigator', {
      configurable: true,
      value: { storage: { estimate: async () => ({ quota, usage }) } },
    });
  afterEach(() => {
    if (had) Object.defineProperty(globalThis, 'navigator', had);
    else delete g.navigator;
  });

  it('calls a failure that names no cause a full disk when the browser reports no room, not otherwise', async () => {
    // What Chromium says once the database could not be reopened on a full disk.
    const closed = Object.assign(new Error('Internal error opening backing store for indexedDB.open.'), {
      name: 'DatabaseClosedError',
    });
    room(5_000_000, 4_999_000);
    expect(await saveFailure(closed)).toBe('full');
    room(50_000_000, 4_999_000);
    expect(await saveFailure(closed)).toBe('error');
    expect(await saveFailure(Object.assign(new Error('x'), { name: 'QuotaExceededError' }))).toBe('full');
    Object.defineProperty(globalThis, 'navigator', {
      configurable: true,
      value: { storage: { estimate: () => Promise.reject(new Error('no')) } },
    });
    expect(await saveFailure(closed)).toBe('error');
  });
});

describe('ScratchNote when saving fails', () => {
  const dom = useTestDom();

  const status = () => dom.root.querySelector('[data-status]')!;
  const type = async (text: string) => {
    await act(() => void dom.type(dom.root.querySelector('textarea')!, text));
  };
  const wait = (ms: number) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)));

  it('keeps the text, names a full disk as an alert, retries, and saves when there is room again', async () => {
    let full = true;
    const stored: string[] = [];
    const save = vi.fn(async (t: string) => {
      if (full)
        throw Object.assign(new Error('QuotaExceededError'), {
          name: 'AbortError',
          inner: Object.assign(new Error('quota'), { name: 'QuotaExceededError' }),
        });
      stored.push(t);
    });
    await act(() => render(h(ScratchNote, { load: async () => 'before', save }), dom.root));
    await wait(0);
    await type('before and after');
    await wait(1000);
    expect(status().getAttribute('data-status')).toBe('full');
    expect(status().getAttribute('role')).toBe('alert');
    expect(status().textContent).toBe(NOT_SAVED_DISK_FULL);
    expect(dom.root.querySelector('textarea')!.value).toBe('before and after');
    const tries = save.mock.calls.length;
    await wait(4100);
    expect(save.mock.calls.length).toBe(tries + 2);
    // Still failing: the alert stays, it does not blink to "Saving…".
    expect(status().getAttribute('data-status')).toBe('full');
    full = false;
    await wait(2100);
    expect(stored).toEqual(['before and after']);
    expect(status().getAttribute('data-status')).toBe('saved');
    expect(status().getAttribute('role')).toBe('status');
    // Nothing more is retried once saved.
    await wait(6000);
    expect(stored).toEqual(['before and after']);
  });

  it('text that could not be saved comes back when the note is opened again, and is saved then', async () => {
    let full = true;
    const stored: string[] = [];
    const save = async (t: string) => {
      if (full) throw Object.assign(new Error('IO error: FILE_ERROR_NO_SPACE'), { name: 'UnknownError' });
      stored.push(t);
    };
    await act(() => render(h(ScratchNote, { load: async () => 'older', save }), dom.root));
    await wait(0);
    await type('typed on a full disk');
    await wait(1000);
    expect(status().getAttribute('data-status')).toBe('full');
    await act(() => render(null, dom.root)); // another view opens
    full = false;
    await act(() => render(h(ScratchNote, { load: async () => 'older', save }), dom.root));
    await wait(0);
    expect(dom.root.querySelector('textarea')!.value).toBe('typed on a full disk');
    await wait(100);
    expect(stored).toEqual(['typed on a full disk']);
    expect(status().getAttribute('data-status')).toBe('saved');
    // Saved: opening it again shows what is stored, not the old draft.
    await act(() => render(null, dom.root));
    await act(() => render(h(ScratchNote, { load: async () => 'from storage', save }), dom.root));
    await wait(0);
    expect(dom.root.querySelector('textarea')!.value).toBe('from storage');
  });

  it('names another failure differently, and typing meanwhile is what gets saved', async () => {
    let fail = true;
    const stored: string[] = [];
    const save = async (t: string) => {
      if (fail) throw Object.assign(new Error('Internal error'), { name: 'UnknownError' });
      stored.push(t);
    };
    await act(() => render(h(ScratchNote, { load: async () => '', save }), dom.root));
    await wait(0);
    await type('first');
    await wait(1000);
    expect(status().textContent).toBe(NOT_SAVED);
    await type('first, then more');
    fail = false;
    await wait(1000);
    expect(stored.at(-1)).toBe('first, then more');
    expect(status().getAttribute('data-status')).toBe('saved');
    // Opened again, the note shows what is stored, not the text whose save failed first.
    await act(() => render(null, dom.root));
    await act(() => render(h(ScratchNote, { load: async () => stored.at(-1)!, save }), dom.root));
    await wait(0);
    expect(dom.root.querySelector('textarea')!.value).toBe('first, then more');
  });
});

describe('a lock settles what autosaved fields hold', () => {
  const dom = useTestDom();
  const wait = (ms: number) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)));
  const type = async (text: string) => {
    await act(() => void dom.type(dom.root.querySelector('textarea')!, text));
  };
  /** Settles the fields as a lock does, while fake time runs on; its outcome and the saves it saw. */
  const settle = async () => {
    const done = settlePendingSaves().then(
      () => 'saved',
      (e: unknown) => e,
    );
    await wait(50);
    return done;
  };

  it('saves text typed within the delay at once, not after it', async () => {
    const stored: string[] = [];
    await act(() => render(h(ScratchNote, { load: async () => '', save: async (t) => void stored.push(t) }), dom.root));
    await wait(0);
    await type('typed just before the lock');
    expect(stored).toEqual([]);
    expect(await settle()).toBe('saved');
    expect(stored).toEqual(['typed just before the lock']);
    // Nothing is left for the delay to save a second time.
    await wait(2000);
    expect(stored).toEqual(['typed just before the lock']);
  });

  it('waits for a save already under way, then saves what was typed after it began', async () => {
    const log: string[] = [];
    const save = async (t: string) => {
      log.push(`start ${t}`);
      await new Promise((r) => setTimeout(r, 30));
      log.push(`end ${t}`);
    };
    await act(() => render(h(ScratchNote, { load: async () => '', save }), dom.root));
    await wait(0);
    await type('one');
    await wait(710);
    expect(log).toEqual(['start one']);
    await type('one two');
    expect(await settle()).toBe('saved');
    expect(log).toEqual(['start one', 'end one', 'start one two', 'end one two']);
  });

  it('a save that fails leaves the text on screen with its alert, and the lock learns it', async () => {
    let fail = true;
    const stored: string[] = [];
    const save = async (t: string) => {
      if (fail) throw Object.assign(new Error('Internal error'), { name: 'UnknownError' });
      stored.push(t);
    };
    await act(() => render(h(ScratchNote, { load: async () => '', save }), dom.root));
    await wait(0);
    await type('must not be lost');
    const outcome = await settle();
    expect(outcome).toBeInstanceOf(UnsavedTextError);
    expect((outcome as UnsavedTextError).fields).toBe(1);
    expect(dom.root.querySelector('textarea')!.value).toBe('must not be lost');
    const line = dom.root.querySelector('[data-status]')!;
    expect(line.getAttribute('role')).toBe('alert');
    expect(line.textContent).toBe(NOT_SAVED);
    // It is still tried again, and goes through once the browser can store it.
    fail = false;
    await wait(2100);
    expect(stored).toEqual(['must not be lost']);
    expect(await settle()).toBe('saved');
  });

  it('a field that was closed no longer holds up a lock', async () => {
    const save = vi.fn(async () => undefined);
    await act(() => render(h(ScratchNote, { load: async () => '', save }), dom.root));
    await wait(0);
    await type('saved when closed');
    await act(() => render(null, dom.root));
    expect(save).toHaveBeenCalledTimes(1);
    expect(await settle()).toBe('saved');
    expect(save).toHaveBeenCalledTimes(1);
  });
});
