import { describe, expect, it } from 'vitest';
import type { AccessOverview } from '../../../../src/core/notifications.js';
import { ACTION, MODAL } from '../../../../views/action-ids.js';
import { renderAccessOverviewCard } from '../../../../views/teams/forms/access-overview-card.js';
import { renderCommandHelpCard, renderHelpCard, TEAMS_COMMANDS } from '../../../../views/teams/forms/help-card.js';
import { renderNeedSupportFormCard } from '../../../../views/teams/forms/need-support-form-card.js';
import { renderRequestFormCard } from '../../../../views/teams/forms/request-form-card.js';
import { HOUR, request } from '../samples.js';
import { executes, expectValidTeamsMessage, inputs } from './adaptive-card-validator.js';
import { expectInertMarkdown, markdownTexts, shownText } from './markdown-checks.js';

const RESOURCES = [
  { id: 'prod-db', name: 'Production database', maxDurationMs: 4 * HOUR, defaultDurationMs: 2 * HOUR },
  { id: 'staging', name: 'staging', maxDurationMs: 8 * HOUR, defaultDurationMs: HOUR },
];


describe('the request form card', () => {
  it('offers the resources, duration, justification and break-glass, submitted as the request modal', () => {
    const message = renderRequestFormCard({ resources: RESOURCES, breakGlassAllowed: true, initial: { resourceId: 'prod-db', duration: '2h' } });
    expectValidTeamsMessage(message);
    const [resource, duration, justification, breakGlass] = inputs(message.card);
    expect(resource).toMatchObject({
      type: 'Input.ChoiceSet',
      id: 'resource',
      style: 'compact',
      isRequired: true,
      value: 'prod-db',
      choices: [
        { title: 'Production database (prod-db) — up to 4h, default 2h', value: 'prod-db' },
        { title: 'staging — up to 8h, default 1h', value: 'staging' },
      ],
    });
    expect(duration).toMatchObject({ type: 'Input.Text', id: 'duration', value: '2h' });
    expect(duration!.isRequired).toBeUndefined();
    expect(justification).toMatchObject({ type: 'Input.Text', id: 'justification', isRequired: true, isMultiline: true, maxLength: 3_000 });
    expect(breakGlass).toMatchObject({ type: 'Input.Toggle', id: 'break_glass', valueOn: 'break_glass', valueOff: '', value: '' });
    expect(executes(message.card)).toEqual([expect.objectContaining({ verb: MODAL.request, associatedInputs: 'auto', data: { value: '' } })]);
  });

  it('has no break-glass toggle for people the policy does not allow it', () => {
    const message = renderRequestFormCard({ resources: RESOURCES, breakGlassAllowed: false });
    expectValidTeamsMessage(message);
    expect(inputs(message.card).map((i) => i.id)).toEqual(['resource', 'duration', 'justification']);
  });

  it('says so, with nothing to submit, when there is nothing to request', () => {
    const message = renderRequestFormCard({ resources: [], breakGlassAllowed: false });
    expectValidTeamsMessage(message);
    expect(executes(message.card)).toEqual([]);
    expect(shownText(JSON.stringify(markdownTexts(message.card)))).toContain('There are no resources you can request.');
  });

  it('fits one message with hundreds of resources', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ id: `res-${i}-${'x'.repeat(60)}`, name: `Resource ${i} ${'y'.repeat(60)}`, maxDurationMs: HOUR, defaultDurationMs: HOUR }));
    const message = renderRequestFormCard({ resources: many, breakGlassAllowed: true, initial: { resourceId: many[250]!.id } });
    expectValidTeamsMessage(message);
    const [resource] = inputs(message.card);
    expect(resource).toMatchObject({ type: 'Input.ChoiceSet', value: many[250]!.id });
    expect(resource!.type === 'Input.ChoiceSet' && resource!.choices).toHaveLength(100);
    const shown = shownText(markdownTexts(message.card).join('\n'));
    expect(shown).toContain('Showing 100 of 300 resources. For another one type request-access RESOURCE DURATION JUSTIFICATION.');
    expect(shown).not.toContain('Slack');
  });
});

describe('the need-support form card', () => {
  it('asks what is wrong, the device, urgency and a ticket, submitted as the support modal', () => {
    const message = renderNeedSupportFormCard({ initialDescription: 'VPN down [click](https://evil.example)' });
    expectValidTeamsMessage(message);
    const fields = inputs(message.card);
    expect(fields.map((i) => [i.id, i.isRequired ?? false])).toEqual([
      ['description', true],
      ['device', false],
      ['urgency', true],
      ['ticket_ref', false],
    ]);
    // Input values are shown as typed, never as markdown.
    expect(fields[0]).toMatchObject({ value: 'VPN down [click](https://evil.example)', isMultiline: true });
    expect(fields[2]).toMatchObject({ type: 'Input.ChoiceSet', value: 'normal', choices: [{ value: 'low' }, { value: 'normal' }, { value: 'high' }] });
    expect(executes(message.card)).toEqual([expect.objectContaining({ verb: MODAL.needSupport })]);
  });
});

const HOSTILE = '[your bank](https://evil.example) **x** <at>All</at>\n- item';

function overview(awaiting: number, extra: Partial<AccessOverview> = {}): AccessOverview {
  const r = request({ justification: HOSTILE });
  return {
    email: 'dave@example.com',
    awaitingMe: Array.from({ length: awaiting }, (_, i) => ({ request: { ...r, requestId: `req_${i}` }, approvalsSoFar: [], approvalsRequired: 1 })),
    pending: [],
    grants: [],
    ...extra,
  };
}

describe('the access overview card', () => {
  it('lists what waits on you, your requests and your access, each with its buttons', () => {
    const message = renderAccessOverviewCard(
      overview(1, {
        pending: [{ request: request({ requestId: 'req_mine', requesterEmail: 'dave@example.com' }), approvalsSoFar: [], approvalsRequired: 2 }],
        grants: [{ grantId: 'gr_1', request: request({ requesterEmail: 'dave@example.com' }), status: 'active', expiresAt: Date.UTC(2026, 0, 5, 11) }],
      }),
    );
    expectValidTeamsMessage(message);
    expect(executes(message.card).map((e) => [e.verb, e.data.value])).toEqual([
      [ACTION.approve, 'req_0'],
      [MODAL.deny, 'req_0'],
      [ACTION.cancelRequest, 'req_mine'],
      [ACTION.endGrant, 'gr_1'],
      [ACTION.openRequestForm, 'open'],
    ]);
    const shown = shownText(markdownTexts(message.card).join('\n'));
    for (const heading of ['Waiting on you (1)', 'Your pending requests (1)', 'Your live access (1)']) expect(shown).toContain(heading);
    for (const text of markdownTexts(message.card)) expectInertMarkdown(text);
  });

  it('says there is nothing when there is nothing', () => {
    const message = renderAccessOverviewCard(overview(0));
    expectValidTeamsMessage(message);
    // Said the Teams way: no slash before the command.
    expect(shownText(markdownTexts(message.card).join('\n'))).toContain('Type request-access or press Request access');
    expect(shownText(message.text)).toContain('You have no pending requests or live access');
  });

  it('cuts a long list at the end, within one message, and says how many are not shown', () => {
    const message = renderAccessOverviewCard(overview(200));
    expectValidTeamsMessage(message);
    const approves = executes(message.card).filter((e) => e.verb === ACTION.approve).map((e) => e.data.value);
    expect(approves.length).toBeGreaterThan(5);
    expect(approves).toEqual(approves.map((_, i) => `req_${i}`));
    expect(shownText(markdownTexts(message.card).join('\n'))).toContain(`${200 - approves.length} more not shown here`);
  });
});

describe('the help card', () => {
  it('lists the three commands as typed in Teams, with the same grammar as Slack', () => {
    const message = renderHelpCard();
    expectValidTeamsMessage(message);
    const shown = shownText(markdownTexts(message.card).join('\n'));
    for (const command of TEAMS_COMMANDS) expect(shown).toContain(`${command} `);
    expect(shown).toContain('request-access prod-db 2h investigating INC-4211 slow queries');
    expect(shown).not.toMatch(/\/(request-access|need-support|access)\b/);
    expect(shown).not.toContain('App Home');
    expect(shown).not.toMatch(/[`*]/);
    expect(executes(message.card).map((e) => e.verb)).toEqual([ACTION.openRequestForm]);
  });

  it.each(TEAMS_COMMANDS.map((c) => [c]))('%s help is a card of its own', (command) => {
    const message = renderCommandHelpCard(command);
    expectValidTeamsMessage(message);
    expect(shownText(message.text)).toMatch(new RegExp(`^${command} `));
  });
});
