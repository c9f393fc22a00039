/**
 * The manual provider: a person does the work (adds the account to a group, opens the firewall...).
 *
 * `grant` and `revoke` answer `pending` at once instead of waiting: the engine then opens a
 * fulfilment task for the resource's `fulfillers` group, and the grant only becomes active (or
 * revoked) when one of them confirms. Waiting for a person here would hold an outbox claim for
 * hours; the claim would lapse, another worker would run the effect again and ask people twice.
 * The task is the durable wait. Nothing leaves the process from here, so a repeated call is
 * harmless as long as the engine reuses the open task for the same grant and action
 * (`TaskRepo.openFor`).
 */
import type { AccessProvider, ProviderOutcome } from '../core/ports.js';

export function createManualProvider(): AccessProvider {
  // A fresh object per call: callers may keep or decorate the outcome.
  const pending = async (): Promise<ProviderOutcome> => ({ status: 'pending' });
  return { grant: pending, revoke: pending };
}
