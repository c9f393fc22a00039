import { describe, expect, it } from 'vitest';
import type { Policy, Principal } from '../../../src/core/policy.js';
import { checkConsenter, checkEscalationApprover, checkReassignment, checkTechnician } from '../../../src/core/separation-of-duties.js';
import { nextSessionStatus, SESSION_EVENTS, type SessionEvent } from '../../../src/core/support-lifecycle.js';
import type { SessionStatus } from '../../../src/core/support-types.js';

const STATUSES: SessionStatus[] = ['open', 'claimed', 'awaiting_approval', 'awaiting_consent', 'active', 'ended', 'declined', 'consent_expired', 'cancelled'];

// The whole table: every (state, event) pair and where it leads; anything unlisted is refused.
const ALLOWED: Array<[SessionStatus, SessionEvent, SessionStatus]> = [
  ['open', 'claim', 'claimed'],
  ['claimed', 'reassign', 'claimed'],
  ['awaiting_approval', 'reassign', 'claimed'],
  ['awaiting_consent', 'reassign', 'claimed'],
  ['claimed', 'scope_needs_approval', 'awaiting_approval'],
  ['claimed', 'scope_ready', 'awaiting_consent'],
  ['awaiting_approval', 'scope_approved', 'awaiting_consent'],
  ['awaiting_approval', 'scope_denied', 'claimed'],
  ['awaiting_consent', 'consent', 'active'],
  ['awaiting_consent', 'decline', 'declined'],
  ['awaiting_consent', 'consent_timeout', 'consent_expired'],
  ['open', 'cancel', 'cancelled'],
  ['claimed', 'cancel', 'cancelled'],
  ['awaiting_approval', 'cancel', 'cancelled'],
  ['awaiting_consent', 'cancel', 'cancelled'],
  ['active', 'end', 'ended'],
];

describe('support session transitions', () => {
  const rows = STATUSES.flatMap((from) =>
    SESSION_EVENTS.map((event) => [from, event, ALLOWED.find(([f, e]) => f === from && e === event)?.[2] ?? null] as const),
  );
  it.each(rows)('%s --%s--> %s', (from, event, to) => {
    expect(nextSessionStatus(from, event)).toBe(to);
  });

  it('no consent, no session: only awaiting_consent reaches active', () => {
    for (const from of STATUSES) {
      for (const event of SESSION_EVENTS) {
        if (nextSessionStatus(from, event) === 'active') expect([from, event]).toEqual(['awaiting_consent', 'consent']);
      }
    }
  });
});

const policy: Policy = {
  version: 1,
  hash: 't',
  groups: { techs: ['tina@x.io', 'tom@x.io'], leads: ['lena@x.io', 'tina@x.io'] },
  people: {},
  resources: [],
  breakGlass: null,
  support: null,
  channels: { approvals: null, audit: null, support: null },
};
const techs: Principal[] = [{ kind: 'group', name: 'techs' }];
const leads: Principal[] = [{ kind: 'group', name: 'leads' }];

describe('support separation of duties', () => {
  it.each([
    ['a technician for someone else', 'tina@x.io', 'ed@x.io', null],
    ['a technician for themselves', 'tina@x.io', 'tina@x.io', 'SELF_SUPPORT'],
    ['someone who is not a technician', 'lena@x.io', 'ed@x.io', 'NOT_A_TECHNICIAN'],
  ])('claim: %s', (_n, who, endUser, code) => {
    const r = checkTechnician(policy, techs, endUser, who);
    expect(r.ok ? null : r.code).toBe(code);
  });

  it.each([
    ['a lead for another technician', 'lena@x.io', 'tom@x.io', 'ed@x.io', null],
    ['the technician, even though a lead', 'tina@x.io', 'tina@x.io', 'ed@x.io', 'SELF_ESCALATION'],
    ['the end user, even though a lead', 'lena@x.io', 'tom@x.io', 'lena@x.io', 'END_USER_APPROVAL'],
    ['someone who is not an escalation approver', 'tom@x.io', 'tina@x.io', 'ed@x.io', 'NOT_AN_ESCALATION_APPROVER'],
  ])('escalation: %s', (_n, who, technician, endUser, code) => {
    const r = checkEscalationApprover(policy, { technicianEmail: technician, endUserEmail: endUser, approvers: leads }, who);
    expect(r.ok ? null : r.code).toBe(code);
  });

  it.each([
    ['the end user', 'ed@x.io', null],
    ['the end user with other case', 'ED@x.io', null],
    ['anyone else, even the technician', 'tina@x.io', 'NOT_THE_END_USER'],
  ])('consent: %s', (_n, who, code) => {
    const r = checkConsenter('ed@x.io', who);
    expect(r.ok ? null : r.code).toBe(code);
  });

  it.each([
    ['a lead to a technician', 'lena@x.io', 'tom@x.io', null],
    ['a technician who is not a lead', 'tom@x.io', 'tina@x.io', 'NOT_A_LEAD'],
    ['a lead to the end user', 'lena@x.io', 'ed@x.io', 'SELF_SUPPORT'],
  ])('reassign: %s', (_n, lead, to, code) => {
    const r = checkReassignment(policy, { leads, technicians: techs, endUserEmail: 'ed@x.io' }, lead, to);
    expect(r.ok ? null : r.code).toBe(code);
  });
});
