// @ts-check
/**
 * Block Kit -> HTML for the sandbox page: the blocks and mrkdwn Gatehouse sends, drawn roughly as
 * Slack draws them. Pure (strings in, a string out), so the browser and the unit tests import the
 * same file; plain JavaScript with JSDoc types, so the page needs no build step and tsc still checks it.
 *
 * Everything that reaches the HTML is escaped here: text, attribute values, link targets. Slack's
 * own escapes (`&amp;`, `&lt;`, `&gt;`) are decoded first and re-escaped for HTML, so text a person
 * typed stays text. A block, element or text type this file does not know is drawn as a visible
 * error and listed in `unknown`, never skipped.
 */

/**
 * @typedef {object} RenderOptions
 * @property {(userId: string) => string | undefined} [userName] a person's name for `<@U…>` mentions
 * @property {(channelId: string) => string | undefined} [channelName] a channel's name for `<#C…>`
 * @property {Record<string, string>} [errors] field errors by block id (from `response_action: errors`)
 */

/** @typedef {{ html: string, unknown: string[] }} Rendered */

/** @typedef {Record<string, any>} Json */

const HTML_ESCAPES = /** @type {Record<string, string>} */ ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' });

/** Text and attribute values for HTML. */
export function escapeHtml(/** @type {unknown} */ value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Slack's three escapes back to characters (then escaped again for HTML by the caller). */
function decodeSlackEntities(/** @type {string} */ text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The few emoji codes Gatehouse uses, and common ones; any other code stays as typed. */
const EMOJI = /** @type {Record<string, string>} */ ({
  hourglass_flowing_sand: '⏳',
  white_check_mark: '✅',
  x: '❌',
  warning: '⚠️',
  lock: '🔒',
  unlock: '🔓',
  rotating_light: '🚨',
  key: '🔑',
  bell: '🔔',
});

/** Only these link targets become links: a `javascript:` URL must never be clickable. */
const SAFE_URL = /^(https?:|mailto:)/i;

/**
 * `<…>` in mrkdwn: a mention, a channel, a special mention, a date, or a link. Returns HTML.
 * @param {string} inner the text between `<` and `>`
 * @param {RenderOptions} options
 */
function controlSequence(inner, options) {
  const bar = inner.indexOf('|');
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? inner.slice(bar + 1) : '';
  const text = (/** @type {string} */ t) => escapeHtml(decodeSlackEntities(t));
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = options.userName?.(id) ?? (label || id);
    return `<span class="bk-mention">@${text(name)}</span>`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const name = options.channelName?.(id) ?? (label || id);
    return `<span class="bk-mention">#${text(name)}</span>`;
  }
  if (target.startsWith('!')) {
    const special = target.slice(1);
    if (special.startsWith('date^')) return text(label || special);
    if (special.startsWith('subteam^')) return `<span class="bk-mention">@${text(label || special.slice(8))}</span>`;
    return `<span class="bk-mention bk-broadcast">@${text(special)}</span>`;
  }
  const url = decodeSlackEntities(target);
  if (SAFE_URL.test(url)) return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${text(label || target)}</a>`;
  // Not a link Slack would make: show what was written, as text.
  return text(`<${inner}>`);
}

/**
 * One line of mrkdwn to HTML. Control sequences and code are set aside as placeholders first, so
 * formatting never reaches into them and their HTML is never escaped twice.
 * @param {string} line
 * @param {RenderOptions} options
 */
function inlineMrkdwn(line, options) {
  /** @type {string[]} */
  const held = [];
  const hold = (/** @type {string} */ html) => `\u0001${held.push(html) - 1}\u0002`;
  // The placeholders are control characters: any in the text itself are dropped first, so typed
  // text can never stand for held HTML.
  // eslint-disable-next-line no-control-regex
  let out = line.replace(/[\u0001\u0002]/g, '')
    .replace(/`([^`\n]+)`/g, (_, code) => hold(`<code>${escapeHtml(decodeSlackEntities(code))}</code>`))
    .replace(/<([^<>\n]+)>/g, (_, inner) => hold(controlSequence(inner, options)));
  out = escapeHtml(decodeSlackEntities(out));
  const around = (/** @type {string} */ mark, /** @type {string} */ tag) => {
    const m = mark === '*' ? '\\*' : mark;
    const pattern = new RegExp(`(^|[^\\w${m}])${m}(?!\\s)([^${m}\\n]*?[^\\s${m}]|[^\\s${m}])${m}(?=$|[^\\w${m}])`, 'g');
    out = out.replace(pattern, (_, before, body) => `${before}<${tag}>${body}</${tag}>`);
  };
  around('*', 'strong');
  around('_', 'em');
  around('~', 'del');
  out = out.replace(/:([a-z0-9_+-]+):/g, (whole, code) => EMOJI[code] ?? whole);
  // eslint-disable-next-line no-control-regex
  return out.replace(/\u0001(\d+)\u0002/g, (_, i) => held[Number(i)] ?? '');
}

/**
 * Slack mrkdwn to HTML: bold, italic, strike, code, code blocks, quotes, links, mentions, line breaks.
 * @param {string} text
 * @param {RenderOptions} [options]
 */
export function mrkdwnToHtml(text, options = {}) {
  const parts = String(text).split('```');
  return parts
    .map((part, i) => {
      // Odd parts sit between ``` fences: preformatted, nothing parsed inside.
      if (i % 2 === 1 && i < parts.length - 1) return `<pre>${escapeHtml(decodeSlackEntities(part.replace(/^\n/, '')))}</pre>`;
      const chunk = i % 2 === 1 ? `\`\`\`${part}` : part;
      /** @type {string[]} */
      const html = [];
      /** @type {string[]} */
      let quote = [];
      const flushQuote = () => {
        if (quote.length) html.push(`<blockquote>${quote.join('<br>')}</blockquote>`);
        quote = [];
      };
      for (const line of chunk.split('\n')) {
        if (line.startsWith('>')) {
          quote.push(inlineMrkdwn(line.slice(1), options));
          continue;
        }
        flushQuote();
        html.push(inlineMrkdwn(line, options));
      }
      flushQuote();
      return html.join('<br>').replace(/<br><blockquote>/g, '<blockquote>').replace(/<\/blockquote><br>/g, '</blockquote>');
    })
    .join('');
}

/**
 * A text object: plain_text is shown as typed (escaped), mrkdwn is formatted.
 * @param {unknown} value
 * @param {RenderOptions} options
 * @param {string[]} unknown
 */
function textObject(value, options, unknown) {
  const t = /** @type {Json} */ (value);
  if (!t || typeof t !== 'object' || typeof t.text !== 'string') {
    unknown.push('text:missing');
    return '<span class="bk-unknown">[missing text]</span>';
  }
  if (t.type === 'plain_text') return escapeHtml(t.text).replace(/\n/g, '<br>');
  if (t.type === 'mrkdwn') return mrkdwnToHtml(t.text, options);
  unknown.push(`text:${String(t.type)}`);
  return `<span class="bk-unknown">[unknown text type ${escapeHtml(t.type)}]</span>`;
}

/**
 * @param {Json} element
 * @param {string} blockId
 * @param {RenderOptions} options
 * @param {string[]} unknown
 */
function button(element, blockId, options, unknown) {
  const style = element.style === 'primary' || element.style === 'danger' ? ` bk-${element.style}` : '';
  const confirm = element.confirm
    ? ` data-confirm="${escapeHtml(
        JSON.stringify({
          title: textObject(element.confirm.title, options, unknown),
          text: textObject(element.confirm.text, options, unknown),
          confirm: textObject(element.confirm.confirm, options, unknown),
          deny: textObject(element.confirm.deny, options, unknown),
          style: element.confirm.style === 'danger' ? 'danger' : 'primary',
        }),
      )}"`
    : '';
  return (
    `<button type="button" class="bk-button${style}" data-action-id="${escapeHtml(element.action_id)}" data-block-id="${escapeHtml(blockId)}"` +
    ` data-value="${escapeHtml(element.value ?? '')}"${confirm}>${textObject(element.text, options, unknown)}</button>`
  );
}

/**
 * An element in an actions block or a section accessory.
 * @param {Json} element
 * @param {string} blockId
 * @param {RenderOptions} options
 * @param {string[]} unknown
 */
function interactive(element, blockId, options, unknown) {
  if (element?.type === 'button') return button(element, blockId, options, unknown);
  unknown.push(`element:${String(element?.type)}`);
  return `<span class="bk-unknown">[unsupported element ${escapeHtml(element?.type)}]</span>`;
}

/**
 * An option's label (and its description, smaller).
 * @param {Json} option
 * @param {RenderOptions} options
 * @param {string[]} unknown
 */
function optionLabel(option, options, unknown) {
  const description = option.description ? `<span class="bk-option-description">${textObject(option.description, options, unknown)}</span>` : '';
  return `<span class="bk-option-text">${textObject(option.text, options, unknown)}</span>${description}`;
}

/**
 * The element of an input block, as a form control named after the block.
 * @param {Json} element
 * @param {string} blockId
 * @param {RenderOptions} options
 * @param {string[]} unknown
 */
function inputElement(element, blockId, options, unknown) {
  const name = escapeHtml(blockId);
  const placeholder = element.placeholder?.text ? ` placeholder="${escapeHtml(element.placeholder.text)}"` : '';
  const common = `name="${name}" data-block-id="${name}" data-action-id="${escapeHtml(element.action_id)}" data-element-type="${escapeHtml(element.type)}"`;
  switch (element.type) {
    case 'plain_text_input': {
      const max = Number.isInteger(element.max_length) ? ` maxlength="${element.max_length}"` : '';
      const value = escapeHtml(element.initial_value ?? '');
      return element.multiline
        ? `<textarea class="bk-textarea" rows="4" ${common}${placeholder}${max}>${value}</textarea>`
        : `<input type="text" class="bk-text" ${common}${placeholder}${max} value="${value}">`;
    }
    case 'static_select': {
      const initial = element.initial_option?.value;
      const opts = (Array.isArray(element.options) ? element.options : [])
        .map((/** @type {Json} */ o) => `<option value="${escapeHtml(o.value)}"${o.value === initial ? ' selected' : ''}>${escapeHtml(o.text?.text ?? o.value)}</option>`)
        .join('');
      return `<select class="bk-select" ${common}><option value="">${escapeHtml(element.placeholder?.text ?? 'Choose…')}</option>${opts}</select>`;
    }
    case 'radio_buttons':
    case 'checkboxes': {
      const kind = element.type === 'radio_buttons' ? 'radio' : 'checkbox';
      const chosen = new Set(
        (element.type === 'radio_buttons' ? [element.initial_option] : (element.initial_options ?? [])).filter(Boolean).map((/** @type {Json} */ o) => o.value),
      );
      const items = (Array.isArray(element.options) ? element.options : [])
        .map(
          (/** @type {Json} */ o) =>
            `<label class="bk-choice"><input type="${kind}" ${common} value="${escapeHtml(o.value)}"${chosen.has(o.value) ? ' checked' : ''}>${optionLabel(o, options, unknown)}</label>`,
        )
        .join('');
      return `<div class="bk-choices" role="${kind === 'radio' ? 'radiogroup' : 'group'}">${items}</div>`;
    }
    default:
      unknown.push(`element:${String(element?.type)}`);
      return `<span class="bk-unknown">[unsupported input ${escapeHtml(element?.type)}]</span>`;
  }
}

/**
 * @param {Json} block
 * @param {number} index
 * @param {RenderOptions} options
 * @param {string[]} unknown
 */
function renderBlock(block, index, options, unknown) {
  const blockId = typeof block?.block_id === 'string' ? block.block_id : `b${index}`;
  switch (block?.type) {
    case 'header':
      return `<div class="bk-header">${textObject(block.text, options, unknown)}</div>`;
    case 'section': {
      const text = block.text ? `<div class="bk-section-text">${textObject(block.text, options, unknown)}</div>` : '';
      const fields = Array.isArray(block.fields)
        ? `<div class="bk-fields">${block.fields.map((/** @type {unknown} */ f) => `<div class="bk-field">${textObject(f, options, unknown)}</div>`).join('')}</div>`
        : '';
      const accessory = block.accessory ? `<div class="bk-accessory">${interactive(block.accessory, blockId, options, unknown)}</div>` : '';
      return `<div class="bk-section"><div class="bk-section-body">${text}${fields}</div>${accessory}</div>`;
    }
    case 'context': {
      const elements = (Array.isArray(block.elements) ? block.elements : []).map((/** @type {Json} */ e) =>
        e?.type === 'image' ? `<img class="bk-context-image" alt="${escapeHtml(e.alt_text)}" src="data:,">` : `<span>${textObject(e, options, unknown)}</span>`,
      );
      return `<div class="bk-context">${elements.join('')}</div>`;
    }
    case 'divider':
      return '<hr class="bk-divider">';
    case 'actions':
      return `<div class="bk-actions">${(Array.isArray(block.elements) ? block.elements : []).map((/** @type {Json} */ e) => interactive(e, blockId, options, unknown)).join('')}</div>`;
    case 'input': {
      const error = options.errors?.[blockId];
      const optional = block.optional ? ' <span class="bk-optional">(optional)</span>' : '';
      const hint = block.hint ? `<div class="bk-hint">${textObject(block.hint, options, unknown)}</div>` : '';
      const errorHtml = error ? `<div class="bk-error" role="alert" data-error-for="${escapeHtml(blockId)}">${escapeHtml(error)}</div>` : '';
      return (
        `<div class="bk-input${error ? ' bk-has-error' : ''}" data-input-block="${escapeHtml(blockId)}">` +
        `<label class="bk-label">${textObject(block.label, options, unknown)}${optional}</label>` +
        `${inputElement(block.element ?? {}, blockId, options, unknown)}${errorHtml}${hint}</div>`
      );
    }
    default:
      unknown.push(`block:${String(block?.type)}`);
      return `<div class="bk-unknown" role="alert">Unsupported block type: ${escapeHtml(block?.type)}</div>`;
  }
}

/**
 * A list of blocks (a message, a modal's body or an App Home) as HTML.
 * @param {unknown} blocks
 * @param {RenderOptions} [options]
 * @returns {Rendered}
 */
export function renderBlocks(blocks, options = {}) {
  /** @type {string[]} */
  const unknown = [];
  if (!Array.isArray(blocks)) return { html: '<div class="bk-unknown" role="alert">blocks is not a list</div>', unknown: ['blocks:not-an-array'] };
  const html = blocks.map((block, i) => renderBlock(block, i, options, unknown)).join('');
  return { html: `<div class="bk-blocks">${html}</div>`, unknown };
}

/**
 * A message: its blocks, or its mrkdwn text when it has none (as Slack shows it).
 * @param {{ text?: string, blocks?: unknown[] | null }} message
 * @param {RenderOptions} [options]
 * @returns {Rendered}
 */
export function renderMessage(message, options = {}) {
  if (Array.isArray(message.blocks) && message.blocks.length > 0) return renderBlocks(message.blocks, options);
  return { html: `<div class="bk-text-only">${mrkdwnToHtml(message.text ?? '', options)}</div>`, unknown: [] };
}

/**
 * A modal's `state.values` from what the form holds, as Slack sends it with `view_submission`.
 * `read(blockId)` returns the control's value: a string, the chosen values, or null.
 * @param {unknown} blocks the modal's blocks
 * @param {(blockId: string, elementType: string) => string | string[] | null} read
 */
export function viewStateValues(blocks, read) {
  /** @type {Record<string, Record<string, Json>>} */
  const values = {};
  (Array.isArray(blocks) ? blocks : []).forEach((/** @type {Json} */ block, i) => {
    if (block?.type !== 'input' || !block.element) return;
    const element = block.element;
    const blockId = typeof block.block_id === 'string' ? block.block_id : `b${i}`;
    const raw = read(blockId, element.type);
    const list = Array.isArray(raw) ? raw : raw === null || raw === '' ? [] : [raw];
    const option = (/** @type {string} */ v) => {
      const found = (element.options ?? []).find((/** @type {Json} */ o) => o.value === v);
      return found ? { text: found.text, value: found.value } : null;
    };
    /** @type {Json} */
    let state;
    switch (element.type) {
      case 'plain_text_input':
        state = { type: element.type, value: typeof raw === 'string' && raw !== '' ? raw : null };
        break;
      case 'static_select':
      case 'radio_buttons':
        state = { type: element.type, selected_option: list.length ? option(list[0] ?? '') : null };
        break;
      case 'checkboxes':
        state = { type: element.type, selected_options: list.map(option).filter(Boolean) };
        break;
      default:
        return;
    }
    values[blockId] = { [element.action_id]: state };
  });
  return values;
}
