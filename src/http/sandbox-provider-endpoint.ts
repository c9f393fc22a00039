/**
 * The built-in webhook receiver used on embedded defaults: it verifies the signature exactly as a
 * real receiver must, keeps the calls in memory for people trying Gatehouse, and answers 2xx.
 */
import type { Logger } from '../core/ports.js';
import { verifySignature } from '../providers/hmac-signature.js';
import { json, type HttpApp } from './http-server.js';

export const SANDBOX_PROVIDER_PATH = '/sandbox/provider';

export interface ProviderCallRecord {
  at: string;
  event: string;
  grant: unknown;
}

export function registerSandboxProvider(app: HttpApp, options: { secret: string; logger: Logger; keep?: number }): { calls: ProviderCallRecord[] } {
  const calls: ProviderCallRecord[] = [];
  const keep = options.keep ?? 500;
  app.route('POST', SANDBOX_PROVIDER_PATH, (req) => {
    const verdict = verifySignature({
      secret: options.secret,
      timestamp: String(req.headers['x-gatehouse-timestamp'] ?? ''),
      body: req.body,
      signature: String(req.headers['x-gatehouse-signature'] ?? ''),
    });
    if (!verdict.ok) return json(401, { error: 'bad signature', reason: verdict.reason });
    let payload: { event?: string; grant?: unknown };
    try {
      payload = JSON.parse(req.body) as typeof payload;
    } catch {
      return json(400, { error: 'body is not JSON' });
    }
    calls.push({ at: new Date().toISOString(), event: String(payload.event), grant: payload.grant });
    if (calls.length > keep) calls.shift();
    options.logger.info('sandbox.provider', { event: payload.event, grant: payload.grant });
    return json(200, { ok: true });
  });
  return { calls };
}
