/**
 * A remote-support session entirely in Teams: requested in a personal chat, claimed from the support
 * channel's card, scoped, consented to by the end user, ended, documented, and closed with a summary.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, MODAL, SUPPORT_FIELD } from '../../views/action-ids.js';
import { startTeamsE2E, TEAMS_SUPPORT_CHANNEL, type TeamsE2E } from '../support/teams-e2e-harness.js';
import { answerOf, cardWith, chatOf, dbGet, executesOf, installAll, press, shownIn, typeSupport, textOf } from './teams-steps.js';

let e: TeamsE2E;
beforeEach(async () => {
  e = await startTeamsE2E();
  await installAll(e, ['alice', 'tina', 'lena']);
});
afterEach(async () => {
  await e.close();
});

const sessionOf = () => (dbGet<{ id: string }>(e, "SELECT id FROM support_sessions WHERE end_user_email = 'alice@example.com' ORDER BY created_at DESC LIMIT 1")).id;
const statusOf = (id: string) => dbGet<{ status: string }>(e, 'SELECT status FROM support_sessions WHERE id = ?', id).status;

describe('support through consent and documented closure', () => {
  it('runs the whole session from Teams cards', async () => {
    const filed = await typeSupport(e, 'alice', 'my laptop cannot reach the VPN since this morning');
    expect(filed).toContain('Support request received');
    await e.settle();
    const sessionId = sessionOf();

    // A technician claims it from the support channel's card.
    const requestCard = cardWith(e, TEAMS_SUPPORT_CHANNEL, ACTION.claimSession, sessionId);
    expect(textOf(requestCard)).toContain('cannot reach the VPN');
    expect(answerOf(await press(e, 'tina', requestCard, ACTION.claimSession, { value: sessionId }))).toMatch(/^You claimed alice@example.com's request/);
    await e.settle();
    const channelNow = shownIn(e, TEAMS_SUPPORT_CHANNEL).find((s) => s.id === requestCard.id)!;
    expect(channelNow.updates).toBeGreaterThan(0);
    expect(executesOf(channelNow.card).some((x) => x.verb === ACTION.claimSession)).toBe(false);

    // Scope, from the inline form on the technician's card.
    const scopeCard = cardWith(e, chatOf(e, 'tina'), MODAL.scope, sessionId);
    const scope = {
      value: sessionId,
      [SUPPORT_FIELD.device]: 'LAPTOP-ALICE',
      [SUPPORT_FIELD.interaction]: 'control',
      [SUPPORT_FIELD.adminRights]: '',
      [SUPPORT_FIELD.prohibitedActions]: 'copy personal files\nchange passwords',
    };
    expect(answerOf(await press(e, 'tina', scopeCard, MODAL.scope, scope))).toBe('Scope recorded. alice@example.com is asked for consent now.');
    await e.settle();

    // The end user is asked, sees what the technician may and may not do, and allows it.
    const consent = cardWith(e, chatOf(e, 'alice'), ACTION.allowSession, sessionId);
    expect(textOf(consent)).toContain('copy personal files');
    // Only the end user may consent.
    expect(answerOf(await press(e, 'tina', consent, ACTION.allowSession, { value: sessionId }))).not.toMatch(/^You allowed/);
    expect(statusOf(sessionId)).toBe('awaiting_consent');
    expect(answerOf(await press(e, 'alice', consent, ACTION.allowSession, { value: sessionId }))).toBe('You allowed tina@example.com to connect. You can stop the session at any time.');
    await e.settle();
    expect(statusOf(sessionId)).toBe('active');
    const consentNow = shownIn(e, chatOf(e, 'alice')).find((s) => s.id === consent.id)!;
    expect(executesOf(consentNow.card).some((x) => x.verb === ACTION.allowSession)).toBe(false);
    expect(e.webhook.calls.filter((c) => c.event === 'grant' && c.grant?.request_id === sessionId)).toHaveLength(1);

    // The technician ends the session from the session controls, then documents it.
    const controls = cardWith(e, chatOf(e, 'tina'), ACTION.endSession, sessionId);
    expect(answerOf(await press(e, 'tina', controls, ACTION.endSession, { value: sessionId }))).toMatch(/^Session ended/);
    await e.settle();
    expect(e.webhook.calls.filter((c) => c.event === 'revoke' && c.grant?.request_id === sessionId)).toHaveLength(1);
    const documentCard = cardWith(e, chatOf(e, 'tina'), MODAL.documentation, sessionId);
    const missing = await press(e, 'tina', documentCard, MODAL.documentation, { value: sessionId, [SUPPORT_FIELD.actionsTaken]: '', [SUPPORT_FIELD.outcome]: 'fixed' });
    expect(answerOf(missing)).toBe('Say what you did.');
    const documented = await press(e, 'tina', documentCard, MODAL.documentation, {
      value: sessionId,
      [SUPPORT_FIELD.actionsTaken]: 'reset the VPN profile',
      [SUPPORT_FIELD.outcome]: 'VPN works again',
      [SUPPORT_FIELD.followUps]: '',
    });
    expect(answerOf(documented)).toMatch(/^Thank you: the session is documented/);
    await e.settle();

    expect(statusOf(sessionId)).toBe('ended');
    const summary = shownIn(e, chatOf(e, 'alice')).map(textOf).filter((t) => t.includes('reset the VPN profile'));
    expect(summary.length).toBeGreaterThan(0);
    expect(summary.join('\n')).toContain('VPN works again');
  });

  it('sends admin rights to an escalation approver, who approves from the card', async () => {
    expect(await typeSupport(e, 'alice', 'install the VPN client')).toContain('Support request received');
    await e.settle();
    const sessionId = sessionOf();
    await press(e, 'tina', cardWith(e, TEAMS_SUPPORT_CHANNEL, ACTION.claimSession, sessionId), ACTION.claimSession, { value: sessionId });
    await e.settle();
    const scoped = await press(e, 'tina', cardWith(e, chatOf(e, 'tina'), MODAL.scope, sessionId), MODAL.scope, {
      value: sessionId,
      [SUPPORT_FIELD.device]: 'LAPTOP-ALICE',
      [SUPPORT_FIELD.interaction]: 'control',
      [SUPPORT_FIELD.adminRights]: 'admin',
      [SUPPORT_FIELD.prohibitedActions]: '',
    });
    expect(answerOf(scoped)).toMatch(/^Scope recorded. Admin rights need an escalation approver/);
    await e.settle();
    expect(statusOf(sessionId)).toBe('awaiting_approval');
    const escalationCard = cardWith(e, chatOf(e, 'lena'), ACTION.approveEscalation);
    const escalationId = String(executesOf(escalationCard.card).find((x) => x.verb === ACTION.approveEscalation)!.data.value);
    // The technician never decides their own escalation.
    expect(answerOf(await e.teams.execute(e.user('tina'), ACTION.approveEscalation, { value: escalationId }))).not.toMatch(/^Approved/);
    expect(answerOf(await press(e, 'lena', escalationCard, ACTION.approveEscalation, { value: escalationId }))).toMatch(/^Approved: /);
    await e.settle();
    expect(statusOf(sessionId)).toBe('awaiting_consent');
    expect(cardWith(e, chatOf(e, 'alice'), ACTION.allowSession, sessionId)).toBeDefined();
    const lenaNow = shownIn(e, chatOf(e, 'lena')).find((s) => s.id === escalationCard.id)!;
    expect(executesOf(lenaNow.card).some((x) => x.verb === ACTION.approveEscalation)).toBe(false);
  });
});
