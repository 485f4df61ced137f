import { createServer, type Server } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.wasm': 'application/wasm', // needed for WebAssembly.instantiateStreaming
  '.onnx': 'application/octet-stream',
  '.step': 'application/octet-stream',
  '.stp': 'application/octet-stream',
};

/** What the server answers: URL prefix → a folder on disk, or exact path → bytes in memory. */
export interface StaticRoutes {
  dirs: Record<string, string>;
  files?: Record<string, { body: string | Uint8Array; type: string }>;
}

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Every request path served, with its status (the tests assert what the page fetched). */
  log: { path: string; status: number }[];
  close(): Promise<void>;
}

/**
 * A tiny static server on 127.0.0.1 (random port) for the browser tests: plain `node:http`, no
 * directory listings, no path traversal out of a mapped folder.
 */
export async function startStaticServer(routes: StaticRoutes): Promise<StaticServer> {
  const log: StaticServer['log'] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const send = (status: number, body: string | Uint8Array, type = 'text/plain') => {
      log.push({ path, status });
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    const mem = routes.files?.[path];
    if (mem) return send(200, mem.body, mem.type);
    for (const [prefix, dir] of Object.entries(routes.dirs)) {
      if (!path.startsWith(prefix)) continue;
      const file = normalize(join(dir, path.slice(prefix.length)));
      if (!file.startsWith(normalize(dir) + sep)) return send(403, 'forbidden');
      let size: number;
      try {
        const st = statSync(file);
        if (!st.isFile()) return send(404, 'not found');
        size = st.size;
      } catch {
        return send(404, 'not found');
      }
      log.push({ path, status: 200 });
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-length': size, 'cache-control': 'no-store' });
      createReadStream(file).pipe(res);
      return;
    }
    send(404, 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
