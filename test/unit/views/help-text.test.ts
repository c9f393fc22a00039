import { describe, expect, it } from 'vitest';
import { parseNeedSupportText } from '../../../commands/need-support.js';
import { parseRequestAccessText } from '../../../commands/request-access.js';
import { renderHelp } from '../../../views/slack/help-text.js';

describe('help text', () => {
  it('explains /request-access with examples that the parser accepts', () => {
    const help = renderHelp('request-access');
    expect(help).toContain('/request-access RESOURCE DURATION JUSTIFICATION...');
    expect(help).toContain('/request-access emergency RESOURCE DURATION JUSTIFICATION...');
    expect(help).toContain('/request-access help');
    expect(parseRequestAccessText('prod-db 2h investigating INC-4211 slow queries')).toMatchObject({ kind: 'submit' });
    expect(help).toContain('`/request-access prod-db 2h investigating INC-4211 slow queries`');
    expect(parseRequestAccessText('')).toMatchObject({ kind: 'form' });
    expect(parseRequestAccessText('emergency prod-db 1h INC-4211 outage')).toMatchObject({ kind: 'submit', input: { breakGlass: true } });
  });

  it.each(['request-access', 'access', 'need-support'] as const)('%s help is plain mrkdwn with nothing Slack would parse as a mention', (command) => {
    expect(renderHelp(command)).not.toMatch(/[<>&]/);
    expect(renderHelp(command).length).toBeLessThan(3_000);
  });

  it('/need-support: a form alone, direct filing with text, and help', () => {
    const help = renderHelp('need-support');
    expect(help).toContain('`/need-support` alone opens a form');
    expect(help).toContain('`/need-support WHAT IS WRONG...` files it directly with that text as the description');
    expect(help).toContain('`/need-support help`');
    expect(help).toMatch(/consent|Allow/);
    expect(parseNeedSupportText('')).toMatchObject({ kind: 'form' });
    expect(parseNeedSupportText('help')).toMatchObject({ kind: 'help' });
    expect(help).toContain('`/need-support my laptop cannot reach the VPN since this morning`');
    expect(parseNeedSupportText('my laptop cannot reach the VPN since this morning')).toMatchObject({
      kind: 'submit',
      input: { description: 'my laptop cannot reach the VPN since this morning' },
    });
  });

  it('/access says what it lists', () => {
    expect(renderHelp('access')).toMatch(/requests[\s\S]*access[\s\S]*wait on you/);
  });
});
