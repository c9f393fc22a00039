/** The record of one grant from request to removal: sent to the holder and the audit channel. */
import type { ClosureSummary } from '../../src/core/notifications.js';
import type { Card, CardSection } from '../card-model.js';
import { formatDurationText } from '../text/format-duration.js';
import { formatOptionalTime, formatTime } from '../text/format-time.js';
import { describeEndReason } from '../text/status-text.js';
import { approvedByText, justificationQuote, resourceLabel } from './card-parts.js';

export function renderClosureCard(summary: ClosureSummary): Card {
  const resource = resourceLabel(summary);
  const reason = describeEndReason(summary.endReason);
  const used = formatDurationText(summary.usedMs);
  const approval = approvedByText(summary, summary.approvers, summary.autoApproved);
  const revoked =
    summary.revokedAt !== null
      ? formatTime(summary.revokedAt)
      : summary.coveredByGrantId !== null
        ? 'not needed (still covered)'
        : 'not recorded';
  const sections: CardSection[] = [
    { kind: 'text', text: `${summary.requesterEmail}'s access to ${resource} ${reason} after ${used} of use.` },
    {
      kind: 'fields',
      fields: [
        { label: 'Who', value: summary.requesterEmail },
        { label: 'Resource', value: resource },
        { label: 'Approval', value: approval },
        { label: 'Requested for', value: formatDurationText(summary.durationMs) },
        { label: 'Time used', value: used },
        { label: 'End reason', value: reason },
        { label: 'Requested', value: formatTime(summary.createdAt) },
        { label: 'Provisioned', value: formatOptionalTime(summary.provisionedAt, 'never') },
        { label: 'Ended', value: formatTime(summary.endedAt) },
        { label: 'Revoked', value: revoked },
      ],
    },
    justificationQuote(summary),
  ];
  // Overlapping grants: ending this one removed nothing, which an auditor must not mistake for a failed revoke.
  if (summary.coveredByGrantId !== null) {
    sections.push({ kind: 'text', text: `Nothing was removed at the provider: grant ${summary.coveredByGrantId} still covers this person's access to ${resource}.` });
  }
  return {
    title: `${summary.breakGlass ? 'Emergency access ended' : 'Access ended'}: ${summary.resourceName}`,
    summary: `${summary.requesterEmail}'s access to ${resource} ${reason}; used ${used}.`,
    tone: 'neutral',
    sections,
    context: [`Grant ${summary.grantId} · request ${summary.requestId}`],
    actions: [],
  };
}
