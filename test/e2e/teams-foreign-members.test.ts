/**
 * People of another Microsoft 365 organisation. A shared channel (Teams Connect) hosted by our
 * tenant can hold members of other tenants, and their email is whatever their own directory says.
 * An activity from our tenant's channel is therefore not proof that its sender is one of ours: the
 * member's own tenant is.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../views/action-ids.js';
import type { FakeTeamsUser } from '../fixtures/fake-bot-connector.js';
import { TENANT_ID } from '../support/teams-client.js';
import { startTeamsE2E, TEAMS_APPROVALS_CHANNEL, type TeamsE2E } from '../support/teams-e2e-harness.js';
import { answerOf, cardWith, dbAll, installAll, latestRequestOf, say } from './teams-steps.js';

/** An external member of the shared approvals channel whose directory gives them Dave's email. */
const GUEST: FakeTeamsUser = { id: '29:guest', aadObjectId: 'aad-guest', name: 'guest', email: 'dave@example.com', userPrincipalName: 'guest@vendor.example', tenantId: 'vendor-tenant' };

let e: TeamsE2E;
afterEach(async () => {
  await e.close();
});

describe.each([
  ['a single-tenant bot', { tenantId: TENANT_ID }],
  ['a multi-tenant bot', {}],
])('%s', (_what, options) => {
  it('an external member of a shared channel cannot approve as the person whose email they carry', async () => {
    e = await startTeamsE2E({ ...options, extraUsers: [GUEST] });
    await installAll(e, ['alice', 'dave']);
    await say(e, 'alice', 'request-access prod-db 1h investigating INC-4211 slow queries');
    await e.settle();
    const requestId = latestRequestOf(e, 'alice');
    const card = cardWith(e, TEAMS_APPROVALS_CHANNEL, ACTION.approve, requestId);

    const res = await e.teams.execute(GUEST, ACTION.approve, { value: requestId }, { replyToId: card.id, conversationId: card.conversationId, conversationType: 'channel' });
    expect(res.status).toBe(200);
    expect(answerOf(res)).toMatch(/another organisation/);
    expect(dbAll(e, 'select status from requests where id = ?', requestId)).toEqual([{ status: 'pending' }]);
    expect(dbAll(e, 'select * from approvals')).toEqual([]);
    expect(dbAll(e, 'select * from identities where platform_user_id = ?', GUEST.id)).toEqual([]);
  });

  it('a member whose tenant the Bot Connector does not say is not believed either', async () => {
    const unnamed: FakeTeamsUser = { ...GUEST, tenantId: undefined };
    e = await startTeamsE2E({ ...options, extraUsers: [unnamed] });
    await installAll(e, ['alice', 'dave']);
    await say(e, 'alice', 'request-access prod-db 1h investigating INC-4211 slow queries');
    await e.settle();
    const requestId = latestRequestOf(e, 'alice');
    const card = cardWith(e, TEAMS_APPROVALS_CHANNEL, ACTION.approve, requestId);
    const res = await e.teams.execute(unnamed, ACTION.approve, { value: requestId }, { replyToId: card.id, conversationId: card.conversationId, conversationType: 'channel' });
    expect(answerOf(res)).toMatch(/another organisation/);
    expect(dbAll(e, 'select status from requests where id = ?', requestId)).toEqual([{ status: 'pending' }]);
  });
});

describe('a multi-tenant bot', () => {
  it('believes members by their sign-in name, not by the email attribute any tenant can set', async () => {
    // Any tenant can talk to a multi-tenant bot, in its own conversations, and its administrators set
    // the email attribute freely; the sign-in name's domain is one the tenant has proven it owns.
    const outsider: FakeTeamsUser = { id: '29:outsider', aadObjectId: 'aad-outsider', name: 'outsider', email: 'alice@example.com', userPrincipalName: 'mallory@vendor.example', tenantId: TENANT_ID };
    e = await startTeamsE2E({ extraUsers: [outsider] });
    const res = await e.teams.say(outsider, 'request-access prod-db 1h investigating INC-4211 slow queries');
    expect(res.status).toBe(200);
    expect(dbAll(e, 'select * from requests')).toEqual([]);
    const [reply] = e.connector.posts(e.teams.personalChat(outsider));
    expect(String(reply?.activity.text)).toContain('mallory@vendor.example');
    expect(String(reply?.activity.text)).toMatch(/is not in the Gatehouse policy/);
  });
});
