import { describe, expect, it } from 'vitest';
import { escapeAndTruncate, escapeMrkdwn, truncateMrkdwn } from '../../../views/slack/escape-mrkdwn.js';
import { truncate } from '../../../views/slack/limits.js';

describe('escapeMrkdwn', () => {
  it('escapes exactly &, < and >', () => {
    expect(escapeMrkdwn('<!channel> <https://evil|bank> & <@U123>')).toBe('&lt;!channel&gt; &lt;https://evil|bank&gt; &amp; &lt;@U123&gt;');
  });

  it('escapes an existing entity again, so a typed "&lt;" stays as typed', () => {
    expect(escapeMrkdwn('&lt;!here&gt;')).toBe('&amp;lt;!here&amp;gt;');
  });

  it('leaves formatting characters and everything else readable', () => {
    expect(escapeMrkdwn('*bold* _it_ ~s~ `code` "q" \'a\' #chan @dave :fire:')).toBe('*bold* _it_ ~s~ `code` "q" \'a\' #chan @dave :fire:');
  });
});

describe('truncation', () => {
  it('leaves short text alone and cuts long text with an ellipsis at the limit', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd', 3)).toBe('ab…');
    expect(truncate('abcd', 1)).toBe('…');
    expect(truncate('abcd', 0)).toBe('');
  });

  it('never splits a surrogate pair', () => {
    expect(truncate('a🔥🔥', 3)).toBe('a…');
    expect(truncate('ab🔥🔥', 4)).toBe('ab…');
  });

  it('never splits an entity in escaped mrkdwn', () => {
    expect(truncateMrkdwn('ab&amp;cd', 6)).toBe('ab…');
    expect(truncateMrkdwn('ab&amp;cd', 8)).toBe('ab&amp;…');
    expect(escapeAndTruncate('<<<<', 10)).toBe('&lt;&lt;…');
  });
});
