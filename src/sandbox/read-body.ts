/** Reads a request body for the sandbox's raw handlers, with the same size cap as the HTTP app. */
import type { IncomingMessage } from 'node:http';
import { MAX_BODY_BYTES } from '../http/http-server.js';

/** The body as text, or null when it is over the cap (the rest is drained, not kept). */
export async function readLimitedBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8');
}
