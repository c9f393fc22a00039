/**
 * Ids of every button, modal and input Gatehouse renders. They are matched by the platform
 * listeners, so renaming one breaks cards already posted in chat: add new ids, keep old ones.
 */
export const ACTION = {
  approve: 'gatehouse.approve',
  deny: 'gatehouse.deny',
  cancelRequest: 'gatehouse.cancel_request',
  endGrant: 'gatehouse.end_grant',
  requestMore: 'gatehouse.request_more',
  confirmFulfilment: 'gatehouse.confirm_fulfilment',
  reviewAppropriate: 'gatehouse.review_appropriate',
  reviewInappropriate: 'gatehouse.review_inappropriate',
  openRequestForm: 'gatehouse.open_request_form',
  // Remote-support sessions; every value is a session id unless noted.
  claimSession: 'gatehouse.support.claim',
  reassignSession: 'gatehouse.support.reassign',
  defineScope: 'gatehouse.support.define_scope',
  approveEscalation: 'gatehouse.support.approve_escalation', // value: escalation id
  denyEscalation: 'gatehouse.support.deny_escalation', // value: escalation id
  allowSession: 'gatehouse.support.allow',
  declineSession: 'gatehouse.support.decline',
  requestElevation: 'gatehouse.support.request_elevation',
  addNote: 'gatehouse.support.add_note',
  endSession: 'gatehouse.support.end',
  stopSession: 'gatehouse.support.stop',
  documentSession: 'gatehouse.support.document',
  cancelSupport: 'gatehouse.support.cancel',
} as const;

export type ActionId = (typeof ACTION)[keyof typeof ACTION];

/** Modal callback ids and the block/action ids of their inputs. */
export const MODAL = {
  request: 'gatehouse.request_modal',
  deny: 'gatehouse.deny_modal',
  review: 'gatehouse.review_modal',
  needSupport: 'gatehouse.support.request_modal',
  scope: 'gatehouse.support.scope_modal',
  elevation: 'gatehouse.support.elevation_modal',
  note: 'gatehouse.support.note_modal',
  documentation: 'gatehouse.support.documentation_modal',
  reassign: 'gatehouse.support.reassign_modal',
  denyEscalation: 'gatehouse.support.deny_escalation_modal',
} as const;

export const REQUEST_FIELD = {
  resource: 'resource',
  duration: 'duration',
  justification: 'justification',
  breakGlass: 'break_glass',
} as const;

export const DENY_FIELD = { reason: 'reason' } as const;
export const REVIEW_FIELD = { notes: 'notes' } as const;

export const SUPPORT_FIELD = {
  description: 'description',
  device: 'device',
  urgency: 'urgency',
  ticketRef: 'ticket_ref',
  interaction: 'interaction',
  adminRights: 'admin_rights',
  prohibitedActions: 'prohibited_actions',
  elevationDescription: 'elevation_description',
  elevationDuration: 'elevation_duration',
  note: 'note',
  actionsTaken: 'actions_taken',
  outcome: 'outcome',
  followUps: 'follow_ups',
  technician: 'technician',
  reason: 'reason',
} as const;
