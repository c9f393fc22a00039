/**
 * A live session and its end. The technician's card carries the session controls and the end
 * user's carries Stop; when the session ends both are re-rendered in place, so the ended cards must
 * carry no controls: only Document session for the technician, nothing for the end user. Once the
 * session is documented, the technician's cards are re-rendered again without it.
 */
import type { Notification } from '../../src/core/notifications.js';
import type { Card, CardField } from '../card-model.js';
import { formatDurationText } from '../text/format-duration.js';
import { formatTime } from '../text/format-time.js';
import { describeScope, describeSessionEndReason } from '../text/support-text.js';
import {
  addNoteAction,
  descriptionQuote,
  documentSessionAction,
  endSessionAction,
  scopeFields,
  scopeSections,
  sessionContext,
  sessionControls,
  sessionDevice,
  sessionFields,
  stopSessionAction,
  technicianOf,
} from './support-parts.js';

export type SessionNotification = Extract<
  Notification,
  { kind: 'support.session_active' | 'support.session_ended' | 'support.idle_warning' | 'support.documentation_reminder' | 'support.documented' }
>;

/** Who reads it: the technician gets the controls, the end user gets Stop, anyone else only the facts. */
export type SessionViewer = 'technician' | 'end_user' | 'observer';

const DOCUMENT_WHAT = 'Record the actions you took, the outcome and any follow-ups.';

export function renderSessionCard(notification: SessionNotification, viewer: SessionViewer): Card {
  const { session } = notification;
  const who = session.endUserEmail;
  const tech = technicianOf(session);
  const device = sessionDevice(session);
  const reach = session.scope ? describeScope(session.scope) : 'the recorded scope';
  const context = [sessionContext(session)];

  switch (notification.kind) {
    case 'support.session_active': {
      const endsAt = formatTime(notification.endsAt);
      const idle = formatDurationText(notification.idleTimeoutMs);
      const limits: CardField[] = [
        { label: 'Hard stop', value: endsAt },
        { label: 'Idle timeout', value: idle },
      ];
      if (viewer === 'end_user') {
        return {
          title: `${tech} is connected to your device`,
          summary: `${tech} is now connected to ${device} with ${reach}.`,
          tone: 'warning',
          sections: [
            {
              kind: 'text',
              text: `${tech} is now connected to ${device} with ${reach}. Press Stop at any time to end the session and withdraw your consent. It ends by ${endsAt} at the latest.`,
            },
            ...scopeSections(session.scope, limits, 'The technician may not'),
          ],
          context,
          actions: [stopSessionAction(session.sessionId)],
        };
      }
      const own = viewer === 'technician';
      return {
        title: `Session live: ${who}`,
        summary: `${own ? 'You are' : `${tech} is`} connected to ${who}'s ${device} until ${endsAt} at the latest.`,
        tone: 'success',
        sections: [
          {
            kind: 'text',
            text: own
              ? `You are connected to ${who}'s ${device} with ${reach}. The session ends at ${endsAt} at the latest, or after ${idle} without activity. Stay within the scope: anything beyond it needs an elevation, and the prohibited actions are never allowed.`
              : `${tech} is connected to ${who}'s ${device} with ${reach}, until ${endsAt} at the latest.`,
          },
          ...scopeSections(session.scope, limits),
          sessionFields(session),
          descriptionQuote(session),
        ],
        context,
        actions: own ? sessionControls(session) : [],
      };
    }
    case 'support.session_ended': {
      const reason = notification.endReason;
      if (viewer === 'end_user') {
        return {
          title: 'Support session ended',
          summary: `The support session on ${device} ${describeSessionEndReason(reason, 'end_user')}.`,
          tone: 'neutral',
          sections: [
            {
              kind: 'text',
              text: `The support session on ${device} ${describeSessionEndReason(reason, 'end_user')}. ${tech}'s access is being removed. You will get a summary when the session is closed.`,
            },
            ...(session.scope ? [scopeFields(session.scope)] : []),
          ],
          context,
          actions: [],
        };
      }
      const own = viewer === 'technician';
      const endedText = own
        ? `The session ${describeSessionEndReason(reason, 'technician')}. Your access to ${device} is being revoked. ${DOCUMENT_WHAT} Until you do, the session stays flagged as undocumented.`
        : `${tech}'s session with ${who} on ${device} has ended (${describeSessionEndReason(reason, 'neutral')}). The access is being revoked.`;
      return {
        title: `Session ended: ${who}`,
        summary: own ? `Your session with ${who} ${describeSessionEndReason(reason, 'technician')}; please document it.` : `${tech}'s session with ${who} has ended (${describeSessionEndReason(reason, 'neutral')}).`,
        tone: own ? 'pending' : 'neutral',
        sections: [
          { kind: 'text', text: endedText },
          sessionFields(session, [{ label: 'End reason', value: describeSessionEndReason(reason, 'neutral') }]),
          descriptionQuote(session),
        ],
        context,
        actions: own ? [documentSessionAction(session.sessionId)] : [],
      };
    }
    case 'support.idle_warning': {
      const endsAt = formatTime(notification.endsAt);
      const own = viewer === 'technician';
      return {
        title: `No activity: ${who}'s session`,
        summary: `${own ? 'Your' : `${tech}'s`} session on ${device} ends at ${endsAt} unless there is activity.`,
        tone: 'warning',
        sections: [
          {
            kind: 'text',
            text: own
              ? `No activity has been recorded in ${who}'s session on ${device}. It ends at ${endsAt} unless you use a control: add a note to keep it going, or end it if you are done.`
              : `No activity has been recorded in ${tech}'s session with ${who} on ${device}. It ends at ${endsAt} unless there is activity.`,
          },
          sessionFields(session, [{ label: 'Ends at', value: endsAt }]),
        ],
        context,
        actions: own ? [addNoteAction(session.sessionId), endSessionAction(session)] : [],
      };
    }
    case 'support.documentation_reminder': {
      const own = viewer === 'technician';
      const n = notification.reminders;
      return {
        title: `Undocumented session: ${who}`,
        summary: `${own ? 'Your' : `${tech}'s`} session with ${who} on ${device} is flagged as undocumented (reminder ${n}).`,
        tone: 'warning',
        sections: [
          {
            kind: 'text',
            text: own
              ? `Your session with ${who} on ${device} is flagged as undocumented. ${DOCUMENT_WHAT} It is closed only once it is documented.`
              : `${tech}'s session with ${who} on ${device} is flagged as undocumented.`,
          },
          sessionFields(session, [{ label: 'Reminders', value: `${n} ${n === 1 ? 'reminder' : 'reminders'} sent` }]),
          descriptionQuote(session),
        ],
        context,
        actions: own ? [documentSessionAction(session.sessionId)] : [],
      };
    }
    case 'support.documented': {
      // Replaces the ended card and the reminders, which offered Document session: there is nothing left to press.
      const done = `Documented by ${notification.documentedByEmail} at ${formatTime(notification.documentedAt)}.`;
      return {
        title: `Session documented: ${who}`,
        summary: `${tech}'s session with ${who} on ${device}: ${done}`,
        tone: 'success',
        sections: [
          { kind: 'text', text: `${tech}'s session with ${who} on ${device} has ended. ${done} The closure summary follows once the access is confirmed removed.` },
          sessionFields(session),
          descriptionQuote(session),
        ],
        context,
        actions: [],
      };
    }
    default: {
      const unreachable: never = notification;
      return unreachable;
    }
  }
}
