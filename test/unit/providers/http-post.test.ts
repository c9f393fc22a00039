import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpPost, type PostOptions } from '../../../src/providers/http-post.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => {
    s.closeAllConnections();
    s.close(() => resolve());
  })));
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, requestOnSocket: number) => void): Promise<URL> {
  const perSocket = new WeakMap<Socket, number>();
  const server = createServer((req, res) => {
    const n = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, n);
    req.resume();
    req.on('end', () => handler(req, res, n));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
}

const options = (overrides: Partial<PostOptions> = {}): PostOptions => ({
  headers: { 'Content-Type': 'application/json' },
  body: '{"a":1}',
  timeoutMs: 2_000,
  maxBodyBytes: 1_024,
  readBody: (status) => status >= 300,
  ...overrides,
});

describe('createHttpPost', () => {
  it('answers a 2xx without its body and reuses the connection', async () => {
    const ports: number[] = [];
    const url = await serve((req, res) => {
      ports.push(req.socket.remotePort!);
      res.writeHead(200, { 'content-length': 5 }).end('hello');
    });
    const post = createHttpPost();
    for (let i = 0; i < 4; i++) await expect(post(url, options())).resolves.toEqual({ status: 200, text: '' });
    expect(new Set(ports).size).toBe(1);
  });

  it('never follows a redirect', async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      res.writeHead(307, { location: '/elsewhere', 'content-length': 0 }).end();
    });
    await expect(createHttpPost()(url, options())).resolves.toEqual({ status: 307, text: '' });
    expect(calls).toBe(1);
  });

  it('reads an error body only up to the limit', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(500);
      res.end('x'.repeat(100_000));
    });
    const answer = await createHttpPost()(url, options({ maxBodyBytes: 1_000 }));
    expect(answer.status).toBe(500);
    expect(answer.text).toBe('x'.repeat(1_000));
  });

  it('times out on an answer whose body never ends', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(500);
      res.write('partial');
    });
    const started = Date.now();
    await expect(createHttpPost()(url, options({ timeoutMs: 100 }))).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('sends once more on a fresh socket when a reused one was closed under it', async () => {
    const seen: number[] = [];
    const url = await serve((req, res, n) => {
      seen.push(n);
      // The second request on a connection finds it closed, as when the server's keep-alive ran out.
      if (n === 2) return req.socket.destroy();
      res.writeHead(204).end();
    });
    const post = createHttpPost();
    await expect(post(url, options())).resolves.toEqual({ status: 204, text: '' });
    await expect(post(url, options())).resolves.toEqual({ status: 204, text: '' });
    expect(seen).toEqual([1, 2, 1]);
  });

  it('fails on a connection closed before any answer on a fresh socket', async () => {
    const url = await serve((req) => req.socket.destroy());
    await expect(createHttpPost()(url, options())).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('refuses URLs that carry credentials instead of turning them into a header', async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      res.writeHead(204).end();
    });
    url.username = 'user';
    url.password = 'pw';
    await expect(createHttpPost()(url, options())).rejects.toThrow(TypeError);
    expect(calls).toBe(0);
  });
});
