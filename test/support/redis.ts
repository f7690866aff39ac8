/**
 * Debian's redis-server for tests, on a free port of 127.0.0.1, with no
 * snapshots on disk, in a temporary directory that stop() deletes.
 *
 *   const redis = await startRedis();   // redis.url: redis://127.0.0.1:<port>/0
 *   await redis.stop();
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { makeTempDir } from './paths';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/** Debian's redis-server, or $SQUIRCLE_REDIS; undefined when neither is installed. */
export function findRedis(): string | undefined {
  if (process.env.SQUIRCLE_REDIS) return process.env.SQUIRCLE_REDIS;
  return ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server'].find((p) =>
    existsSync(p),
  );
}

export async function startRedis(): Promise<TestRedis> {
  const bin = findRedis();
  if (!bin) throw new Error('redis-server is not installed: apt-get install redis-server (or set SQUIRCLE_REDIS).');
  const dir = makeTempDir('squircle-redis-');
  const port = await freePort();
  const child = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout!.on('data', (b: Buffer) => (log = (log + b.toString()).slice(-4000)));
  child.stderr!.on('data', (b: Buffer) => (log = (log + b.toString()).slice(-4000)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`redis-server exited (${child.exitCode}): ${log.trim()}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (open) break;
    if (i >= 100) {
      await stop();
      throw new Error(`redis-server did not listen on 127.0.0.1:${port} within 10 s: ${log.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `redis://127.0.0.1:${port}/0`, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
