import { describe, expect, it } from 'vitest';
import type { AccessOverview } from '../../../src/core/notifications.js';
import { ACTION } from '../../../views/action-ids.js';
import { renderAccessOverviewMessage } from '../../../views/slack/access-overview-message.js';
import { renderAppHome } from '../../../views/slack/app-home.js';
import { HOME_BLOCKS_MAX, MESSAGE_BLOCKS_MAX } from '../../../views/slack/limits.js';
import { actionIds, buttons, expectValidMessage, expectValidView, visibleText } from './block-kit-validator.js';
import { HOUR, T0, request } from './samples.js';

function overview(n: number): AccessOverview {
  const ids = Array.from({ length: n }, (_, i) => i);
  return {
    email: 'erin@example.com',
    pending: ids.map((i) => ({ request: request({ requestId: `req_p${i}` }), approvalsSoFar: [], approvalsRequired: 2 })),
    grants: ids.map((i) => ({ grantId: `gr_${i}`, request: request({ requestId: `req_g${i}` }), status: i === 0 ? 'revoking' : 'active', expiresAt: T0 + HOUR })),
    awaitingMe: ids.map((i) => ({ request: request({ requestId: `req_a${i}`, requesterEmail: 'frank@example.com' }), approvalsSoFar: ['dave@example.com'], approvalsRequired: 2 })),
  };
}

describe('the access overview', () => {
  it('shows what waits on you with Approve/Deny, your requests with Cancel, your grants with End now', () => {
    const home = renderAppHome(overview(2));
    expectValidView(home);
    expect(home.type).toBe('home');
    const text = visibleText(home.blocks);
    expect(text.indexOf('Waiting on you (2)')).toBeLessThan(text.indexOf('Your pending requests (2)'));
    expect(text.indexOf('Your pending requests (2)')).toBeLessThan(text.indexOf('Your live access (2)'));
    expect(text).toContain('1 of 2 approvals: dave@example.com');
    expect(actionIds(home.blocks)).toEqual([
      ACTION.openRequestForm,
      ACTION.approve, ACTION.deny, ACTION.approve, ACTION.deny,
      ACTION.cancelRequest, ACTION.cancelRequest,
      // The grant being revoked cannot be ended again; the active one can.
      ACTION.endGrant,
    ]);
    expect(buttons(home.blocks).find((b) => b.action_id === ACTION.endGrant)?.value).toBe('gr_1');
    expect(buttons(home.blocks).filter((b) => b.action_id === ACTION.approve).map((b) => b.value)).toEqual(['req_a0', 'req_a1']);
  });

  it('says so when there is nothing, and offers the request form', () => {
    const message = renderAccessOverviewMessage({ email: 'erin@example.com', pending: [], grants: [], awaitingMe: [] });
    expectValidMessage(message);
    expect(visibleText(message.blocks)).toContain('You have no pending requests or live access');
    expect(actionIds(message.blocks)).toEqual([ACTION.openRequestForm]);
  });

  it('fits a long list into 50 blocks for /access and 100 for the App Home, saying how many are hidden', () => {
    const message = renderAccessOverviewMessage(overview(40));
    const home = renderAppHome(overview(40));
    expectValidMessage(message);
    expectValidView(home);
    expect(message.blocks.length).toBeLessThanOrEqual(MESSAGE_BLOCKS_MAX);
    expect(home.blocks.length).toBeLessThanOrEqual(HOME_BLOCKS_MAX);
    expect(visibleText(message.blocks)).toMatch(/\d+ more not shown here/);
    expect(visibleText(home.blocks)).toMatch(/\d+ more not shown here/);
    // Nothing is shown cut in half: every awaiting item keeps both its buttons.
    const ids = actionIds(home.blocks);
    expect(ids.filter((id) => id === ACTION.approve).length).toBe(ids.filter((id) => id === ACTION.deny).length);
  });
});
