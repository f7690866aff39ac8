import { browser } from 'wxt/browser';
import type { SquircleDb } from '../../storage/db';
import { applyRetention } from '../../storage/retention';
import { effectiveSettings } from '../common/settings-store';

const ALARM = 'retention';

/**
 * Deletes sessions older than the clinic's retentionDays at start-up and
 * once a day (alarms API). Needs no key: ids and start times are in the clear.
 */
export function startRetention(db: SquircleDb): void {
  const run = async () => {
    const days = (await effectiveSettings()).retentionDays;
    if (days > 0) await applyRetention(db, days);
  };
  browser.alarms.onAlarm.addListener((a) => {
    if (a.name === ALARM) void run().catch(() => undefined);
  });
  void browser.alarms.create(ALARM, { periodInMinutes: 24 * 60, delayInMinutes: 24 * 60 });
  void run().catch(() => undefined);
}
