/** A manual step for a provider's fulfillers: do the change by hand, then mark it done. */
import type { Notification } from '../../src/core/notifications.js';
import { ACTION } from '../action-ids.js';
import type { Card, CardAction } from '../card-model.js';
import { formatDurationText } from '../text/format-duration.js';
import { formatTime } from '../text/format-time.js';
import { formatPeople } from '../text/people.js';
import { justificationQuote, requestContext, requestFields, resourceLabel } from './card-parts.js';

export type FulfilmentNotification = Extract<Notification, { kind: 'access.fulfilment_needed' }>;

/** `canAct` is false for the requester: a fulfiller may never fulfil their own access. */
export function renderFulfilmentCard(notification: FulfilmentNotification, canAct = true): Card {
  const { request, action } = notification;
  const resource = resourceLabel(request);
  const who = request.requesterEmail;
  const grant = action === 'grant';
  const task = grant ? `give ${who} access to ${resource} for ${formatDurationText(request.durationMs)}` : `remove ${who}'s access to ${resource}`;
  const markDone: CardAction = {
    id: ACTION.confirmFulfilment,
    label: 'Mark done',
    value: notification.taskId,
    style: 'primary',
    // Marking done tells Gatehouse the access exists (or is gone); a slip here leaves the audit log wrong.
    confirm: { title: 'Is it done?', text: `Confirm you have finished this step: ${task}.`, confirm: 'Yes, done', deny: 'Not yet' },
  };
  return {
    title: `Manual step: ${grant ? 'grant' : 'revoke'} ${request.resourceName}`,
    summary: `Please ${task}, then mark the task done.`,
    tone: grant ? 'pending' : 'warning',
    sections: [
      { kind: 'text', text: `Please ${task}, then press Mark done. Sent to ${formatPeople(notification.fulfillers)}; whoever does it first marks it.` },
      requestFields(request),
      ...(grant ? [justificationQuote(request)] : []),
    ],
    context: [`Task ${notification.taskId} · grant ${notification.grantId}`, requestContext(request)],
    actions: canAct ? [markDone] : [],
  };
}

export type FulfilmentClosedNotification = Extract<Notification, { kind: 'access.fulfilment_closed' }>;

/**
 * What every fulfiller's copy of the task becomes once it is closed: the outcome, without Mark done,
 * so nobody repeats a manual change that is already made (or no longer wanted).
 */
export function renderFulfilmentClosedCard(notification: FulfilmentClosedNotification): Card {
  const { request, action, doneByEmail } = notification;
  const resource = resourceLabel(request);
  const who = request.requesterEmail;
  const task = action === 'grant' ? `give ${who} access to ${resource}` : `remove ${who}'s access to ${resource}`;
  const step = `${action === 'grant' ? 'grant' : 'revoke'} ${request.resourceName}`;
  const at = formatTime(notification.closedAt);
  const outcome =
    doneByEmail === null
      ? { title: `No longer needed: ${step}`, line: 'No longer needed: the access ended', text: `The access ended at ${at} before this step was done, so there is nothing to ${action === 'grant' ? 'grant' : 'remove'}. If you already made the change, you will get a separate task to undo it.` }
      : { title: `Manual step done: ${step}`, line: `Done by ${doneByEmail} at ${at}`, text: `${doneByEmail} marked this step done at ${at}: ${task}.` };
  return {
    title: outcome.title,
    summary: `${outcome.line}.`,
    tone: doneByEmail === null ? 'neutral' : 'success',
    sections: [{ kind: 'text', text: `${outcome.line}. ${outcome.text}` }, requestFields(request), ...(action === 'grant' ? [justificationQuote(request)] : [])],
    context: [`Task ${notification.taskId} · grant ${notification.grantId}`, requestContext(request)],
    actions: [],
  };
}
