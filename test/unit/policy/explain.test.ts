import { describe, it, expect } from 'vitest';
import { explainRequest, explainRequestJson } from '../../../src/policy/explain.js';
import { parsePolicy } from '../../../src/policy/load-policy.js';

const policy = parsePolicy(`
version: 1
groups:
  sre: [alice@example.com, bob@example.com]
  db-owners: [dave@example.com, erin@example.com]
  contractors: [mallory@contractor.example.net, oscar@contractor.example.net]
people:
  mallory@contractor.example.net: { manager: judy@example.com }
resources:
  - id: prod-db
    name: Production database, read-only
    requesters: [group:sre, group:db-owners]
    approvers: [group:db-owners]
    max_duration: 8h
    auto_approve: { requesters: [group:sre], max_duration: 2h }
    provider: { type: manual, fulfillers: [ken@example.com] }
  - id: prod-db-write
    name: Production database, read-write
    requesters: [group:sre, group:db-owners]
    approvers: [group:db-owners]
    approvals_required: 2
    max_duration: 2h
    provider: { type: manual, fulfillers: [ken@example.com] }
  - id: vpn-contractors
    name: Contractor VPN
    requesters: [group:contractors]
    approvers: [manager]
    max_duration: 1d
    default_duration: 8h
    provider: { type: manual, fulfillers: [ken@example.com] }
`);

const H = 3_600_000;

describe('explainRequest', () => {
  it.each([
    {
      name: 'refused: not a requester',
      question: { email: 'mallory@contractor.example.net', resourceId: 'prod-db' },
      text: 'refused: mallory@contractor.example.net may not request prod-db (NOT_A_REQUESTER)',
    },
    {
      name: 'refused: unknown person',
      question: { email: 'eve@example.com', resourceId: 'prod-db' },
      text: 'refused: eve@example.com is not a person this policy knows (UNKNOWN_PERSON)',
    },
    {
      name: 'refused: unknown resource',
      question: { email: 'alice@example.com', resourceId: 'prod-dbb' },
      text: 'refused: there is no resource "prod-dbb" (UNKNOWN_RESOURCE)',
    },
    {
      name: 'refused: too long',
      question: { email: 'alice@example.com', resourceId: 'prod-db-write', durationMs: 3 * H },
      text: 'refused: 3h is longer than the 2h allowed for prod-db-write (DURATION_TOO_LONG)',
    },
    {
      name: 'auto-approved with the default duration',
      question: { email: 'Alice@Example.com', resourceId: 'prod-db' },
      text: 'auto-approved: alice@example.com gets prod-db for 1h',
    },
    {
      name: 'needs approval when longer than auto-approval allows',
      question: { email: 'alice@example.com', resourceId: 'prod-db', durationMs: 4 * H },
      text: 'needs 1 approval(s) from: dave@example.com, erin@example.com (alice@example.com asks for prod-db for 4h)',
    },
    {
      name: 'needs two approvals',
      question: { email: 'bob@example.com', resourceId: 'prod-db-write', durationMs: 90 * 60_000 },
      text: 'needs 2 approval(s) from: dave@example.com, erin@example.com (bob@example.com asks for prod-db-write for 1h 30m)',
    },
    {
      name: "the requester's manager approves",
      question: { email: 'mallory@contractor.example.net', resourceId: 'vpn-contractors' },
      text: 'needs 1 approval(s) from: judy@example.com (mallory@contractor.example.net asks for vpn-contractors for 8h)',
    },
    {
      name: 'not enough approvers once the requester is excluded',
      question: { email: 'dave@example.com', resourceId: 'prod-db-write' },
      text:
        'refused: prod-db-write needs 2 approval(s) but only 1 eligible approver(s) other than dave@example.com exist (NOT_ENOUGH_APPROVERS)',
    },
    {
      name: 'not enough approvers: no manager on record',
      question: { email: 'oscar@contractor.example.net', resourceId: 'vpn-contractors' },
      text:
        'refused: vpn-contractors needs 1 approval(s) but only 0 eligible approver(s) other than oscar@contractor.example.net exist (NOT_ENOUGH_APPROVERS)',
    },
  ])('$name', ({ question, text }) => {
    expect(explainRequest(policy, question)).toBe(text);
  });
});

describe('explainRequestJson', () => {
  const base = { policyHash: policy.hash };
  it.each([
    {
      name: 'refused',
      question: { email: 'mallory@contractor.example.net', resourceId: 'prod-db' },
      json: {
        ...base,
        outcome: 'refused',
        email: 'mallory@contractor.example.net',
        resourceId: 'prod-db',
        code: 'NOT_A_REQUESTER',
        reason: 'mallory@contractor.example.net may not request prod-db',
      },
    },
    {
      name: 'auto-approved',
      question: { email: 'alice@example.com', resourceId: 'prod-db', durationMs: 2 * H },
      json: { ...base, outcome: 'auto_approved', email: 'alice@example.com', resourceId: 'prod-db', durationMs: 2 * H, duration: '2h' },
    },
    {
      name: 'needs approval',
      question: { email: 'mallory@contractor.example.net', resourceId: 'vpn-contractors' },
      json: {
        ...base,
        outcome: 'needs_approval',
        email: 'mallory@contractor.example.net',
        resourceId: 'vpn-contractors',
        durationMs: 8 * H,
        duration: '8h',
        approvalsRequired: 1,
        approvers: ['judy@example.com'],
      },
    },
  ])('$name', ({ question, json }) => {
    const answer = explainRequestJson(policy, question);
    expect(answer).toEqual(json);
    // It is printed with --format json, so it must survive a round trip unchanged.
    expect(JSON.parse(JSON.stringify(answer))).toEqual(answer);
  });
});
