/**
 * Real MQTT brokers for tests, on free ports, reachable on 127.0.0.1 only.
 *
 *   const aedes = await startAedes();          // the embedded broker (broker/start.mjs)
 *   const mosq = await startMosquitto();       // Debian's Mosquitto 2.0, as a clinic runs it
 *   mqtt.connect(mosq.url)  / mqtt.connect(mosq.tcpUrl)
 *   await mosq.restart();                      // same URLs, same persistence: queued messages survive
 *   await mosq.stop();
 *   const capture = await captureBroker(mosq.tcpUrl);  // every message under sq/, as a raw subscriber sees it
 *
 * Mosquitto 2.0 binds websockets listeners on every interface whatever
 * address the config gives, and has no port 0. So by default it runs in its
 * own network namespace (`unshare --user --net --pid`), where the only
 * interface is a loopback nobody else can reach, and fixed ports are always
 * free. A relay inside the namespace exposes its TCP and websockets
 * listeners as Unix sockets in a temporary directory; on this side, Node
 * proxies listen on 127.0.0.1:<free port> and forward to them. Browsers
 * talk to Mosquitto's own websockets implementation that way.
 *
 * Where user namespaces are not allowed (e.g. Docker's default seccomp
 * profile), it falls back to `websocket: 'bridge'`: Mosquitto gets a TCP
 * listener only, on 127.0.0.1, and `url` is a Node WebSocket server on
 * 127.0.0.1 that carries each connection to that TCP listener; Mosquitto's
 * MQTT behaviour is the same, its websockets code is not exercised.
 * SQUIRCLE_MOSQUITTO_WS=netns|bridge forces one; SQUIRCLE_MOSQUITTO points
 * at another binary.
 *
 * Processes are stopped on failure and when the test process exits; if it
 * is killed outright, the relay sees its stdin close, stops Mosquitto and
 * deletes the temporary directory. stop() deletes it too; restart() keeps it.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import type { Duplex } from 'node:stream';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { startBroker, type RunningBroker } from '../../broker/start.mjs';
import { makeTempDir, REPO_ROOT } from './paths';
import type { CertificateFiles } from './tls';

export interface TestBroker {
  /** ws://127.0.0.1:<port> (wss:// for a Mosquitto started with tls): MQTT over WebSocket, as the extension connects. */
  url: string;
  /** mqtt://127.0.0.1:<port>: MQTT over TCP, for Node-side clients. */
  tcpUrl: string;
  /** Where queued messages and sessions are kept across restart(). */
  dataDir: string;
  /**
   * Stops the broker (gracefully, so it saves its state), closes every
   * connection and, if the helper made dataDir, deletes it. Idempotent.
   */
  stop(): Promise<void>;
  /**
   * Stops the broker gracefully and starts it again on the same URLs with the
   * same persistence. Clients are disconnected meanwhile.
   */
  restart(): Promise<void>;
}

export interface AedesTestBroker extends TestBroker {
  /** The running embedded broker (replaced on restart()): its listeners' addresses, for instance. */
  readonly broker: RunningBroker;
}

export interface MosquittoTestBroker extends TestBroker {
  /** Adds an account to the password file of a broker started with accounts; restart() makes Mosquitto read it. */
  addAccount(a: { username: string; password: string }): void;
  /**
   * 'mosquitto': url reaches Mosquitto's own websockets listener (namespace);
   * 'bridge': a Node WebSocket-to-TCP bridge (see top of file).
   */
  websocket: 'mosquitto' | 'bridge';
  /** Why the namespace could not be used, when websocket is 'bridge' without being asked for. */
  fallbackReason?: string;
  /** The network namespace Mosquitto runs in (e.g. 'net:[4026532301]'); this process's own in bridge mode. */
  readonly netns: string;
  /** The last few KB of Mosquitto's log (connections, errors; never payloads). */
  log(): string;
  /**
   * With `dynsec`: runs `mosquitto_ctrl dynsec <args>` as the admin account, or with `script`
   * broker/squircle-dynsec.sh <args> (what a clinic's administrator runs) with `env` added;
   * returns its output, throws on failure.
   */
  dynsec(args: string[], o?: { script?: boolean; env?: Record<string, string> }): Promise<string>;
}

const execFileAsync = promisify(execFile);

// ---------------------------------------------------------------- raw capture of the traffic

export interface BrokerMessage {
  topic: string;
  payload: Buffer;
}

export interface BrokerCapture {
  readonly messages: readonly BrokerMessage[];
}

export interface RawSubscriber extends BrokerCapture {
  stop(): Promise<void>;
}

/** A raw MQTT client subscribed to sq/# (everything the extension publishes), recording every message. */
export async function captureBroker(tcpUrl: string): Promise<RawSubscriber> {
  const messages: BrokerMessage[] = [];
  const client = await mqtt.connectAsync(tcpUrl, {
    clientId: `plaintext-capture-${Math.random().toString(36).slice(2, 10)}`,
    protocolVersion: 4,
    reconnectPeriod: 500,
  });
  client.on('message', (topic, payload) => messages.push({ topic, payload: Buffer.from(payload) }));
  // mqtt.js subscribes again by itself after the broker comes back (outage journeys restart it).
  await client.subscribeAsync('sq/#', { qos: 1 });
  return { messages, stop: () => client.endAsync(true) };
}

// ---------------------------------------------------------------- cleanup at exit

const atExit = new Set<() => void>();
let exitHookInstalled = false;
function onExit(fn: () => void): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const f of atExit) {
        try {
          f();
        } catch {
          // best effort while exiting
        }
      }
    });
  }
  atExit.add(fn);
  return () => atExit.delete(fn);
}

// ---------------------------------------------------------------- Aedes

/**
 * Starts the embedded broker (broker/start.mjs) on free ports, with a TCP
 * listener too. Without dataDir, a temporary one is made and deleted by stop().
 */
export async function startAedes(options: { dataDir?: string } = {}): Promise<AedesTestBroker> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? makeTempDir('squircle-aedes-');
  const forget = onExit(() => {
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
  });
  const quiet = () => undefined;
  let broker: RunningBroker;
  try {
    broker = await startBroker({ port: 0, tcpPort: 0, dataDir, log: quiet });
  } catch (err) {
    forget();
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const wsPort = broker.addresses.ws.port;
  const tcpPort = broker.addresses.tcp!.port;
  let stopped = false;
  return {
    url: broker.url,
    tcpUrl: broker.tcpUrl!,
    dataDir,
    get broker() {
      return broker;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await broker.close();
      forget();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async restart() {
      if (stopped) throw new Error('restart() after stop()');
      await broker.close();
      broker = await startBroker({ port: wsPort, tcpPort, dataDir, log: quiet });
    },
  };
}

// ---------------------------------------------------------------- Mosquitto

/** Debian's Mosquitto, or $SQUIRCLE_MOSQUITTO; undefined when neither is installed. */
export function findMosquitto(): string | undefined {
  if (process.env.SQUIRCLE_MOSQUITTO) return process.env.SQUIRCLE_MOSQUITTO;
  return [
    '/usr/sbin/mosquitto',
    '/usr/local/sbin/mosquitto',
    '/usr/bin/mosquitto',
    '/opt/homebrew/sbin/mosquitto',
    '/usr/local/opt/mosquitto/sbin/mosquitto',
  ].find((p) => existsSync(p));
}

/** A tool installed beside Mosquitto (mosquitto_passwd, mosquitto_ctrl), else found on PATH. */
function mosquittoTool(mosquitto: string, name: string): string {
  return (
    [join(dirname(mosquitto), name), join(dirname(mosquitto), '..', 'bin', name)].find((p) => existsSync(p)) ?? name
  );
}

/** Mosquitto's dynamic security plugin (Debian: /usr/lib/<arch>/mosquitto_dynamic_security.so), or as set. */
export function findDynsecPlugin(): string {
  const candidates = [
    process.env.SQUIRCLE_MOSQUITTO_DYNSEC,
    ...['x86_64-linux-gnu', 'aarch64-linux-gnu'].map((a) => `/usr/lib/${a}/mosquitto_dynamic_security.so`),
    '/usr/lib/mosquitto_dynamic_security.so',
    '/usr/local/lib/mosquitto_dynamic_security.so',
  ];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found)
    throw new Error(
      "Mosquitto's dynamic security plugin was not found (Debian's mosquitto package has it): " +
        'set SQUIRCLE_MOSQUITTO_DYNSEC to its path.',
    );
  return found;
}

function findIp(): string | undefined {
  return ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].find((p) => existsSync(p));
}

/** Ports Mosquitto uses inside its own namespace, where nothing else listens. */
const NS_TCP_PORT = 1883;
const NS_WS_PORT = 8080;

/**
 * relay.mjs: runs inside the namespace (or beside Mosquitto in bridge mode)
 * as Mosquitto's parent. Brings loopback up, starts Mosquitto, waits for its
 * listeners, exposes each as a Unix socket and prints "ready <netns>".
 * "stop" on stdin stops Mosquitto gracefully (SIGTERM: it writes its
 * persistence file) and exits, keeping the data for a restart. Its stdin
 * closing without "stop" (this process died) or SIGTERM does the same, then
 * deletes the temporary directory.
 */
const RELAY = String.raw`
import { spawn, execFileSync } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { readlinkSync, rmSync } from 'node:fs';
const cfg = JSON.parse(process.env.SQUIRCLE_RELAY);
if (cfg.ip) execFileSync(cfg.ip, ['link', 'set', 'lo', 'up']);
const mq = spawn(cfg.mosquitto, ['-c', cfg.conf], { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;
let keep = false;
const finish = (code) => {
  for (const r of cfg.routes) rmSync(r.path, { force: true });
  if (!keep) rmSync(cfg.dir, { recursive: true, force: true });
  process.exit(code);
};
mq.on('error', (e) => { console.error('relay: ' + e.message); finish(1); });
mq.on('exit', (code, signal) => {
  if (!stopping) console.error('relay: mosquitto exited with ' + (signal ?? code));
  finish(stopping ? 0 : 1);
});
const stop = () => { if (!stopping) { stopping = true; mq.kill('SIGTERM'); } };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
let input = '';
process.stdin.on('data', (d) => {
  input += d;
  if (input.includes('stop\n')) { keep = true; stop(); }
});
process.stdin.on('end', stop);
process.stdin.on('error', stop);
const reachable = (port) => new Promise((res) => {
  const s = connect(port, '127.0.0.1');
  s.once('connect', () => { s.destroy(); res(true); });
  s.once('error', () => res(false));
});
const deadline = Date.now() + 10000;
for (const r of cfg.routes) {
  while (!(await reachable(r.port))) {
    if (stopping) await new Promise(() => {});
    if (Date.now() > deadline) {
      console.error('relay: nothing listens on ' + r.port + ' after 10 s');
      stop();
      await new Promise(() => {});
    }
    await new Promise((res) => setTimeout(res, 30));
  }
}
for (const r of cfg.routes) {
  rmSync(r.path, { force: true });
  // As splice() in brokers.ts: end the other side gracefully, destroy only on error.
  const server = createServer((c) => {
    const u = connect(r.port, '127.0.0.1');
    c.pipe(u).pipe(c);
    c.on('error', () => u.destroy()); u.on('error', () => c.destroy());
    c.on('close', () => u.end()); u.on('close', () => c.end());
  });
  await new Promise((res, rej) => { server.once('error', rej); server.listen(r.path, res); });
}
let netns = '';
try { netns = readlinkSync('/proc/self/ns/net'); } catch {}
process.stdout.write('ready ' + netns + '\n');
`;

interface Relay {
  child: ChildProcess;
  /** The relay's network namespace, e.g. 'net:[4026532301]' (Linux). */
  netns: string;
  exited: Promise<void>;
  stderr: () => string;
}

interface RelayConfig {
  /** The temporary directory: relay.mjs, mosquitto.conf, data/, sockets. */
  dir: string;
  mosquitto: string;
  conf: string;
  ip?: string;
  routes: { port: number; path: string }[];
}

async function launchRelay(cfg: RelayConfig, netns: boolean): Promise<Relay> {
  const script = join(cfg.dir, 'relay.mjs');
  writeFileSync(script, RELAY);
  const [cmd, ...args] = netns
    ? [
        'unshare',
        '--user',
        '--map-root-user',
        '--net',
        '--pid',
        '--fork',
        '--kill-child=SIGTERM',
        process.execPath,
        script,
      ]
    : [process.execPath, script];
  const child = spawn(cmd!, args, {
    env: { ...process.env, SQUIRCLE_RELAY: JSON.stringify(cfg) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  // At exit: SIGKILL reaches unshare (which ignores SIGTERM) and --kill-child
  // passes SIGTERM on to the relay; without unshare the relay gets SIGTERM.
  const forget = onExit(() => child.kill(netns ? 'SIGKILL' : 'SIGTERM'));
  const exited = new Promise<void>((res) => {
    const done = () => {
      forget();
      res();
    };
    child.once('exit', done);
    child.once('error', done);
  });
  const relay = { child, netns: '', exited, stderr: () => err };
  const ready = new Promise<string>((res, rej) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^ready (.*)\n/m.exec(out);
      if (m) res(m[1]!);
    });
    child.once('error', (e) => rej(e));
    child.once('exit', (code, signal) => rej(new Error(`exited with ${signal ?? code}`)));
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, rej) => {
    timer = setTimeout(() => rej(new Error('not ready after 15 s')), 15_000);
  });
  try {
    relay.netns = await Promise.race([ready, timeout]);
  } catch (e) {
    await stopRelay(relay, { keepData: true });
    throw new Error(
      `Mosquitto did not start${netns ? ' in its network namespace' : ''}: ${(e as Error).message}\n${err.trim()}`,
    );
  } finally {
    clearTimeout(timer);
  }
  return relay;
}

/** Stops Mosquitto gracefully through the relay (SIGKILL after 10 s). */
async function stopRelay(relay: Relay, { keepData }: { keepData: boolean }): Promise<void> {
  const { child } = relay;
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  if (keepData) child.stdin!.write('stop\n');
  child.stdin!.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await relay.exited;
  clearTimeout(timer);
}

interface LoopbackProxy {
  port: number;
  dropConnections(): void;
  close(): Promise<void>;
}

/**
 * Carries bytes both ways. An end or close on one side ends the other once
 * its pending data is written: destroying it instead can drop the last bytes
 * (a PUBACK just before DISCONNECT, which the broker would then resend).
 * An error ends both at once.
 */
function splice(a: Duplex, b: Duplex): void {
  a.pipe(b).pipe(a);
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.on('close', () => b.end());
  b.on('close', () => a.end());
}

/** 127.0.0.1:<free port> → a Unix socket, one connection for each. */
async function proxyToUnixSocket(path: string): Promise<LoopbackProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((c) => {
    const u = connect(path);
    for (const s of [c, u]) {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
    }
    splice(c, u);
  });
  await listenOnLoopback(server);
  const dropConnections = () => {
    for (const s of sockets) s.destroy();
  };
  return {
    port: (server.address() as AddressInfo).port,
    dropConnections,
    close: () =>
      new Promise((res) => {
        dropConnections();
        server.close(() => res());
      }),
  };
}

/** ws://127.0.0.1:<free port> (wss:// with tls) → MQTT over TCP via a Unix socket (bridge mode). */
async function bridgeWebSocketTo(path: string, tls?: CertificateFiles): Promise<LoopbackProxy> {
  const sockets = new Set<Socket>();
  const https = tls
    ? createHttpsServer({ cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) })
    : undefined;
  const wss = https ? new WebSocketServer({ server: https }) : new WebSocketServer({ host: '127.0.0.1', port: 0 });
  if (https) await listenOnLoopback(https);
  else
    await new Promise<void>((res, rej) => {
      wss.once('listening', () => res());
      wss.once('error', rej);
    });
  wss.on('connection', (ws) => {
    const stream = createWebSocketStream(ws);
    const u = connect(path);
    sockets.add(u);
    u.once('close', () => sockets.delete(u));
    splice(stream, u);
  });
  const dropConnections = () => {
    for (const ws of wss.clients) ws.terminate();
    for (const s of sockets) s.destroy();
  };
  return {
    port: ((https ?? wss).address() as AddressInfo).port,
    dropConnections,
    close: () =>
      new Promise((res) => {
        dropConnections();
        wss.close(() => (https ? https.close(() => res()) : res()));
      }),
  };
}

function listenOnLoopback(server: Server, port = 0): Promise<void> {
  return new Promise((res, rej) => {
    server.once('error', rej);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', rej);
      res();
    });
  });
}

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await listenOnLoopback(server);
  const { port } = server.address() as AddressInfo;
  await new Promise((res) => server.close(res));
  return port;
}

let netnsProbe: string | undefined | null = null; // null: not tried; undefined: works; string: why not

/** Why Mosquitto cannot run in its own network namespace here, or undefined when it can. */
export function mosquittoNetnsUnavailable(): string | undefined {
  return netnsUnavailable(findIp());
}

function netnsUnavailable(ip: string | undefined): string | undefined {
  if (netnsProbe !== null) return netnsProbe;
  if (!ip) return (netnsProbe = 'no `ip` command (iproute2) to bring loopback up in the namespace');
  const r = spawnSync(
    'unshare',
    ['--user', '--map-root-user', '--net', '--pid', '--fork', ip, 'link', 'set', 'lo', 'up'],
    {
      encoding: 'utf8',
      timeout: 10_000,
    },
  );
  netnsProbe =
    r.status === 0 ? undefined : `unshare failed: ${(r.error?.message ?? r.stderr ?? '').trim() || `exit ${r.status}`}`;
  return netnsProbe;
}

function mosquittoConf(o: {
  dataDir: string;
  user: string;
  tcp: number;
  ws?: number;
  passwordFile?: string;
  tls?: CertificateFiles;
  /** The dynamic security plugin and its JSON file: accounts and access per client, changed while running. */
  dynsec?: { plugin: string; file: string };
}): string {
  return [
    '# Written by test/support/brokers.ts for one test run. allow_anonymous is for tests only:',
    '# a clinic broker needs TLS, passwords and an ACL (broker/README.md).',
    `user ${o.user}`,
    'per_listener_settings false',
    ...(o.dynsec
      ? ['allow_anonymous false', `plugin ${o.dynsec.plugin}`, `plugin_opt_config_file ${o.dynsec.file}`]
      : o.passwordFile
        ? ['allow_anonymous false', `password_file ${o.passwordFile}`]
        : ['allow_anonymous true']),
    `listener ${o.tcp} 127.0.0.1`,
    ...(o.ws ? [`listener ${o.ws} 127.0.0.1`, 'protocol websockets'] : []),
    ...(o.ws && o.tls ? [`certfile ${o.tls.certFile}`, `keyfile ${o.tls.keyFile}`] : []),
    'persistence true',
    `persistence_location ${o.dataDir}/`,
    'max_packet_size 132096',
    'max_queued_messages 1000',
    'log_dest stderr',
    '',
  ].join('\n');
}

/**
 * Starts Debian's Mosquitto 2.0 with persistence in a temporary directory,
 * a TCP listener and a WebSocket URL, both on 127.0.0.1 (see the top of this
 * file for how). Anonymous access (tests only), or with `accounts` a
 * password file made by `mosquitto_passwd` and no anonymous access, as a
 * clinic's broker (broker/README.md).
 */
export async function startMosquitto(
  options: {
    websocket?: 'auto' | 'netns' | 'bridge';
    accounts?: { username: string; password: string }[];
    /** Serve the WebSocket URL over TLS with this certificate: url is then wss://127.0.0.1:<port>. */
    tls?: CertificateFiles;
    /**
     * Per-device accounts with Mosquitto's dynamic security plugin instead of
     * a password file: only an `admin` account exists at start; dynsec() runs
     * mosquitto_ctrl (or broker/squircle-dynsec.sh) as that admin.
     */
    dynsec?: boolean;
  } = {},
): Promise<MosquittoTestBroker> {
  const mosquitto = findMosquitto();
  if (!mosquitto)
    throw new Error(
      'Mosquitto is not installed: apt-get install mosquitto (or set SQUIRCLE_MOSQUITTO=/path/to/mosquitto).',
    );
  const fromEnv = process.env.SQUIRCLE_MOSQUITTO_WS;
  const wanted = options.websocket ?? (fromEnv === 'netns' || fromEnv === 'bridge' ? fromEnv : 'auto');
  const ip = findIp();
  let fallbackReason: string | undefined;
  let netns = wanted !== 'bridge';
  if (wanted === 'auto') {
    fallbackReason = netnsUnavailable(ip);
    netns = fallbackReason === undefined;
  } else if (wanted === 'netns' && !ip) {
    throw new Error('The `ip` command (iproute2) is needed to run Mosquitto in a network namespace.');
  }

  const dir = makeTempDir('squircle-mosquitto-');
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  const confPath = join(dir, 'mosquitto.conf');
  const tcpSock = join(dir, 'tcp.sock');
  const wsSock = join(dir, 'ws.sock');
  const forgetDir = onExit(() => rmSync(dir, { recursive: true, force: true }));
  const passwordFile = options.accounts?.length ? join(dir, 'passwd') : undefined;
  const adminPassword = `admin-${Math.random().toString(36).slice(2, 14)}`;
  const dynsec = options.dynsec ? { plugin: findDynsecPlugin(), file: join(dir, 'dynamic-security.json') } : undefined;
  if (dynsec) {
    const r = spawnSync(
      mosquittoTool(mosquitto, 'mosquitto_ctrl'),
      ['dynsec', 'init', dynsec.file, 'admin', adminPassword],
      {
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) throw new Error(`mosquitto_ctrl dynsec init failed: ${(r.error?.message ?? r.stderr).trim()}`);
  }
  const addAccount = (a: { username: string; password: string }) => {
    if (!passwordFile) throw new Error('This Mosquitto was started without accounts: anyone may connect.');
    const r = spawnSync(mosquittoTool(mosquitto, 'mosquitto_passwd'), ['-b', passwordFile, a.username, a.password], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`mosquitto_passwd failed: ${(r.error?.message ?? r.stderr).trim()}`);
  };
  if (passwordFile) {
    writeFileSync(passwordFile, '', { mode: 0o600 });
    for (const a of options.accounts!) addAccount(a);
  }

  const proxies: LoopbackProxy[] = [];
  let relay: Relay | undefined;
  const launch = async () => {
    if (netns) {
      // Inside the namespace Mosquitto is root of a user namespace: `user root` keeps it from switching users.
      writeFileSync(
        confPath,
        mosquittoConf({
          dataDir,
          user: 'root',
          tcp: NS_TCP_PORT,
          ws: NS_WS_PORT,
          ...(passwordFile ? { passwordFile } : {}),
          ...(options.tls ? { tls: options.tls } : {}),
          ...(dynsec ? { dynsec } : {}),
        }),
      );
      relay = await launchRelay(
        {
          dir,
          mosquitto,
          conf: confPath,
          ip,
          routes: [
            { port: NS_TCP_PORT, path: tcpSock },
            { port: NS_WS_PORT, path: wsSock },
          ],
        },
        true,
      );
    } else {
      // No port 0 in Mosquitto: pick a free one, retry if someone takes it first.
      const user = userInfo().username;
      for (let attempt = 1; ; attempt++) {
        const port = await freeLoopbackPort();
        writeFileSync(
          confPath,
          mosquittoConf({
            dataDir,
            user,
            tcp: port,
            ...(passwordFile ? { passwordFile } : {}),
            ...(dynsec ? { dynsec } : {}),
          }),
        );
        try {
          relay = await launchRelay({ dir, mosquitto, conf: confPath, routes: [{ port, path: tcpSock }] }, false);
          break;
        } catch (e) {
          if (attempt >= 3 || !/Address already in use/i.test((e as Error).message)) throw e;
        }
      }
    }
  };

  const cleanup = async () => {
    if (relay) await stopRelay(relay, { keepData: false });
    await Promise.all(proxies.map((p) => p.close()));
    rmSync(dir, { recursive: true, force: true });
    forgetDir();
  };

  try {
    await launch();
    proxies.push(await proxyToUnixSocket(tcpSock));
    proxies.push(netns ? await proxyToUnixSocket(wsSock) : await bridgeWebSocketTo(tcpSock, options.tls));
  } catch (e) {
    await cleanup();
    throw e;
  }
  const [tcpProxy, wsProxy] = proxies as [LoopbackProxy, LoopbackProxy];

  let stopped = false;
  return {
    url: `${options.tls ? 'wss' : 'ws'}://127.0.0.1:${wsProxy.port}`,
    tcpUrl: `mqtt://127.0.0.1:${tcpProxy.port}`,
    dataDir,
    websocket: netns ? 'mosquitto' : 'bridge',
    ...(fallbackReason ? { fallbackReason } : {}),
    get netns() {
      return relay?.netns ?? '';
    },
    log: () => relay?.stderr() ?? '',
    addAccount,
    async dynsec(
      args: string[],
      { script = false, env = {} }: { script?: boolean; env?: Record<string, string> } = {},
    ) {
      if (!dynsec) throw new Error('This Mosquitto was started without the dynamic security plugin.');
      const connect = `-h 127.0.0.1 -p ${tcpProxy.port} -u admin -P ${adminPassword}`;
      const ctrl = mosquittoTool(mosquitto, 'mosquitto_ctrl');
      // Not spawnSync: the proxy to Mosquitto runs in this process and must keep forwarding meanwhile.
      const [file, argv, extra] = script
        ? [join(REPO_ROOT, 'broker/squircle-dynsec.sh'), args, { ...env, SQUIRCLE_CTRL: connect, MOSQUITTO_CTRL: ctrl }]
        : [ctrl, [...connect.split(' '), 'dynsec', ...args], {}];
      try {
        const { stdout } = await execFileAsync(file, argv, { env: { ...process.env, ...extra }, timeout: 20_000 });
        return stdout;
      } catch (e) {
        const err = e as Error & { stdout?: string; stderr?: string };
        throw new Error(
          `${script ? 'squircle-dynsec.sh' : 'mosquitto_ctrl dynsec'} ${args[0]} failed: ` +
            `${`${err.stderr ?? ''}${err.stdout ?? ''}`.trim() || err.message}`,
        );
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await cleanup();
    },
    async restart() {
      if (stopped) throw new Error('restart() after stop()');
      if (relay) await stopRelay(relay, { keepData: true });
      for (const p of proxies) p.dropConnections();
      try {
        await launch();
      } catch (e) {
        stopped = true;
        await cleanup();
        throw e;
      }
    },
  };
}
