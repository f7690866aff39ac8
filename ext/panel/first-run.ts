import { browser } from 'wxt/browser';
import type { FirstRunApi, FirstRunState } from '../../components/firstrun/api';
import type { SessionApi } from '../../components/session/api';
import { PRACTICE_PAGE } from '../../calls/platforms';
import type { FieldCipher } from '../../crypto/types';
import type { SquircleDb } from '../../storage/db';
import { deleteSampleGroup } from '../../storage/sample-group';

/**
 * The first-run guide's state, in storage.local: whether it shows and the
 * id of the sample group it made. Neither is clinical (the group's name and
 * members are sealed in the vault like any group's).
 */
export const FIRST_RUN_KEY = 'firstRun';

export const SAMPLE_GROUP = 'Sample group (fictional)';
export const SAMPLE_MEMBERS = ['Ana (sample)', 'Ben (sample)', 'Cleo (sample)'];

async function read(): Promise<FirstRunState | undefined> {
  const got = await browser.storage.local.get(FIRST_RUN_KEY);
  return (got[FIRST_RUN_KEY] as FirstRunState | undefined) ?? undefined;
}
const write = (s: FirstRunState) => browser.storage.local.set({ [FIRST_RUN_KEY]: s });

/** Help's "show the guide again". */
export async function showFirstRunAgain(): Promise<void> {
  await write({ ...((await read()) ?? {}), show: true });
}

/**
 * `fresh`: whether this vault has no group and no client yet; the guide
 * shows by itself only then (a new vault), and afterwards only when Help asks.
 */
export function firstRunApi(
  db: SquircleDb,
  cipher: FieldCipher,
  api: SessionApi,
  fresh: () => Promise<boolean>,
): FirstRunApi {
  return {
    state: () => ({
      subscribe(o) {
        let live = true;
        const push = async () => {
          const s = await read();
          if (!live) return;
          if (s) return o.next(s);
          const show = await fresh();
          if (show) await write({ show });
          if (live) o.next({ show });
        };
        const listener = (changes: Record<string, unknown>, area: string) => {
          if (area === 'local' && FIRST_RUN_KEY in changes) void push();
        };
        browser.storage.onChanged.addListener(listener);
        void push();
        return {
          unsubscribe: () => {
            live = false;
            browser.storage.onChanged.removeListener(listener);
          },
        };
      },
    }),
    async addSample() {
      const group = await api.roster.saveGroup({ name: SAMPLE_GROUP, kind: 'closed', schedule: '', coLeaders: [] });
      for (const name of SAMPLE_MEMBERS) await api.roster.saveMember({ groupId: group.id, name, pronouns: '' });
      await write({ show: (await read())?.show ?? true, sampleGroupId: group.id });
      return group.id;
    },
    async removeSample() {
      const s = await read();
      if (s?.sampleGroupId) await deleteSampleGroup(db, cipher, s.sampleGroupId);
      await write({ show: s?.show ?? false });
    },
    openPracticeCall: () => void browser.tabs.create({ url: browser.runtime.getURL(`/${PRACTICE_PAGE}`) }),
    openHelp: () => void browser.tabs.create({ url: browser.runtime.getURL('/help.html') }),
    close: async () => write({ ...((await read()) ?? {}), show: false }),
  };
}
