/** The engine: every use case bound to its dependencies. Adapters and the CLI call only this. */
import { evaluateBreakGlass, evaluateRequest, type RequestQuestion } from './evaluate-request.js';
import type { EngineDeps } from './ports.js';
import { approveRequest, type ApproveRequestInput } from './services/approve-request.js';
import { cancelRequest } from './services/cancel-request.js';
import { confirmFulfilment } from './services/confirm-fulfilment.js';
import { createRequest, type CreateRequestInput } from './services/create-request.js';
import { denyRequest, type DenyRequestInput } from './services/deny-request.js';
import { endGrantEarly } from './services/end-grant-early.js';
import { getRequest } from './services/get-request.js';
import { listAccess } from './services/list-access.js';
import { replyPrivately } from './services/reply-privately.js';
import { refuseInput, type InputRefusal } from './services/refuse-input.js';
import { requestBreakGlass, type BreakGlassInput } from './services/request-break-glass.js';
import { reviewBreakGlass, type ReviewInput } from './services/review-break-glass.js';
import { runDueEffects, type RunEffectsOptions } from './services/run-effects.js';
import { sweep } from './services/sweep.js';
import { cancelSupportRequest } from './services/support/cancel-support-request.js';
import { claimSession } from './services/support/claim-session.js';
import { decideEscalation, type DecideEscalationInput } from './services/support/decide-escalation.js';
import { documentSession } from './services/support/document-session.js';
import { endSession } from './services/support/end-session.js';
import { openSupportRequest, type SupportRequestInput } from './services/support/open-support-request.js';
import { reassignSession } from './services/support/reassign-session.js';
import { respondConsent } from './services/support/respond-consent.js';
import { addSessionNote, recordHeartbeat, requestElevation } from './services/support/session-controls.js';
import { setSessionScope } from './services/support/set-session-scope.js';
import type { SessionDocumentation, SessionScope } from './support-types.js';
import type { Actor } from './types.js';
import type { PrivateReply } from './effects.js';

export type Engine = ReturnType<typeof createEngine>;

export function createEngine(deps: EngineDeps, effectOptions: RunEffectsOptions = {}) {
  return {
    deps,
    explain: (q: RequestQuestion) => evaluateRequest(deps.policy(), q),
    explainBreakGlass: (q: RequestQuestion) => evaluateBreakGlass(deps.policy(), q),
    createRequest: (input: CreateRequestInput) => createRequest(deps, input),
    approveRequest: (input: ApproveRequestInput) => approveRequest(deps, input),
    denyRequest: (input: DenyRequestInput) => denyRequest(deps, input),
    cancelRequest: (input: { actor: Actor; requestId: string }) => cancelRequest(deps, input),
    endGrant: (input: { actor: Actor; grantId: string }) => endGrantEarly(deps, input),
    requestBreakGlass: (input: BreakGlassInput) => requestBreakGlass(deps, input),
    reviewBreakGlass: (input: ReviewInput) => reviewBreakGlass(deps, input),
    confirmFulfilment: (input: { actor: Actor; taskId: string }) => confirmFulfilment(deps, input),
    listAccess: (email: string) => listAccess(deps, email),
    getRequest: (requestId: string) => getRequest(deps, requestId),
    replyPrivately: (reply: PrivateReply) => replyPrivately(deps, reply),
    refuseInput: (input: InputRefusal) => refuseInput(deps, input),
    support: {
      request: (input: SupportRequestInput) => openSupportRequest(deps, input),
      claim: (input: { actor: Actor; sessionId: string }) => claimSession(deps, input),
      reassign: (input: { actor: Actor; sessionId: string; technicianEmail: string }) => reassignSession(deps, input),
      setScope: (input: { actor: Actor; sessionId: string; scope: SessionScope }) => setSessionScope(deps, input),
      decideEscalation: (input: DecideEscalationInput) => decideEscalation(deps, input),
      respondConsent: (input: { actor: Actor; sessionId: string; allow: boolean }) => respondConsent(deps, input),
      requestElevation: (input: { actor: Actor; sessionId: string; description: string; durationMs: number }) => requestElevation(deps, input),
      addNote: (input: { actor: Actor; sessionId: string; text: string }) => addSessionNote(deps, input),
      heartbeat: (sessionId: string) => recordHeartbeat(deps, sessionId),
      end: (input: { actor: Actor; sessionId: string }) => endSession(deps, input),
      document: (input: { actor: Actor; sessionId: string; documentation: SessionDocumentation }) => documentSession(deps, input),
      cancel: (input: { actor: Actor; sessionId: string }) => cancelSupportRequest(deps, input),
      get: (sessionId: string) => deps.store.read((tx) => tx.sessions.get(sessionId)),
    },
    runEffects: (options: RunEffectsOptions = {}) => runDueEffects(deps, { ...effectOptions, ...options }),
    sweep: () => sweep(deps, effectOptions),
  };
}
