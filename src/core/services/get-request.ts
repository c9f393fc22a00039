/** One request as people see it, for forms that need its details (the deny dialog). */
import type { RequestSummary } from '../notifications.js';
import type { EngineDeps } from '../ports.js';
import type { RequestStatus } from '../types.js';
import { summarizeRequest } from './request-summary.js';

export interface RequestView {
  summary: RequestSummary;
  status: RequestStatus;
  decidedByEmail: string | null;
}

export function getRequest(deps: EngineDeps, requestId: string): RequestView | null {
  const request = deps.store.read((tx) => tx.requests.get(requestId));
  if (!request) return null;
  return { summary: summarizeRequest(deps.policy(), request), status: request.status, decidedByEmail: request.decidedByEmail };
}
