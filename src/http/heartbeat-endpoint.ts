/**
 * `POST /support/sessions/ID/heartbeat`: the remote-support tool says the technician is still working.
 * Body `{"session_id": ID}`, signed like the webhook provider (HMAC-SHA256 over `TIMESTAMP.BODY` with
 * the support provider's secret); anything unsigned, stale, naming another session, or for a session
 * that is not active changes nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../core/create-engine.js';
import type { Logger } from '../core/ports.js';
import { verifySignature } from '../providers/hmac-signature.js';
import { MAX_BODY_BYTES } from './http-server.js';

export const HEARTBEAT_PREFIX = '/support/sessions';
const PATH = /^\/support\/sessions\/([a-z]{2,6}_[A-Za-z0-9]{1,64})\/heartbeat$/;

function namedSession(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' && typeof (parsed as { session_id?: unknown }).session_id === 'string' ? (parsed as { session_id: string }).session_id : null;
  } catch {
    return null;
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export function createHeartbeatHandler(deps: { engine: () => Engine; secret: () => string | null; logger: Logger }) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const match = PATH.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
      if (!match) return reply(res, 404, { error: 'not found' });
      if (req.method !== 'POST') return reply(res, 405, { error: 'use POST' });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > MAX_BODY_BYTES) return reply(res, 413, { error: 'body too large' });
        chunks.push(chunk as Buffer);
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const secret = deps.secret();
      // No secret configured means nobody can sign: refuse rather than accept unsigned heartbeats.
      const verdict = secret
        ? verifySignature({
            secret,
            timestamp: String(req.headers['x-gatehouse-timestamp'] ?? ''),
            body,
            signature: String(req.headers['x-gatehouse-signature'] ?? ''),
          })
        : { ok: false as const, reason: 'missing_secret' };
      if (!verdict.ok) {
        deps.logger.warn('support.heartbeat_rejected', { reason: verdict.reason, ip: req.socket.remoteAddress });
        return reply(res, 401, { error: 'bad signature' });
      }
      // The signature covers the body, not the path: the body must name the same session, or one
      // captured heartbeat could be replayed to keep any other session alive.
      if (namedSession(body) !== match[1]) return reply(res, 400, { error: 'the body must be {"session_id": ID} for the session in the path' });
      const { alive } = deps.engine().support.heartbeat(match[1]!);
      // 409 tells the remote tool to disconnect: the session has ended (or never started).
      reply(res, alive ? 200 : 409, { alive });
    })().catch((error: unknown) => {
      deps.logger.error('support.heartbeat_error', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) reply(res, 500, { error: 'internal error' });
    });
  };
}
