/**
 * Picks the provider for a resource from the current policy.
 *
 * Everything that cannot be served (unknown resource, missing secret, bad config) still returns a
 * provider, one whose calls throw: the outbox then keeps the effect, retries it and shows the
 * reason, instead of the call vanishing or, worse, going out unsigned. Fixing the env or the
 * policy makes the next retry succeed without a restart, because nothing failing is cached.
 */
import type { AccessProvider, ProviderResolver } from '../core/ports.js';
import type { Policy, ProviderConfig } from '../core/policy.js';
import { createManualProvider } from './manual-provider.js';
import { createWebhookProvider } from './webhook-provider.js';

/** The resource id the engine uses for remote-support sessions. */
export const SUPPORT_PROVIDER_ID = 'support';

export interface ProviderResolverOptions {
  /** Read on every call, so a reloaded policy takes effect at once. */
  policy: () => Policy;
  env: Record<string, string | undefined>;
  fetch?: typeof fetch;
  now?: () => number;
}

export function createProviderResolver(options: ProviderResolverOptions): ProviderResolver {
  const { env } = options;
  const manual = createManualProvider();
  // Keyed by what the config says, not by object identity: a policy reload builds new objects,
  // and reusing the instance keeps its keep-alive connections. The secret is kept beside it so a
  // changed secret builds a new instance instead of signing with the old one.
  const webhooks = new Map<string, { secret: string; provider: AccessProvider }>();

  function webhook(config: Extract<ProviderConfig, { type: 'webhook' }>, resourceId: string): AccessProvider {
    const secret = env[config.secretEnv];
    if (!isSet(secret)) return failing(`webhook secret env ${config.secretEnv} is not set`);

    const key = JSON.stringify([config.url, config.secretEnv, config.timeoutMs]);
    const cached = webhooks.get(key);
    if (cached && cached.secret === secret) return cached.provider;
    try {
      const provider = createWebhookProvider({
        url: config.url,
        secret,
        timeoutMs: config.timeoutMs,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.now ? { now: options.now } : {}),
      });
      webhooks.set(key, { secret, provider });
      return provider;
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'invalid configuration';
      return failing(`webhook provider for ${resourceId} is misconfigured: ${reason}`);
    }
  }

  return {
    forResource(resourceId: string): AccessProvider {
      const found = providerConfigFor(options.policy(), resourceId);
      if ('error' in found) return failing(found.error);
      return found.config.type === 'manual' ? manual : webhook(found.config, resourceId);
    },
  };
}

function providerConfigFor(policy: Policy, resourceId: string): { config: ProviderConfig } | { error: string } {
  const resource = policy.resources.find((r) => r.id === resourceId);
  if (resourceId === SUPPORT_PROVIDER_ID && policy.support) {
    // Sending support-session calls to a resource's provider (or the reverse) would give access
    // on the wrong system: refuse to guess.
    if (resource) return { error: `resource id ${SUPPORT_PROVIDER_ID} is reserved for support sessions` };
    return { config: policy.support.provider };
  }
  if (resource) return { config: resource.provider };
  if (resourceId === SUPPORT_PROVIDER_ID) return { error: 'support sessions are not configured in the policy' };
  return { error: `no provider for resource ${resourceId}: it is not in the policy` };
}

/** Env names of webhook secrets that are not set, each once, in policy order. */
export function missingProviderSecrets(policy: Policy, env: Record<string, string | undefined>): string[] {
  const configs = [...policy.resources.map((r) => r.provider), ...(policy.support ? [policy.support.provider] : [])];
  const missing = new Set<string>();
  for (const config of configs) {
    if (config.type === 'webhook' && !isSet(env[config.secretEnv])) missing.add(config.secretEnv);
  }
  return [...missing];
}

/** An empty or blank value counts as unset: signing with it would be as good as not signing. */
function isSet(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function failing(message: string): AccessProvider {
  const fail = async (): Promise<never> => {
    throw new Error(message);
  };
  return { grant: fail, revoke: fail };
}
