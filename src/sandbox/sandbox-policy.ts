/**
 * The example policy sends provider calls to the built-in receiver at a fixed address
 * (`http://127.0.0.1:3000/sandbox/provider`). The sandbox may listen on another port (tests use a
 * free one), so in sandbox mode only, webhook URLs that name that receiver on the loopback
 * interface are pointed at this server's own address. Any other URL is left alone, and the policy
 * keeps the hash of its file: the rules in force are the file's.
 */
import type { Policy, ProviderConfig } from '../core/policy.js';
import { SANDBOX_PROVIDER_PATH } from '../http/sandbox-provider-endpoint.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isSandboxReceiverUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname) && parsed.pathname === SANDBOX_PROVIDER_PATH;
  } catch {
    return false;
  }
}

/** `baseUrl` is this server's, e.g. `http://127.0.0.1:41234/`. */
export function localizeSandboxProviders(policy: Policy, baseUrl: string): Policy {
  const target = new URL(SANDBOX_PROVIDER_PATH, baseUrl).toString();
  const localize = (provider: ProviderConfig): ProviderConfig => (provider.type === 'webhook' && isSandboxReceiverUrl(provider.url) ? { ...provider, url: target } : provider);
  return {
    ...policy,
    resources: policy.resources.map((r) => ({ ...r, provider: localize(r.provider) })),
    support: policy.support ? { ...policy.support, provider: localize(policy.support.provider) } : null,
  };
}
