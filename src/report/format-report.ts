/** The report as text for people; `--format json` prints the Report object as is. */
import { humanizeDuration } from '../core/duration.js';
import type { Report } from './build-report.js';

const ms = (value: number | null) => (value === null ? '-' : humanizeDuration(value));
const pct = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(1)}%`);

export function formatReport(r: Report): string {
  const a = r.access;
  const s = r.support;
  return [
    `Gatehouse report${r.since ? ` since ${r.since}` : ''} (generated ${r.generatedAt})`,
    '',
    'Access',
    `  requests                 ${a.requests}`,
    `  approved / denied        ${a.approved} / ${a.denied}`,
    `  cancelled / expired      ${a.cancelled} / ${a.expired}`,
    `  pending now              ${a.pending}`,
    `  auto-approved            ${a.autoApproved}`,
    `  break-glass              ${a.breakGlass} (reviews overdue: ${a.breakGlassReviewsOverdue})`,
    `  time to decision         median ${ms(a.timeToDecision.medianMs)}, p90 ${ms(a.timeToDecision.p90Ms)} (${a.timeToDecision.count} decisions)`,
    `  revocations failing      ${a.revocationsFailing}`,
    `  refused actions          ${a.refusedActions}`,
    '',
    'Support',
    `  requests                 ${s.requests}`,
    `  sessions started / ended ${s.started} / ${s.ended}`,
    `  average resolution time  ${ms(s.averageResolutionMs)}`,
    `  needed escalation        ${pct(s.escalationShare)}`,
    `  documentation complete   ${pct(s.documentationCompleteness)}`,
    '  deviations',
    `    consent declined       ${s.deviations.consentDeclined}`,
    `    consent expired        ${s.deviations.consentExpired}`,
    `    idle terminations      ${s.deviations.idleTerminations}`,
    `    undocumented closures  ${s.deviations.undocumentedClosures}`,
    `    refused actions        ${s.deviations.refusedActions}`,
  ].join('\n');
}
