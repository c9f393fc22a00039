/**
 * Every view the bot can send renders in the sandbox without an unknown block, element or text
 * type: every notification kind for every audience, the App Home and /access overview, every modal
 * and the help texts. A renderer added to views/slack without a case here fails the last test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AccessOverview } from '../../../src/core/notifications.js';
import { renderBlocks, renderMessage } from '../../../src/sandbox/public/block-kit-html.js';
import { renderAccessOverviewMessage } from '../../../views/slack/access-overview-message.js';
import { renderAppHome } from '../../../views/slack/app-home.js';
import { renderDenyEscalationModal } from '../../../views/slack/deny-escalation-modal.js';
import { renderDenyModal } from '../../../views/slack/deny-modal.js';
import { renderDocumentationModal } from '../../../views/slack/documentation-modal.js';
import { renderElevationModal } from '../../../views/slack/elevation-modal.js';
import { renderHelp } from '../../../views/slack/help-text.js';
import { renderLoadingModal, renderMessageModal } from '../../../views/slack/message-modal.js';
import { renderNeedSupportModal } from '../../../views/slack/need-support-modal.js';
import { renderNoteModal } from '../../../views/slack/note-modal.js';
import { renderReassignModal } from '../../../views/slack/reassign-modal.js';
import { renderRequestModal } from '../../../views/slack/request-modal.js';
import { renderReviewModal } from '../../../views/slack/review-modal.js';
import { renderScopeModal } from '../../../views/slack/scope-modal.js';
import { renderNotificationForSlack } from '../../../views/slack/slack-notification.js';
import { ESCALATION_ID, HOUR, KINDS, RECIPIENTS, SESSION_ID, T0, request, samples, type Audience } from '../views/samples.js';

const overview = (n: number): AccessOverview => ({
  email: 'erin@example.com',
  pending: Array.from({ length: n }, (_, i) => ({ request: request({ requestId: `req_p${i}` }), approvalsSoFar: [], approvalsRequired: 2 })),
  grants: Array.from({ length: n }, (_, i) => ({ grantId: `gr_${i}`, request: request({ requestId: `req_g${i}` }), status: i === 0 ? 'revoking' : 'active', expiresAt: T0 + HOUR })),
  awaitingMe: Array.from({ length: n }, (_, i) => ({ request: request({ requestId: `req_a${i}`, requesterEmail: 'frank@example.com' }), approvalsSoFar: ['dave@example.com'], approvalsRequired: 2 })),
});
const resources = [
  { id: 'prod-db', name: 'Production database', maxDurationMs: 8 * HOUR, defaultDurationMs: HOUR },
  { id: 'aws-admin', name: 'AWS admin', maxDurationMs: 4 * HOUR, defaultDurationMs: HOUR / 2 },
];

/** Which views/slack renderer each case exercises; checked against the directory below. */
const modals: Array<[string, string, unknown]> = [
  ['renderRequestModal', 'request form', renderRequestModal({ resources, breakGlassAllowed: true, initial: { resourceId: 'prod-db' } })],
  ['renderRequestModal', 'request form with nothing to request', renderRequestModal({ resources: [], breakGlassAllowed: false, initial: {} })],
  ['renderDenyModal', 'deny form', renderDenyModal({ requestId: 'req_1', summary: request() })],
  ['renderReviewModal', 'review form', renderReviewModal({ reviewId: 'rev_1', outcome: 'appropriate', summary: request() })],
  ['renderNeedSupportModal', 'support request form', renderNeedSupportModal({ initialDescription: 'VPN drops' })],
  ['renderScopeModal', 'scope form', renderScopeModal({ sessionId: SESSION_ID, device: 'LAPTOP-1', defaultProhibited: ['change passwords'] })],
  ['renderElevationModal', 'elevation form', renderElevationModal({ sessionId: SESSION_ID })],
  ['renderNoteModal', 'note form', renderNoteModal({ sessionId: SESSION_ID })],
  ['renderDocumentationModal', 'documentation form', renderDocumentationModal({ sessionId: SESSION_ID, summary: 'sam@example.com: VPN drops' })],
  ['renderReassignModal', 'reassign form', renderReassignModal({ sessionId: SESSION_ID, technicians: ['tina@example.com', 'tom@example.com'] })],
  ['renderDenyEscalationModal', 'deny escalation form', renderDenyEscalationModal({ escalationId: ESCALATION_ID })],
  ['renderLoadingModal', 'loading view', renderLoadingModal('Request access')],
  ['renderMessageModal', 'message view', renderMessageModal('Request access', 'You are not in the policy.')],
  ['renderAppHome', 'App Home', renderAppHome(overview(2))],
  ['renderAppHome', 'empty App Home', renderAppHome(overview(0))],
];
const messages: Array<[string, string, { text: string; blocks?: unknown[] }]> = [
  ['renderAccessOverviewMessage', '/access overview', renderAccessOverviewMessage(overview(2))],
  ['renderAccessOverviewMessage', 'empty /access overview', renderAccessOverviewMessage(overview(0))],
  ['renderHelp', '/request-access help', { text: renderHelp('request-access') }],
  ['renderHelp', '/access help', { text: renderHelp('access') }],
  ['renderHelp', '/need-support help', { text: renderHelp('need-support') }],
];
const audiences = Object.keys(RECIPIENTS) as Audience[];
const notifications = KINDS.flatMap((kind) => audiences.map((audience) => [kind, audience] as const));

describe('the sandbox renders every view the bot sends', () => {
  it.each(notifications)('%s for the %s', (kind, audience) => {
    const message = renderNotificationForSlack(samples()[kind], RECIPIENTS[audience]);
    const rendered = renderMessage(message);
    expect(rendered.unknown).toEqual([]);
    expect(rendered.html).not.toContain('bk-unknown');
    // The header is drawn: the first block is never lost.
    expect(rendered.html).toContain('bk-header');
  });

  it.each(modals)('%s: the %s', (_renderer, _name, view) => {
    const rendered = renderBlocks((view as { blocks: unknown[] }).blocks);
    expect(rendered.unknown).toEqual([]);
    expect(rendered.html).not.toContain('bk-unknown');
  });

  it.each(messages)('%s: the %s', (_renderer, _name, message) => {
    const rendered = renderMessage(message);
    expect(rendered.unknown).toEqual([]);
    expect(rendered.html).not.toContain('bk-unknown');
  });

  it('covers every renderer of a whole view in views/slack', () => {
    const dir = fileURLToPath(new URL('../../../views/slack/', import.meta.url));
    const exported = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(`${dir}${f}`, 'utf8').matchAll(/export function (render\w+)/g)].map((m) => m[1]!));
    // Parts of views (blocks, fallback text, one card), drawn through the whole views above.
    const parts = new Set(['renderDenyReasonInput', 'renderOverviewBlocks', 'renderCardBlocks', 'renderFallbackText', 'renderSlackMessage', 'renderRequestSummaryBlocks', 'renderNotificationForSlack']);
    const covered = new Set([...modals, ...messages].map(([renderer]) => renderer));
    expect(exported.filter((name) => !parts.has(name) && !covered.has(name))).toEqual([]);
  });

  it('makes an unknown block visible, so this test can fail', () => {
    const rendered = renderBlocks([{ type: 'video', title: { type: 'plain_text', text: 'x' } }, { type: 'actions', elements: [{ type: 'overflow', action_id: 'o' }] }]);
    expect(rendered.unknown).toEqual(['block:video', 'element:overflow']);
    expect(rendered.html).toContain('Unsupported block type: video');
  });
});
