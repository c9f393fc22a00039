/**
 * A button or form whose id is not one Gatehouse issued (a card from another version, a payload
 * someone built by hand) is refused like any other action: the person who pressed it is told, and
 * the refusal is in the audit trail with who it was and what they sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, DENY_FIELD, MODAL, REVIEW_FIELD, SUPPORT_FIELD } from '../../views/action-ids.js';
import { startSlackE2E, type SlackE2E } from '../support/slack-e2e-harness.js';
import { auditRows, quiesce, rowCount, trackListeners } from './e2e-steps.js';

let e: SlackE2E;
beforeEach(async () => {
  e = trackListeners(await startSlackE2E());
});
afterEach(async () => {
  await e.close();
});

const NOT_AN_ID = 'req_1; DROP TABLE requests';

/** A person of the policy, in the fake workspace (technicians are not in the harness's list). */
function person(name: string): string {
  const id = `U${name.toUpperCase()}`;
  e.slack.addUser({ id, email: `${name}@example.com`, name });
  return id;
}

describe('actions on ids Gatehouse never issued', () => {
  const buttons: Array<[string, string, string, string]> = [
    ['Approve', 'dave', ACTION.approve, 'access.approve'],
    ['Cancel request', 'alice', ACTION.cancelRequest, 'access.cancel'],
    ['End now', 'alice', ACTION.endGrant, 'access.end'],
    ['Mark done', 'fred', ACTION.confirmFulfilment, 'access.fulfil'],
    ['Claim', 'tina', ACTION.claimSession, 'support.claim'],
    ['Allow (consent)', 'alice', ACTION.allowSession, 'support.consent'],
    ['Stop session', 'alice', ACTION.stopSession, 'support.end'],
  ];

  it.each(buttons)('%s is refused privately and audited', async (_what, name, actionId, action) => {
    const user = person(name);
    const res = await e.client.blockAction({ userId: user, actionId, value: NOT_AN_ID, channelId: 'C0APPROVALS', messageTs: '1767600000.000100' });
    expect(res.status).toBe(200);
    await quiesce(e);
    expect(e.slack.ephemeralsFor(user).map((m) => m.text).join('\n')).toMatch(/does not belong to a Gatehouse/);
    expect(auditRows(e, 'refused').map((r) => [r.actor_email, r.data.action, r.data.code, r.data.value])).toEqual([[`${name}@example.com`, action, 'INVALID_INPUT', NOT_AN_ID]]);
    expect(rowCount(e, 'requests')).toBe(0);
  });

  const formButtons: Array<[string, string, string, string, string]> = [
    ['Deny (opens the reason form)', 'dave', ACTION.deny, NOT_AN_ID, 'access.deny'],
    ['Add note (opens the note form)', 'tina', ACTION.addNote, NOT_AN_ID, 'support.note'],
    ['Define scope, for a session that does not exist', 'tina', ACTION.defineScope, 'ses_doesnotexist', 'support.scope'],
  ];

  it.each(formButtons)('%s: no form, a private refusal, and an audit record', async (_what, name, actionId, value, action) => {
    const user = person(name);
    const res = await e.client.blockAction({ userId: user, actionId, value, channelId: 'C0APPROVALS', messageTs: '1767600000.000100' });
    expect(res.status).toBe(200);
    await quiesce(e);
    expect(e.slack.callsOf('views.open')).toEqual([]);
    expect(e.slack.ephemeralsFor(user).map((m) => m.text).join('\n')).toMatch(/does not belong to a Gatehouse/);
    expect(auditRows(e, 'refused').map((r) => [r.actor_email, r.data.action, r.data.code, r.data.value])).toEqual([[`${name}@example.com`, action, 'INVALID_INPUT', value]]);
  });

  it('a deny form whose request id was tampered with is refused and audited', async () => {
    const res = await e.client.viewSubmission({ userId: person('dave'), callbackId: MODAL.deny, privateMetadata: NOT_AN_ID, values: { [DENY_FIELD.reason]: { [DENY_FIELD.reason]: { type: 'plain_text_input', value: 'no' } } } });
    expect(res.status).toBe(200);
    await quiesce(e);
    expect(auditRows(e, 'refused').map((r) => [r.actor_email, r.data.action, r.data.code])).toEqual([['dave@example.com', 'access.deny', 'INVALID_INPUT']]);
  });

  it('a damaged break-glass review form is refused and audited', async () => {
    const res = await e.client.viewSubmission({ userId: person('sam'), callbackId: MODAL.review, privateMetadata: '{"reviewId":"rev_1","outcome":"rubber-stamp"}', values: { [REVIEW_FIELD.notes]: { [REVIEW_FIELD.notes]: { type: 'plain_text_input', value: '' } } } });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.json)).toContain('damaged');
    await quiesce(e);
    expect(auditRows(e, 'refused').map((r) => [r.actor_email, r.data.action, r.data.code])).toEqual([['sam@example.com', 'break_glass.review', 'INVALID_INPUT']]);
  });

  it('a session note on a session id that is not one is refused and audited', async () => {
    const res = await e.client.viewSubmission({ userId: person('tina'), callbackId: MODAL.note, privateMetadata: NOT_AN_ID, values: { [SUPPORT_FIELD.note]: { [SUPPORT_FIELD.note]: { type: 'plain_text_input', value: 'rebooted' } } } });
    expect(res.status).toBe(200);
    await quiesce(e);
    expect(auditRows(e, 'refused').map((r) => [r.actor_email, r.data.action, r.data.code])).toEqual([['tina@example.com', 'support.note', 'INVALID_INPUT']]);
  });
});
