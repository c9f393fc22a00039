/**
 * One signed POST and its (bounded) answer, over node:http / node:https with keep-alive agents.
 *
 * The webhook provider used `fetch` before. undici's fetch wraps every request and answer in WHATWG
 * streams, a cloned body and an AbortSignal: about 0.7 ms of CPU per call more than node:http on the
 * same 2-core machine, which at 10,000 revocations at once was most of the burst. The answers are
 * the same: status plus up to `maxBodyBytes` of the body; redirects are never followed.
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface PostAnswer {
  status: number;
  /** Up to `maxBodyBytes` of the body, as UTF-8 text (empty when `readBody` said no). */
  text: string;
  /** Set when a wanted body could not be read to its end (what was read is in `text`). */
  bodyError?: Error;
}

export interface PostOptions {
  headers: Record<string, string>;
  body: string;
  /** Covers connecting, sending and reading the answer. */
  timeoutMs: number;
  maxBodyBytes: number;
  /** Whether the body of this status is wanted as text; otherwise it is only drained. */
  readBody: (status: number) => boolean;
}

export type HttpPost = (url: URL, options: PostOptions) => Promise<PostAnswer>;

/** Thrown when the whole exchange took longer than `timeoutMs`; named like fetch's. */
export class PostTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** Errors a reused keep-alive socket gives when the server closed it just as we wrote. */
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);

/**
 * A poster with its own keep-alive pools (one per provider instance, so its connections are reused
 * across calls). Idle sockets are closed after 4 s, below the 5 s keep-alive of common servers
 * (Node's default), so we rarely write into a socket the server is closing; when we do, the call is
 * sent once more on a fresh socket (the receiver is idempotent by `Idempotency-Key`).
 */
export function createHttpPost(): HttpPost {
  const agentOptions = { keepAlive: true, keepAliveMsecs: 1_000, timeout: 4_000, scheduling: 'lifo' as const };
  const agents = { 'http:': new HttpAgent(agentOptions), 'https:': new HttpsAgent(agentOptions) };

  const once = (url: URL, options: PostOptions, deadline: number): Promise<PostAnswer> =>
    new Promise<PostAnswer>((resolve, reject) => {
      const https = url.protocol === 'https:';
      const req: ClientRequest = (https ? httpsRequest : httpRequest)(url, {
        method: 'POST',
        agent: agents[https ? 'https:' : 'http:'],
        headers: { ...options.headers, 'Content-Length': String(Buffer.byteLength(options.body)) },
      });
      let settled = false;
      const settle = (error: Error | null, answer?: PostAnswer) => {
        if (settled) return;
        settled = true;
        if (error) reject(error);
        else resolve(answer!);
      };
      // The timer also bounds draining an answer that was already settled, so a dripping body
      // cannot hold a socket forever.
      const timer = setTimeout(() => {
        const error = new PostTimeoutError(`timed out after ${options.timeoutMs}ms`);
        settle(error);
        req.destroy(error);
      }, Math.max(0, deadline - Date.now()));
      const fail = (error: Error) => {
        clearTimeout(timer);
        settle(error);
      };
      req.on('error', (error) => {
        if (!settled && req.reusedSocket && STALE_SOCKET_CODES.has((error as { code?: string }).code ?? '')) {
          settled = true;
          clearTimeout(timer);
          once(url, options, deadline).then(resolve, reject);
          return;
        }
        fail(error);
      });
      req.on('response', (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        const wanted = options.readBody(status);
        // An unwanted body does not delay the answer; it is drained (bounded) so the socket is reused.
        if (!wanted) settle(null, { status, text: '' });
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          clearTimeout(timer);
          settle(null, { status, text: joined(chunks, options.maxBodyBytes) });
        };
        res.on('data', (chunk: Buffer) => {
          if (size >= options.maxBodyBytes) return;
          size += chunk.length;
          if (wanted) chunks.push(chunk);
          if (size >= options.maxBodyBytes) {
            // Enough read: the rest is not downloaded, and the socket is not reused.
            done();
            res.destroy();
          }
        });
        const cut = (error: Error) => {
          clearTimeout(timer);
          settle(null, { status, text: joined(chunks, options.maxBodyBytes), bodyError: error });
        };
        res.on('end', done);
        res.on('error', cut);
        res.on('close', () => {
          if (!res.complete && size < options.maxBodyBytes) cut(new Error('the answer was cut off'));
        });
      });
      req.end(options.body);
    });

  return async (url, options) => {
    // As fetch does: node:http would turn them into a Basic authorization header without being asked.
    if (url.username || url.password) throw new TypeError('URLs with credentials are not sent');
    return once(url, options, Date.now() + options.timeoutMs);
  };
}

function joined(chunks: Buffer[], max: number): string {
  if (chunks.length === 0) return '';
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

/** The same contract over a `fetch` (tests inject one to script answers). */
export function fetchPost(doFetch: typeof fetch): HttpPost {
  return async (url, options) => {
    const response = await doFetch(url, {
      method: 'POST',
      headers: options.headers,
      body: options.body,
      // Following a redirect would replay a signed request to a place nobody configured.
      redirect: 'manual',
      // Covers the body read as well as the headers, so a slow-dripping answer also times out.
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const status = response.status;
    if (!options.readBody(status)) {
      // Read (a bounded part of) the answer so the keep-alive connection goes back to the pool.
      void readBounded(response, options.maxBodyBytes).catch(() => undefined);
      return { status, text: '' };
    }
    try {
      return { status, text: await readBounded(response, options.maxBodyBytes) };
    } catch (error) {
      return { status, text: '', bodyError: error instanceof Error ? error : new Error(String(error)) };
    }
  };
}

/** Up to `maxBytes` of the body as text; a longer body is cancelled rather than downloaded. */
async function readBounded(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
    if (size >= maxBytes) await reader.cancel().catch(() => undefined);
  } finally {
    reader.releaseLock();
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, maxBytes));
}
