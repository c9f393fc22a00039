/**
 * One notifier over every configured chat platform: a notification goes to each platform where its
 * recipient is reachable (people are their emails, so one request can be seen in Slack and decided in
 * Teams). A person reachable nowhere is not retried forever: the refusal to stay silent is an audit
 * record and a note to whoever is waiting on them.
 */
import { notificationSubject, type Notification, type Recipient } from '../core/notifications.js';
import type { Logger, Notifier, Store } from '../core/ports.js';
import { normalizeEmail } from '../core/principals.js';
import { SYSTEM_ACTOR } from '../core/types.js';
import type { DeliveryOutcome, PlatformDelivery } from './teams-notifier.js';

const PLATFORM_NAME = { slack: 'Slack', teams: 'Teams' } as const;

/** Who is held up when this notification's person cannot be reached (never that person themselves). */
export function waitingOn(notification: Notification, email: string): string | null {
  const waiter = (() => {
    switch (notification.kind) {
      case 'access.approval_needed':
      case 'access.fulfilment_needed':
        return notification.request.requesterEmail;
      case 'support.consent_needed':
        return notification.session.technicianEmail;
      case 'support.escalation_needed':
        return notification.escalation.requestedByEmail;
      case 'support.offered':
      case 'support.claimed':
      case 'support.reassigned':
        return notification.session.endUserEmail;
      default:
        return null;
    }
  })();
  return waiter && normalizeEmail(waiter) !== normalizeEmail(email) ? waiter : null;
}

export function unreachableText(email: string, platforms: readonly PlatformDelivery['platform'][]): string {
  const where = platforms.map((p) => PLATFORM_NAME[p]).join(' or ');
  return `${email} could not be reached in ${where}; ask them to open a chat with Gatehouse so they can see what is waiting for them.`;
}

export function createRoutingNotifier(deps: { platforms: PlatformDelivery[]; store: Store; logger: Logger }): Notifier {
  const reportUnreachable = async (recipient: Extract<Recipient, { kind: 'person' }>, notification: Notification, effectId: number) => {
    const platforms = deps.platforms.map((p) => p.platform);
    const waiter = waitingOn(notification, recipient.email);
    const told: string[] = [];
    if (waiter) {
      const text = unreachableText(recipient.email, platforms);
      for (const platform of deps.platforms) {
        if ((await platform.notice(waiter, text, effectId)) === 'sent') told.push(platform.platform);
      }
    }
    deps.store.write((tx) =>
      tx.audit.append({
        type: 'notification.unreachable',
        actor: SYSTEM_ACTOR,
        subject: notificationSubject(notification),
        data: { effectId, kind: notification.kind, recipient: recipient.email, platforms, toldEmail: told.length > 0 ? waiter : null, toldOn: told },
      }),
    );
    deps.logger.warn('notify.unreachable', { effectId, kind: notification.kind, recipient: recipient.email, platforms, told: told.length > 0 });
  };

  return {
    async reply(reply, effectId) {
      const platform = deps.platforms.find((p) => p.platform === reply.platform);
      if (platform && (await platform.reply(reply, effectId)) === 'sent') return;
      deps.logger.warn('reply.unreachable', { effectId, platform: reply.platform, userId: reply.userId });
    },
    async deliver(recipient, notification, effectId) {
      const outcomes: DeliveryOutcome[] = [];
      for (const platform of deps.platforms) outcomes.push(await platform.deliver(recipient, notification, effectId));
      if (outcomes.includes('sent')) return;
      if (recipient.kind === 'person') return reportUnreachable(recipient, notification, effectId);
      deps.logger.warn('notify.channel_unconfigured', { effectId, channel: recipient.channel, kind: notification.kind });
    },
  };
}
