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
} as const;

export type ActionId = (typeof ACTION)[keyof typeof ACTION];

/** Modal callback ids and the block/action ids of their inputs. */
export const MODAL = {
  request: 'gatehouse.request_modal',
  deny: 'gatehouse.deny_modal',
  review: 'gatehouse.review_modal',
} as const;

export const REQUEST_FIELD = {
  resource: 'resource',
  duration: 'duration',
  justification: 'justification',
  breakGlass: 'break_glass',
} as const;

export const DENY_FIELD = { reason: 'reason' } as const;
export const REVIEW_FIELD = { notes: 'notes' } as const;
