import { describe, expect, it } from 'vitest';
import { escapeCardMarkdown, unescapeCardMarkdown } from '../../../../views/teams/escape-markdown.js';
import { expectInertMarkdown, shownText } from './markdown-checks.js';


const TABLE: Array<[string, string]> = [
  ['disguised link', '[your bank](https://evil.example/login)'],
  ['image', '![x](https://evil.example/pixel.png)'],
  ['autolink brackets', '<https://evil.example>'],
  ['html', '<b>bold</b> <a href="https://evil">x</a>'],
  ['entities', '&lt;script&gt; &amp; &#91;x&#93;'],
  ['bold and italic', '**urgent** __now__ *a* _b_'],
  ['strike and code', '~~gone~~ `rm -rf /` ```block```'],
  ['heading', '# APPROVED BY SECURITY'],
  ['bullet', '- approved\n+ also\n* this'],
  ['numbered list', '1. first\n2) second\n10. tenth'],
  ['quote', '> quoted approval'],
  ['setext heading', 'Title\n===\nSub\n---'],
  ['indented code', '    four spaces\n\tand a tab'],
  ['table', '| a | b |\n|---|---|'],
  ['backslashes', 'C:\\Users\\sam \\*not bold\\*'],
  ['teams mention', '<at>Everyone</at>'],
  ['adaptive expression', '${if(true, "x")} {{DATE(2026-01-01T00:00:00Z)}}'],
];

describe('escapeCardMarkdown', () => {
  it.each(TABLE)('%s is shown as typed and formats nothing', (_name, text) => {
    const escaped = escapeCardMarkdown(text);
    expectInertMarkdown(escaped);
    // Line breaks become paragraph breaks and indentation goes; every character is still there.
    const lines = text.split(/\r\n|\r|\n/).map((l) => l.replace(/^[\t ]+/, '')).filter((l) => l !== '');
    expect(shownText(escaped)).toBe(lines.join('\n\n'));
  });

  it('leaves ordinary text alone', () => {
    expect(escapeCardMarkdown('erin@example.com requests prod-db for 2 hours.')).toBe('erin@example.com requests prod-db for 2 hours.');
  });

  it('keeps line breaks visible as paragraph breaks and drops blank lines', () => {
    expect(escapeCardMarkdown('one\r\ntwo\n\n\nthree')).toBe('one\n\ntwo\n\nthree');
  });

  it('escapes line-leading markers only at the start of a line', () => {
    expect(escapeCardMarkdown('2026-01-05 - 3.5 h')).toBe('2026-01-05 - 3.5 h');
    expect(escapeCardMarkdown('- x')).toBe('\\- x');
    expect(escapeCardMarkdown('3. x')).toBe('3\\. x');
  });
});

describe('unescapeCardMarkdown', () => {
  it.each([
    ['<!channel> <https://evil|bank>'],
    ['[bank](https://evil) **bold** _it_ `code` # head'],
    ['- item\n1. first\n+ plus\n= rule'],
    ['back\\slash \\* already escaped'],
    ['{{DATE(2026-01-01T00:00:00Z)}} & | ! ~'],
    ['plain words, nothing to escape'],
  ])('gives back the plain text of %j', (text) => {
    expect(unescapeCardMarkdown(escapeCardMarkdown(text))).toBe(text);
  });
});
