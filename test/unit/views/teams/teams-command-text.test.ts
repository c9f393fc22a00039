import { describe, expect, it } from 'vitest';
import { toTeamsCommandText } from '../../../../views/teams/teams-command-text.js';

describe('toTeamsCommandText', () => {
  it.each([
    ['Type /request-access to ask.', 'Type request-access to ask.'],
    ['`/request-access help` shows this.', '`request-access help` shows this.'],
    ['/need-support alone opens a form', 'need-support alone opens a form'],
    ['(/access) and /access help', '(access) and access help'],
    // Only Gatehouse's own commands, and only as words: paths and URLs are left alone.
    ['see https://host/access or /var/access', 'see https://host/access or /var/access'],
    ['/accessory', '/accessory'],
  ])('%s', (text, expected) => {
    expect(toTeamsCommandText(text)).toBe(expected);
  });
});
