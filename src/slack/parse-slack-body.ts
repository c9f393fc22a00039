/** Slack sends slash commands and interactivity as forms (interactivity as a JSON `payload` field) and events as JSON. */

export type ParsedSlackBody = { ok: true; body: Record<string, unknown> } | { ok: false; error: string };

export function parseSlackBody(raw: string, contentType: string | undefined): ParsedSlackBody {
  try {
    if ((contentType ?? '').startsWith('application/json')) {
      const body: unknown = JSON.parse(raw);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, error: 'body is not a JSON object' };
      return { ok: true, body: body as Record<string, unknown> };
    }
    const form = Object.fromEntries(new URLSearchParams(raw));
    if (typeof form.payload === 'string') {
      const payload: unknown = JSON.parse(form.payload);
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return { ok: false, error: 'payload is not a JSON object' };
      return { ok: true, body: payload as Record<string, unknown> };
    }
    return { ok: true, body: form };
  } catch {
    return { ok: false, error: 'body could not be parsed' };
  }
}
