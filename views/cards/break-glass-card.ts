/**
 * Break-glass: access without approval, so it is announced loudly and reviewed afterwards. These
 * cards are deliberately hard to miss; the broadcast never carries buttons so a channel message
 * cannot be mistaken for the review itself.
 */
import type { Notification } from '../../src/core/notifications.js';
import { ACTION } from '../action-ids.js';
import type { Card, CardAction } from '../card-model.js';
import { formatDurationText } from '../text/format-duration.js';
import { formatTime } from '../text/format-time.js';
import { formatPeople } from '../text/people.js';
import { describeReviewOutcome } from '../text/status-text.js';
import { justificationQuote, requestContext, requestFields, resourceLabel } from './card-parts.js';

export type BreakGlassNotification = Extract<
  Notification,
  { kind: 'break_glass.used' | 'break_glass.review_needed' | 'break_glass.review_overdue' | 'break_glass.reviewed' }
>;

function reviewActions(reviewId: string): CardAction[] {
  return [
    { id: ACTION.reviewAppropriate, label: 'Appropriate', value: reviewId, style: 'primary' },
    { id: ACTION.reviewInappropriate, label: 'Inappropriate', value: reviewId, style: 'danger' },
  ];
}

/** `canReview` is false for the requester, who may never review their own emergency access. */
export function renderBreakGlassCard(notification: BreakGlassNotification, canReview = true): Card {
  const { request } = notification;
  const who = request.requesterEmail;
  const resource = resourceLabel(request);
  const duration = formatDurationText(request.durationMs);
  const details = [requestFields(request), justificationQuote(request)];
  const context = [requestContext(request)];

  switch (notification.kind) {
    case 'break_glass.used': {
      const due = formatTime(notification.reviewDueAt);
      return {
        title: `🚨 BREAK-GLASS USED: ${request.resourceName}`,
        summary: `${who} took emergency access to ${resource} for ${duration} without approval. Review due by ${due}.`,
        tone: 'danger',
        sections: [
          { kind: 'text', text: `${who} used break-glass to get ${resource} for ${duration} without approval. The access is being granted now.` },
          { kind: 'text', text: `Review by ${formatPeople(notification.reviewers, 'the break-glass reviewers')} is due by ${due}.` },
          ...details,
        ],
        context,
        actions: [],
      };
    }
    case 'break_glass.review_needed':
      return {
        title: `🚨 Review needed: break-glass on ${request.resourceName}`,
        summary: `${who} used break-glass on ${resource}; please review by ${formatTime(notification.reviewDueAt)}.`,
        tone: 'warning',
        sections: [
          { kind: 'text', text: `${who} used break-glass to get ${resource} for ${duration} without approval. Was it appropriate? Please review by ${formatTime(notification.reviewDueAt)}.` },
          ...details,
        ],
        context: [`Review ${notification.reviewId}`, ...context],
        actions: canReview ? reviewActions(notification.reviewId) : [],
      };
    case 'break_glass.review_overdue':
      return {
        title: `⚠️ Review overdue: break-glass on ${request.resourceName}`,
        summary: `The review of ${who}'s break-glass use of ${resource} was due ${formatTime(notification.reviewDueAt)} and is still open.`,
        tone: 'danger',
        sections: [
          { kind: 'text', text: `The review of ${who}'s emergency access to ${resource} was due at ${formatTime(notification.reviewDueAt)} and nobody has done it yet.` },
          ...details,
        ],
        context: [`Review ${notification.reviewId}`, ...context],
        actions: canReview ? reviewActions(notification.reviewId) : [],
      };
    case 'break_glass.reviewed': {
      const outcome = describeReviewOutcome(notification.outcome);
      return {
        title: `Break-glass reviewed (${outcome}): ${request.resourceName}`,
        summary: `${notification.reviewerEmail} reviewed ${who}'s break-glass use of ${resource} as ${outcome}.`,
        tone: notification.outcome === 'appropriate' ? 'success' : 'danger',
        sections: [
          { kind: 'text', text: `${notification.reviewerEmail} reviewed this emergency access as ${outcome}.` },
          ...(notification.notes.trim() === '' ? [] : [{ kind: 'quote' as const, label: 'Review notes', text: notification.notes }]),
          ...details,
        ],
        context: [`Review ${notification.reviewId}`, ...context],
        actions: [],
      };
    }
    default: {
      const unreachable: never = notification;
      return unreachable;
    }
  }
}
