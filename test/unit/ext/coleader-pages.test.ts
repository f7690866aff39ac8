import { afterEach, describe, expect, test } from 'vitest';
import { coLeaderPagesName, tellOutboxGrew, type CoLeaderPageMessage } from '../../../ext/common/coleader-pages';

describe('tellOutboxGrew', () => {
  const open: BroadcastChannel[] = [];
  afterEach(() => open.splice(0).forEach((c) => c.close()));

  const listen = (dbName: string): CoLeaderPageMessage[] => {
    const got: CoLeaderPageMessage[] = [];
    const line = new BroadcastChannel(coLeaderPagesName(dbName));
    line.onmessage = (e: MessageEvent<CoLeaderPageMessage>) => got.push(e.data);
    open.push(line);
    return got;
  };

  test("reaches the vault's line although the sender closes its end at once", async () => {
    const got = listen('vault-a');
    tellOutboxGrew('vault-a');
    await expect.poll(() => got).toEqual([{ kind: 'outbox' }]);
  });
});
