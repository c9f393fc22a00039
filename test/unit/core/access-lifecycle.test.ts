import { describe, expect, it } from 'vitest';
import { grantStatusesAccepting, nextGrantStatus, nextRequestStatus, type GrantEvent, type RequestEvent } from '../../../src/core/access-lifecycle.js';
import type { GrantStatus, RequestStatus } from '../../../src/core/types.js';

const REQUEST_STATUSES: RequestStatus[] = ['pending', 'approved', 'denied', 'cancelled', 'expired'];
const REQUEST_EVENTS: RequestEvent[] = ['approve', 'deny', 'cancel', 'ttl_elapsed'];

// Every (state, event) pair: what it leads to, or null when refused.
const REQUEST_TABLE: Record<RequestStatus, Record<RequestEvent, RequestStatus | null>> = {
  pending: { approve: 'approved', deny: 'denied', cancel: 'cancelled', ttl_elapsed: 'expired' },
  approved: { approve: null, deny: null, cancel: null, ttl_elapsed: null },
  denied: { approve: null, deny: null, cancel: null, ttl_elapsed: null },
  cancelled: { approve: null, deny: null, cancel: null, ttl_elapsed: null },
  expired: { approve: null, deny: null, cancel: null, ttl_elapsed: null },
};

describe('request transitions', () => {
  const rows = REQUEST_STATUSES.flatMap((from) => REQUEST_EVENTS.map((event) => [from, event, REQUEST_TABLE[from][event]] as const));
  it.each(rows)('%s --%s--> %s', (from, event, to) => {
    expect(nextRequestStatus(from, event)).toBe(to);
  });
});

const GRANT_STATUSES: GrantStatus[] = ['provisioning', 'provision_failed', 'active', 'revoking', 'revoke_failed', 'revoked', 'covered'];
const GRANT_EVENTS: GrantEvent[] = ['provisioned', 'provision_error', 'end', 'end_covered', 'revoked', 'revoke_error'];

const GRANT_TABLE: Record<GrantStatus, Record<GrantEvent, GrantStatus | null>> = {
  provisioning: { provisioned: 'active', provision_error: 'provision_failed', end: 'revoking', end_covered: 'covered', revoked: null, revoke_error: null },
  provision_failed: { provisioned: 'active', provision_error: 'provision_failed', end: 'revoking', end_covered: 'covered', revoked: null, revoke_error: null },
  active: { provisioned: null, provision_error: null, end: 'revoking', end_covered: 'covered', revoked: null, revoke_error: null },
  revoking: { provisioned: null, provision_error: null, end: null, end_covered: null, revoked: 'revoked', revoke_error: 'revoke_failed' },
  revoke_failed: { provisioned: null, provision_error: null, end: null, end_covered: null, revoked: 'revoked', revoke_error: 'revoke_failed' },
  revoked: { provisioned: null, provision_error: null, end: null, end_covered: null, revoked: null, revoke_error: null },
  covered: { provisioned: null, provision_error: null, end: null, end_covered: null, revoked: null, revoke_error: null },
};

describe('grant transitions', () => {
  const rows = GRANT_STATUSES.flatMap((from) => GRANT_EVENTS.map((event) => [from, event, GRANT_TABLE[from][event]] as const));
  it.each(rows)('%s --%s--> %s', (from, event, to) => {
    expect(nextGrantStatus(from, event)).toBe(to);
  });

  it.each(GRANT_EVENTS)('the compare-and-set sources of %s are exactly the states that accept it', (event) => {
    const accepting = GRANT_STATUSES.filter((s) => GRANT_TABLE[s][event] !== null);
    expect(grantStatusesAccepting(event).sort()).toEqual(accepting.sort());
  });

  it('terminal states accept nothing', () => {
    for (const terminal of ['revoked', 'covered'] as const) {
      for (const event of GRANT_EVENTS) expect(nextGrantStatus(terminal, event)).toBeNull();
    }
  });
});
