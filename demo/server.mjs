// The practice call page, served on this machine only.
//
//   node demo/server.mjs [port]      # prints http://127.0.0.1:<port>/squircle-demo/
//
// The extension treats http://127.0.0.1/squircle-demo/* (any port) as a call
// page (calls/platforms.ts), so a clinician can rehearse with the panel
// without a real call. Plain ESM so Node 20 runs it without a TS loader.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DEMO_DIR = dirname(fileURLToPath(import.meta.url));
export const DEMO_PREFIX = '/squircle-demo/';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};
// The server itself and its type declarations are not part of the page.
const HIDDEN = new Set(['server.mjs', 'server.d.mts']);

/**
 * Serves files under `dir` at `/squircle-demo/` on 127.0.0.1 only.
 * `/` redirects to the demo; paths outside `dir` are 404.
 *
 * @param {number} [port] 0 (default) picks a free port.
 * @param {{ dir?: string }} [options] serve another folder instead of demo/
 * @returns {Promise<{ port: number, origin: string, url: string, close: () => Promise<void> }>}
 */
export async function startDemoServer(port = 0, options = {}) {
  const root = options.dir ?? DEMO_DIR;
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    if (path === '/' || path === '/squircle-demo') {
      res.writeHead(302, { Location: DEMO_PREFIX }).end();
      return;
    }
    if (!path.startsWith(DEMO_PREFIX) || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    const rel = path.slice(DEMO_PREFIX.length) || 'index.html';
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep) || HIDDEN.has(rel)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, {
          'Content-Type': TYPES[/** @type {keyof typeof TYPES} */ (extname(file))] ?? 'application/octet-stream',
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found'),
    );
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const origin = `http://127.0.0.1:${actualPort}`;
  return {
    port: actualPort,
    origin,
    url: `${origin}${DEMO_PREFIX}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const demo = await startDemoServer(Number(process.argv[2] ?? 0));
  console.log(`Practice call: ${demo.url}  (Ctrl+C to stop)`);
}
