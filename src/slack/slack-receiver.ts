/**
 * Transport only: verify, de-duplicate, parse, hand to Bolt, answer with whatever the listener acks.
 * Every check happens before any listener runs, and every failure answers without detail.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { InboundDedup } from '../chat/chat-ports.js';
import type { Clock, Logger } from '../core/ports.js';
import { MAX_BODY_BYTES } from '../http/http-server.js';
import { parseSlackBody } from './parse-slack-body.js';
import { verifySlackRequest } from './verify-slack-request.js';

export const SLACK_EVENTS_PATH = '/slack/events';
/** Slack gives up after 3 s; answer empty just before that if no listener acked. */
const ACK_DEADLINE_MS = 2_500;

export interface SlackReceiverOptions {
  signingSecret: string;
  clock: Clock;
  logger: Logger;
  dedup: InboundDedup;
}

function send(res: ServerResponse, status: number, body = '', contentType = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': contentType, ...extra });
  res.end(body);
}

async function readRaw(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export class SlackHttpReceiver implements Receiver {
  private app: App | null = null;

  constructor(private readonly options: SlackReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  // The shared HTTP server owns the port; Bolt's start/stop have nothing to do.
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** The raw handler mounted at /slack/events. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    void this.process(req, res).catch((error: unknown) => {
      this.options.logger.error('slack.receiver_error', { error: error instanceof Error ? error.message : String(error) });
      send(res, 500);
    });
  };

  private async process(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { logger, clock } = this.options;
    if (req.method !== 'POST') return send(res, 405, '', undefined, { allow: 'POST' });
    const raw = await readRaw(req);
    if (raw === null) return send(res, 413);
    const verdict = verifySlackRequest({
      signingSecret: this.options.signingSecret,
      timestamp: header(req, 'x-slack-request-timestamp'),
      signature: header(req, 'x-slack-signature'),
      body: raw,
      nowSeconds: Math.floor(clock.now() / 1000),
    });
    if (!verdict.ok) {
      // Logged, not audited: unauthenticated traffic must not be able to grow the audit trail.
      logger.warn('slack.request_rejected', { reason: verdict.reason, ip: req.socket.remoteAddress });
      return send(res, 401);
    }
    const parsed = parseSlackBody(raw, header(req, 'content-type'));
    if (!parsed.ok) return send(res, 400, JSON.stringify({ error: parsed.error }), 'application/json');
    const body = parsed.body;
    if (body.type === 'url_verification') return send(res, 200, JSON.stringify({ challenge: String(body.challenge ?? '') }), 'application/json');
    if (body.ssl_check) return send(res, 200);

    // Bolt does not drop retried deliveries: an event id seen before is acknowledged and ignored.
    const retryNum = header(req, 'x-slack-retry-num');
    const eventId = typeof body.event_id === 'string' ? body.event_id : null;
    if (eventId && !this.options.dedup.firstDelivery(`slack:${eventId}`, clock.now())) {
      logger.info('slack.retry_ignored', { eventId, retryNum });
      return send(res, 200, '', undefined, { 'x-slack-no-retry': '1' });
    }

    let acked = false;
    const deadline = setTimeout(() => {
      if (!acked) {
        acked = true;
        logger.warn('slack.no_ack', { type: body.type, command: body.command });
        send(res, 200);
      }
    }, ACK_DEADLINE_MS);
    const event: ReceiverEvent = {
      body,
      retryNum: retryNum === undefined ? undefined : Number(retryNum),
      retryReason: header(req, 'x-slack-retry-reason'),
      customProperties: {},
      ack: async (response?: unknown) => {
        if (acked) return;
        acked = true;
        clearTimeout(deadline);
        if (response === undefined || response === null || response === '') send(res, 200);
        else if (typeof response === 'string') send(res, 200, response);
        else send(res, 200, JSON.stringify(response), 'application/json');
      },
    };
    if (!this.app) throw new Error('Slack receiver used before Bolt initialised it');
    try {
      await this.app.processEvent(event);
      if (!acked) await event.ack();
    } catch (error) {
      logger.error('slack.listener_error', { error: error instanceof Error ? error.message : String(error) });
      if (!acked) {
        acked = true;
        clearTimeout(deadline);
        send(res, 500);
      }
    }
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
