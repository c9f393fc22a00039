import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderGrant } from '../../../src/core/ports.js';
import type { Policy, ProviderConfig, ResourcePolicy } from '../../../src/core/policy.js';
import { signPayload } from '../../../src/providers/hmac-signature.js';
import { createManualProvider } from '../../../src/providers/manual-provider.js';
import { createProviderResolver, missingProviderSecrets } from '../../../src/providers/provider-resolver.js';
import { createWebhookProvider, safeSnippet } from '../../../src/providers/webhook-provider.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../fixtures/webhook-receiver.js';

const SECRET = 'whsec_unit_test_5b2f0c6e9a';
const NOW_MS = 1_700_000_000_123;

const GRANT: ProviderGrant = {
  id: 'grt_1',
  request_id: 'req_1',
  resource: 'prod-db',
  subject_email: 'ada@example.com',
  expires_at: '2023-11-14T23:13:20.000Z',
  approvers: ['bob@example.com', 'cy@example.com'],
};

const receivers: WebhookReceiver[] = [];
async function receiver(options: Partial<Parameters<typeof startWebhookReceiver>[0]> = {}): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver({ secret: SECRET, now: () => NOW_MS, ...options });
  receivers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

function expectNoSecretMaterial(message: string, signature?: string): void {
  expect(message).not.toContain(SECRET);
  expect(message).not.toMatch(/sha256=/);
  expect(message).not.toMatch(/[0-9a-f]{64}/);
  if (signature) expect(message).not.toContain(signature.slice(7, 20));
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('webhook provider', () => {
  it('POSTs the signed grant payload with exactly the specified headers', async () => {
    const r = await receiver();
    const provider = createWebhookProvider({ url: r.url, secret: SECRET, now: () => NOW_MS });

    await expect(provider.grant({ ...GRANT, extra: 'not sent' } as ProviderGrant)).resolves.toEqual({ status: 'done' });

    expect(r.calls).toHaveLength(1);
    const call = r.calls[0]!;
    expect(call).toMatchObject({ status: 200, signatureOk: true, event: 'grant' });
    expect(JSON.parse(call.body)).toEqual({
      event: 'grant',
      grant: {
        id: 'grt_1',
        request_id: 'req_1',
        resource: 'prod-db',
        subject_email: 'ada@example.com',
        expires_at: '2023-11-14T23:13:20.000Z',
        approvers: ['bob@example.com', 'cy@example.com'],
      },
    });
    expect(call.body.startsWith('{"event":"grant","grant":{"id":"grt_1",')).toBe(true);
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.headers['x-gatehouse-timestamp']).toBe('1700000000');
    expect(call.headers['x-gatehouse-signature']).toBe(signPayload(SECRET, 1_700_000_000, call.body));
    expect(call.headers['idempotency-key']).toBe('grt_1:grant');
    expect(r.granted.get('grt_1')).toEqual({ grant: GRANT, times: 1 });
  });

  it('sends revoke with its own idempotency key and a null expiry as null', async () => {
    const r = await receiver();
    const provider = createWebhookProvider({ url: r.url, secret: SECRET, now: () => NOW_MS });

    await expect(provider.revoke({ ...GRANT, expires_at: null })).resolves.toEqual({ status: 'done' });

    const call = r.calls[0]!;
    expect(JSON.parse(call.body)).toMatchObject({ event: 'revoke', grant: { id: 'grt_1', expires_at: null } });
    expect(call.headers['idempotency-key']).toBe('grt_1:revoke');
    expect(r.revoked.get('grt_1')).toBe(1);
  });

  it('treats a repeated grant as done both times (receiver is idempotent by grant id)', async () => {
    const r = await receiver();
    const provider = createWebhookProvider({ url: r.url, secret: SECRET, now: () => NOW_MS });

    await provider.grant(GRANT);
    await provider.grant(GRANT);
    await provider.revoke(GRANT);

    expect(r.calls.map((c) => c.status)).toEqual([200, 200, 200]);
    expect(r.granted.get('grt_1')?.times).toBe(2);
    expect(r.activeGrantIds()).toEqual([]);
  });

  it('reuses keep-alive connections instead of opening one per call', async () => {
    const r = await receiver();
    const provider = createWebhookProvider({ url: r.url, secret: SECRET, now: () => NOW_MS });

    for (let i = 0; i < 8; i += 1) await provider.grant({ ...GRANT, id: `grt_${i}` });

    // undici hands a socket back to its pool a tick after the body ends, so back-to-back calls
    // may alternate between two connections; without reuse there would be eight.
    expect(new Set(r.calls.map((c) => c.remotePort)).size).toBeLessThanOrEqual(2);
  });

  it('accepts any 2xx answer', async () => {
    const provider = createWebhookProvider({
      url: 'https://hooks.example.com/x',
      secret: SECRET,
      fetch: async () => new Response(null, { status: 204 }),
    });
    await expect(provider.grant(GRANT)).resolves.toEqual({ status: 'done' });
  });

  it('throws on a 500 with the status in the message, and succeeds on the retry', async () => {
    const r = await receiver({ failFirst: 1 });
    const provider = createWebhookProvider({ url: r.url, secret: SECRET, now: () => NOW_MS });

    const error = await rejection(provider.grant(GRANT));
    expect(error.message).toMatch(/^webhook grant to 127\.0\.0\.1:\d+ failed: HTTP 500: /);
    expect(error.message).toContain('injected failure');
    expectNoSecretMaterial(error.message);
    expect(r.granted.size).toBe(0);

    await expect(provider.grant(GRANT)).resolves.toEqual({ status: 'done' });
    expect(r.granted.get('grt_1')?.times).toBe(1);
  });

  it('throws while the receiver is failing', async () => {
    let down = true;
    const r = await receiver({ failWhile: () => down });
    const provider = createWebhookProvider({ url: r.url, secret: SECRET, now: () => NOW_MS });

    await expect(provider.revoke(GRANT)).rejects.toThrow(/HTTP 500/);
    down = false;
    r.setFailing(true);
    await expect(provider.revoke(GRANT)).rejects.toThrow(/HTTP 500/);
    r.setFailing(false);
    await expect(provider.revoke(GRANT)).resolves.toEqual({ status: 'done' });
    expect(r.revoked.get('grt_1')).toBe(1);
  });

  it('is refused with 401 when signed with another secret, without leaking either secret', async () => {
    const r = await receiver();
    const provider = createWebhookProvider({ url: r.url, secret: 'whsec_wrong_one', now: () => NOW_MS });

    const error = await rejection(provider.grant(GRANT));
    expect(error.message).toMatch(/HTTP 401/);
    expect(error.message).not.toContain('whsec_wrong_one');
    expectNoSecretMaterial(error.message);
    expect(r.calls[0]).toMatchObject({ status: 401, signatureOk: false, signatureFailure: 'signature_mismatch' });
    expect(r.granted.size).toBe(0);
  });

  it('is refused when its clock is far off the receiver', async () => {
    const r = await receiver();
    const provider = createWebhookProvider({ url: r.url, secret: SECRET, now: () => NOW_MS - 3_600_000 });

    await expect(provider.grant(GRANT)).rejects.toThrow(/HTTP 401/);
    expect(r.calls[0]?.signatureFailure).toBe('stale_timestamp');
  });

  it('times out on a slow receiver', async () => {
    const r = await receiver({ delayMs: 2_000 });
    const provider = createWebhookProvider({ url: r.url, secret: SECRET, timeoutMs: 50, now: () => NOW_MS });

    const started = Date.now();
    const error = await rejection(provider.grant(GRANT));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error.message).toBe(`webhook grant to ${new URL(r.url).host} failed: timed out after 50ms`);
    // The slow receiver did the work: the retry the outbox makes must be safe (idempotency key).
    expect(r.granted.get('grt_1')?.times).toBe(1);
  });

  it('throws a short network error when nothing listens', async () => {
    const r = await receiver();
    const url = r.url;
    await r.close();
    const provider = createWebhookProvider({ url, secret: SECRET, now: () => NOW_MS });

    const error = await rejection(provider.grant(GRANT));
    expect(error.message).toMatch(/^webhook grant to 127\.0\.0\.1:\d+ failed: network error( \(ECONNREFUSED\))?$/);
  });

  it('keeps error bodies short and masks an echoed secret or signature', async () => {
    let sentSignature = '';
    const provider = createWebhookProvider({
      url: 'https://user:pw@hooks.example.com/path?token=abc',
      secret: SECRET,
      now: () => NOW_MS,
      fetch: async (_url, init) => {
        sentSignature = new Headers(init?.headers).get('x-gatehouse-signature') ?? '';
        const echo = `bad request\nsecret=${SECRET} sig=${sentSignature} hex=${sentSignature.slice(7)} `;
        return new Response(echo + 'x'.repeat(5_000), { status: 400 });
      },
    });

    const error = await rejection(provider.grant(GRANT));
    expect(sentSignature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(error.message).toMatch(/^webhook grant to hooks\.example\.com failed: HTTP 400: bad request secret=\[redacted\]/);
    expect(error.message).not.toMatch(/[\n\r]/);
    expect(error.message).not.toContain('token=abc');
    expect(error.message).not.toContain('pw@');
    expect(error.message.length).toBeLessThan(300);
    expectNoSecretMaterial(error.message, sentSignature);
  });

  it('does not follow redirects with a signed request', async () => {
    let redirectMode: RequestInit['redirect'];
    const provider = createWebhookProvider({
      url: 'https://hooks.example.com/x',
      secret: SECRET,
      fetch: async (_url, init) => {
        redirectMode = init?.redirect;
        return new Response(null, { status: 307, headers: { Location: 'https://elsewhere.example.com/' } });
      },
    });
    await expect(provider.grant(GRANT)).rejects.toThrow(/HTTP 307/);
    expect(redirectMode).toBe('manual');
  });

  it('refuses to be built without a secret or with a non-http url', () => {
    expect(() => createWebhookProvider({ url: 'https://hooks.example.com', secret: '' })).toThrow(/secret is empty/);
    expect(() => createWebhookProvider({ url: 'file:///etc/passwd', secret: SECRET })).toThrow(/http/);
    expect(() => createWebhookProvider({ url: 'not a url', secret: SECRET })).toThrow(/valid URL/);
  });
});

describe('safeSnippet', () => {
  it('masks a copy of a secret cut off at the end of the body', () => {
    expect(safeSnippet(`oops ${SECRET.slice(0, 10)}`, [SECRET], 200)).toBe('oops [redacted]');
  });

  it('cuts at the limit by position in the original text', () => {
    const text = `${'a'.repeat(190)}${SECRET}`;
    expect(safeSnippet(text, [SECRET], 200)).toBe(`${'a'.repeat(190)}[redacted]`);
    expect(safeSnippet('b'.repeat(500), [SECRET], 200)).toBe(`${'b'.repeat(200)}…`);
  });
});

describe('manual provider', () => {
  it('answers pending at once for grant and revoke', async () => {
    const provider = createManualProvider();
    await expect(provider.grant(GRANT)).resolves.toEqual({ status: 'pending' });
    await expect(provider.revoke(GRANT)).resolves.toEqual({ status: 'pending' });
  });
});

function resource(id: string, provider: ProviderConfig): ResourcePolicy {
  return {
    id,
    name: id,
    description: '',
    requesters: [],
    approvers: [],
    approvalsRequired: 1,
    maxDurationMs: 3_600_000,
    defaultDurationMs: 3_600_000,
    autoApprove: null,
    justificationMinLength: 0,
    pendingTtlMs: 3_600_000,
    provider,
  };
}

function policy(resources: ResourcePolicy[], supportProvider: ProviderConfig | null = null): Policy {
  return {
    version: 1,
    hash: 'test',
    groups: {},
    people: {},
    resources,
    breakGlass: null,
    support: supportProvider
      ? {
          technicians: [],
          escalationApprovers: [],
          consentTimeoutMs: 60_000,
          idleTimeoutMs: 60_000,
          maxDurationMs: 3_600_000,
          offerAfterMs: 600_000,
          prohibitedActions: [],
          provider: supportProvider,
        }
      : null,
    channels: { approvals: null, audit: null, support: null },
  };
}

type WebhookConfig = Extract<ProviderConfig, { type: 'webhook' }>;
const webhookConfig = (url: string, secretEnv = 'GATEHOUSE_DB_SECRET'): WebhookConfig => ({
  type: 'webhook',
  url,
  secretEnv,
  timeoutMs: 2_000,
});

describe('provider resolver', () => {
  it('fails closed when the webhook secret env is missing: throws and sends nothing', async () => {
    const r = await receiver();
    const resolver = createProviderResolver({
      policy: () => policy([resource('prod-db', webhookConfig(r.url))]),
      env: { GATEHOUSE_DB_SECRET: undefined },
    });

    const provider = resolver.forResource('prod-db');
    await expect(provider.grant(GRANT)).rejects.toThrow(new Error('webhook secret env GATEHOUSE_DB_SECRET is not set'));
    await expect(provider.revoke(GRANT)).rejects.toThrow('webhook secret env GATEHOUSE_DB_SECRET is not set');
    expect(r.calls).toHaveLength(0);
  });

  it('treats an empty secret as missing', async () => {
    const resolver = createProviderResolver({
      policy: () => policy([resource('prod-db', webhookConfig('https://hooks.example.com'))]),
      env: { GATEHOUSE_DB_SECRET: '  ' },
    });
    await expect(resolver.forResource('prod-db').grant(GRANT)).rejects.toThrow(/is not set/);
  });

  it('picks up a secret set later without a restart', async () => {
    const r = await receiver();
    const env: Record<string, string | undefined> = {};
    const resolver = createProviderResolver({
      policy: () => policy([resource('prod-db', webhookConfig(r.url))]),
      env,
      now: () => NOW_MS,
    });
    await expect(resolver.forResource('prod-db').grant(GRANT)).rejects.toThrow(/is not set/);
    env.GATEHOUSE_DB_SECRET = SECRET;
    await expect(resolver.forResource('prod-db').grant(GRANT)).resolves.toEqual({ status: 'done' });
  });

  it('serves webhook, manual and support resources and reuses instances across policy reloads', async () => {
    const r = await receiver();
    let current = policy(
      [resource('prod-db', webhookConfig(r.url)), resource('vpn', { type: 'manual', fulfillers: [] })],
      webhookConfig(r.url, 'GATEHOUSE_SUPPORT_SECRET'),
    );
    const resolver = createProviderResolver({
      policy: () => current,
      env: { GATEHOUSE_DB_SECRET: SECRET, GATEHOUSE_SUPPORT_SECRET: SECRET },
      now: () => NOW_MS,
    });

    const db = resolver.forResource('prod-db');
    await expect(db.grant(GRANT)).resolves.toEqual({ status: 'done' });
    await expect(resolver.forResource('vpn').grant(GRANT)).resolves.toEqual({ status: 'pending' });
    await expect(resolver.forResource('support').grant({ ...GRANT, id: 'grt_s' })).resolves.toEqual({ status: 'done' });
    expect(r.granted.has('grt_s')).toBe(true);

    expect(resolver.forResource('prod-db')).toBe(db);
    // A reload builds new config objects with the same content: same instance.
    current = structuredClone(current);
    expect(resolver.forResource('prod-db')).toBe(db);
    // Changed content: a new instance.
    current = policy([resource('prod-db', { ...webhookConfig(r.url), timeoutMs: 3_000 })]);
    expect(resolver.forResource('prod-db')).not.toBe(db);
  });

  it('fails closed for unknown resources, unconfigured support and an ambiguous support id', async () => {
    const manual: ProviderConfig = { type: 'manual', fulfillers: [] };
    const resolver = createProviderResolver({ policy: () => policy([resource('vpn', manual)]), env: {} });
    await expect(resolver.forResource('nope').grant(GRANT)).rejects.toThrow(/no provider for resource nope/);
    await expect(resolver.forResource('support').revoke(GRANT)).rejects.toThrow(/support sessions are not configured/);

    const ambiguous = createProviderResolver({ policy: () => policy([resource('support', manual)], manual), env: {} });
    await expect(ambiguous.forResource('support').grant(GRANT)).rejects.toThrow(/reserved/);
  });

  it('fails closed on a webhook config it cannot build', async () => {
    const resolver = createProviderResolver({
      policy: () => policy([resource('prod-db', webhookConfig('ftp://hooks.example.com'))]),
      env: { GATEHOUSE_DB_SECRET: SECRET },
    });
    const error = await rejection(resolver.forResource('prod-db').grant(GRANT));
    expect(error.message).toMatch(/misconfigured/);
    expect(error.message).not.toContain(SECRET);
  });
});

describe('missingProviderSecrets', () => {
  it('lists unset webhook secret envs once, including the support provider', () => {
    const p = policy(
      [
        resource('a', webhookConfig('https://a.example.com', 'GATEHOUSE_A')),
        resource('b', webhookConfig('https://b.example.com', 'GATEHOUSE_B')),
        resource('c', webhookConfig('https://c.example.com', 'GATEHOUSE_A')),
        resource('d', { type: 'manual', fulfillers: [] }),
      ],
      webhookConfig('https://s.example.com', 'GATEHOUSE_SUPPORT'),
    );
    expect(missingProviderSecrets(p, { GATEHOUSE_B: 'set', GATEHOUSE_SUPPORT: '' })).toEqual(['GATEHOUSE_A', 'GATEHOUSE_SUPPORT']);
    expect(missingProviderSecrets(p, { GATEHOUSE_A: 'x', GATEHOUSE_B: 'y', GATEHOUSE_SUPPORT: 'z' })).toEqual([]);
  });
});
