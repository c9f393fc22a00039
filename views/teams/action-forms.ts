/**
 * Buttons that open a modal in Slack open the same form inline in Teams (`Action.ShowCard`); its
 * submit is an `Action.Execute` whose verb is the modal's callback id and whose `data.value` is what
 * Slack carries in `private_metadata` (the request, review, session or escalation id). Forms whose
 * Slack version is filled from the database when opened take those facts from `TeamsFormDefaults`.
 */
import { ACTION, type ActionId, MODAL, SUPPORT_FIELD } from '../action-ids.js';
import { renderDenyEscalationModal } from '../slack/deny-escalation-modal.js';
import { renderDenyReasonInput } from '../slack/deny-modal.js';
import { renderDocumentationModal } from '../slack/documentation-modal.js';
import { renderElevationModal } from '../slack/elevation-modal.js';
import { renderNoteModal } from '../slack/note-modal.js';
import { renderReassignModal } from '../slack/reassign-modal.js';
import { renderReviewModal } from '../slack/review-modal.js';
import { renderScopeModal } from '../slack/scope-modal.js';
import type { ExecuteData } from './adaptive-card-types.js';
import { inputsForm, modalForm, textBlock, type ModalForm } from './modal-form.js';

/** Facts a form shows or prefills that a card does not carry; each is optional. */
export interface TeamsFormDefaults {
  /** Scope form: the device the end user named. */
  device?: string | null;
  /** Scope form: the policy's default prohibited actions. */
  defaultProhibited?: string[];
  /**
   * Reassign form: the technicians the session may go to. Without the list the form asks for an
   * email, which the engine checks against the policy like any other choice.
   */
  technicians?: string[];
  /** Documentation form: a line about the session (who, what). */
  documentationSummary?: string;
}

export interface ActionForm extends ModalForm {
  /** What the submit sends besides the inputs. */
  data: ExecuteData;
}

/** The longest email address SMTP allows. */
const EMAIL_MAX = 254;

function reassignByEmail(): ModalForm {
  return {
    verb: MODAL.reassign,
    title: 'Reassign session',
    submit: 'Reassign',
    elements: [
      {
        type: 'Input.Text',
        id: SUPPORT_FIELD.technician,
        label: 'Technician (email)',
        isRequired: true,
        errorMessage: 'Technician is required.',
        maxLength: EMAIL_MAX,
        placeholder: 'e.g. tina@example.com',
      },
      textBlock('Any scope or consent so far is dropped; the new technician records the scope again.', { isSubtle: true }),
    ],
  };
}

/** The inline form for a button, or null when the button acts directly. */
export function formForAction(id: ActionId, value: string, defaults: TeamsFormDefaults = {}): ActionForm | null {
  const form = (f: ModalForm, data: ExecuteData = { value }): ActionForm => ({ ...f, data });
  switch (id) {
    case ACTION.deny:
      return form(inputsForm(MODAL.deny, 'Deny request', 'Deny', [renderDenyReasonInput()]));
    case ACTION.reviewAppropriate:
      return form(modalForm(renderReviewModal({ reviewId: value, outcome: 'appropriate' })), { value, outcome: 'appropriate' });
    case ACTION.reviewInappropriate:
      return form(modalForm(renderReviewModal({ reviewId: value, outcome: 'inappropriate' })), { value, outcome: 'inappropriate' });
    case ACTION.defineScope:
      return form(modalForm(renderScopeModal({ sessionId: value, device: defaults.device ?? null, defaultProhibited: defaults.defaultProhibited ?? [] })));
    case ACTION.requestElevation:
      return form(modalForm(renderElevationModal({ sessionId: value })));
    case ACTION.addNote:
      return form(modalForm(renderNoteModal({ sessionId: value })));
    case ACTION.documentSession:
      return form(modalForm(renderDocumentationModal({ sessionId: value, ...(defaults.documentationSummary !== undefined ? { summary: defaults.documentationSummary } : {}) })));
    case ACTION.reassignSession:
      return form(defaults.technicians ? modalForm(renderReassignModal({ sessionId: value, technicians: defaults.technicians })) : reassignByEmail());
    case ACTION.denyEscalation:
      return form(modalForm(renderDenyEscalationModal({ escalationId: value })));
    default:
      return null;
  }
}

/** The verbs a Teams card can send: every button id, and every form's submit. */
export const FORM_ACTIONS: readonly ActionId[] = [
  ACTION.deny,
  ACTION.reviewAppropriate,
  ACTION.reviewInappropriate,
  ACTION.defineScope,
  ACTION.requestElevation,
  ACTION.addNote,
  ACTION.documentSession,
  ACTION.reassignSession,
  ACTION.denyEscalation,
];
