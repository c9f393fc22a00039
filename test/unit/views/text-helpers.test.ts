import { describe, expect, it } from 'vitest';
import { formatApprovalProgress } from '../../../views/text/approval-progress.js';
import { formatDurationInput, formatDurationText } from '../../../views/text/format-duration.js';
import { formatOptionalTime, formatTime } from '../../../views/text/format-time.js';
import { formatPeople } from '../../../views/text/people.js';
import { describeEndReason, describeGrantStatus } from '../../../views/text/status-text.js';
import { describeEscalationKind, describeEscalationStatus, describeInteraction, describeScope, describeSessionEndReason, describeUrgency } from '../../../views/text/support-text.js';

describe('text helpers', () => {
  it('formats times in UTC, the same everywhere', () => {
    expect(formatTime(Date.UTC(2026, 0, 5, 9, 0))).toBe('2026-01-05 09:00 UTC');
    expect(formatTime(Date.UTC(2026, 11, 31, 23, 59, 59))).toBe('2026-12-31 23:59 UTC');
    expect(formatTime(Number.NaN)).toBe('unknown time');
    expect(formatOptionalTime(null, 'never')).toBe('never');
  });

  it('formats durations for reading and for typing', () => {
    expect(formatDurationText(90 * 60_000)).toBe('1h 30m');
    expect(formatDurationInput(90 * 60_000)).toBe('90m');
    expect(formatDurationInput(2 * 3_600_000)).toBe('2h');
  });

  it.each([
    [[], 'nobody'],
    [['a@x'], 'a@x'],
    [['a@x', 'b@x'], 'a@x and b@x'],
    [['a@x', 'b@x', 'c@x'], 'a@x, b@x and c@x'],
    [['a@x', 'a@x'], 'a@x'],
    [['1', '2', '3', '4', '5', '6'], '1, 2, 3, 4, 5 and 1 other'],
    [['1', '2', '3', '4', '5', '6', '7', '8'], '1, 2, 3, 4, 5 and 3 others'],
  ])('people %j -> %s', (emails, text) => {
    expect(formatPeople(emails)).toBe(text);
  });

  it('describes approval progress', () => {
    expect(formatApprovalProgress(['dave@example.com'], 2)).toBe('1 of 2 approvals: dave@example.com');
    expect(formatApprovalProgress([], 1)).toBe('0 of 1 approval');
    expect(formatApprovalProgress(['a', 'b'], 2)).toBe('2 of 2 approvals: a and b');
  });

  it('describes why a grant ended and what it is doing', () => {
    expect(describeEndReason('expired')).toBe('expired');
    expect(describeEndReason('ended_by_holder')).toBe('ended early by the holder');
    expect(describeEndReason('revoked_by_admin')).toBe('revoked by an administrator');
    expect(describeGrantStatus('revoke_failed')).toBe('removal failing, retrying');
    expect(describeGrantStatus('some_new_state')).toBe('some new state');
  });

  it('describes support sessions: urgency, scope, end reasons, escalations', () => {
    expect(describeUrgency('high')).toBe('High');
    expect(describeInteraction('view')).toBe('View only');
    expect(describeInteraction('control')).toBe('Control');
    expect(describeScope({ device: 'd', interaction: 'view', adminRights: false, prohibitedActions: [] })).toBe('view-only access');
    expect(describeScope({ device: 'd', interaction: 'control', adminRights: true, prohibitedActions: [] })).toBe('full control and admin rights');
    expect(describeSessionEndReason('ended_by_technician', 'technician')).toBe('was ended by you');
    expect(describeSessionEndReason('stopped_by_user', 'end_user')).toBe('was stopped by you');
    expect(describeSessionEndReason('stopped_by_user')).toBe('stopped by the end user');
    expect(describeSessionEndReason('idle')).toBe('ended after the idle timeout');
    expect(describeSessionEndReason('max_duration', 'technician')).toBe('reached its maximum duration');
    expect(describeEscalationKind('scope_admin')).toBe('Admin rights for the session scope');
    expect(describeEscalationStatus('pending')).toBe('waiting for a decision');
  });
});
