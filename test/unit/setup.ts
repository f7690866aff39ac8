// Dexie runs on fake-indexeddb in unit tests; the real IndexedDB is covered end to end.
import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

beforeEach(() => {
  fakeBrowser.reset();
});
