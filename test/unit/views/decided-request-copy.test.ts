import { describe, expect, it } from 'vitest';
import { renderDecidedRequestCopy } from '../../../views/cards/decided-request-copy.js';
import { renderAdaptiveCard } from '../../../views/teams/render-adaptive-card.js';
import { renderSlackMessage } from '../../../views/slack/render-block-kit.js';
import { actionIds, expectValidMessage, visibleText } from './block-kit-validator.js';
import { APPROVER, request, samples } from './samples.js';

const s = samples();

describe("the requester's decided request card", () => {
  it.each([
    ['access.approved', 'Request approved: Production database', `Approved by ${APPROVER} and frank@example.com.`],
    ['access.denied', 'Request denied: Production database', `Denied by ${APPROVER}.`],
    ['access.cancelled', 'Request cancelled: Production database', 'You cancelled this request.'],
    ['access.request_expired', 'Request expired: Production database', 'Nobody decided this request in time, so it expired.'],
  ] as const)('%s: says the outcome and offers no Cancel', (kind, title, outcome) => {
    const card = renderDecidedRequestCopy(s[kind]);
    expect(card.title).toBe(title);
    expect(card.actions).toEqual([]);
    const message = renderSlackMessage(card);
    expectValidMessage(message);
    expect(actionIds(message.blocks)).toEqual([]);
    expect(visibleText(message.blocks)).toContain(outcome);
    expect(JSON.stringify(renderAdaptiveCard(card).card)).toContain(outcome);
  });

  it('a denial keeps its reason', () => {
    const denied = s['access.denied'];
    expect(denied.reason).toBe('no incident ticket was open at the time');
    expect(visibleText(renderSlackMessage(renderDecidedRequestCopy(denied)).blocks)).toContain('no incident ticket was open at the time');
  });

  it('an auto-approval says so', () => {
    const card = renderDecidedRequestCopy({ kind: 'access.approved', request: request(), approvers: [], autoApproved: true });
    expect(card.sections[0]).toEqual({ kind: 'text', text: 'Auto-approved by policy.' });
  });
});
