/**
 * The one HTTP listener: platform adapters and built-in endpoints register routes on it. Bodies are
 * read with a size cap, and an unknown route or an error never answers with a stack trace.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../core/ports.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export type RouteHandler = (request: HttpRequest) => Promise<HttpResponse> | HttpResponse;

/** A handler that owns the raw request (e.g. Bolt's receiver), for paths that need it. */
export type RawHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HttpApp {
  route(method: string, path: string, handler: RouteHandler): void;
  mount(prefix: string, handler: RawHandler): void;
  listen(port: number, host: string): Promise<{ port: number }>;
  close(): Promise<void>;
  server: Server;
}

export function json(status: number, value: unknown): HttpResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createHttpApp(logger: Logger): HttpApp {
  const routes = new Map<string, RouteHandler>();
  const mounts: Array<{ prefix: string; handler: RawHandler }> = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const mounted = mounts.find((m) => url.pathname === m.prefix || url.pathname.startsWith(`${m.prefix}/`));
    if (mounted) return mounted.handler(req, res);
    const handler = routes.get(`${req.method} ${url.pathname}`);
    const send = (r: HttpResponse) => {
      if (res.headersSent) return;
      res.writeHead(r.status, r.headers ?? {});
      res.end(r.body ?? '');
    };
    if (!handler) return send(json(404, { error: 'not found' }));
    readBody(req)
      .then((body) => handler({ method: req.method ?? 'GET', path: url.pathname, headers: req.headers, body }))
      .then(send)
      .catch((error: unknown) => {
        if (error instanceof BodyTooLarge) return send(json(413, { error: 'request body too large' }));
        logger.error('http.error', { path: url.pathname, error: error instanceof Error ? error.message : String(error) });
        send(json(500, { error: 'internal error' }));
      });
  });
  return {
    server,
    route: (method, path, handler) => void routes.set(`${method} ${path}`, handler),
    mount: (prefix, handler) => void mounts.push({ prefix, handler }),
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve({ port: typeof address === 'object' && address ? address.port : port });
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
