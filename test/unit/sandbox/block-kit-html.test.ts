/** The sandbox's Block Kit -> HTML renderer: mrkdwn, every block Gatehouse uses, and hostile text. */
import { describe, expect, it } from 'vitest';
import { escapeHtml, mrkdwnToHtml, renderBlocks, renderMessage, viewStateValues } from '../../../src/sandbox/public/block-kit-html.js';
import { escapeMrkdwn } from '../../../views/slack/escape-mrkdwn.js';

const names: Record<string, string> = { U0ALICE: 'Alice' };
const options = { userName: (id: string) => names[id], channelName: (id: string) => (id === 'C0APPROVALS' ? 'approvals' : undefined) };

describe('mrkdwn', () => {
  it.each([
    ['plain text', 'hello', 'hello'],
    ['bold', '*bold* text', '<strong>bold</strong> text'],
    ['italic', 'an _italic_ word', 'an <em>italic</em> word'],
    ['strike', '~gone~', '<del>gone</del>'],
    ['code', 'run `ls -l`', 'run <code>ls -l</code>'],
    ['bold around code', '*`/access`* shows', '<strong><code>/access</code></strong> shows'],
    ['no formatting inside code', '`*not bold*`', '<code>*not bold*</code>'],
    ['a code block', '```a *b*\n<c>```', '<pre>a *b*\n&lt;c&gt;</pre>'],
    ['line breaks', 'one\ntwo', 'one<br>two'],
    ['a quote', '*Why*\n>line one\n>line two', '<strong>Why</strong><blockquote>line one<br>line two</blockquote>'],
    ['a link with text', 'see <https://example.com/a?b=1&amp;c=2|the docs>', 'see <a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the docs</a>'],
    ['a bare link', '<https://example.com>', '<a href="https://example.com" target="_blank" rel="noopener noreferrer">https://example.com</a>'],
    ['a mention as the name', 'hi <@U0ALICE>', 'hi <span class="bk-mention">@Alice</span>'],
    ['an unknown mention as the id', '<@U0NOBODY>', '<span class="bk-mention">@U0NOBODY</span>'],
    ['a channel', 'in <#C0APPROVALS>', 'in <span class="bk-mention">#approvals</span>'],
    ['a special mention the bot wrote', '<!here>', '<span class="bk-mention bk-broadcast">@here</span>'],
    ['a date falls back to its text', '<!date^1392734382^{date}|Feb 18>', 'Feb 18'],
    ['an emoji code', ':hourglass_flowing_sand: One moment', '⏳ One moment'],
    ['an unknown emoji stays', ':not_an_emoji:', ':not_an_emoji:'],
    ['times are not emoji', '10:30:00', '10:30:00'],
    ['snake_case is not italic', 'a_b_c', 'a_b_c'],
    ['Slack entities become characters, escaped for HTML', 'a &lt;b&gt; &amp; c', 'a &lt;b&gt; &amp; c'],
    ['quotes are escaped', `"it's"`, '&quot;it&#39;s&quot;'],
  ])('%s', (_name, input, html) => {
    expect(mrkdwnToHtml(input, options)).toBe(html);
  });

  it.each([
    ['a javascript link', '<javascript:alert(1)|click>', '&lt;javascript:alert(1)|click&gt;'],
    ['a data link', '<data:text/html,x|x>', '&lt;data:text/html,x|x&gt;'],
    ['a link whose text holds markup', '<https://ok.example|<b>x</b>>', ''],
  ])('never makes %s clickable', (_name, input, html) => {
    const out = mrkdwnToHtml(input, options);
    expect(out).not.toMatch(/<a [^>]*href="(javascript|data):/i);
    expect(out).not.toContain('<b>');
    if (html) expect(out).toBe(html);
  });
});

/** Text a person typed, as the bot sends it (escaped with escapeMrkdwn), must come out as the same text. */
describe('hostile text stays text', () => {
  const hostile = [
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '<!channel> please approve',
    '<https://evil.example|bank.example.com>',
    '<@U0ALICE> said so',
    '"><svg onload=alert(1)>',
    "' onmouseover='alert(1)",
    '&lt;already escaped&gt; &amp;',
    '\u0001 0 \u0002 placeholders',
  ];

  it.each(hostile)('%s in a justification', (text) => {
    const html = renderBlocks([{ type: 'section', text: { type: 'mrkdwn', text: `*Justification*\n>${escapeMrkdwn(text)}` } }], options).html;
    expect(html).not.toMatch(/<(img|script|svg|a)\b/i);
    expect(html).not.toContain('bk-mention');
    // Visible as typed (apart from the dropped placeholder characters).
    const visible = html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    expect(visible).toContain(text.replace('\u0001', '').replace('\u0002', ''));
  });

  it.each(hostile)('%s in plain text, a button, an option and a form error', (text) => {
    const { html } = renderBlocks(
      [
        { type: 'header', text: { type: 'plain_text', text } },
        { type: 'actions', block_id: text, elements: [{ type: 'button', action_id: text, value: text, text: { type: 'plain_text', text }, confirm: { title: { type: 'plain_text', text }, text: { type: 'mrkdwn', text: escapeMrkdwn(text) }, confirm: { type: 'plain_text', text: 'Yes' }, deny: { type: 'plain_text', text: 'No' } } }] },
        { type: 'input', block_id: 'f', label: { type: 'plain_text', text }, element: { type: 'static_select', action_id: 'f', options: [{ text: { type: 'plain_text', text }, value: text }] } },
      ],
      { errors: { f: text } },
    );
    expect(html).not.toMatch(/<(img|script|svg)\b/i);
    // Attribute values are quoted and escaped (no raw quote inside), so with them emptied no tag may hold an event handler.
    const tags = html.replace(/"[^"]*"/g, '""').match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.filter((tag) => /\son\w+\s*=/i.test(tag))).toEqual([]);
  });

  it('escapes every HTML-special character', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('blocks', () => {
  it('draws header, section with text, fields and an accessory button, context and divider', () => {
    const { html, unknown } = renderBlocks(
      [
        { type: 'header', text: { type: 'plain_text', text: 'Access request' } },
        { type: 'section', text: { type: 'mrkdwn', text: '*Who*' }, fields: [{ type: 'mrkdwn', text: '*Resource*\nprod-db' }], accessory: { type: 'button', action_id: 'more', text: { type: 'plain_text', text: 'More' }, value: 'v1' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Request req_1' }] },
        { type: 'divider' },
      ],
      options,
    );
    expect(unknown).toEqual([]);
    expect(html).toContain('<div class="bk-header">Access request</div>');
    expect(html).toContain('<div class="bk-field"><strong>Resource</strong><br>prod-db</div>');
    expect(html).toContain('data-action-id="more" data-block-id="b1" data-value="v1"');
    expect(html).toContain('<div class="bk-context"><span>Request req_1</span></div>');
    expect(html).toContain('<hr class="bk-divider">');
  });

  it.each([
    ['primary', 'bk-button bk-primary'],
    ['danger', 'bk-button bk-danger'],
    [undefined, 'bk-button"'],
  ])('draws a %s button', (style, cls) => {
    const { html } = renderBlocks([{ type: 'actions', block_id: 'a', elements: [{ type: 'button', action_id: 'x', text: { type: 'plain_text', text: 'Go' }, ...(style ? { style } : {}) }] }]);
    expect(html).toContain(`class="${cls}`);
  });

  it('carries a confirm dialog, rendered and escaped, on its button', () => {
    const { html } = renderBlocks([
      { type: 'actions', elements: [{ type: 'button', action_id: 'end', text: { type: 'plain_text', text: 'End now' }, confirm: { title: { type: 'plain_text', text: 'End?' }, text: { type: 'mrkdwn', text: 'Access to *prod-db* ends' }, confirm: { type: 'plain_text', text: 'End now' }, deny: { type: 'plain_text', text: 'Keep' }, style: 'danger' } }] },
    ]);
    const attribute = /data-confirm="([^"]*)"/.exec(html)?.[1] ?? '';
    const confirm = JSON.parse(attribute.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as Record<string, string>;
    expect(confirm).toEqual({ title: 'End?', text: 'Access to <strong>prod-db</strong> ends', confirm: 'End now', deny: 'Keep', style: 'danger' });
  });

  it('draws modal inputs with their initial values, optional marks, hints and errors under the field', () => {
    const { html, unknown } = renderBlocks(
      [
        { type: 'input', block_id: 'why', label: { type: 'plain_text', text: 'Why' }, hint: { type: 'plain_text', text: 'Name the ticket' }, element: { type: 'plain_text_input', action_id: 'why', multiline: true, initial_value: 'INC-1', max_length: 500 } },
        { type: 'input', block_id: 'dur', optional: true, label: { type: 'plain_text', text: 'Duration' }, element: { type: 'plain_text_input', action_id: 'dur', placeholder: { type: 'plain_text', text: 'e.g. 2h' } } },
        { type: 'input', block_id: 'res', label: { type: 'plain_text', text: 'Resource' }, element: { type: 'static_select', action_id: 'res', options: [{ text: { type: 'plain_text', text: 'DB' }, value: 'db' }, { text: { type: 'plain_text', text: 'AWS' }, value: 'aws' }], initial_option: { text: { type: 'plain_text', text: 'AWS' }, value: 'aws' } } },
        { type: 'input', block_id: 'how', label: { type: 'plain_text', text: 'How' }, element: { type: 'radio_buttons', action_id: 'how', options: [{ text: { type: 'plain_text', text: 'View' }, value: 'view', description: { type: 'plain_text', text: 'see only' } }, { text: { type: 'plain_text', text: 'Control' }, value: 'control' }], initial_option: { text: { type: 'plain_text', text: 'View' }, value: 'view' } } },
        { type: 'input', block_id: 'bg', optional: true, label: { type: 'plain_text', text: 'Emergency' }, element: { type: 'checkboxes', action_id: 'bg', options: [{ text: { type: 'mrkdwn', text: '*Break-glass*' }, value: 'break_glass' }] } },
      ],
      { errors: { why: 'The justification needs at least 10 characters.' } },
    );
    expect(unknown).toEqual([]);
    expect(html).toContain('<textarea class="bk-textarea" rows="4" name="why" data-block-id="why" data-action-id="why" data-element-type="plain_text_input" maxlength="500">INC-1</textarea>');
    expect(html).toContain('<div class="bk-error" role="alert" data-error-for="why">The justification needs at least 10 characters.</div><div class="bk-hint">Name the ticket</div>');
    expect(html).toContain('Duration <span class="bk-optional">(optional)</span>');
    expect(html).toContain('placeholder="e.g. 2h"');
    expect(html).toContain('<option value="aws" selected>AWS</option>');
    expect(html).toMatch(/type="radio"[^>]*value="view" checked/);
    expect(html).toContain('<span class="bk-option-description">see only</span>');
    expect(html).toMatch(/type="checkbox"[^>]*value="break_glass">/);
    expect(html).toContain('<strong>Break-glass</strong>');
  });

  it.each([
    ['an unknown block', [{ type: 'rich_text', elements: [] }], ['block:rich_text']],
    ['an unknown accessory', [{ type: 'section', text: { type: 'mrkdwn', text: 'x' }, accessory: { type: 'image', image_url: 'x', alt_text: 'x' } }], ['element:image']],
    ['an unknown input element', [{ type: 'input', label: { type: 'plain_text', text: 'When' }, element: { type: 'datepicker', action_id: 'd' } }], ['element:datepicker']],
    ['an unknown text type', [{ type: 'header', text: { type: 'markdown', text: 'x' } }], ['text:markdown']],
    ['blocks that are not a list', 'nope', ['blocks:not-an-array']],
  ])('shows %s as an error', (_name, blocks, expected) => {
    const { html, unknown } = renderBlocks(blocks);
    expect(unknown).toEqual(expected);
    expect(html).toContain('bk-unknown');
  });

  it('draws a message without blocks from its mrkdwn text', () => {
    expect(renderMessage({ text: 'Request sent: *prod-db*', blocks: null }).html).toBe('<div class="bk-text-only">Request sent: <strong>prod-db</strong></div>');
  });
});

describe('form values', () => {
  const blocks = [
    { type: 'input', block_id: 'res', label: { type: 'plain_text', text: 'R' }, element: { type: 'static_select', action_id: 'res', options: [{ text: { type: 'plain_text', text: 'DB' }, value: 'db' }] } },
    { type: 'input', block_id: 'why', label: { type: 'plain_text', text: 'W' }, element: { type: 'plain_text_input', action_id: 'why' } },
    { type: 'input', block_id: 'how', label: { type: 'plain_text', text: 'H' }, element: { type: 'radio_buttons', action_id: 'how', options: [{ text: { type: 'plain_text', text: 'View' }, value: 'view' }] } },
    { type: 'input', block_id: 'bg', label: { type: 'plain_text', text: 'B' }, element: { type: 'checkboxes', action_id: 'bg', options: [{ text: { type: 'plain_text', text: 'Yes' }, value: 'yes' }] } },
    { type: 'section', text: { type: 'mrkdwn', text: 'not an input' } },
  ];

  it('become state.values as Slack sends them', () => {
    const read = (id: string) => ({ res: 'db', why: 'INC-1', how: 'view', bg: ['yes'] })[id] ?? null;
    expect(viewStateValues(blocks, read)).toEqual({
      res: { res: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'DB' }, value: 'db' } } },
      why: { why: { type: 'plain_text_input', value: 'INC-1' } },
      how: { how: { type: 'radio_buttons', selected_option: { text: { type: 'plain_text', text: 'View' }, value: 'view' } } },
      bg: { bg: { type: 'checkboxes', selected_options: [{ text: { type: 'plain_text', text: 'Yes' }, value: 'yes' }] } },
    });
  });

  it('empty fields are null or empty, and values that are not options are dropped', () => {
    const read = (id: string) => ({ res: 'not-an-option', why: '', how: null, bg: [] as string[] })[id] ?? null;
    expect(viewStateValues(blocks, read)).toEqual({
      res: { res: { type: 'static_select', selected_option: null } },
      why: { why: { type: 'plain_text_input', value: null } },
      how: { how: { type: 'radio_buttons', selected_option: null } },
      bg: { bg: { type: 'checkboxes', selected_options: [] } },
    });
  });
});
