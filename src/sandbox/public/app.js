/* global document, window, localStorage, EventSource */
/**
 * The sandbox page: plays the Slack client for whoever is picked in "You are". Everything it shows
 * comes from the server's pretend workspace; everything it does goes to `/sandbox/api/...`, which
 * turns it into a signed Slack request to the bot. Rendering of Block Kit is block-kit-html.js.
 */
import { escapeHtml, renderBlocks, renderMessage, viewStateValues } from './block-kit-html.js';

const $ = (id) => document.getElementById(id);
const page = { workspace: null, me: null, conversation: null, state: null, panel: 'audit', modalKey: null };

async function api(path, body = {}) {
  const res = await fetch(`/sandbox/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }));
  if (!json.ok) toast(json.error ?? `HTTP ${res.status}`);
  return json;
}

let toastTimer = null;
function toast(text) {
  const el = $('toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (el.hidden = true), 5000);
}

const people = () => page.workspace?.people ?? [];
const renderOptions = (errors) => ({
  userName: (id) => people().find((p) => p.id === id)?.name ?? (id === page.workspace?.bot.userId ? page.workspace.bot.name : undefined),
  channelName: (id) => page.workspace?.channels.find((c) => c.id === id)?.name,
  errors,
});
const timeOf = (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function authorName(message) {
  if (message.author === page.workspace.bot.userId) return `${page.workspace.bot.name} <span class="app-badge">APP</span>`;
  return escapeHtml(people().find((p) => p.id === message.author)?.name ?? message.author);
}

function messageHtml(message, replies) {
  const body = renderMessage(message, renderOptions()).html;
  const meta = [
    message.visibleTo ? '<span class="only-you">Only visible to you</span>' : '',
    message.edits > 0 ? '<span class="edited">(edited)</span>' : '',
  ].join(' ');
  const thread = replies.length ? `<div class="thread"><div class="thread-title">${replies.length} repl${replies.length === 1 ? 'y' : 'ies'}</div>${replies.map((r) => messageHtml(r, [])).join('')}</div>` : '';
  return (
    `<article class="message${message.visibleTo ? ' ephemeral' : ''}" data-channel="${escapeHtml(message.channel)}" data-ts="${escapeHtml(message.ts)}">` +
    `<div class="message-head"><span class="author">${authorName(message)}</span> <time>${timeOf(message.at)}</time> ${meta}</div>` +
    `<div class="message-body">${body}</div>${thread}</article>`
  );
}

/**
 * The newest message each person has seen in each conversation. Like Slack's unread marks, it is
 * what tells someone that the next step arrived elsewhere (a claim in #support, the scope form in
 * the DM). Kept per browser, so switching person keeps everyone's marks.
 */
const SEEN_KEY = 'gatehouse-sandbox-seen';
const seen = (() => {
  try {
    const stored = JSON.parse(localStorage.getItem(SEEN_KEY) ?? '{}');
    return stored && typeof stored === 'object' ? stored : {};
  } catch {
    return {};
  }
})();
// A ts is seconds and exactly six decimals: too many digits for a float to compare.
const tsValue = (ts) => BigInt(ts.replace('.', ''));

function unreadIn(conv) {
  const last = seen[page.me]?.[conv.id];
  return conv.messages.filter((m) => m.author !== page.me && (last === undefined || tsValue(m.ts) > tsValue(last))).length;
}

function markSeen(conv) {
  const newest = conv.messages.reduce((max, m) => (max === null || tsValue(m.ts) > tsValue(max) ? m.ts : max), null);
  if (newest === null || seen[page.me]?.[conv.id] === newest) return;
  (seen[page.me] ??= {})[conv.id] = newest;
  localStorage.setItem(SEEN_KEY, JSON.stringify(seen));
}

function renderSidebar() {
  const convs = page.state?.conversations ?? [];
  const button = (c) => {
    const unread = page.conversation === c.id ? 0 : unreadIn(c);
    // The count is drawn by CSS from the attribute, so the button's text stays the conversation's name.
    const badge = unread > 0 ? ` data-unread="${unread}" title="${unread} unread"` : '';
    return `<button type="button" class="conv${page.conversation === c.id ? ' active' : ''}${unread > 0 ? ' unread' : ''}" data-conversation="${escapeHtml(c.id)}"${badge}>${c.kind === 'channel' ? '#' : ''}${escapeHtml(c.name)}</button>`;
  };
  $('channel-list').innerHTML = convs.filter((c) => c.kind === 'channel').map(button).join('');
  $('dm-list').innerHTML = convs.filter((c) => c.kind === 'dm').map(button).join('');
  $('home-tab').classList.toggle('active', page.conversation === 'home');
}

function renderConversation() {
  const messagesEl = $('messages');
  const atBottom = messagesEl.scrollHeight - messagesEl.scrollTop - messagesEl.clientHeight < 40;
  if (page.conversation === 'home') {
    $('conversation-title').textContent = 'Home';
    $('composer').hidden = true;
    const home = page.state?.home;
    messagesEl.innerHTML = home ? `<div class="home" data-view-id="${escapeHtml(home.id)}">${renderBlocks(home.view.blocks, renderOptions()).html}</div>` : '<p class="muted">Opening the App Home…</p>';
    return;
  }
  $('composer').hidden = false;
  const conv = (page.state?.conversations ?? []).find((c) => c.id === page.conversation);
  if (!conv) return;
  markSeen(conv);
  $('conversation-title').textContent = conv.kind === 'channel' ? `#${conv.name}` : conv.name;
  const top = conv.messages.filter((m) => !m.threadTs);
  const repliesOf = (ts) => conv.messages.filter((m) => m.threadTs === ts);
  messagesEl.innerHTML = top.length ? top.map((m) => messageHtml(m, repliesOf(m.ts))).join('') : '<p class="muted">No messages yet. Type a slash command below.</p>';
  if (atBottom) messagesEl.scrollTop = messagesEl.scrollHeight;
}

/** The open form. Rebuilt only when the view changes, so what a person typed survives an error. */
function renderModal() {
  const root = $('modal-root');
  const modal = page.state?.modal;
  if (!modal) {
    root.innerHTML = '';
    page.modalKey = null;
    return;
  }
  const key = `${modal.id}:${JSON.stringify(modal.view)}`;
  if (key === page.modalKey) {
    showErrors(root, modal.errors);
    return;
  }
  page.modalKey = key;
  const view = modal.view;
  const submit = view.submit ? `<button type="submit" class="bk-button bk-primary modal-submit">${escapeHtml(view.submit.text)}</button>` : '';
  root.innerHTML =
    `<div class="overlay"><form class="modal" role="dialog" aria-modal="true" aria-label="${escapeHtml(view.title?.text ?? 'Form')}" data-view-id="${escapeHtml(modal.id)}" novalidate>` +
    `<div class="modal-title">${escapeHtml(view.title?.text ?? '')}</div>` +
    `<div class="modal-body">${renderBlocks(view.blocks, renderOptions(modal.errors)).html}</div>` +
    `<div class="modal-foot"><button type="button" class="bk-button modal-close">${escapeHtml(view.close?.text ?? 'Cancel')}</button>${submit}</div></form></div>`;
}

function showErrors(root, errors) {
  root.querySelectorAll('.bk-error').forEach((el) => el.remove());
  root.querySelectorAll('.bk-has-error').forEach((el) => el.classList.remove('bk-has-error'));
  for (const [blockId, message] of Object.entries(errors ?? {})) {
    const block = [...root.querySelectorAll('[data-input-block]')].find((el) => el.dataset.inputBlock === blockId);
    if (!block) continue;
    const error = document.createElement('div');
    error.className = 'bk-error';
    error.setAttribute('role', 'alert');
    error.dataset.errorFor = blockId;
    error.textContent = message;
    block.classList.add('bk-has-error');
    const hint = block.querySelector('.bk-hint');
    block.insertBefore(error, hint);
  }
}

async function refresh() {
  if (!page.me) return;
  const state = await fetch('/sandbox/api/state', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: page.me }) }).then((r) => r.json());
  if (!state.ok) return;
  page.state = state;
  if (!page.conversation || (page.conversation !== 'home' && !state.conversations.some((c) => c.id === page.conversation))) {
    page.conversation = state.conversations.find((c) => c.kind === 'dm')?.id ?? state.conversations[0]?.id ?? null;
  }
  renderConversation();
  renderSidebar();
  renderModal();
}

async function refreshPanel() {
  if (page.panel === 'audit') {
    const audit = await fetch('/sandbox/api/audit', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.json());
    if (!audit.ok) return;
    const v = audit.verdict;
    const verdict = $('audit-verdict');
    verdict.className = `verdict ${v.ok ? 'ok' : 'broken'}`;
    verdict.textContent = v.ok
      ? v.records === 0
        ? 'No audit records yet: every decision and refusal will appear here.'
        : `Chain verified: ${v.records} record${v.records === 1 ? '' : 's'}, head ${v.headHash.slice(0, 12)}…`
      : `Chain BROKEN at record ${v.firstBadSeq}: ${v.problem} (${v.detail})`;
    $('audit-records').innerHTML = audit.records
      .map(
        (r) =>
          `<li class="record" data-type="${escapeHtml(r.type)}"><div><strong>#${r.seq}</strong> <span class="record-type">${escapeHtml(r.type)}</span> <time>${timeOf(r.at)}</time></div>` +
          `<div class="muted">${escapeHtml(r.actor.email)}${r.subject ? ` · ${escapeHtml(r.subject)}` : ''}</div>` +
          `<details><summary>data</summary><pre>${escapeHtml(JSON.stringify(r.data, null, 2))}</pre><div class="hash">hash ${escapeHtml(r.hash.slice(0, 16))}…</div></details></li>`,
      )
      .join('');
  } else if (page.panel === 'provider') {
    const calls = await fetch('/sandbox/api/provider-calls', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.json());
    if (!calls.ok) return;
    $('provider-calls').innerHTML = calls.calls.length
      ? calls.calls
          .map(
            (c) =>
              `<li class="record provider-call" data-event="${escapeHtml(c.event)}"><div><strong>${escapeHtml(c.event)}</strong> ${escapeHtml(c.grant?.resource ?? '')} for ${escapeHtml(c.grant?.subject_email ?? '')} <time>${timeOf(Date.parse(c.at))}</time></div>` +
              `<details><summary>payload</summary><pre>${escapeHtml(JSON.stringify(c.grant, null, 2))}</pre></details></li>`,
          )
          .join('')
      : '<li class="muted">No calls yet.</li>';
  }
}

async function act(button) {
  const messageEl = button.closest('.message');
  const viewEl = button.closest('[data-view-id]');
  const container = messageEl
    ? { type: 'message', channel: messageEl.dataset.channel, ts: messageEl.dataset.ts }
    : viewEl
      ? { type: 'view', viewId: viewEl.dataset.viewId }
      : null;
  if (!container) return;
  button.disabled = true;
  try {
    await api('action', { user: page.me, actionId: button.dataset.actionId, blockId: button.dataset.blockId ?? '', value: button.dataset.value ?? '', text: button.textContent.slice(0, 200), container });
  } finally {
    button.disabled = false;
  }
}

/** Slack's confirm dialog for a button with `confirm`: nothing is sent unless the person confirms. */
function confirmThen(button) {
  const c = JSON.parse(button.dataset.confirm);
  const root = $('confirm-root');
  // The parts were rendered (and escaped) by block-kit-html.js.
  root.innerHTML =
    `<div class="overlay"><div class="modal confirm" role="alertdialog" aria-modal="true"><div class="modal-title">${c.title}</div><div class="modal-body">${c.text}</div>` +
    `<div class="modal-foot"><button type="button" class="bk-button confirm-deny">${c.deny}</button><button type="button" class="bk-button bk-${c.style} confirm-ok">${c.confirm}</button></div></div></div>`;
  root.querySelector('.confirm-deny').addEventListener('click', () => (root.innerHTML = ''));
  root.querySelector('.confirm-ok').addEventListener('click', () => {
    root.innerHTML = '';
    void act(button);
  });
}

async function submitModal(form) {
  const state = page.state?.modal;
  if (!state) return;
  const read = (blockId, type) => {
    const controls = [...form.querySelectorAll('[data-block-id]')].filter((el) => el.dataset.blockId === blockId && el.name === blockId);
    if (type === 'checkboxes') return controls.filter((el) => el.checked).map((el) => el.value);
    if (type === 'radio_buttons') return controls.find((el) => el.checked)?.value ?? null;
    return controls[0]?.value ?? null;
  };
  const values = viewStateValues(state.view.blocks, read);
  // Like the Slack client: required fields and length limits are checked before anything is sent.
  const missing = {};
  state.view.blocks.forEach((block, i) => {
    if (block.type !== 'input' || !block.element) return;
    const blockId = block.block_id ?? `b${i}`;
    const raw = read(blockId, block.element.type);
    const empty = raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0);
    if (empty && !block.optional) missing[blockId] = 'Please complete this required field.';
    else if (typeof raw === 'string' && raw !== '' && Number.isInteger(block.element.min_length) && raw.length < block.element.min_length) {
      missing[blockId] = `Please enter at least ${block.element.min_length} characters.`;
    }
  });
  if (Object.keys(missing).length > 0) return showErrors($('modal-root'), missing);
  const submit = form.querySelector('.modal-submit');
  if (submit) submit.disabled = true;
  try {
    const answer = await api('submit', { user: page.me, viewId: state.id, values });
    if (answer.ok && answer.outcome === 'errors') showErrors($('modal-root'), answer.errors);
  } finally {
    if (submit) submit.disabled = false;
  }
}

function selectConversation(id) {
  page.conversation = id;
  renderConversation();
  renderSidebar();
  if (id === 'home') void api('home', { user: page.me });
}

function choosePerson(id) {
  page.me = id;
  page.conversation = null;
  page.modalKey = null;
  page.state = null;
  // Nothing of the previous person stays on screen (or clickable) while this person's view loads.
  $('conversation-title').textContent = '…';
  for (const list of ['channel-list', 'dm-list', 'messages', 'modal-root']) $(list).innerHTML = '';
  localStorage.setItem('gatehouse-sandbox-me', id);
  void refresh();
}

function wire() {
  document.addEventListener('click', (event) => {
    const target = event.target instanceof window.Element ? event.target : null;
    const conv = target?.closest('[data-conversation]');
    if (conv) return selectConversation(conv.dataset.conversation);
    const tab = target?.closest('[data-panel]');
    if (tab) {
      page.panel = tab.dataset.panel;
      document.querySelectorAll('.tabs [data-panel]').forEach((t) => t.classList.toggle('active', t === tab));
      for (const name of ['audit', 'provider', 'explain']) $(`panel-${name}`).hidden = name !== page.panel;
      return void refreshPanel();
    }
    if (target?.closest('.modal-close')) {
      const form = target.closest('[data-view-id]');
      return void api('close', { user: page.me, viewId: form.dataset.viewId });
    }
    const button = target?.closest('button.bk-button[data-action-id]');
    if (button) return button.dataset.confirm ? confirmThen(button) : void act(button);
  });
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof window.HTMLFormElement)) return;
    event.preventDefault();
    if (form.id === 'composer') {
      const input = $('composer-input');
      const text = input.value.trim();
      if (!text) return;
      if (!text.startsWith('/')) return toast('The bot only listens to slash commands here: try /request-access, /access or /need-support.');
      input.value = '';
      return void api('command', { user: page.me, channel: page.conversation, text });
    }
    if (form.id === 'explain-form') return void explain();
    if (form.classList.contains('modal')) return void submitModal(form);
  });
  $('me').addEventListener('change', (event) => choosePerson(event.target.value));
}

async function explain() {
  const duration = $('explain-duration').value.trim();
  const answer = await api('explain', { email: $('explain-person').value, resource: $('explain-resource').value, ...(duration ? { duration } : {}) });
  const out = $('explain-result');
  if (!answer.ok) {
    // Not the policy's answer, so not coloured like one (the previous answer's colour would mislead).
    out.className = 'explain-result';
    out.textContent = answer.error;
    return;
  }
  const a = answer.answer;
  out.className = `explain-result ${a.outcome}`;
  out.textContent =
    a.outcome === 'refused'
      ? `Refused: ${a.reason} (${a.code})`
      : a.outcome === 'auto_approved'
        ? `Auto-approved: ${a.email} would get ${a.resourceId} for ${a.duration} without waiting.`
        : `Needs ${a.approvalsRequired} approval${a.approvalsRequired === 1 ? '' : 's'} from: ${a.approvers.join(', ')} (for ${a.duration}).`;
}

function connect() {
  let queued = false;
  const events = new EventSource('/sandbox/api/events');
  events.onmessage = () => {
    if (queued) return;
    queued = true;
    setTimeout(() => {
      queued = false;
      void refresh();
      void refreshPanel();
    }, 30);
  };
}

async function start() {
  const ws = await api('workspace');
  if (!ws.ok) return;
  page.workspace = ws;
  // The groups say who may approve or claim what, so nobody has to read the policy file to pick a person.
  const option = (p) => `<option value="${escapeHtml(p.id)}">${escapeHtml(p.name)} · ${escapeHtml(p.email)}${p.groups?.length ? ` · ${escapeHtml(p.groups.join(', '))}` : ''}</option>`;
  $('me').innerHTML = ws.people.map(option).join('');
  $('explain-person').innerHTML = ws.people.map((p) => `<option value="${escapeHtml(p.email)}">${escapeHtml(p.email)}</option>`).join('');
  $('explain-resource').innerHTML = ws.resources.map((r) => `<option value="${escapeHtml(r.id)}">${escapeHtml(r.id)} · ${escapeHtml(r.name)}</option>`).join('');
  const saved = localStorage.getItem('gatehouse-sandbox-me');
  const first = ws.people.find((p) => p.id === saved) ?? ws.people.find((p) => p.email.startsWith('alice@')) ?? ws.people[0];
  if (first) $('me').value = first.id;
  wire();
  choosePerson($('me').value);
  connect();
  void refreshPanel();
}

void start();
