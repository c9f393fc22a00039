/**
 * What the holder's earlier "access active" and "ending soon" cards become once the grant has ended:
 * a short line with no buttons, so nobody clicks End now or Request more time on access that is gone.
 * The full closure summary is posted as a new message beside it.
 */
import type { ClosureSummary } from '../../src/core/notifications.js';
import type { Card } from '../card-model.js';
import { formatTime } from '../text/format-time.js';
import { describeEndReason } from '../text/status-text.js';
import { resourceLabel } from './card-parts.js';

export function renderEndedGrantCopy(summary: ClosureSummary): Card {
  const resource = resourceLabel(summary);
  const reason = describeEndReason(summary.endReason);
  return {
    title: `${summary.breakGlass ? 'Emergency access ended' : 'Access ended'}: ${summary.resourceName}`,
    summary: `Your access to ${resource} ${reason} at ${formatTime(summary.endedAt)}.`,
    tone: 'neutral',
    sections: [{ kind: 'text', text: `Your access to ${resource} ${reason} at ${formatTime(summary.endedAt)}. The closure summary is in the message below.` }],
    context: [`Grant ${summary.grantId} · request ${summary.requestId}`],
    actions: [],
  };
}
