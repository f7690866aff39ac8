// The embedded co-leader broker: Aedes on this machine only.
//
//   npm run broker                  # or: node broker/start.mjs
//   SQUIRCLE_BROKER_PORT=18831 npm run broker
//
// Both co-leaders' extensions on one machine (practice, demos, tests) meet
// here. A clinic runs its own broker instead (broker/README.md). The broker
// only relays: topics are opaque ids under sq/, payloads are ciphertext.
//
// What it allows, and why:
// - WebSocket (and optionally plain TCP) on loopback only. No TLS and no
//   passwords, so it refuses to listen anywhere else.
// - WebSocket upgrades from web pages (http/https origins) are refused, so a
//   site open in the same browser cannot use it; extension pages and
//   non-browser clients (no Origin header) may connect.
// - Publish and subscribe only on topics under sq/: it is not a general relay.
// - MQTT packets up to MAX_PACKET_BYTES, payloads up to MAX_PAYLOAD_BYTES.
//   A client that exceeds either is disconnected (MQTT 3.1.1 has no way to
//   refuse one message); an oversize packet is caught from its header,
//   before its body is buffered.
// - QoS 1 and persistent sessions (clean: false): messages for an offline
//   client are queued in LevelDB under dataDir and survive a broker restart.
// - MQTT 3.1.1 only (Aedes 1.x does not speak MQTT 5).
// - With a Redis address (option redis, or SQUIRCLE_BROKER_REDIS), sessions and
//   queued messages live in Redis instead (aedes-persistence-redis) and every
//   message passes through Redis's publish/subscribe (mqemitter-redis), so
//   several nodes with the same Redis are one broker: a client on one node
//   gets what a client on another publishes, and a client whose node stopped
//   finds its session and queue on any node. Plain redis:// on loopback only,
//   as for the broker itself; rediss:// (TLS) anywhere.
// Logs never include payloads (nor topics).
import { mkdirSync, realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { Duplex } from 'node:stream';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Aedes } from 'aedes';
import aedesPersistenceLevel from 'aedes-persistence-level';
import { Level } from 'level';
import { WebSocketServer, createWebSocketStream } from 'ws';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Largest message payload the broker relays (128 KiB). */
export const MAX_PAYLOAD_BYTES = 128 * 1024;
/** Largest MQTT packet: the payload plus room for the header and topic. */
export const MAX_PACKET_BYTES = MAX_PAYLOAD_BYTES + 1024;
/** Every topic the broker accepts starts with this. */
export const TOPIC_PREFIX = 'sq/';

const LOOPBACK = new Map([
  ['127.0.0.1', '127.0.0.1'],
  ['localhost', '127.0.0.1'],
  ['::1', '::1'],
]);
const EXTENSION_SCHEMES = ['chrome-extension:', 'moz-extension:', 'safari-web-extension:'];

/**
 * @typedef {object} BrokerOptions
 * @property {number} [port] WebSocket port; 0 picks a free one. Default: $SQUIRCLE_BROKER_PORT or 18830.
 * @property {number} [tcpPort] Also listen for plain MQTT over TCP on this port (0 picks a free one). Default: none.
 * @property {string} [dataDir] LevelDB directory for sessions and queued messages; relative paths are under the
 *   repository. Default: .output/broker-data. Not used with redis.
 * @property {string} [redis] redis://127.0.0.1:<port>/<db> or rediss://<host>:<port>/<db>: keep sessions and queued
 *   messages in Redis and relay through it, so that several nodes act as one broker. Default:
 *   $SQUIRCLE_BROKER_REDIS, else LevelDB in dataDir.
 * @property {string} [host] Loopback address to bind: 127.0.0.1 (default), ::1 or localhost.
 * @property {readonly string[]} [allowedOrigins] Web origins (e.g. 'http://127.0.0.1:5179') allowed besides
 *   extension pages.
 * @property {(line: string) => void} [log] Where status lines go. Default: console.log.
 */

/**
 * @typedef {object} RunningBroker
 * @property {string} url ws://127.0.0.1:<port>
 * @property {string} [tcpUrl] mqtt://127.0.0.1:<tcpPort>, when tcpPort was given
 * @property {{ ws: import('node:net').AddressInfo, tcp?: import('node:net').AddressInfo }} addresses Where the
 *   listeners are bound.
 * @property {string} dataDir Absolute path of the LevelDB directory ('' with redis).
 * @property {() => Promise<void>} close Stops listening, disconnects clients and closes the database (idempotent).
 */

/**
 * Starts the embedded broker.
 * @param {BrokerOptions} [options]
 * @returns {Promise<RunningBroker>}
 */
export async function startBroker({
  port = Number(process.env.SQUIRCLE_BROKER_PORT ?? 18830),
  tcpPort,
  dataDir = '.output/broker-data',
  host = '127.0.0.1',
  allowedOrigins = [],
  redis = process.env.SQUIRCLE_BROKER_REDIS || undefined,
  log = (line) => console.log(line),
} = {}) {
  const bindHost = LOOPBACK.get(host);
  if (!bindHost) {
    throw new Error(
      `The embedded broker listens on loopback only (127.0.0.1 or ::1), not ${host}: it has no TLS and no passwords. ` +
        `A clinic runs its own broker (broker/README.md).`,
    );
  }
  const redisOptions = redis === undefined ? undefined : redisConnection(redis);
  const dir = redisOptions ? '' : isAbsolute(dataDir) ? dataDir : join(ROOT, dataDir);
  /** @type {Level<string, unknown> | undefined} */
  let db;
  /** @type {any} */
  let persistence;
  /** @type {any} */
  let mq;
  if (redisOptions) {
    // Loaded only here: a broker without Redis never loads its client.
    const [{ default: aedesPersistenceRedis }, { default: mqemitterRedis }] = await Promise.all([
      import('aedes-persistence-redis'),
      import('mqemitter-redis'),
    ]);
    persistence = aedesPersistenceRedis(redisOptions);
    mq = mqemitterRedis(redisOptions);
  } else {
    mkdirSync(dir, { recursive: true });
    db = new Level(dir);
    try {
      await db.open();
    } catch (err) {
      const locked = /** @type {any} */ (err)?.cause?.code === 'LEVEL_LOCKED';
      throw new Error(
        locked
          ? `Another broker is using ${dir}; stop it or pass another dataDir.`
          : `Cannot open the broker database in ${dir}: ${/** @type {Error} */ (err).message}`,
        { cause: err },
      );
    }
    persistence = aedesPersistenceLevel(db);
  }

  /** @type {import('aedes').Aedes | undefined} */
  let aedes;
  /** @type {WebSocketServer | undefined} */
  let wss;
  /** @type {import('node:net').Server | undefined} */
  let tcp;
  /** @type {Set<import('node:net').Socket>} */
  const tcpSockets = new Set();

  let closing;
  const close = () => {
    closing ??= (async () => {
      for (const ws of wss?.clients ?? []) ws.terminate();
      for (const s of tcpSockets) s.destroy();
      await Promise.all([
        wss && new Promise((res) => wss.close(() => res(undefined))),
        tcp?.listening && new Promise((res) => tcp.close(() => res(undefined))),
        aedes && new Promise((res) => aedes.close(() => res(undefined))),
      ]);
      if (!aedes) mq?.close(() => undefined);
      await Promise.resolve(persistence.destroy()).catch(() => undefined);
      if (db && db.status !== 'closed') await db.close().catch(() => undefined);
    })();
    return closing;
  };

  try {
    aedes = await Aedes.createBroker({
      persistence,
      ...(mq ? { mq } : {}),
      authorizePublish(client, packet, callback) {
        if (!packet.topic.startsWith(TOPIC_PREFIX)) {
          log(`[broker] refused a publish outside ${TOPIC_PREFIX} from ${client?.id ?? 'the broker'}`);
          return callback(new Error(`only topics under ${TOPIC_PREFIX} are relayed`));
        }
        if (packet.payload.length > MAX_PAYLOAD_BYTES) {
          log(`[broker] refused a ${packet.payload.length}-byte payload from ${client?.id}`);
          return callback(new Error(`payloads are limited to ${MAX_PAYLOAD_BYTES} bytes`));
        }
        callback(null);
      },
      authorizeSubscribe(client, subscription, callback) {
        if (!subscription.topic.startsWith(TOPIC_PREFIX)) {
          log(`[broker] refused a subscription outside ${TOPIC_PREFIX} from ${client.id}`);
          return callback(null, null); // SUBACK 0x80 for this filter; the connection stays
        }
        callback(null, subscription);
      },
    });
    aedes.on('clientError', (client, err) => log(`[broker] client ${client.id}: ${err.message}`));
    aedes.on('connectionError', (_client, err) => log(`[broker] connection refused: ${err.message}`));

    const server = new WebSocketServer({
      host: bindHost,
      port,
      maxPayload: MAX_PACKET_BYTES + 1024,
      verifyClient: ({ origin }) => originAllowed(origin, allowedOrigins),
    });
    wss = server;
    await listening(server, `WebSocket port ${port}`);
    server.on('connection', (ws, req) => {
      aedes?.handle(new PacketSizeGuard(createWebSocketStream(ws), MAX_PACKET_BYTES), req);
    });

    if (tcpPort !== undefined) {
      const tcpServer = createServer((socket) => {
        tcpSockets.add(socket);
        socket.once('close', () => tcpSockets.delete(socket));
        aedes?.handle(new PacketSizeGuard(socket, MAX_PACKET_BYTES));
      });
      tcp = tcpServer;
      tcpServer.listen(tcpPort, bindHost);
      await listening(tcpServer, `TCP port ${tcpPort}`);
    }
  } catch (err) {
    await close();
    throw err;
  }

  const wsAddress = /** @type {import('node:net').AddressInfo} */ (wss.address());
  const tcpAddress = tcp ? /** @type {import('node:net').AddressInfo} */ (tcp.address()) : undefined;
  const urlHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  return {
    url: `ws://${urlHost}:${wsAddress.port}`,
    ...(tcpAddress ? { tcpUrl: `mqtt://${urlHost}:${tcpAddress.port}` } : {}),
    addresses: { ws: wsAddress, ...(tcpAddress ? { tcp: tcpAddress } : {}) },
    dataDir: dir,
    close,
  };
}

/**
 * ioredis options for a Redis address: plain redis:// only to this machine,
 * rediss:// (TLS) to any host.
 * @param {string} address
 */
export function redisConnection(address) {
  let u;
  try {
    u = new URL(address);
  } catch {
    throw new Error(`Not a Redis address: ${address} (e.g. redis://127.0.0.1:6379/0).`);
  }
  const tls = u.protocol === 'rediss:';
  if (!tls && u.protocol !== 'redis:')
    throw new Error(`A Redis address starts with redis:// or rediss://, not ${u.protocol}`);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!tls && !LOOPBACK.has(host))
    throw new Error(`Plain redis:// is allowed on this machine only (127.0.0.1); use rediss:// to reach ${host}.`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new Error(`Not a Redis database number: ${u.pathname.slice(1)}`);
  return {
    host,
    port: u.port ? Number(u.port) : 6379,
    db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(tls ? { tls: { servername: host } } : {}),
  };
}

/**
 * Extension pages and non-browser clients may connect; web pages may not,
 * unless their origin is listed.
 * @param {string | undefined} origin
 * @param {readonly string[]} allowed
 */
function originAllowed(origin, allowed) {
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return EXTENSION_SCHEMES.includes(new URL(origin).protocol);
  } catch {
    return false;
  }
}

/**
 * @param {WebSocketServer | import('node:net').Server} server
 * @param {string} what
 */
function listening(server, what) {
  return new Promise((res, rej) => {
    const onError = (/** @type {NodeJS.ErrnoException} */ err) => {
      rej(
        err.code === 'EADDRINUSE'
          ? new Error(`${what} is in use: is another broker running? Set SQUIRCLE_BROKER_PORT to use another port.`, {
              cause: err,
            })
          : err,
      );
    };
    server.once('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      res(undefined);
    });
  });
}

/**
 * Passes bytes between a client connection and Aedes, reading MQTT fixed
 * headers on the way in: a packet whose declared length exceeds the limit
 * ends the connection before its body is buffered (Aedes has no such limit).
 */
class PacketSizeGuard extends Duplex {
  /**
   * @param {Duplex} inner
   * @param {number} maxPacketBytes
   */
  constructor(inner, maxPacketBytes) {
    super();
    this.inner = inner;
    this.max = maxPacketBytes;
    /** 0: expecting a fixed header byte; 1: reading the remaining length; 2: skipping the body. */
    this.state = 0;
    this.length = 0;
    this.multiplier = 1;
    this.lengthBytes = 0;
    this.remaining = 0;
    inner.on('data', (/** @type {Buffer} */ chunk) => {
      const problem = this.scan(chunk);
      if (problem) {
        this.destroy(new Error(problem));
        return;
      }
      if (!this.push(chunk)) inner.pause();
    });
    inner.once('end', () => this.push(null));
    inner.once('error', (err) => this.destroy(err));
    inner.once('close', () => this.destroy());
  }

  /**
   * @param {Buffer} chunk
   * @returns {string | undefined} why the connection must end
   */
  scan(chunk) {
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 0) {
        i += 1;
        this.state = 1;
        this.length = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
      } else if (this.state === 1) {
        const byte = /** @type {number} */ (chunk[i]);
        i += 1;
        this.length += (byte & 0x7f) * this.multiplier;
        this.multiplier *= 128;
        this.lengthBytes += 1;
        if (byte & 0x80) {
          if (this.lengthBytes === 4) return 'malformed MQTT remaining length';
          continue;
        }
        const total = 1 + this.lengthBytes + this.length;
        if (total > this.max) return `an MQTT packet of ${total} bytes exceeds the limit of ${this.max}`;
        this.remaining = this.length;
        this.state = this.remaining === 0 ? 0 : 2;
      } else {
        const take = Math.min(this.remaining, chunk.length - i);
        i += take;
        this.remaining -= take;
        if (this.remaining === 0) this.state = 0;
      }
    }
    return undefined;
  }

  /** @override */
  _read() {
    this.inner.resume();
  }

  /**
   * @override
   * @param {Buffer} chunk
   * @param {BufferEncoding} encoding
   * @param {(error?: Error | null) => void} callback
   */
  _write(chunk, encoding, callback) {
    this.inner.write(chunk, encoding, callback);
  }

  /**
   * @override
   * @param {(error?: Error | null) => void} callback
   */
  _final(callback) {
    this.inner.end(() => callback());
  }

  /**
   * @override
   * @param {Error | null} err
   * @param {(error?: Error | null) => void} callback
   */
  _destroy(err, callback) {
    this.inner.destroy();
    callback(err);
  }
}

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (isMain()) {
  const broker = await startBroker({
    ...(process.env.SQUIRCLE_BROKER_TCP_PORT ? { tcpPort: Number(process.env.SQUIRCLE_BROKER_TCP_PORT) } : {}),
  }).catch((/** @type {Error} */ err) => {
    console.error(err.message);
    process.exit(1);
  });
  console.log(
    `Co-leader broker: ${broker.url}${broker.tcpUrl ? ` and ${broker.tcpUrl}` : ''}  ` +
      `(data in ${broker.dataDir || 'Redis'}; Ctrl+C to stop)`,
  );
  const stop = (/** @type {string} */ signal) => {
    console.log(`\n${signal}: stopping the broker`);
    broker.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
