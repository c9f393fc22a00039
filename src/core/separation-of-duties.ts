/**
 * Separation of duties: one pure predicate per decision. Each starts with "not the requester",
 * because a person who is also in the approver group must still never approve their own request.
 */
import type { ErrorCode } from './errors.js';
import { anyPrincipalIncludes, normalizeEmail } from './principals.js';
import type { Policy, Principal } from './policy.js';

export type DutyCheck = { ok: true } | { ok: false; code: ErrorCode; reason: string };

const OK: DutyCheck = { ok: true };

export interface ApprovalContext {
  requesterEmail: string;
  approvers: Principal[];
  /** Emails that have already approved this request. */
  approvedBy: string[];
}

/** May `email` approve this request now? */
export function checkApprover(policy: Policy, ctx: ApprovalContext, email: string): DutyCheck {
  const who = normalizeEmail(email);
  if (who === normalizeEmail(ctx.requesterEmail)) {
    return { ok: false, code: 'SELF_APPROVAL', reason: 'nobody may approve their own request' };
  }
  if (!anyPrincipalIncludes(policy, ctx.approvers, who, ctx.requesterEmail)) {
    return { ok: false, code: 'NOT_AN_APPROVER', reason: `${who} is not an approver for this resource` };
  }
  if (ctx.approvedBy.map(normalizeEmail).includes(who)) {
    return { ok: false, code: 'DUPLICATE_APPROVAL', reason: 'each approval must come from a different person' };
  }
  return OK;
}

/** May `email` deny this request? Same eligibility as approving; an earlier approval does not stop a denial. */
export function checkDenier(policy: Policy, ctx: ApprovalContext, email: string): DutyCheck {
  return checkApprover(policy, { ...ctx, approvedBy: [] }, email);
}

export interface FulfilmentContext {
  requesterEmail: string;
  approvedBy: string[];
  fulfillers: Principal[];
}

/** A manual fulfiller is neither the requester nor one of the approvers of that request. */
export function checkFulfiller(policy: Policy, ctx: FulfilmentContext, email: string): DutyCheck {
  const who = normalizeEmail(email);
  if (who === normalizeEmail(ctx.requesterEmail)) {
    return { ok: false, code: 'FULFILLER_CONFLICT', reason: 'the requester may not fulfil their own access' };
  }
  if (ctx.approvedBy.map(normalizeEmail).includes(who)) {
    return { ok: false, code: 'FULFILLER_CONFLICT', reason: 'an approver may not also fulfil the access they approved' };
  }
  if (!anyPrincipalIncludes(policy, ctx.fulfillers, who, ctx.requesterEmail)) {
    return { ok: false, code: 'NOT_A_FULFILLER', reason: `${who} is not a fulfiller for this resource` };
  }
  return OK;
}

export interface ReviewContext {
  requesterEmail: string;
  reviewers: Principal[];
}

/** A break-glass use is reviewed by an eligible reviewer who is not the person who used it. */
export function checkReviewer(policy: Policy, ctx: ReviewContext, email: string): DutyCheck {
  const who = normalizeEmail(email);
  if (who === normalizeEmail(ctx.requesterEmail)) {
    return { ok: false, code: 'SELF_REVIEW', reason: 'nobody may review their own emergency access' };
  }
  if (!anyPrincipalIncludes(policy, ctx.reviewers, who, ctx.requesterEmail)) {
    return { ok: false, code: 'NOT_A_REVIEWER', reason: `${who} is not a break-glass reviewer` };
  }
  return OK;
}

/** A technician takes a session: must be a technician, and never for their own device. */
export function checkTechnician(policy: Policy, technicians: Principal[], endUserEmail: string, email: string): DutyCheck {
  const who = normalizeEmail(email);
  if (who === normalizeEmail(endUserEmail)) {
    return { ok: false, code: 'SELF_SUPPORT', reason: 'a technician may not run a support session for themselves' };
  }
  if (!anyPrincipalIncludes(policy, technicians, who, null)) {
    return { ok: false, code: 'NOT_A_TECHNICIAN', reason: `${who} is not a support technician` };
  }
  return OK;
}

export interface EscalationContext {
  technicianEmail: string;
  endUserEmail: string;
  approvers: Principal[];
}

/** Privileged steps are approved by an escalation approver who is neither the technician nor the end user. */
export function checkEscalationApprover(policy: Policy, ctx: EscalationContext, email: string): DutyCheck {
  const who = normalizeEmail(email);
  if (who === normalizeEmail(ctx.technicianEmail)) {
    return { ok: false, code: 'SELF_ESCALATION', reason: 'a technician may not approve their own escalation' };
  }
  if (who === normalizeEmail(ctx.endUserEmail)) {
    return { ok: false, code: 'END_USER_APPROVAL', reason: 'the person being supported may not approve escalations of their own session' };
  }
  if (!anyPrincipalIncludes(policy, ctx.approvers, who, null)) {
    return { ok: false, code: 'NOT_AN_ESCALATION_APPROVER', reason: `${who} is not an escalation approver` };
  }
  return OK;
}

/** Only the person being supported can consent (or withdraw consent). */
export function checkConsenter(endUserEmail: string, email: string): DutyCheck {
  return normalizeEmail(email) === normalizeEmail(endUserEmail)
    ? OK
    : { ok: false, code: 'NOT_THE_END_USER', reason: 'only the person being supported can answer for their device' };
}

/** A lead (an escalation approver) may hand a session to another technician, never to the end user. */
export function checkReassignment(policy: Policy, ctx: { leads: Principal[]; technicians: Principal[]; endUserEmail: string }, leadEmail: string, toEmail: string): DutyCheck {
  if (!anyPrincipalIncludes(policy, ctx.leads, normalizeEmail(leadEmail), null)) {
    return { ok: false, code: 'NOT_A_LEAD', reason: 'only a support lead (an escalation approver) may reassign sessions' };
  }
  return checkTechnician(policy, ctx.technicians, ctx.endUserEmail, toEmail);
}
