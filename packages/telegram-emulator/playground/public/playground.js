// The playground page: a Telegram-like chat with the real bot, through the emulator's control API.
// Every message is rendered from its visible text and entities by renderEntitiesToHtml, which escapes everything;
// the bot's own HTML never reaches the page. render-entities.js is built from render-entities.ts when the server starts.
/* global document, window, location, history, fetch, EventSource, sessionStorage, navigator, crypto, URL, URLSearchParams */
import { renderEntitiesToHtml, safeHttpUrl } from './render-entities.js';

const BASE = new URL('.', location.href);
const LANGUAGES = ['en', 'id', 'ru', 'kk', 'zh'];
const PERSONAS = [
  { id: 7001, first_name: 'Aigerim' },
  { id: 7002, first_name: 'Chen' },
];
const ROLES = ['member', 'administrator', 'creator'];
const USER_KEY = 'silkwire.playground.user';
const TITLES_KEY = 'silkwire.playground.titles';
const ROLES_KEY = 'silkwire.playground.roles';
const PERSONA_KEY = 'silkwire.playground.persona';

const $ = (id) => document.getElementById(id);

const state = {
  bot: { first_name: 'Silkwire', username: 'silkwire_bot' },
  me: undefined,
  chatId: 0,
  chat: null,
  acting: undefined,
  messages: new Map(),
  pending: new Map(),
  typingTimer: undefined,
  connected: false,
  source: undefined,
  retryTimer: undefined,
  instance: undefined,
};

/** A request that never reached the server (it is down or the network is): shown as a retrying state, not an error. */
class ConnectionLost extends Error {}

// ---- storage ---------------------------------------------------------------------------------------------------

function readJson(key, fallback) {
  try {
    const value = JSON.parse(sessionStorage.getItem(key) ?? 'null');
    return value ?? fallback;
  } catch {
    return fallback;
  }
}

function writeJson(key, value) {
  try {
    sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage may be disabled; the tab then forgets its identity on reload, which is harmless.
  }
}

function randomInt(min, max) {
  const words = new Uint32Array(1);
  crypto.getRandomValues(words);
  return min + (words[0] % (max - min + 1));
}

function browserLanguage() {
  const tag = String(navigator.language || 'en').toLowerCase().split('-')[0];
  return LANGUAGES.includes(tag) ? tag : 'en';
}

/**
 * This tab's own person, kept for the tab's lifetime (sessionStorage). The server hands out the id and name, so that
 * no two tabs (and no chat the emulator knows) share either.
 */
async function tabUser() {
  const stored = readJson(USER_KEY, null);
  const valid = stored && Number.isSafeInteger(stored.id) && stored.id > 0 && typeof stored.first_name === 'string';
  // A duplicated tab inherits its original's sessionStorage: it must become a person of its own.
  if (valid && !(await heldByAnotherTab(stored.id))) return stored;
  const person = await api('POST', 'api/people', { language_code: browserLanguage() });
  const user = { id: person.id, first_name: person.first_name, language_code: person.language_code ?? browserLanguage() };
  writeJson(USER_KEY, user);
  return user;
}

const tabs = typeof window.BroadcastChannel === 'function' ? new window.BroadcastChannel('silkwire.playground.tabs') : undefined;
const tabNonce = String(randomInt(1, 2_000_000_000));
tabs?.addEventListener('message', (event) => {
  const data = event.data;
  if (data?.type === 'who' && data.nonce !== tabNonce && state.me !== undefined && data.id === state.me.id) {
    tabs.postMessage({ type: 'mine', id: data.id, nonce: data.nonce });
  }
});

/** Asks the other open tabs whether one of them already is the person with this id (a moment's wait). */
function heldByAnotherTab(id) {
  if (!tabs) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAnswer = (event) => {
      if (event.data?.type === 'mine' && event.data.nonce === tabNonce) finish(true);
    };
    const finish = (held) => {
      tabs.removeEventListener('message', onAnswer);
      window.clearTimeout(timer);
      resolve(held);
    };
    const timer = window.setTimeout(() => finish(false), 200);
    tabs.addEventListener('message', onAnswer);
    tabs.postMessage({ type: 'who', id, nonce: tabNonce });
  });
}

function parseChatId(raw) {
  if (typeof raw !== 'string' || !/^-?\d{1,16}$/.test(raw)) return undefined;
  const id = Number(raw);
  return Number.isSafeInteger(id) && id !== 0 ? id : undefined;
}

function roleKey(chatId, userId) {
  return `${chatId}:${userId}`;
}

function storedRole(chatId, userId) {
  const role = readJson(ROLES_KEY, {})[roleKey(chatId, userId)];
  return ROLES.includes(role) ? role : 'member';
}

function storeRole(chatId, userId, role) {
  const roles = readJson(ROLES_KEY, {});
  roles[roleKey(chatId, userId)] = role;
  writeJson(ROLES_KEY, roles);
}

// ---- API -------------------------------------------------------------------------------------------------------

async function api(method, path, body) {
  const init = { method, headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(new URL(path, BASE), init);
  } catch {
    throw new ConnectionLost('connection lost');
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(typeof data.error === 'string' ? data.error : `HTTP ${response.status}`);
  return data;
}

function isGroup() {
  return state.chatId < 0;
}

function groupPeople() {
  return [state.me, ...PERSONAS.filter((persona) => persona.id !== state.me.id)];
}

function fromUser(user) {
  return { id: user.id, first_name: user.first_name, language_code: state.me.language_code };
}

async function sendText(text) {
  const body = { text, from: fromUser(state.acting) };
  if (isGroup()) {
    body.chatType = state.chatId <= -1_000_000_000_000 ? 'supergroup' : 'group';
    const title = readJson(TITLES_KEY, {})[state.chatId];
    if (typeof title === 'string' && title.trim() !== '') body.chatTitle = title;
  }
  const result = await api('POST', `api/chats/${state.chatId}/messages`, body);
  if (result.message) upsert(result.message);
  scrollToBottom(true);
}

async function press(button, messageId, data) {
  if (button.classList.contains('pending')) return;
  button.classList.add('pending');
  const timer = window.setTimeout(() => clearPending(messageId), 5000);
  state.pending.set(messageId, { button, timer });
  try {
    await api('POST', `api/chats/${state.chatId}/press`, { messageId, data, from: fromUser(state.acting) });
  } catch (error) {
    clearPending(messageId);
    report(error);
  }
}

function clearPending(messageId) {
  const pending = state.pending.get(messageId);
  if (!pending) return;
  window.clearTimeout(pending.timer);
  pending.button.classList.remove('pending');
  state.pending.delete(messageId);
}

// ---- rendering -------------------------------------------------------------------------------------------------

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function displayName(user) {
  return [user.first_name, user.last_name].filter(Boolean).join(' ') || `User ${user.id}`;
}

function clock(seconds) {
  return new Date(seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function isMine(message) {
  return !message.outgoing && message.from.id === state.acting.id;
}

function buildKeyboard(message) {
  const keyboard = element('div', 'keyboard');
  for (const row of message.keyboard) {
    const line = element('div', 'kb-row');
    for (const button of row) {
      const href = button.url === undefined ? undefined : safeHttpUrl(button.url);
      if (href !== undefined) {
        const link = element('a', 'kb-btn', button.text);
        link.href = href;
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        line.append(link);
        continue;
      }
      const node = element('button', 'kb-btn', button.text);
      node.type = 'button';
      if (typeof button.callback_data === 'string') {
        node.dataset.data = button.callback_data;
        node.dataset.messageId = String(message.message_id);
      } else {
        node.disabled = true;
        node.title = 'This kind of button is not emulated';
      }
      line.append(node);
    }
    keyboard.append(line);
  }
  return keyboard;
}

function fileSize(bytes) {
  if (!Number.isFinite(bytes)) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A file the bot sent, as Telegram shows one: an icon, the name and the size; a download link when the bytes are here. */
function buildDocument(document) {
  const file = element(document.url ? 'a' : 'div', 'document');
  if (document.url) {
    file.href = new URL(document.url, BASE).href;
    file.download = document.file_name;
    file.title = `Download ${document.file_name}`;
  }
  file.append(element('span', 'document-icon', '📄'));
  const about = element('span', 'document-about');
  about.append(element('span', 'document-name', document.file_name), element('span', 'document-size', [fileSize(document.file_size), document.mime_type].filter(Boolean).join(' · ')));
  file.append(about);
  return file;
}

function buildRow(message) {
  const mine = isMine(message);
  const row = element('div', `row ${message.outgoing ? 'bot' : 'user'}${mine ? ' mine' : ''}`);
  row.dataset.id = String(message.message_id);
  const bubble = element('div', 'bubble');
  if (message.outgoing) bubble.append(element('div', 'sender', displayName(message.from)));
  else if (isGroup() && !mine) bubble.append(element('div', 'sender user', displayName(message.from)));
  if (message.photo) bubble.append(element('div', 'photo', '🖼 Photo'));
  if (message.document) bubble.append(buildDocument(message.document));
  const text = element('div', 'text');
  text.innerHTML = renderEntitiesToHtml(message.text, message.entities);
  const meta = element('span', 'meta', `${message.edits > 0 ? 'edited ' : ''}${clock(message.edit_date ?? message.date)}`);
  meta.title = new Date(message.date * 1000).toLocaleString();
  bubble.append(text, meta);
  row.append(bubble);
  if (Array.isArray(message.keyboard) && message.keyboard.length > 0) row.append(buildKeyboard(message));
  return row;
}

function nearBottom() {
  const list = $('messages');
  return list.scrollHeight - list.scrollTop - list.clientHeight < 120;
}

function scrollToBottom(force) {
  const list = $('messages');
  if (force || nearBottom()) list.scrollTop = list.scrollHeight;
}

function upsert(message) {
  if (!message || message.chat_id !== state.chatId) return;
  const known = state.messages.get(message.message_id);
  if (known && known.data.edits > message.edits) return;
  // The same version again (from history after a reconnect, or the stream echoing our own message).
  if (known && JSON.stringify(known.data) === JSON.stringify(message)) return;
  const follow = nearBottom();
  const row = buildRow(message);
  if (known) {
    known.row.replaceWith(row);
    if (message.edits > known.data.edits) {
      row.classList.add('flash');
      clearPending(message.message_id);
    }
  } else {
    const list = $('messages');
    const after = [...state.messages.values()]
      .filter((entry) => entry.data.message_id > message.message_id)
      .sort((a, b) => a.data.message_id - b.data.message_id)[0];
    if (after) list.insertBefore(row, after.row);
    else list.append(row);
  }
  state.messages.set(message.message_id, { data: message, row });
  $('empty').hidden = true;
  if (follow) scrollToBottom(true);
}

function rerenderAll() {
  for (const entry of state.messages.values()) {
    const row = buildRow(entry.data);
    entry.row.replaceWith(row);
    entry.row = row;
  }
}

function remove(messageId) {
  const known = state.messages.get(messageId);
  if (!known) return;
  known.row.remove();
  state.messages.delete(messageId);
  $('empty').hidden = state.messages.size > 0;
}

function toast(text, kind) {
  const node = element('div', `toast${kind ? ` ${kind}` : ''}`, text);
  node.setAttribute('role', kind === 'error' || kind === 'alert' ? 'alert' : 'status');
  const close = () => node.remove();
  node.addEventListener('click', close);
  $('toasts').append(node);
  window.setTimeout(close, kind === 'alert' ? 8000 : kind === 'error' ? 6000 : 2600);
}

/** Shows what went wrong: a lost connection as the retrying banner, anything else as a toast. */
function report(error, prefix) {
  if (error instanceof ConnectionLost) {
    connectionLost();
    return;
  }
  toast(prefix ? `${prefix}: ${error.message}` : error.message, 'error');
}

/** The server cannot be reached: say so plainly, keep trying, and pick up where we left off when it answers again. */
function connectionLost() {
  state.connected = false;
  $('connection').hidden = false;
  setStatus('connection lost', 'offline');
  if (state.retryTimer !== undefined) return;
  const retry = () => {
    api('GET', 'api/info')
      .then(() => {
        state.retryTimer = undefined;
        $('connection').hidden = true;
        if (state.me === undefined) return; // not started yet: start() reloads the page
        if (!state.source || state.source.readyState === EventSource.CLOSED) connect();
        else if (state.source.readyState === EventSource.OPEN) {
          state.connected = true;
          idleStatus();
        }
      })
      .catch(() => {
        state.retryTimer = window.setTimeout(retry, 2000);
      });
  };
  state.retryTimer = window.setTimeout(retry, 2000);
}

function setStatus(text, kind) {
  const status = $('status');
  status.textContent = text;
  status.className = `status${kind ? ` ${kind}` : ''}`;
}

function groupTitle() {
  const stored = readJson(TITLES_KEY, {})[state.chatId];
  return typeof stored === 'string' && stored !== '' ? stored : (state.chat?.title ?? `Group ${state.chatId}`);
}

function idleStatus() {
  if (!state.connected) setStatus('connecting…');
  else setStatus(isGroup() ? `bot · in ${groupTitle()}` : 'bot', 'online');
}

function showTyping(action) {
  window.clearTimeout(state.typingTimer);
  setStatus(action === 'typing' ? 'typing…' : `${action.replaceAll('_', ' ')}…`, 'typing');
  state.typingTimer = window.setTimeout(idleStatus, 5000);
}

// ---- history and live events -----------------------------------------------------------------------------------

async function loadHistory() {
  const { chat, messages } = await api('GET', `api/chats/${state.chatId}/messages`);
  state.chat = chat;
  const newest = messages.reduce((max, message) => Math.max(max, message.message_id), 0);
  const present = new Set(messages.map((message) => message.message_id));
  for (const id of [...state.messages.keys()]) if (id <= newest && !present.has(id)) remove(id);
  for (const message of messages) upsert(message);
  updateHeader();
  scrollToBottom(true);
  return chat;
}

function connect() {
  state.source?.close();
  const source = new EventSource(new URL(`api/events?chat=${state.chatId}`, BASE));
  state.source = source;
  const parse = (event) => {
    try {
      return JSON.parse(event.data);
    } catch {
      return undefined;
    }
  };
  source.addEventListener('ready', (event) => {
    const instance = parse(event)?.instance;
    if (state.instance !== undefined && instance !== state.instance) {
      // The server restarted with an empty emulator: the messages shown belong to a chat that no longer exists.
      for (const id of [...state.messages.keys()]) remove(id);
    }
    state.instance = instance;
    state.connected = true;
    $('connection').hidden = true;
    idleStatus();
    loadHistory().catch((error) => report(error, 'Could not load the chat'));
  });
  source.addEventListener('message', (event) => {
    const message = parse(event);
    if (message?.outgoing) {
      window.clearTimeout(state.typingTimer);
      idleStatus();
    }
    upsert(message);
  });
  source.addEventListener('edit', (event) => upsert(parse(event)));
  source.addEventListener('delete', (event) => {
    const data = parse(event);
    if (data) remove(data.message_id);
  });
  source.addEventListener('callback_answer', (event) => {
    const answer = parse(event);
    if (!answer) return;
    clearPending(answer.message_id);
    if (answer.text) toast(answer.text, answer.show_alert ? 'alert' : undefined);
  });
  source.addEventListener('chat_action', (event) => {
    const data = parse(event);
    if (data && typeof data.action === 'string') showTyping(data.action);
  });
  source.addEventListener('error', () => {
    if (state.source !== source) return;
    // The browser retries an open stream by itself; a closed one is reopened once the server answers again.
    connectionLost();
  });
}

// ---- chat picker -----------------------------------------------------------------------------------------------

function chatHref(chatId) {
  const url = new URL(BASE);
  url.searchParams.set('chat', String(chatId));
  return url.href;
}

function chatLabel(chat) {
  if (chat.type === 'private') return `${chat.first_name ?? 'User'} (${chat.id})`;
  return `${chat.title ?? 'Group'} (${chat.id})`;
}

function updateHeader() {
  $('bot-name').textContent = state.bot.first_name;
  $('me-name').textContent = displayName(state.me);
  $('me-id').textContent = String(state.me.id);
  $('whoami-name').textContent = displayName(state.me);
  $('whoami-id').textContent = String(state.me.id);
  const acting = state.acting.id !== state.me.id;
  $('acting').hidden = !acting;
  if (acting) {
    $('acting-name').textContent = `${displayName(state.acting)} (user id ${state.acting.id})`;
    $('acting-me').textContent = displayName(state.me);
  }
  const label = isGroup() ? `${groupTitle()} · as ${state.acting.first_name}` : `Private · ${state.acting.first_name}`;
  $('chat-label').textContent = label;
  document.title = `${state.bot.first_name} · Silkwire playground`;
  if (isGroup()) $('group-link').href = chatHref(state.chatId);
  idleStatus();
}

async function refreshKnownChats() {
  const list = $('known-chats');
  try {
    const { chats } = await api('GET', 'api/chats');
    list.replaceChildren();
    for (const chat of chats) {
      const item = element('li');
      const link = element('a', undefined, chatLabel(chat));
      link.href = chatHref(chat.id);
      if (chat.id === state.chatId) link.setAttribute('aria-current', 'true');
      item.append(link);
      list.append(item);
    }
    if (chats.length === 0) list.append(element('li', 'hint', 'None yet.'));
  } catch (error) {
    list.replaceChildren(element('li', 'hint', error instanceof ConnectionLost ? 'Connection lost, retrying…' : error.message));
  }
}

function setupPanel() {
  const toggle = $('chat-switch');
  const panel = $('chat-panel');
  toggle.addEventListener('click', () => {
    const open = panel.hidden;
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) void refreshKnownChats();
  });
  $('group-id').value = `-100${randomInt(1_000_000_000, 9_999_999_999)}`;
  $('group-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = parseChatId($('group-id').value.trim());
    if (id === undefined || id > 0) {
      toast('A group id is a negative whole number, e.g. -1001234567890', 'error');
      return;
    }
    const titles = readJson(TITLES_KEY, {});
    titles[id] = $('group-title').value.trim() || 'Silkwire testers';
    writeJson(TITLES_KEY, titles);
    location.href = chatHref(id);
  });
  if (!isGroup()) return;
  $('group-section').hidden = false;
  const personaSelect = $('persona');
  for (const person of groupPeople()) {
    const option = element('option', undefined, `${person.first_name} (${person.id})${person.id === state.me.id ? ' — this tab' : ''}`);
    option.value = String(person.id);
    personaSelect.append(option);
  }
  personaSelect.value = String(state.acting.id);
  $('role').value = storedRole(state.chatId, state.acting.id);
  personaSelect.addEventListener('change', () => {
    const person = groupPeople().find((candidate) => String(candidate.id) === personaSelect.value) ?? state.me;
    state.acting = person;
    const personas = readJson(PERSONA_KEY, {});
    personas[state.chatId] = person.id;
    writeJson(PERSONA_KEY, personas);
    $('role').value = storedRole(state.chatId, person.id);
    updateHeader();
    rerenderAll();
    toast(person.id === state.me.id ? `You write as yourself again (${state.me.first_name})` : `You now write as ${person.first_name} (user id ${person.id})`);
  });
  $('role').addEventListener('change', () => {
    const role = $('role').value;
    setRole(state.acting.id, role)
      .then(() => toast(`${state.acting.first_name} is now ${role === 'member' ? 'a member' : `an ${role}`} here`))
      .catch((error) => report(error));
  });
}

async function setRole(userId, role) {
  const body = { status: role };
  const title = readJson(TITLES_KEY, {})[state.chatId];
  if (typeof title === 'string' && title !== '') body.chatTitle = title;
  await api('PUT', `api/chats/${state.chatId}/members/${userId}`, body);
  storeRole(state.chatId, userId, role);
}

// ---- composer --------------------------------------------------------------------------------------------------

function setupComposer() {
  const form = $('composer');
  const input = $('input');
  const send = $('send');
  const grow = () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 140)}px`;
  };
  const submit = async (text) => {
    if (text.trim() === '') return;
    send.disabled = true;
    try {
      await sendText(text);
      if (input.value === text) input.value = '';
      grow();
    } catch (error) {
      // The text stays in the box, so that nothing typed is lost while the connection is down.
      report(error);
    } finally {
      send.disabled = false;
      input.focus();
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit(input.value);
  });
  input.addEventListener('input', grow);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void submit(input.value);
    }
  });
  const sendCommand = (command) => {
    send.disabled = true;
    sendText(command)
      .catch((error) => report(error))
      .finally(() => {
        send.disabled = false;
      });
  };
  document.addEventListener('click', (event) => {
    const target = event.target instanceof window.Element ? event.target : null;
    if (!target) return;
    const command = target.closest('[data-command]');
    if (command && !command.closest('.text')) {
      sendCommand(command.dataset.command);
      return;
    }
    if (!target.closest('#messages')) return;
    const button = target.closest('button.kb-btn[data-data]');
    if (button) {
      void press(button, Number(button.dataset.messageId), button.dataset.data);
      return;
    }
    const spoiler = target.closest('.tg-spoiler');
    if (spoiler && !spoiler.classList.contains('revealed')) {
      spoiler.classList.add('revealed');
      event.preventDefault();
      return;
    }
    const quote = target.closest('.tg-expandable');
    if (quote && !target.closest('a')) {
      quote.classList.toggle('expanded');
      return;
    }
    const botCommand = target.closest('.tg-command');
    if (botCommand) sendCommand(botCommand.dataset.command);
  });
}

// ---- start -----------------------------------------------------------------------------------------------------

async function start() {
  state.me = await tabUser();
  const params = new URLSearchParams(location.search);
  const requested = parseChatId(params.get('chat') ?? undefined);
  state.chatId = requested ?? state.me.id;
  if (requested === undefined && params.has('chat')) {
    toast('That chat id is not valid; showing your private chat.', 'error');
    history.replaceState(null, '', BASE.href);
  }
  if (state.chatId > 0) {
    // In a private chat the person is the chat: another id means acting as that person.
    state.acting = state.chatId === state.me.id ? state.me : { id: state.chatId, first_name: `User ${state.chatId}` };
  } else {
    const chosen = readJson(PERSONA_KEY, {})[state.chatId];
    state.acting = groupPeople().find((person) => person.id === chosen) ?? state.me;
  }
  setupPanel();
  setupComposer();
  updateHeader();
  try {
    const info = await api('GET', 'api/info');
    state.bot = info.bot;
    if (Number.isSafeInteger(info.limits?.text)) $('input').maxLength = info.limits.text;
  } catch (error) {
    report(error, 'The playground API is not answering');
  }
  if (isGroup()) {
    const { chat } = await api('GET', `api/chats/${state.chatId}/messages`).catch(() => ({ chat: undefined }));
    if (chat === null) {
      // A group nobody has opened yet: this tab's person created it.
      await setRole(state.me.id, 'creator').catch((error) => report(error));
      if (state.acting.id === state.me.id) $('role').value = 'creator';
    }
  } else if (state.acting !== state.me) {
    const { chat } = await api('GET', `api/chats/${state.chatId}/messages`).catch(() => ({ chat: null }));
    if (chat?.first_name) state.acting = { id: state.chatId, first_name: chat.first_name };
  }
  updateHeader();
  connect();
  $('input').focus();
}

start().catch((error) => {
  if (error instanceof ConnectionLost) {
    // Nothing works without the server: wait for it, then start over.
    connectionLost();
    const wait = window.setInterval(() => {
      if ($('connection').hidden) {
        window.clearInterval(wait);
        location.reload();
      }
    }, 500);
    return;
  }
  toast(`The playground failed to start: ${error.message}`, 'error');
});
