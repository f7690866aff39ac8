import type { AddressInfo } from 'node:net';

/** Largest message payload the embedded broker relays: 128 KiB. */
export declare const MAX_PAYLOAD_BYTES: number;
/** Largest MQTT packet it accepts: the payload plus 1 KiB for header and topic. */
export declare const MAX_PACKET_BYTES: number;
/** Every topic the embedded broker accepts starts with this: 'sq/'. */
export declare const TOPIC_PREFIX: 'sq/';

export interface BrokerOptions {
  /** WebSocket port; 0 picks a free one. Default: $SQUIRCLE_BROKER_PORT or 18830. */
  port?: number;
  /** Also listen for plain MQTT over TCP on this port (0 picks a free one). Default: no TCP listener. */
  tcpPort?: number;
  /**
   * LevelDB directory for sessions and queued messages; relative paths are
   * under the repository. Default: .output/broker-data. Not used with redis.
   */
  dataDir?: string;
  /**
   * Keep sessions and queued messages in Redis and relay every message
   * through it, so that several nodes with the same Redis act as one broker:
   * redis://127.0.0.1:<port>/<db> (plain only on loopback) or
   * rediss://<host>:<port>/<db>. Default: $SQUIRCLE_BROKER_REDIS, else LevelDB.
   */
  redis?: string;
  /** Loopback address to bind: 127.0.0.1 (default), ::1 or localhost. Anything else throws. */
  host?: string;
  /** Web origins (e.g. 'http://127.0.0.1:5179') allowed besides extension pages and clients without an Origin. */
  allowedOrigins?: readonly string[];
  /** Where status lines go (never payloads or topics). Default: console.log. */
  log?: (line: string) => void;
}

export interface RunningBroker {
  /** ws://127.0.0.1:<port> */
  url: string;
  /** mqtt://127.0.0.1:<tcpPort>, when tcpPort was given. */
  tcpUrl?: string;
  /** Where the listeners are bound. */
  addresses: { ws: AddressInfo; tcp?: AddressInfo };
  /** Absolute path of the LevelDB directory; '' with Redis. */
  dataDir: string;
  /** Stops listening, disconnects clients and closes the database. Idempotent. */
  close(): Promise<void>;
}

/** ioredis options for a Redis address; throws on plain redis:// to another machine. */
export declare function redisConnection(address: string): {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls?: { servername: string };
};

/** Starts the embedded Aedes broker on loopback, with LevelDB persistence in dataDir (or Redis). */
export declare function startBroker(options?: BrokerOptions): Promise<RunningBroker>;
