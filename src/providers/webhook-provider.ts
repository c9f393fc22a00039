/**
 * The webhook provider: tells a customer-run endpoint to grant or revoke, with a signed JSON POST.
 *
 * Calls come from the outbox, which retries until they succeed, so every call may be a repeat:
 * the `Idempotency-Key` (grant id and event) lets the endpoint recognise one it already did, for
 * instance when it acted but our timeout fired before its answer arrived.
 */
import type { AccessProvider, ProviderGrant, ProviderOutcome } from '../core/ports.js';
import { signPayload } from './hmac-signature.js';
import { createHttpPost, fetchPost, type HttpPost } from './http-post.js';

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/** How much of an error answer ends up in an error message (and so in logs and the outbox row). */
const ERROR_BODY_CHARS = 200;
/** Bodies are read only this far: a 2xx answer is not used, and an error only needs its start. */
const MAX_BODY_BYTES = 64 * 1024;

export type WebhookEvent = 'grant' | 'revoke';

export interface WebhookProviderOptions {
  url: string;
  secret: string;
  timeoutMs?: number;
  /** Sends through this fetch instead of node:http (tests script answers with it). */
  fetch?: typeof fetch;
  /** Milliseconds since the epoch; the signature timestamp is taken from it. */
  now?: () => number;
}

/** A failed webhook call. The message is short and safe to log: no secret, no signature, no URL path. */
export class WebhookError extends Error {
  override readonly name = 'WebhookError';
  constructor(
    message: string,
    /** The HTTP status, or null when no answer arrived (network error, timeout). */
    readonly status: number | null,
  ) {
    super(message);
  }
}

export function webhookBody(event: WebhookEvent, grant: ProviderGrant): string {
  // Fields are copied one by one so nothing else a caller attaches to the grant object is sent.
  return JSON.stringify({
    event,
    grant: {
      id: grant.id,
      request_id: grant.request_id,
      resource: grant.resource,
      subject_email: grant.subject_email,
      expires_at: grant.expires_at,
      approvers: [...grant.approvers],
    },
  });
}

export function createWebhookProvider(options: WebhookProviderOptions): AccessProvider {
  const { secret } = options;
  const post: HttpPost = options.fetch ? fetchPost(options.fetch) : createHttpPost();
  const now = options.now ?? Date.now;
  const timeoutMs =
    options.timeoutMs !== undefined && Number.isFinite(options.timeoutMs) && options.timeoutMs > 0
      ? options.timeoutMs
      : DEFAULT_WEBHOOK_TIMEOUT_MS;

  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new Error('webhook url is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`webhook url must be http(s), not ${url.protocol}`);
  }
  // Fail closed at construction: an unsigned grant request must never leave this process.
  if (secret.length === 0) throw new Error('webhook secret is empty');

  // Only the host goes into messages: paths and query strings often carry tokens of their own.
  const where = url.host;

  async function send(event: WebhookEvent, grant: ProviderGrant): Promise<ProviderOutcome> {
    const body = webhookBody(event, grant);
    const timestamp = Math.floor(now() / 1000);
    const signature = signPayload(secret, timestamp, body);
    const sensitive = [secret, signature, signature.slice('sha256='.length)];
    const what = `webhook ${event} to ${where}`;

    let answer;
    try {
      answer = await post(url, {
        headers: {
          'Content-Type': 'application/json',
          'X-Gatehouse-Timestamp': String(timestamp),
          'X-Gatehouse-Signature': signature,
          'Idempotency-Key': `${grant.id}:${event}`,
        },
        body,
        timeoutMs,
        maxBodyBytes: MAX_BODY_BYTES,
        // A 2xx answer is not used; an error only needs its start.
        readBody: (status) => !isSuccess(status),
      });
    } catch (error) {
      throw new WebhookError(`${what} failed: ${describeFetchError(error, timeoutMs)}`, null);
    }
    // Redirects are never followed (a signed grant replayed to a place nobody configured): a 3xx is an error.
    if (isSuccess(answer.status)) return { status: 'done' };

    const text = answer.bodyError ? `${answer.text}(body unreadable: ${describeFetchError(answer.bodyError, timeoutMs)})` : answer.text;
    const snippet = safeSnippet(text, sensitive, ERROR_BODY_CHARS);
    throw new WebhookError(`${what} failed: HTTP ${answer.status}${snippet ? `: ${snippet}` : ''}`, answer.status);
  }

  return {
    grant: (grant) => send('grant', grant),
    revoke: (grant) => send('revoke', grant),
  };
}

const isSuccess = (status: number) => status >= 200 && status < 300;

function describeFetchError(error: unknown, timeoutMs: number): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${timeoutMs}ms`;
  // Only the code is kept (ECONNREFUSED, ENOTFOUND...): messages are free text we do not control.
  // node:http puts it on the error; undici's fetch says only `fetch failed`, with the code on the cause.
  const own = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof own === 'string' ? own : cause && typeof cause.code === 'string' ? cause.code : null;
  const base = error instanceof TypeError || typeof own === 'string' ? 'network error' : 'request error';
  return code ? `${base} (${code.replace(/[^A-Za-z0-9_]/g, '')})` : base;
}

/**
 * The first `max` characters of an answer body, fit for one log line. An endpoint that echoes the
 * request (debug pages do) would otherwise put our secret or signature in the logs, so those are
 * masked; masking works on positions in the original text, so a masked value can never shift a
 * later, cut-off copy of it into view.
 */
export function safeSnippet(text: string, sensitive: readonly string[], max: number): string {
  const secrets = sensitive.filter((s) => s.length > 0);
  let out = '';
  let i = 0;
  while (i < text.length && i < max) {
    const hit = secrets.find((s) => text.startsWith(s, i) || isCutOffCopy(text, i, s));
    if (hit) {
      out += '[redacted]';
      i += hit.length;
      continue;
    }
    const code = text.charCodeAt(i);
    // Control characters and line separators would let an endpoint forge log lines.
    out += code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 ? ' ' : text[i];
    i += 1;
  }
  out = out.replace(/\s+/g, ' ').trim();
  return i < text.length ? `${out}…` : out;
}

/** The rest of the text is a start of `secret`: a truncated echo still leaks part of it. */
function isCutOffCopy(text: string, at: number, secret: string): boolean {
  const rest = text.length - at;
  return rest >= Math.min(4, secret.length) && rest < secret.length && secret.startsWith(text.slice(at));
}
