/**
 * Who a Slack user id is. An email on a profile only identifies someone of the workspace (or the
 * Enterprise Grid organisation) Gatehouse is installed in; anyone else is nobody, and is never
 * remembered under the email they claim.
 */
import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import type { Identity, IdentityStore } from '../../../src/chat/chat-ports.js';
import { createSlackIdentity } from '../../../src/slack/slack-identity.js';
import { loadPolicyFile } from '../../../src/policy/load-policy.js';
import { ENGINE_POLICY_PATH, silentLogger } from '../../support/engine-harness.js';

const HOME = 'T0HOME';
const ORG = 'E0ORG';

interface Install {
  team_id?: string;
  enterprise_id?: string;
}
interface SlackUser {
  id: string;
  team_id: string;
  enterprise_user?: { enterprise_id: string };
  profile: { email: string };
}

function setup(install: Install | Error | (() => Install | Error), users: SlackUser[]) {
  const remembered: Identity[] = [];
  const store: IdentityStore = {
    byUserId: (_p, id) => remembered.find((r) => r.platformUserId === id) ?? null,
    byEmail: (_p, email) => remembered.find((r) => r.email === email) ?? null,
    remember: (identity) => void remembered.push(identity),
  };
  const client = {
    auth: {
      test: async () => {
        const answer = typeof install === 'function' ? install() : install;
        return answer instanceof Error ? Promise.reject(answer) : { ok: true, ...answer };
      },
    },
    users: {
      info: async ({ user }: { user: string }) => ({ ok: true, user: users.find((u) => u.id === user) }),
      lookupByEmail: async ({ email }: { email: string }) => ({ ok: true, user: users.find((u) => u.profile.email === email) }),
    },
  } as unknown as WebClient;
  const policy = loadPolicyFile(ENGINE_POLICY_PATH);
  const identity = createSlackIdentity({ client, identities: store, policy: () => policy, clock: { now: () => 1_000 }, logger: silentLogger });
  return { identity, remembered };
}

const dave = (team: string, enterprise?: string): SlackUser => ({
  id: 'UDAVE',
  team_id: team,
  ...(enterprise ? { enterprise_user: { enterprise_id: enterprise } } : {}),
  profile: { email: 'dave@example.com' },
});

describe('createSlackIdentity: whose email counts', () => {
  const cases: Array<[string, Install | Error, SlackUser, 'ok' | 'other_workspace' | 'lookup_failed']> = [
    ['a member of the workspace the app is installed in', { team_id: HOME }, dave(HOME), 'ok'],
    ['a Slack Connect user of another organisation', { team_id: HOME }, dave('T0ELSEWHERE'), 'other_workspace'],
    ['a user of another Grid organisation', { team_id: HOME, enterprise_id: ORG }, dave('T0ELSEWHERE', 'E0OTHER'), 'other_workspace'],
    ['a member of another workspace of the same Grid organisation', { team_id: HOME, enterprise_id: ORG }, dave('T0SISTER', ORG), 'ok'],
    ['a Grid user whose team is the organisation itself', { team_id: HOME, enterprise_id: ORG }, dave(ORG, ORG), 'ok'],
    ['a user claiming the Grid organisation when the app is not in one', { team_id: HOME }, dave('T0SISTER', ORG), 'other_workspace'],
    ['a member of the organisation, when the app is installed org-wide (no workspace of its own)', { team_id: '', enterprise_id: ORG }, dave('T0SISTER', ORG), 'ok'],
    ['someone else, when the app is installed org-wide', { team_id: '', enterprise_id: ORG }, dave('T0ELSEWHERE'), 'other_workspace'],
    ['anyone, when the installation cannot be read', new Error('ratelimited'), dave(HOME), 'lookup_failed'],
    ['anyone, when the installation names no workspace', {}, dave(HOME), 'lookup_failed'],
  ];

  it.each(cases)('%s', async (_what, install, user, expected) => {
    const { identity, remembered } = setup(install, [user]);
    const person = await identity.resolve(user.id);
    expect(person.ok ? 'ok' : person.reason).toBe(expected);
    expect(remembered.map((r) => r.platformUserId)).toEqual(expected === 'ok' ? ['UDAVE'] : []);
  });

  it.each(cases)('sending to the email: %s', async (_what, install, user, expected) => {
    const { identity, remembered } = setup(install, [user]);
    const found = identity.userIdFor('dave@example.com');
    if (expected === 'lookup_failed') await expect(found).rejects.toThrow();
    else await expect(found).resolves.toBe(expected === 'ok' ? 'UDAVE' : null);
    expect(remembered.map((r) => r.platformUserId)).toEqual(expected === 'ok' ? ['UDAVE'] : []);
  });

  it('an installation that could not be read is asked again next time', async () => {
    const answers: Array<Install | Error> = [new Error('ratelimited'), { team_id: HOME }];
    const { identity } = setup(() => answers.shift() ?? { team_id: HOME }, [dave(HOME)]);
    expect(await identity.resolve('UDAVE')).toMatchObject({ ok: false, reason: 'lookup_failed' });
    expect(await identity.resolve('UDAVE')).toMatchObject({ ok: true, actor: { email: 'dave@example.com' } });
  });
});
