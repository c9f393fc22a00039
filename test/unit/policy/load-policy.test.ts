import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { stringify } from 'yaml';
import { loadPolicyFile, parsePolicy } from '../../../src/policy/load-policy.js';
import { PolicyError, PolicyReadError } from '../../../src/policy/policy-error.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/policy.yaml', import.meta.url));

const WEBHOOK = { type: 'webhook', url: 'http://127.0.0.1:3000/sandbox/provider', secret_env: 'GATEHOUSE_WEBHOOK_SECRET' };

// Loose on purpose: the cases below break it in ways the schema's types would not allow.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cases mutate nested keys freely
type Doc = Record<string, any>;

function validDoc(): Doc {
  return {
    version: 1,
    groups: {
      sre: ['alice@example.com', 'bob@example.com'],
      'db-owners': ['dave@example.com', 'erin@example.com'],
    },
    people: { 'alice@example.com': { manager: 'dave@example.com' } },
    resources: [
      { id: 'prod-db', name: 'Prod DB', requesters: ['group:sre'], approvers: ['group:db-owners'], max_duration: '4h', provider: { ...WEBHOOK } },
      { id: 'vpn', name: 'VPN', requesters: ['group:sre'], approvers: ['manager'], max_duration: '1d', provider: { type: 'manual', fulfillers: ['carol@example.com'] } },
      { id: 'billing', name: 'Billing', requesters: ['group:sre'], approvers: ['group:db-owners'], max_duration: '2h', provider: { ...WEBHOOK } },
    ],
    break_glass: { requesters: ['group:sre'], reviewers: ['group:db-owners', 'manager'] },
  };
}

/** The error message's lines, or a failure if the text loads. */
function problems(text: string): string[] {
  try {
    parsePolicy(text);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return (error as PolicyError).message.split('\n');
  }
  throw new Error('expected the policy to be rejected');
}

const NOT_A_DURATION = 'is not a duration (use a whole number and one unit: 30s, 15m, 2h, 1d)';
const MANAGER_MISUSE = '"manager" means the requester\'s manager, so it is only allowed in approvers and break_glass.reviewers';

const cases: { name: string; edit: (doc: Doc) => void; expected: string[] }[] = [
  {
    name: 'unknown group',
    edit: (d) => (d.resources[2].approvers = ['group:db-owner']),
    expected: ['resources[2].approvers[0]: unknown group "db-owner"'],
  },
  {
    name: 'bad duration',
    edit: (d) => (d.resources[0].max_duration = '4 hours'),
    expected: [`resources[0].max_duration: "4 hours" ${NOT_A_DURATION}`],
  },
  {
    name: 'duration written as a number',
    edit: (d) => (d.resources[0].pending_ttl = 30),
    expected: ['resources[0].pending_ttl: expected a duration such as "30m", got 30'],
  },
  {
    name: 'default_duration longer than max_duration',
    edit: (d) => (d.resources[2].default_duration = '3h'),
    expected: ['resources[2].default_duration: 3h is longer than max_duration (2h)'],
  },
  {
    name: 'auto_approve.max_duration longer than max_duration',
    edit: (d) => (d.resources[0].auto_approve = { requesters: ['group:sre'], max_duration: '5h' }),
    expected: ["resources[0].auto_approve.max_duration: 5h is longer than the resource's max_duration (4h)"],
  },
  {
    name: 'misspelt key with a suggestion',
    edit: (d) => (d.resources[0].aproval_required = 2),
    expected: ['resources[0].aproval_required: unknown key (did you mean "approvals_required"?)'],
  },
  {
    name: 'misspelt top-level key',
    edit: (d) => {
      d.break_glas = d.break_glass;
      delete d.break_glass;
    },
    expected: ['break_glas: unknown key (did you mean "break_glass"?)'],
  },
  {
    name: 'unknown key with nothing close',
    edit: (d) => (d.channels = { approvals: { irc: '#ops' } }),
    expected: ['channels.approvals.irc: unknown key (expected one of: slack, teams)'],
  },
  {
    name: 'missing version',
    edit: (d) => delete d.version,
    expected: ['version: is required'],
  },
  {
    name: 'unsupported version',
    edit: (d) => (d.version = 2),
    expected: ['version: expected 1, got 2'],
  },
  {
    name: 'bad principal',
    edit: (d) => (d.resources[1].requesters = ['group:sre', 'sre']),
    expected: ['resources[1].requesters[1]: "sre" is not a principal (use group:NAME, an email address, or manager)'],
  },
  {
    name: 'duplicate resource id',
    edit: (d) => (d.resources[2].id = 'prod-db'),
    expected: ['resources[2].id: duplicate resource id "prod-db" (already used by resources[0])'],
  },
  {
    name: 'resource id that is not a slug',
    edit: (d) => (d.resources[0].id = 'Prod DB'),
    expected: ['resources[0].id: "Prod DB" is not a valid id (use lowercase letters, digits, - and _)'],
  },
  {
    name: 'bad email in a group',
    edit: (d) => d.groups.sre.push('carol.example.com'),
    expected: ['groups.sre[2]: "carol.example.com" is not an email address'],
  },
  {
    name: 'manager that is not an email',
    edit: (d) => (d.people['alice@example.com'].manager = 'dave'),
    expected: ['people["alice@example.com"].manager: "dave" is not an email address'],
  },
  {
    name: 'same person twice with different case',
    edit: (d) => (d.people['Alice@Example.com'] = {}),
    expected: ['people["Alice@Example.com"]: same person as people["alice@example.com"] (emails ignore case)'],
  },
  {
    name: 'break_glass naming an unknown resource',
    edit: (d) => (d.break_glass.resources = ['prod-db', 'prod-dbb']),
    expected: ['break_glass.resources[1]: unknown resource "prod-dbb"'],
  },
  {
    name: 'break_glass with an empty resource list',
    edit: (d) => (d.break_glass.resources = []),
    expected: ['break_glass.resources: must not be empty (omit it to allow every resource)'],
  },
  {
    name: 'manager as a requester',
    edit: (d) => (d.resources[0].requesters = ['manager']),
    expected: [`resources[0].requesters[0]: ${MANAGER_MISUSE}`],
  },
  {
    name: 'manager in auto_approve and as a fulfiller',
    edit: (d) => {
      d.resources[0].auto_approve = { requesters: ['manager'], max_duration: '1h' };
      d.resources[1].provider.fulfillers = ['manager'];
    },
    expected: [`resources[0].auto_approve.requesters[0]: ${MANAGER_MISUSE}`, `resources[1].provider.fulfillers[0]: ${MANAGER_MISUSE}`],
  },
  {
    name: 'manager among support technicians',
    edit: (d) => (d.support = { technicians: ['manager'], escalation_approvers: ['group:sre'], provider: { ...WEBHOOK } }),
    expected: [`support.technicians[0]: ${MANAGER_MISUSE}`],
  },
  {
    name: 'webhook url that is not http(s)',
    edit: (d) => (d.resources[0].provider.url = 'ftp://example.com/hook'),
    expected: ['resources[0].provider.url: "ftp://example.com/hook" is not an http:// or https:// URL'],
  },
  {
    name: 'secret_env that is not an env var name',
    edit: (d) => (d.resources[0].provider.secret_env = 's3cr3t-value'),
    expected: ['resources[0].provider.secret_env: "s3cr3t-value" is not an environment variable name (use A-Z, 0-9 and _)'],
  },
  {
    name: 'unknown provider type',
    edit: (d) => (d.resources[0].provider = { type: 'slack' }),
    expected: ['resources[0].provider.type: expected "manual" or "webhook", got "slack"'],
  },
  {
    name: 'manual provider without fulfillers',
    edit: (d) => delete d.resources[1].provider.fulfillers,
    expected: ['resources[1].provider.fulfillers: is required'],
  },
  {
    name: 'approvals_required 0',
    edit: (d) => (d.resources[0].approvals_required = 0),
    expected: ['resources[0].approvals_required: must be at least 1'],
  },
  {
    name: 'more approvals required than approvers exist',
    edit: (d) => (d.resources[0].approvals_required = 3),
    expected: ['resources[0].approvals_required: 3 approval(s) required but the approvers name only 2 people'],
  },
  {
    name: 'empty approvers',
    edit: (d) => (d.resources[0].approvers = []),
    expected: ['resources[0].approvers: must not be empty'],
  },
  {
    name: 'no resources',
    edit: (d) => (d.resources = []),
    expected: ['resources: must not be empty'],
  },
  {
    name: 'several errors at once, in file order',
    edit: (d) => {
      d.version = 3;
      d.resources[0].max_duration = 'forever';
      d.resources[2].approvers = ['group:db-owner'];
      d.resources[1].id = 'prod-db';
      d.break_glass.resources = ['nope'];
      d.chanels = {};
    },
    expected: [
      'version: expected 1, got 3',
      `resources[0].max_duration: "forever" ${NOT_A_DURATION}`,
      'resources[1].id: duplicate resource id "prod-db" (already used by resources[0])',
      'resources[2].approvers[0]: unknown group "db-owner"',
      'break_glass.resources[0]: unknown resource "nope"',
      'chanels: unknown key (did you mean "channels"?)',
    ],
  },
];

describe('parsePolicy rejects', () => {
  it.each(cases)('$name', ({ edit, expected }) => {
    const doc = validDoc();
    edit(doc);
    expect(problems(stringify(doc))).toEqual(expected);
  });

  it.each([
    {
      name: 'a YAML syntax error',
      text: 'version: 1\nresources:\n  - id: a\n    name: a: b\n',
      expected: 'line 4, column 11: Nested mappings are not allowed in compact mappings',
    },
    {
      name: 'a duplicate YAML key',
      text: 'version: 1\nversion: 1\nresources: []\n',
      expected: 'line 2, column 1: Map keys must be unique',
    },
  ])('$name, with line and column and nothing else', ({ text, expected }) => {
    // Schema complaints after a syntax error would describe a document the author never wrote.
    expect(problems(text)).toEqual([expected]);
  });

  it.each([
    { name: 'an empty file', text: '', expected: 'expected a mapping, got nothing' },
    { name: 'a list at the top level', text: '- version: 1\n', expected: 'expected a mapping, got a list' },
  ])('$name', ({ text, expected }) => {
    expect(problems(text)).toEqual([expected]);
  });

  it('exposes every issue with its path, message and line', () => {
    const doc = validDoc();
    doc.resources[2].approvers = ['group:db-owner'];
    doc.resources[0].approvals_required = 0;
    try {
      parsePolicy(stringify(doc), 'policy.yaml');
      expect.unreachable();
    } catch (error) {
      const policyError = error as PolicyError;
      expect(policyError.source).toBe('policy.yaml');
      expect(policyError.issues.map(({ path, message }) => ({ path, message }))).toEqual([
        { path: 'resources[0].approvals_required', message: 'must be at least 1' },
        { path: 'resources[2].approvers[0]', message: 'unknown group "db-owner"' },
      ]);
      expect(policyError.issues.every((i) => typeof i.line === 'number' && i.line > 1)).toBe(true);
    }
  });
});

describe('parsePolicy compiles', () => {
  it('the example policy', () => {
    const policy = loadPolicyFile(EXAMPLE);
    expect(policy.resources.map((r) => r.id)).toEqual(['prod-db', 'prod-db-write', 'aws-admin', 'vpn-contractors']);
    expect(policy.breakGlass?.resources).toEqual(['prod-db', 'prod-db-write', 'aws-admin']);
    expect(policy.support?.prohibitedActions).toContain('change passwords');
    expect(policy.channels.approvals).toEqual({ slack: 'C0APPROVALS', teams: null });
  });

  it('durations, principals, defaults and emails into the engine form', () => {
    const doc = validDoc();
    doc.groups.sre = ['Alice@Example.com', 'alice@example.com'];
    doc.resources[0].approvers = ['group:db-owners', 'Carol@Example.com'];
    doc.resources[1].default_duration = '4h';
    const text = stringify(doc);
    const policy = parsePolicy(text);

    expect(policy.hash).toBe(createHash('sha256').update(text).digest('hex'));
    expect(policy.groups.sre).toEqual(['alice@example.com']);
    expect(policy.people).toEqual({ 'alice@example.com': { manager: 'dave@example.com' } });
    const [prodDb, vpn, billing] = policy.resources;
    expect(prodDb).toEqual({
      id: 'prod-db',
      name: 'Prod DB',
      description: '',
      requesters: [{ kind: 'group', name: 'sre' }],
      approvers: [{ kind: 'group', name: 'db-owners' }, { kind: 'email', email: 'carol@example.com' }],
      approvalsRequired: 1,
      maxDurationMs: 4 * 3_600_000,
      defaultDurationMs: 3_600_000,
      autoApprove: null,
      justificationMinLength: 10,
      pendingTtlMs: 24 * 3_600_000,
      provider: { type: 'webhook', url: WEBHOOK.url, secretEnv: 'GATEHOUSE_WEBHOOK_SECRET', timeoutMs: 10_000 },
    });
    expect(vpn?.approvers).toEqual([{ kind: 'manager' }]);
    expect(vpn?.defaultDurationMs).toBe(4 * 3_600_000);
    expect(billing?.defaultDurationMs).toBe(3_600_000);
    expect(policy.breakGlass).toEqual({
      requesters: [{ kind: 'group', name: 'sre' }],
      resources: null,
      maxDurationMs: 3_600_000,
      reviewers: [{ kind: 'group', name: 'db-owners' }, { kind: 'manager' }],
      reviewWithinMs: 24 * 3_600_000,
    });
    expect(policy.support).toBeNull();
    expect(policy.channels).toEqual({ approvals: null, audit: null, support: null });
  });

  it('a default duration of the max when max_duration is under an hour', () => {
    const doc = validDoc();
    doc.resources[0].max_duration = '20m';
    expect(parsePolicy(stringify(doc)).resources[0]?.defaultDurationMs).toBe(20 * 60_000);
  });

  it('support defaults', () => {
    const doc = validDoc();
    doc.support = { technicians: ['group:sre'], escalation_approvers: ['dave@example.com'], provider: { ...WEBHOOK } };
    expect(parsePolicy(stringify(doc)).support).toMatchObject({
      consentTimeoutMs: 5 * 60_000,
      idleTimeoutMs: 15 * 60_000,
      maxDurationMs: 4 * 3_600_000,
      prohibitedActions: expect.arrayContaining(['access other accounts']),
    });
  });
});

describe('loadPolicyFile', () => {
  it('reports a file it cannot read as a PolicyReadError naming it, not as an invalid policy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-policy-'));
    const path = join(dir, 'missing.yaml');
    expect(() => loadPolicyFile(path)).toThrow(PolicyReadError);
    expect(() => loadPolicyFile(path)).not.toThrow(PolicyError);
    expect(() => loadPolicyFile(path)).toThrow(`cannot read the policy file ${path}: no such file`);
    expect(() => loadPolicyFile(dir)).toThrow(`cannot read the policy file ${dir}: it is a directory`);
  });

  it('reads a file from disk', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gatehouse-policy-')), 'policy.yaml');
    writeFileSync(path, stringify(validDoc()));
    expect(loadPolicyFile(path).resources).toHaveLength(3);
  });
});
