/**
 * Two co-leaders' side panels, paired through the embedded broker, for the
 * channel figures. Built from the test helpers in test/support/ (startAedes, leader,
 * pair, startSession), so the panels are the built extension in two
 * Chromium profiles, driven as a clinician drives them.
 *
 * Shared by the co-leader sources through `ctx.shared`, so the profiles,
 * vaults and pairing are paid once.
 */
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { startAedes, type AedesTestBroker } from '../../support/brokers';
import { leader, pair, type Leader } from '../../support/coleaders';
import { startSession } from '../../support/journey';
import { openView } from '../../support/panel';
import { clockOffset, installProbe } from './panel-probe';

export const STEP_TIMEOUT_MS = 30_000;

/** An envelope seen passing the broker, on Node's machine clock. */
export interface Passing {
  at: number;
  bytes: number;
}

export interface CoLeaderPair {
  broker: AedesTestBroker;
  a: Leader;
  b: Leader;
  group: string;
  tag: string;
  /** Every envelope on the channel's topics, as a Node subscriber (QoS 0) gets it from the broker. */
  passed: Passing[];
  /** Each page's machine clock minus Node's (ms): subtract it from a page's time to compare with Node's. */
  offsets: { a: number; b: number; aRtt: number; bRtt: number };
  /** How long profiles, vaults and pairing took (s). */
  setupSeconds: number;
  /** Ends the running session (if any) on A, starts a new one, and waits until both panels show it with no markers. */
  freshSession(): Promise<void>;
  close(): Promise<void>;
}

export const nodeNow = () => performance.timeOrigin + performance.now();

export async function openPair(): Promise<CoLeaderPair> {
  const tag = Math.random().toString(36).slice(2, 7);
  const group = `Bench circle ${tag}`;
  const t0 = performance.now();
  const broker = await startAedes();
  const leaders: Leader[] = [];
  let spy: mqtt.MqttClient | undefined;
  const close = async () => {
    await spy?.endAsync().catch(() => {});
    for (const l of leaders) await l.s.close().catch(() => {});
    await broker.stop();
  };
  try {
    leaders.push(...(await Promise.all([leader(broker.url), leader(broker.url)])));
    const [a, b] = leaders as [Leader, Leader];
    await pair(a, b, group, [`Member ${tag}`]);
    await openView(a.panel, 'Session');
    await openView(b.panel, 'Session');
    const passed: Passing[] = [];
    spy = await mqtt.connectAsync(broker.tcpUrl, { clientId: `bench-spy-${tag}` });
    await spy.subscribeAsync('sq/v1/#', { qos: 0 });
    spy.on('message', (_t, payload) => passed.push({ at: nodeNow(), bytes: payload.length }));
    for (const p of [a.panel, b.panel]) await installProbe(p);
    const [oa, ob] = [await clockOffset(a.panel), await clockOffset(b.panel)];
    return {
      broker,
      a,
      b,
      group,
      tag,
      passed,
      offsets: { a: oa.offsetMs, b: ob.offsetMs, aRtt: oa.rttMs, bRtt: ob.rttMs },
      setupSeconds: (performance.now() - t0) / 1000,
      freshSession: () => freshSession(a, b, group),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

async function freshSession(a: Leader, b: Leader, group: string): Promise<void> {
  if (await a.panel.$('[role="timer"]')) {
    await a.panel.click('button:has-text("End…")');
    await a.panel.click('button:has-text("End session")');
    await a.panel.waitForSelector('#start-owner', { timeout: STEP_TIMEOUT_MS });
  }
  await startSession(a.panel, group);
  const empty = () =>
    !!document.querySelector('[role="timer"]') && document.querySelectorAll('ul.markers > li').length === 0;
  await b.panel.waitForFunction(empty, undefined, { timeout: STEP_TIMEOUT_MS });
  await a.panel.waitForFunction(empty, undefined, { timeout: STEP_TIMEOUT_MS });
}

/**
 * What a panel's store holds of the channel's work, read from IndexedDB in the
 * page (these tables' counts are in the clear).
 */
export interface StoreCounts {
  markers: number;
  outbox: number;
  /** Rejected envelopes by reason. */
  rejected: Record<string, number>;
}

export function storeCounts(page: Page): Promise<StoreCounts> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('squircle');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const ask = <T>(table: string, f: (s: IDBObjectStore) => IDBRequest<T>) =>
      new Promise<T>((ok, fail) => {
        const r = f(db.transaction(table).objectStore(table));
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
    try {
      const rows = await ask<{ id: string; count: number }[]>('diagnostics', (s) => s.getAll());
      return {
        markers: await ask('markers', (s) => s.count()),
        outbox: await ask('outbox', (s) => s.count()),
        rejected: Object.fromEntries(rows.map((r) => [r.id.slice(r.id.lastIndexOf(':') + 1), r.count])),
      };
    } finally {
      db.close();
    }
  });
}
