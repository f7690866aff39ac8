export declare const DEMO_PREFIX: '/squircle-demo/';

export interface DemoServer {
  port: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** http://127.0.0.1:<port>/squircle-demo/ */
  url: string;
  close(): Promise<void>;
}

/** Serves demo/ (or `options.dir`) at /squircle-demo/ on 127.0.0.1; port 0 picks a free one. */
export declare function startDemoServer(port?: number, options?: { dir?: string }): Promise<DemoServer>;
