/**
 * The brokers the load runs against, each in a process of its own so that
 * its CPU time and memory can be read apart from the load's clients:
 * the embedded Aedes (broker/start.mjs, LevelDB persistence) and Debian's
 * Mosquitto with the delivery settings of broker/deploy/mosquitto.conf.
 * Both listen for plain MQTT on 127.0.0.1 (Mosquitto's websockets listener
 * would bind every interface), in a temporary directory deleted by stop().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findMosquitto } from '../support/brokers';
import { makeTempDir, REPO_ROOT } from '../support/paths';

export interface LoadBroker {
  name: 'Aedes' | 'Mosquitto';
  /** mqtt://127.0.0.1:<port> */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export type BrokerName = 'aedes' | 'mosquitto';

export function startLoadBroker(name: BrokerName): Promise<LoadBroker> {
  return name === 'aedes' ? startAedesProcess() : startMosquittoProcess();
}

/** broker/start.mjs in a child Node process, with a TCP listener on a free port. */
async function startAedesProcess(): Promise<LoadBroker> {
  const dir = makeTempDir('squircle-load-aedes-');
  const start = pathToFileURL(join(REPO_ROOT, 'broker/start.mjs')).href;
  const script =
    `const { startBroker } = await import(${JSON.stringify(start)});` +
    `const b = await startBroker({ port: 0, tcpPort: 0, dataDir: ${JSON.stringify(dir)}, log: () => {} });` +
    `console.log(JSON.stringify({ tcpUrl: b.tcpUrl }));` +
    `process.once('SIGTERM', () => b.close().then(() => process.exit(0)));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const { tcpUrl } = JSON.parse(await firstLine(child, 'the embedded broker')) as { tcpUrl: string };
    return { name: 'Aedes', url: tcpUrl, pid: child.pid!, stop: () => stopChild(child, dir) };
  } catch (e) {
    await stopChild(child, dir);
    throw e;
  }
}

/** Debian's Mosquitto, anonymous (loopback only, a load run), persistence and queues as a clinic's. */
async function startMosquittoProcess(): Promise<LoadBroker> {
  const mosquitto = findMosquitto();
  if (!mosquitto) throw new Error('Mosquitto is not installed: apt-get install mosquitto.');
  const dir = makeTempDir('squircle-load-mosquitto-');
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      `user ${userInfo().username}`,
      'allow_anonymous true',
      `listener ${port} 127.0.0.1`,
      'persistence true',
      `persistence_location ${dir}/`,
      'autosave_interval 60',
      'max_packet_size 132096',
      'message_size_limit 131072',
      'max_queued_messages 1000',
      'max_inflight_messages 20',
      'retain_available false',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      'connection_messages false',
      '',
    ].join('\n'),
  );
  const child = spawn(mosquitto, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await waitForPort(port, child);
    return { name: 'Mosquitto', url: `mqtt://127.0.0.1:${port}`, pid: child.pid!, stop: () => stopChild(child, dir) };
  } catch (e) {
    await stopChild(child, dir);
    throw e;
  }
}

function firstLine(child: ChildProcess, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before it listened: ${err.trim()}`)));
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`Mosquitto exited (${child.exitCode}): ${err.trim()}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Mosquitto did not listen on 127.0.0.1:${port} within 10 s: ${err.trim()}`);
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

async function stopChild(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(dir, { recursive: true, force: true });
}
