/**
 * Cards that live on: a message posted for one notification and edited by later ones, so every
 * copy (each approver's DM, the channel post) shows the outcome instead of a new message piling up.
 * Both chat platforms follow these rules.
 */
import { notificationSubject, type Notification, type NotificationKind, type Recipient } from '../core/notifications.js';
import { normalizeEmail } from '../core/principals.js';

export interface CardFamily {
  /** Stored as the message kind of the card's copies. */
  kind: string;
  opens: readonly NotificationKind[];
  updates: readonly NotificationKind[];
  /** Which card a notification belongs to (a request, a session, an escalation). */
  subject(notification: Notification): string;
  /** Whether this recipient's copy is part of the family (the requester gets new messages instead). */
  appliesTo(recipient: Recipient, notification: Notification): boolean;
  /**
   * Set when an update must also reach the recipient as a new message (editing a message does not
   * notify anyone): the copies are then replaced with the short `replacedCopy` card instead.
   */
  alsoPostNew?: true;
}

const isPerson = (recipient: Recipient, email: string | null | undefined) =>
  recipient.kind === 'person' && email !== null && email !== undefined && normalizeEmail(recipient.email) === normalizeEmail(email);

function requesterOf(notification: Notification): string | null {
  if ('summary' in notification) return notification.summary.requesterEmail;
  if ('request' in notification) return notification.request.requesterEmail;
  return null;
}

function endUserOf(notification: Notification): string | null {
  if ('closure' in notification) return notification.closure.endUserEmail;
  if ('session' in notification) return notification.session.endUserEmail;
  return null;
}

export const CARD_FAMILIES: readonly CardFamily[] = [
  {
    kind: 'approval_card',
    opens: ['access.approval_needed'],
    updates: ['access.approval_recorded', 'access.approved', 'access.denied', 'access.cancelled', 'access.request_expired'],
    subject: notificationSubject,
    appliesTo: (recipient, n) => !isPerson(recipient, requesterOf(n)),
  },
  {
    // The requester's own cards about a pending request carry Cancel; once the request is decided they
    // must go. The outcome is news to the requester, and an edit notifies nobody, so it is also posted.
    kind: 'request_card',
    opens: ['access.submitted', 'access.approval_recorded'],
    updates: ['access.approved', 'access.denied', 'access.cancelled', 'access.request_expired'],
    subject: notificationSubject,
    appliesTo: (recipient, n) => isPerson(recipient, requesterOf(n)),
    alsoPostNew: true,
  },
  {
    kind: 'support_request_card',
    opens: ['support.requested'],
    updates: ['support.claimed', 'support.reassigned', 'support.cancelled'],
    subject: notificationSubject,
    appliesTo: (recipient) => recipient.kind === 'channel',
  },
  {
    kind: 'consent_card',
    opens: ['support.consent_needed'],
    updates: ['support.consent_answered', 'support.consent_expired', 'support.cancelled', 'support.reassigned'],
    subject: notificationSubject,
    appliesTo: (recipient, n) => isPerson(recipient, endUserOf(n)),
  },
  {
    kind: 'escalation_card',
    opens: ['support.escalation_needed'],
    updates: ['support.escalation_decided'],
    subject: (n) => ('escalation' in n ? n.escalation.escalationId : notificationSubject(n)),
    appliesTo: (recipient, n) => !('escalation' in n) || !isPerson(recipient, n.escalation.requestedByEmail),
  },
  {
    // The holder's cards carry End now and Request more time; once the grant has ended they must go.
    kind: 'grant_card',
    opens: ['access.active', 'access.ending_soon'],
    updates: ['access.closed'],
    subject: notificationSubject,
    appliesTo: (recipient, n) => isPerson(recipient, requesterOf(n)),
    alsoPostNew: true,
  },
  {
    // Each fulfiller's Mark done card shows who did the step, or that it stopped being needed.
    // One grant can have a grant task and a revoke task, so a card belongs to its task, not the request.
    kind: 'fulfilment_card',
    opens: ['access.fulfilment_needed'],
    updates: ['access.fulfilment_closed'],
    subject: (n) => ('taskId' in n ? n.taskId : notificationSubject(n)),
    appliesTo: (recipient) => recipient.kind === 'person',
  },
  {
    // Define scope belongs to whoever owns the session. The technician it is taken from keeps a copy
    // naming the new owner, and still hears about it as a new message (an edit notifies nobody).
    kind: 'technician_card',
    // A denied request for admin rights offers Define scope again, so that card is one of these too.
    opens: ['support.claimed', 'support.reassigned', 'support.escalation_decided'],
    updates: ['support.reassigned'],
    subject: notificationSubject,
    appliesTo: (recipient, n) =>
      'session' in n && (isPerson(recipient, n.session.technicianEmail) || (n.kind === 'support.reassigned' && isPerson(recipient, n.fromEmail))),
    alsoPostNew: true,
  },
  {
    // The ended card offers Document session; once the session is documented that must go too.
    // An ended card posted new (no live card to edit) is one of these, so it can be retired the same way.
    kind: 'session_card',
    opens: ['support.session_active', 'support.session_ended'],
    updates: ['support.session_ended', 'support.documented'],
    subject: notificationSubject,
    appliesTo: (recipient) => recipient.kind === 'person',
  },
  {
    // The idle warning carries session controls too; once the session ends they must go, and it then
    // shows the ended card with Document session.
    kind: 'idle_warning_card',
    opens: ['support.idle_warning'],
    updates: ['support.session_ended', 'support.documented'],
    subject: notificationSubject,
    appliesTo: (recipient) => recipient.kind === 'person',
  },
  {
    // Reminders to document carry Document session as well.
    kind: 'documentation_reminder_card',
    opens: ['support.documentation_reminder'],
    updates: ['support.documented'],
    subject: notificationSubject,
    appliesTo: (recipient, n) => 'session' in n && isPerson(recipient, n.session.technicianEmail),
  },
];

/** The families whose existing copies this notification edits for this recipient. */
export function familiesUpdatedBy(notification: Notification, recipient: Recipient): CardFamily[] {
  return CARD_FAMILIES.filter((f) => f.updates.includes(notification.kind) && f.appliesTo(recipient, notification));
}

/** The family a newly posted message starts, if any. */
export function familyOpenedBy(notification: Notification, recipient: Recipient): CardFamily | null {
  return CARD_FAMILIES.find((f) => f.opens.includes(notification.kind) && f.appliesTo(recipient, notification)) ?? null;
}

/** Notifications posted as a reply in the thread of another card in the same channel. */
export const THREADED_UNDER: Partial<Record<NotificationKind, string>> = {
  'support.closed': 'support_request_card',
};

export function recipientKey(recipient: Recipient): string {
  return recipient.kind === 'person' ? `person:${normalizeEmail(recipient.email)}` : `channel:${recipient.channel}`;
}
