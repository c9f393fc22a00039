import { describe, expect, it } from 'vitest';
import { ACTION, type ActionId, MODAL } from '../../../../views/action-ids.js';
import { cardForNotification } from '../../../../views/cards/notification-card.js';
import type { AdaptiveCard, CardActionElement } from '../../../../views/teams/adaptive-card-types.js';
import { renderNotificationForTeams } from '../../../../views/teams/teams-notification.js';
import { documentation, KINDS, RECIPIENTS, request, samples, session, type Audience } from '../samples.js';
import { executes, expectValidTeamsMessage, inputs } from './adaptive-card-validator.js';
import { expectInertMarkdown, markdownTexts, shownText } from './markdown-checks.js';

const AUDIENCES = Object.keys(RECIPIENTS) as Audience[];
const cases = KINDS.flatMap((kind) => AUDIENCES.map((audience) => [kind, audience] as const));

/** The form each Slack-modal button opens inline, by the verb its submit sends. */
const FORM_VERB: Partial<Record<ActionId, string>> = {
  [ACTION.deny]: MODAL.deny,
  [ACTION.reviewAppropriate]: MODAL.review,
  [ACTION.reviewInappropriate]: MODAL.review,
  [ACTION.defineScope]: MODAL.scope,
  [ACTION.requestElevation]: MODAL.elevation,
  [ACTION.addNote]: MODAL.note,
  [ACTION.documentSession]: MODAL.documentation,
  [ACTION.reassignSession]: MODAL.reassign,
  [ACTION.denyEscalation]: MODAL.denyEscalation,
};

function submitOf(action: CardActionElement): Extract<CardActionElement, { type: 'Action.Execute' }> {
  expect(action.type).toBe('Action.ShowCard');
  const card = (action as { card: AdaptiveCard }).card;
  expect(card.actions).toHaveLength(1);
  return card.actions![0] as Extract<CardActionElement, { type: 'Action.Execute' }>;
}

describe('every notification kind, for every audience, in Teams', () => {
  it.each(cases)('%s for the %s: a valid card whose buttons are the card model’s', (kind, audience) => {
    const notification = samples()[kind];
    const model = cardForNotification(notification, RECIPIENTS[audience]);
    const message = renderNotificationForTeams(notification, RECIPIENTS[audience]);
    expectValidTeamsMessage(message);
    const actions = message.card.actions ?? [];
    expect(actions.map((a) => a.title)).toEqual(model.actions.map((a) => a.label));
    model.actions.forEach((modelAction, i) => {
      const action = actions[i]!;
      const formVerb = FORM_VERB[modelAction.id];
      if (formVerb) {
        const submit = submitOf(action);
        expect(submit.verb).toBe(formVerb);
        expect(submit.data.value).toBe(modelAction.value);
        expect(submit.associatedInputs).toBe('auto');
      } else if (modelAction.confirm) {
        expect(submitOf(action)).toMatchObject({ verb: modelAction.id, data: { value: modelAction.value }, title: modelAction.confirm.confirm });
      } else {
        expect(action).toMatchObject({ type: 'Action.Execute', verb: modelAction.id, data: { value: modelAction.value }, associatedInputs: 'none' });
      }
    });
    expect(shownText(message.text)).toContain(model.title);
  });
});

describe('Teams forms under buttons', () => {
  const approverCard = renderNotificationForTeams(samples()['access.approval_needed'], RECIPIENTS.approver);

  it('Approve acts directly and Deny opens the reason form, styled like Slack', () => {
    const [approve, deny] = approverCard.card.actions as [CardActionElement, CardActionElement];
    expect(approve).toMatchObject({ type: 'Action.Execute', title: 'Approve', verb: ACTION.approve, style: 'positive', data: { value: 'req_01JH2K3M4N5P6Q7R8S9T' } });
    expect(deny).toMatchObject({ type: 'Action.ShowCard', title: 'Deny', style: 'destructive' });
    expect(submitOf(deny)).toMatchObject({ verb: MODAL.deny, title: 'Deny', style: 'destructive', data: { value: 'req_01JH2K3M4N5P6Q7R8S9T' } });
    expect(inputs(approverCard.card)).toEqual([
      expect.objectContaining({ type: 'Input.Text', id: 'reason', label: 'Reason', isRequired: true, isMultiline: true, maxLength: 2_000 }),
    ]);
  });

  it('break-glass review buttons send the outcome with the review id', () => {
    const card = renderNotificationForTeams(samples()['break_glass.review_needed'], RECIPIENTS.approver).card;
    const [appropriate, inappropriate] = card.actions!.map(submitOf);
    expect(appropriate!.data).toEqual({ value: 'rev_01JH2K3M4N', outcome: 'appropriate' });
    expect(inappropriate!.data).toEqual({ value: 'rev_01JH2K3M4N', outcome: 'inappropriate' });
    // Notes are optional for appropriate, required for inappropriate, as in the Slack form.
    expect(inputs(card).map((i) => [i.id, i.isRequired ?? false])).toEqual([
      ['notes', false],
      ['notes', true],
    ]);
  });

  it('the scope form prefills the device and the policy defaults, with the Slack values for interaction and admin rights', () => {
    const card = renderNotificationForTeams(samples()['support.claimed'], RECIPIENTS.technician, { defaultProhibited: ['Copying data off the device', 'Changing security settings'] }).card;
    const fields = Object.fromEntries(inputs(card).map((i) => [i.id, i]));
    expect(fields.device).toMatchObject({ type: 'Input.Text', value: 'LAPTOP-SAM-42', isRequired: true });
    expect(fields.interaction).toMatchObject({ type: 'Input.ChoiceSet', style: 'expanded', value: 'view', choices: [{ value: 'view' }, { value: 'control' }] });
    expect(fields.admin_rights).toMatchObject({ type: 'Input.Toggle', valueOn: 'admin', valueOff: '', value: '' });
    expect(fields.prohibited_actions).toMatchObject({ type: 'Input.Text', isMultiline: true, value: 'Copying data off the device\nChanging security settings' });
  });

  it('the reassign form lists technicians when the policy is at hand, and asks for an email otherwise', () => {
    const withList = renderNotificationForTeams(samples()['support.claimed'], RECIPIENTS.channel, { technicians: ['tom@example.com', 'ted@example.com'] }).card;
    expect(inputs(withList)).toEqual([expect.objectContaining({ type: 'Input.ChoiceSet', id: 'technician', choices: [{ title: 'tom@example.com', value: 'tom@example.com' }, { title: 'ted@example.com', value: 'ted@example.com' }] })]);
    const without = renderNotificationForTeams(samples()['support.claimed'], RECIPIENTS.channel).card;
    expect(inputs(without)).toEqual([expect.objectContaining({ type: 'Input.Text', id: 'technician', isRequired: true })]);
    const nobody = renderNotificationForTeams(samples()['support.claimed'], RECIPIENTS.channel, { technicians: [] }).card;
    expect(inputs(nobody)).toEqual([]);
    expect(executes(nobody).map((e) => e.verb)).toEqual([]);
  });

  it('the technician’s live-session card has the elevation and note forms and End', () => {
    const card = renderNotificationForTeams(samples()['support.session_active'], RECIPIENTS.technician).card;
    expect(executes(card).map((e) => e.verb)).toEqual([MODAL.elevation, MODAL.note, ACTION.endSession]);
    expect(inputs(card).map((i) => i.id)).toEqual(['elevation_description', 'elevation_duration', 'note']);
  });

  it('the documentation form says which session it is about', () => {
    const card = renderNotificationForTeams(samples()['support.session_ended'], RECIPIENTS.technician).card;
    expect(JSON.stringify(card)).toContain('sam@example.com: my laptop cannot reach the VPN since this morning');
    expect(inputs(card).map((i) => [i.id, i.isRequired ?? false])).toEqual([
      ['actions_taken', true],
      ['outcome', true],
      ['follow_ups', false],
    ]);
  });
});

// Each would restyle the message, disguise a link or fake a heading if it reached Teams unescaped.
const HOSTILE = '[your bank](https://evil.example) **APPROVED** <at>All</at> _x_ `y` # z';
const HOSTILE_LINES = `${HOSTILE}\n- bullet\n1. item\n> quote`;


describe('hostile user text is inert in every Teams card', () => {
  const hostileSupport = {
    session: session({ description: HOSTILE_LINES, device: HOSTILE, ticketRef: HOSTILE }),
    documentation: documentation({ actionsTaken: HOSTILE_LINES, outcome: HOSTILE, followUps: HOSTILE }),
    prohibited: [HOSTILE],
  };
  it.each(cases)('%s for the %s', (kind, audience) => {
    const notification = samples(request({ justification: HOSTILE_LINES, resourceName: HOSTILE }), HOSTILE_LINES, hostileSupport)[kind];
    const message = renderNotificationForTeams(notification, RECIPIENTS[audience], { defaultProhibited: [HOSTILE] });
    expectValidTeamsMessage(message);
    for (const text of [...markdownTexts(message.card), message.text]) expectInertMarkdown(text);
    // Input values are not markdown (a form shows them as typed); everything else is.
    const shown = JSON.stringify(markdownTexts(message.card));
    expect(shown).not.toContain('[your bank](');
    expect(shown).not.toContain('<at>');
  });
});

describe('size', () => {
  it.each(cases)('%s for the %s fits one Teams message with huge user text, and keeps its buttons', (kind, audience) => {
    const huge = 'x'.repeat(60_000);
    const lines = Array.from({ length: 400 }, (_, i) => `prohibited action ${i} ${'y'.repeat(40)}`);
    const notification = samples(request({ justification: huge, resourceName: huge }), huge, {
      session: session({ description: huge, device: huge, ticketRef: huge }),
      documentation: documentation({ actionsTaken: huge, outcome: huge, followUps: huge }),
      prohibited: lines,
    })[kind];
    const message = renderNotificationForTeams(notification, RECIPIENTS[audience], { defaultProhibited: lines, technicians: lines.map((_, i) => `tech${i}@example.com`) });
    expectValidTeamsMessage(message);
    expect(message.card.actions?.length ?? 0).toBe(cardForNotification(notification, RECIPIENTS[audience]).actions.length);
  });
});
