import { describe, expect, it } from 'vitest';
import { textReply } from '../../../src/teams/teams-chat-views.js';
import { cardActivity } from '../../../src/teams/teams-notifier.js';
import { renderAdaptiveCard } from '../../../views/teams/render-adaptive-card.js';

describe('Teams chat replies', () => {
  it.each([
    ['Type `/request-access` with no arguments for the form.', 'Type \\`request-access\\` with no arguments for the form.'],
    ['Try /access or /need-support help', 'Try access or need-support help'],
    ['see https://example.com/access', 'see https://example.com/access'],
  ])('commands in %j are written without the slash', (plain, expected) => {
    expect(textReply(plain).text).toBe(expected);
  });

  it('a card activity summary is plain text: no markdown escapes show in notifications', () => {
    const message = renderAdaptiveCard({ title: 'Access request: [prod](x)', summary: 'alice_b asks *now*', tone: 'pending', sections: [], context: [], actions: [] });
    const activity = cardActivity(message);
    expect(activity.summary).not.toContain('\\');
    expect(activity.summary).toContain('[prod](x)');
    expect(activity.summary).toContain('alice_b asks *now*');
  });
});
