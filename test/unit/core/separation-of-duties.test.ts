import { describe, expect, it } from 'vitest';
import type { Policy, Principal } from '../../../src/core/policy.js';
import { checkApprover, checkDenier, checkFulfiller, checkReviewer } from '../../../src/core/separation-of-duties.js';

const policy: Policy = {
  version: 1,
  hash: 'test',
  groups: { owners: ['dave@x.io', 'erin@x.io', 'alice@x.io'], fulfil: ['fred@x.io', 'dave@x.io'], sec: ['sam@x.io', 'alice@x.io'] },
  people: { 'alice@x.io': { manager: 'mgr@x.io' }, 'bob@x.io': { manager: 'dave@x.io' } },
  resources: [],
  breakGlass: null,
  support: null,
  channels: { approvals: null, audit: null, support: null },
};
const owners: Principal[] = [{ kind: 'group', name: 'owners' }, { kind: 'manager' }];

describe('checkApprover', () => {
  it.each([
    ['the requester, even in the approver group', 'alice@x.io', [], 'SELF_APPROVAL'],
    ['the requester with different case', 'ALICE@x.io', [], 'SELF_APPROVAL'],
    ['an eligible approver', 'dave@x.io', [], null],
    ["the requester's manager", 'mgr@x.io', [], null],
    ['someone outside the approvers', 'zed@x.io', [], 'NOT_AN_APPROVER'],
    ['an approver approving twice', 'dave@x.io', ['dave@x.io'], 'DUPLICATE_APPROVAL'],
    ['a second distinct approver', 'erin@x.io', ['dave@x.io'], null],
  ])('%s', (_name, who, approvedBy, code) => {
    const result = checkApprover(policy, { requesterEmail: 'alice@x.io', approvers: owners, approvedBy }, who);
    expect(result.ok ? null : result.code).toBe(code);
  });

  it('resolves `manager` relative to the requester', () => {
    const forBob = checkApprover(policy, { requesterEmail: 'bob@x.io', approvers: [{ kind: 'manager' }], approvedBy: [] }, 'mgr@x.io');
    expect(forBob.ok).toBe(false);
  });
});

describe('checkDenier', () => {
  it.each([
    ['the requester', 'alice@x.io', 'SELF_APPROVAL'],
    ['an approver who already approved', 'dave@x.io', null],
    ['an outsider', 'zed@x.io', 'NOT_AN_APPROVER'],
  ])('%s', (_name, who, code) => {
    const result = checkDenier(policy, { requesterEmail: 'alice@x.io', approvers: owners, approvedBy: ['dave@x.io'] }, who);
    expect(result.ok ? null : result.code).toBe(code);
  });
});

describe('checkFulfiller', () => {
  const fulfillers: Principal[] = [{ kind: 'group', name: 'fulfil' }];
  it.each([
    ['the requester', 'bob@x.io', 'FULFILLER_CONFLICT'],
    ['an approver of the request who is also a fulfiller', 'dave@x.io', 'FULFILLER_CONFLICT'],
    ['a fulfiller with no other role', 'fred@x.io', null],
    ['someone outside the fulfillers', 'erin@x.io', 'NOT_A_FULFILLER'],
  ])('%s', (_name, who, code) => {
    const result = checkFulfiller(policy, { requesterEmail: 'bob@x.io', approvedBy: ['dave@x.io'], fulfillers }, who);
    expect(result.ok ? null : result.code).toBe(code);
  });
});

describe('checkReviewer', () => {
  const reviewers: Principal[] = [{ kind: 'group', name: 'sec' }];
  it.each([
    ['the person who used break-glass, even as a reviewer', 'alice@x.io', 'SELF_REVIEW'],
    ['another reviewer', 'sam@x.io', null],
    ['someone outside the reviewers', 'dave@x.io', 'NOT_A_REVIEWER'],
  ])('%s', (_name, who, code) => {
    const result = checkReviewer(policy, { requesterEmail: 'alice@x.io', reviewers }, who);
    expect(result.ok ? null : result.code).toBe(code);
  });
});
