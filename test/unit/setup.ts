// Dexie runs on fake-indexeddb in unit tests; the real IndexedDB is covered end to end.
import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useMessages } from '../../util/i18n';
import { builtMessages } from '../support/messages';

beforeEach(() => {
  fakeBrowser.reset();
});

// Components render their English text, read from locales/en.yml as a build would write it.
const english = await builtMessages('en');
beforeEach(() => useMessages('en', english));
