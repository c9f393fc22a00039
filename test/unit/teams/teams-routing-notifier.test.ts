import { describe, expect, it } from 'vitest';
import type { AuditEventInput } from '../../../src/core/audit.js';
import type { Notification, Recipient } from '../../../src/core/notifications.js';
import type { PrivateReply } from '../../../src/core/effects.js';
import type { Store, WriteTx } from '../../../src/core/ports.js';
import { createRoutingNotifier, unreachableText, waitingOn } from '../../../src/teams/routing-notifier.js';
import type { DeliveryOutcome, PlatformDelivery } from '../../../src/teams/teams-notifier.js';
import { escalation, request, session } from '../views/samples.js';

const r = request({ requesterEmail: 'alice@example.com' });
const s = session({ endUserEmail: 'sam@example.com', technicianEmail: 'tina@example.com' });

describe('waitingOn: who is held up when a person cannot be reached', () => {
  const cases: Array<[string, Notification, string, string | null]> = [
    ['an approver', { kind: 'access.approval_needed', request: r, approvalsRequired: 1, approvalsSoFar: [], maxDurationMs: 1 }, 'dave@example.com', 'alice@example.com'],
    ['a fulfiller', { kind: 'access.fulfilment_needed', request: r, grantId: 'grt_1', taskId: 'tsk_1', action: 'grant', fulfillers: [] }, 'fred@example.com', 'alice@example.com'],
    ['the end user asked for consent', { kind: 'support.consent_needed', session: s, consentExpiresAt: 1 }, 'sam@example.com', 'tina@example.com'],
    ['an escalation approver', { kind: 'support.escalation_needed', session: s, escalation: escalation({ requestedByEmail: 'tina@example.com' }) }, 'lena@example.com', 'tina@example.com'],
    ['a technician offered the request', { kind: 'support.offered', session: s, waitingMs: 1 }, 'tom@example.com', 'sam@example.com'],
    ['the requester themselves (nobody else waits)', { kind: 'access.approved', request: r, approvers: [], autoApproved: false }, 'alice@example.com', null],
    ['a person waiting on themselves', { kind: 'access.approval_needed', request: r, approvalsRequired: 1, approvalsSoFar: [], maxDurationMs: 1 }, 'ALICE@example.com', null],
  ];
  it.each(cases)('%s', (_name, notification, unreachable, waiter) => {
    expect(waitingOn(notification, unreachable)).toBe(waiter);
  });

  it('says where the person could not be reached', () => {
    expect(unreachableText('dave@example.com', ['teams'])).toMatch(/^dave@example.com could not be reached in Teams; ask them to open a chat with Gatehouse/);
    expect(unreachableText('dave@example.com', ['slack', 'teams'])).toMatch(/in Slack or Teams;/);
  });
});

function fakePlatform(platform: 'slack' | 'teams', reach: (recipient: Recipient | string) => boolean) {
  const delivered: string[] = [];
  const notices: Array<{ email: string; text: string }> = [];
  const replies: PrivateReply[] = [];
  const delivery: PlatformDelivery = {
    platform,
    reply: async (reply): Promise<DeliveryOutcome> => {
      if (!reach(reply.userId)) return 'unreachable';
      replies.push(reply);
      return 'sent';
    },
    deliver: async (recipient): Promise<DeliveryOutcome> => {
      if (!reach(recipient)) return 'unreachable';
      delivered.push(recipient.kind === 'person' ? recipient.email : recipient.channel);
      return 'sent';
    },
    notice: async (email, text): Promise<DeliveryOutcome> => {
      if (!reach(email)) return 'unreachable';
      notices.push({ email, text });
      return 'sent';
    },
  };
  return { delivery, delivered, notices, replies };
}

function fakeStore() {
  const audit: AuditEventInput[] = [];
  const store = { write: (work: (tx: WriteTx) => unknown) => work({ audit: { append: (e: AuditEventInput) => audit.push(e) } } as unknown as WriteTx), read: () => null } as unknown as Store;
  return { store, audit };
}

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const approvalNeeded: Notification = { kind: 'access.approval_needed', request: r, approvalsRequired: 1, approvalsSoFar: [], maxDurationMs: 1 };
const emailOf = (x: Recipient | string) => (typeof x === 'string' ? x : x.kind === 'person' ? x.email : `#${x.channel}`);

describe('createRoutingNotifier', () => {
  it('delivers on every platform that reaches the person, and reports nothing', async () => {
    const slack = fakePlatform('slack', () => true);
    const teams = fakePlatform('teams', (x) => emailOf(x) !== 'dave@example.com');
    const { store, audit } = fakeStore();
    await createRoutingNotifier({ platforms: [slack.delivery, teams.delivery], store, logger: silent }).deliver({ kind: 'person', email: 'dave@example.com' }, approvalNeeded, 1);
    expect(slack.delivered).toEqual(['dave@example.com']);
    expect(teams.delivered).toEqual([]);
    expect(audit).toEqual([]);
  });

  it('tells the waiting person wherever they are reachable and audits it when nobody can reach the recipient', async () => {
    const teams = fakePlatform('teams', (x) => emailOf(x) === 'alice@example.com');
    const { store, audit } = fakeStore();
    await createRoutingNotifier({ platforms: [teams.delivery], store, logger: silent }).deliver({ kind: 'person', email: 'dave@example.com' }, approvalNeeded, 7);
    expect(teams.notices).toEqual([{ email: 'alice@example.com', text: unreachableText('dave@example.com', ['teams']) }]);
    expect(audit).toEqual([
      {
        type: 'notification.unreachable',
        actor: expect.objectContaining({ email: 'system' }),
        subject: r.requestId,
        data: { effectId: 7, kind: 'access.approval_needed', recipient: 'dave@example.com', platforms: ['teams'], toldEmail: 'alice@example.com', toldOn: ['teams'] },
      },
    ]);
  });

  it('still audits when the waiting person cannot be reached either', async () => {
    const teams = fakePlatform('teams', () => false);
    const { store, audit } = fakeStore();
    await createRoutingNotifier({ platforms: [teams.delivery], store, logger: silent }).deliver({ kind: 'person', email: 'dave@example.com' }, approvalNeeded, 7);
    expect(audit.map((a) => a.data)).toEqual([expect.objectContaining({ toldEmail: null, toldOn: [] })]);
  });

  it('does not audit a channel no platform has an id for (a policy choice, not a person left waiting)', async () => {
    const teams = fakePlatform('teams', () => false);
    const { store, audit } = fakeStore();
    await createRoutingNotifier({ platforms: [teams.delivery], store, logger: silent }).deliver({ kind: 'channel', channel: 'audit' }, approvalNeeded, 7);
    expect(audit).toEqual([]);
  });

  it('sends a private reply only on the platform where the person acted', async () => {
    const slack = fakePlatform('slack', () => true);
    const teams = fakePlatform('teams', () => true);
    const { store, audit } = fakeStore();
    const reply: PrivateReply = { platform: 'teams', userId: '29:alice', email: 'alice@example.com', conversationId: null, text: 'Already approved.' };
    await createRoutingNotifier({ platforms: [slack.delivery, teams.delivery], store, logger: silent }).reply(reply, 3);
    expect(teams.replies).toEqual([reply]);
    expect(slack.replies).toEqual([]);
    expect(audit).toEqual([]);
  });

  it('logs a reply no platform can deliver, without throwing (nothing to retry)', async () => {
    const slack = fakePlatform('slack', () => false);
    const warnings: string[] = [];
    const logger = { ...silent, warn: (event: string) => void warnings.push(event) };
    const { store } = fakeStore();
    const notifier = createRoutingNotifier({ platforms: [slack.delivery], store, logger });
    await notifier.reply({ platform: 'slack', userId: 'U0GONE', email: null, conversationId: 'C1', text: 'x' }, 4);
    await notifier.reply({ platform: 'teams', userId: '29:x', email: null, conversationId: null, text: 'x' }, 5);
    expect(warnings).toEqual(['reply.unreachable', 'reply.unreachable']);
  });
});
