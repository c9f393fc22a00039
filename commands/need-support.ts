/**
 * `/need-support`: nothing opens the form, `help` explains, anything else is the description of the
 * problem, filed directly. The form's fields are validated by the same schema.
 */
import { z } from 'zod';
import type { Engine } from '../src/core/create-engine.js';
import type { Actor } from '../src/core/types.js';
import { attempt, type CommandResult } from './command-result.js';
import { MAX_COMMAND_TEXT } from './request-access.js';

export const supportRequestSchema = z.object({
  description: z.string().trim().min(3, { error: 'Describe what is wrong in a few words.' }).max(3_000, { error: 'Keep the description under 3,000 characters.' }),
  device: z.string().trim().max(200, { error: 'Keep the device name under 200 characters.' }).optional(),
  urgency: z.enum(['low', 'normal', 'high']).default('normal'),
  ticketRef: z.string().trim().max(100, { error: 'Keep the ticket reference under 100 characters.' }).optional(),
});

export type SupportRequestFields = z.infer<typeof supportRequestSchema>;

export type NeedSupportCommand = { kind: 'help' } | { kind: 'form'; description?: string } | { kind: 'submit'; input: SupportRequestFields } | { kind: 'invalid'; message: string };

export function parseNeedSupportText(raw: string): NeedSupportCommand {
  const text = raw.trim();
  if (text === '') return { kind: 'form' };
  if (/^(help|-h|--help|\?)$/i.test(text)) return { kind: 'help' };
  if (text.length > MAX_COMMAND_TEXT) return { kind: 'invalid', message: 'That command is too long.' };
  const parsed = supportRequestSchema.safeParse({ description: text });
  if (!parsed.success) return { kind: 'invalid', message: parsed.error.issues[0]!.message };
  return { kind: 'submit', input: parsed.data };
}

export type SupportFormErrors = Partial<Record<'description' | 'device' | 'urgency' | 'ticketRef', string>>;

export function parseSupportForm(fields: { description?: string | null; device?: string | null; urgency?: string | null; ticketRef?: string | null }):
  | { ok: true; input: SupportRequestFields }
  | { ok: false; errors: SupportFormErrors } {
  const parsed = supportRequestSchema.safeParse({
    description: fields.description ?? '',
    device: fields.device?.trim() || undefined,
    urgency: fields.urgency || undefined,
    ticketRef: fields.ticketRef?.trim() || undefined,
  });
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors: SupportFormErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as keyof SupportFormErrors;
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

export function submitSupportRequest(engine: Engine, actor: Actor, input: SupportRequestFields, onUnexpected: (error: unknown) => void): CommandResult {
  return attempt(() => {
    const session = engine.support.request({ actor, description: input.description, device: input.device ?? null, urgency: input.urgency, ticketRef: input.ticketRef ?? null });
    return `Support request filed (${session.id}). A technician will pick it up; you will be asked for consent before anyone connects to your device.`;
  }, onUnexpected);
}
