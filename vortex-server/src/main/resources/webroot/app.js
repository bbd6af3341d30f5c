// Vortex live page: follows one key over the WebSocket protocol of
// /work/shared/PROTOCOL.md (v1), applies diffs locally and shows what changed.
import { applyPatch, formatPointer, parsePointer } from './jsonpatch.js';

const BACKOFF_START_MS = 500;
const BACKOFF_CAP_MS = 30_000;
const FLASH_MS = 3000; // keep in sync with the `flash` animation in style.css
const LOG_MAX = 50;
const NOTE_MS = 8000;
const STORAGE_KEY = 'vortex.live.key';
// The token lives in this tab only (sessionStorage: gone with the tab), never in localStorage or the log.
const TOKEN_KEY = 'vortex.live.token';

const $ = (id) => document.getElementById(id);
const ui = {
  form: $('key-form'), application: $('application'), profile: $('profile'), label: $('label'), token: $('token'),
  disconnect: $('disconnect'), state: $('state'), stateText: $('state-text'), stateExtra: $('state-extra'),
  error: $('error'), errorText: $('error-text'), errorDismiss: $('error-dismiss'), note: $('note'),
  key: $('key'), version: $('version'), updated: $('updated'), tree: $('tree'), log: $('log'),
  logEmpty: $('log-empty'), applications: $('applications'), profiles: $('profiles'), labels: $('labels'),
};

const s = {
  key: null, // { application, profile, label } being followed
  wanted: false, // the user asked for a connection: drives reconnects
  socket: null, // only the current socket may change state; older ones are ignored
  config: undefined,
  version: null,
  attempt: 0,
  reconnectAfterMs: null, // from connection_closing: replaces the backoff once
  retryTimer: 0,
  tickTimer: 0,
  noteTimer: 0,
  flashes: new Map(), // pointer -> { at: performance.now(), deep: also its descendants }
  collapsed: new Set(), // pointers of folded branches, so re-renders keep them folded
  known: [], // suggestions from /api/keys
  token: '', // credentials for the server (an API key or a JWT), or ''
};

// ---- credentials ------------------------------------------------------------

// ?token= in the page's own URL (a link handed to someone): taken once, then removed from the address bar so
// that it stays out of the history, bookmarks and screenshots. A reload keeps it through sessionStorage.
function initialToken() {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl.trim();
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

function setToken(token) {
  s.token = token;
  ui.token.value = token;
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage may be disabled: the token then lasts as long as the page.
  }
}

// Headers for fetch(), which (unlike a WebSocket) can set them: a JWT as a bearer token, anything else as an API
// key. Without a token, credentials the browser holds for this origin (Basic) still go along.
function authHeaders() {
  if (!s.token) return {};
  return s.token.split('.').length === 3 ? { Authorization: `Bearer ${s.token}` } : { 'X-API-Key': s.token };
}

// ---- keys, URL and storage ------------------------------------------------

// Commas stay literal: Spring Cloud Config style profile lists ("prod,eu").
const segment = (part) => encodeURIComponent(part).replace(/%2C/gi, ',');

// A '/' in a label travels as "(_)", as in Spring Cloud Config.
function keyPath({ application, profile, label }) {
  const parts = [application, profile];
  if (label) parts.push(label.replaceAll('/', '(_)'));
  return parts.map(segment).join('/');
}

function parseKeyPath(text) {
  try {
    const [application = '', profile = '', ...rest] = text.split('/').map(decodeURIComponent);
    const label = rest.join('/').replaceAll('(_)', '/');
    return application && profile ? { application, profile, label } : null;
  } catch {
    return null; // malformed %-escape in a hand-edited hash
  }
}

const sameKey = (a, b) =>
  !!a && !!b && a.application === b.application && a.profile === b.profile && a.label === b.label;

function remember(key) {
  // replaceState, not location.hash: no history entry per switch, and no hashchange echo.
  history.replaceState(null, '', '#' + keyPath(key));
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(key));
  } catch {
    // Storage may be disabled (private mode); the hash still carries the key.
  }
}

function stored() {
  try {
    const key = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof key?.application !== 'string' || typeof key?.profile !== 'string') return null;
    return { application: key.application, profile: key.profile, label: String(key.label ?? '') };
  } catch {
    return null;
  }
}

function socketUrl() {
  const url = new URL('/ws/' + keyPath(s.key), location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  // Resume: the server answers with a diff or in_sync instead of a full snapshot.
  if (s.version) url.searchParams.set('last_version', s.version);
  if (s.token) url.searchParams.set('token', s.token);
  return url.href;
}

// ---- connection -------------------------------------------------------------

function connect() {
  clearTimers();
  s.wanted = true;
  const socket = new WebSocket(socketUrl(), ['vortex.v1']);
  s.socket = socket;
  setState('connecting');
  let opened = false;
  socket.addEventListener('open', () => {
    opened = true;
    if (s.socket === socket) setState('live');
  });
  socket.addEventListener('message', (e) => s.socket === socket && onMessage(e.data));
  // 'error' is always followed by 'close', so only 'close' decides what happens next.
  socket.addEventListener('close', (e) => {
    if (s.socket !== socket) return;
    s.socket = null;
    if (e.code === 1008 || e.code === 1009) showError(`Connection closed by the server (${e.code}) ${e.reason}`);
    if (!s.wanted) setState('closed');
    else if (opened) scheduleReconnect();
    else whyRefused().then((refusal) => {
      if (s.socket !== null || !s.wanted) return; // the user moved on meanwhile
      if (refusal) stop(refusal.state, refusal.text);
      else {
        showNote('Could not open the connection: the server is unreachable.');
        scheduleReconnect();
      }
    });
  });
}

// A browser hides the HTTP status of a refused upgrade: ask the same question over HTTP, where the answer shows.
// Credentials that are missing, wrong or not enough for this key do not mend by retrying: null means "retry".
async function whyRefused() {
  let status;
  try {
    const response = await fetch('/' + keyPath(s.key), { method: 'HEAD', headers: authHeaders(), cache: 'no-store' });
    status = response.status;
  } catch {
    return null; // unreachable
  }
  const key = `${s.key.application}:${s.key.profile}${s.key.label ? ':' + s.key.label : ''}`;
  if (status === 401) {
    return {
      state: 'unauthorized',
      text: s.token
        ? 'Unauthorized (401): the server refused this token. Enter another one and connect again.'
        : 'Unauthorized (401): this server needs credentials. Enter a token (API key or JWT) and connect, or open the page with ?token=…',
    };
  }
  if (status === 403) return { state: 'forbidden', text: `Forbidden (403): these credentials may not read ${key}.` };
  if (status === 404) return { state: 'not found', text: `Not found (404): the server knows no ${key}.` };
  return null;
}

// Gives up until the user acts (connect again, another token or key).
function stop(state, text) {
  s.wanted = false;
  clearTimers();
  setState(state);
  showError(text);
}

// Detaches the current socket first so that its close event does not schedule a retry.
function dropSocket() {
  const socket = s.socket;
  s.socket = null;
  if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000);
}

function disconnect() {
  s.wanted = false;
  clearTimers();
  dropSocket();
  setState('closed');
}

function scheduleReconnect() {
  // Full jitter: spreads a crowd of clients over the window after a server restart.
  const delay = s.reconnectAfterMs ?? Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_START_MS * 2 ** s.attempt);
  s.reconnectAfterMs = null;
  s.attempt += 1;
  const at = performance.now() + delay;
  const tick = () => setState('reconnecting', ` in ${Math.max(0, Math.ceil((at - performance.now()) / 1000))}s`);
  tick();
  s.tickTimer = setInterval(tick, 250);
  s.retryTimer = setTimeout(connect, delay);
}

function clearTimers() {
  clearTimeout(s.retryTimer);
  clearInterval(s.tickTimer);
}

// Forget the held version and start over: the server then sends a snapshot.
function restartFresh() {
  s.version = null;
  dropSocket();
  connect();
}

function send(message) {
  if (s.socket?.readyState === WebSocket.OPEN) s.socket.send(JSON.stringify(message));
}

// ---- protocol ---------------------------------------------------------------

function onMessage(data) {
  let msg;
  try {
    msg = JSON.parse(data);
  } catch {
    showError('The server sent a message that is not JSON.');
    return;
  }
  switch (msg.type) {
    case 'config_snapshot': {
      const hadConfig = s.config !== undefined;
      s.config = msg.config;
      s.version = msg.version;
      if (hadConfig) flash('', true); // a replacement: show that everything may have changed
      addLog(msg.timestamp, 'snapshot', '', undefined, undefined, `version ${shortVersion(msg.version)}`);
      synced(msg);
      break;
    }
    case 'config_change':
      onChange(msg);
      break;
    case 'in_sync':
      // Our version is current; anything else means our state is not what we think.
      if (msg.version === s.version) synced(msg, false);
      else restartFresh();
      break;
    case 'lagged':
      showNote(`Skipped ${msg.skipped ?? 'some'} intermediate version(s): this connection was slow.`);
      break;
    case 'ping':
      send({ type: 'pong', timestamp: new Date().toISOString() });
      break;
    case 'error':
      showError(`${msg.code ?? 'ERROR'}: ${msg.message ?? ''}`);
      break;
    case 'connection_closing':
      s.reconnectAfterMs = Math.max(0, Number(msg.reconnect_after_ms) || 0);
      showNote(`The server is closing this connection (${msg.reason ?? 'no reason given'}); reconnecting.`);
      break;
    default:
      // pong, subscribed, unsubscribed and future additive types: nothing to do.
      break;
  }
}

function onChange(msg) {
  if (s.version === null) return restartFresh(); // never a diff without its base
  if (msg.new_version === s.version) return; // a duplicate: versions are content hashes
  if (msg.old_version !== s.version) {
    // Not our base: ask the server for the way from what we hold.
    send({ type: 'resync', last_version: s.version });
    return;
  }
  let result;
  try {
    result = applyPatch(s.config, msg.diff);
  } catch (e) {
    showError(`Could not apply a change (${e.message}); loading a fresh snapshot.`);
    return restartFresh();
  }
  s.config = result.doc;
  s.version = msg.new_version;
  for (const c of result.changes) {
    // A removed path no longer exists: light up its parent's own line instead (not its
    // whole subtree). A new or replaced value lights up with everything inside it.
    if (c.op === 'remove') flash(formatPointer(parsePointer(c.path).slice(0, -1)), false);
    else flash(c.path, true);
    addLog(msg.timestamp, c.op, c.path, c.oldValue, c.value);
  }
  synced(msg);
}

// Any good sync ends the outage: the next failure starts the backoff from scratch.
// `changed` is false for in_sync, which confirms the config without updating it.
function synced(msg, changed = true) {
  s.attempt = 0;
  setState('live');
  ui.version.textContent = shortVersion(s.version);
  ui.version.title = s.version ?? '';
  if (!changed) return;
  const when = new Date(msg.timestamp ?? Date.now());
  const valid = !Number.isNaN(when.getTime()) ? when : new Date();
  ui.updated.dateTime = valid.toISOString();
  ui.updated.textContent = valid.toLocaleTimeString();
  render();
}

const shortVersion = (v) => (v ? String(v).slice(0, 12) : '—');

// ---- rendering --------------------------------------------------------------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text; // textContent only: config values are untrusted
  return node;
}

const isContainer = (v) => v !== null && typeof v === 'object';

function flash(pointer, deep) {
  s.flashes.set(pointer, { at: performance.now(), deep });
}

// Age in ms of the newest change at `pointer` (or at a changed ancestor), or null.
function flashAge(pointer) {
  const now = performance.now();
  let age = null;
  for (const [p, { at, deep }] of s.flashes) {
    if (now - at >= FLASH_MS) s.flashes.delete(p);
    else if (p === pointer || (deep && (p === '' || pointer.startsWith(p + '/')))) age = Math.min(age ?? Infinity, now - at);
  }
  return age;
}

function markFlash(row, pointer) {
  const age = flashAge(pointer);
  if (age === null) return;
  row.classList.add('flash');
  // The tree is rebuilt on every message: a negative delay resumes the fade where it was.
  row.style.animationDelay = `${-Math.round(age)}ms`;
}

function render() {
  ui.key.textContent = s.key ? `${s.key.application} / ${s.key.profile}${s.key.label ? ' / ' + s.key.label : ''}` : '—';
  if (s.config === undefined) {
    ui.tree.replaceChildren(el('p', 'empty', s.wanted ? 'Waiting for the first snapshot…' : 'Not connected.'));
  } else if (isContainer(s.config)) {
    ui.tree.replaceChildren(renderChildren(s.config, ''));
  } else {
    ui.tree.replaceChildren(renderLeaf(null, s.config, ''));
  }
}

function renderChildren(value, pointer) {
  const list = el('ul');
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [key, child] of entries) {
    const path = pointer + formatPointer([key]);
    const item = el('li');
    item.append(isContainer(child) ? renderBranch(key, child, path, Array.isArray(value)) : renderLeaf(key, child, path, Array.isArray(value)));
    list.append(item);
  }
  if (!entries.length) list.append(el('li', 'empty', Array.isArray(value) ? '(empty list)' : '(empty)'));
  return list;
}

// <details>/<summary> gives folding, keyboard support and ARIA state for free.
function renderBranch(key, value, path, inArray) {
  const details = el('details');
  details.dataset.path = path;
  details.open = !s.collapsed.has(path);
  const summary = el('summary', 'row');
  const size = Array.isArray(value) ? `[${value.length}]` : `{${Object.keys(value).length}}`;
  summary.append(el('span', inArray ? 'k idx' : 'k', key), el('span', 'meta', ' ' + size));
  markFlash(summary, path);
  details.append(summary, renderChildren(value, path));
  return details;
}

function renderLeaf(key, value, path, inArray) {
  const row = el('div', 'row');
  if (key !== null) row.append(el('span', inArray ? 'k idx' : 'k', key), el('span', 'punct', ': '));
  row.append(el('span', `v v-${value === null ? 'null' : typeof value}`, JSON.stringify(value)));
  markFlash(row, path);
  return row;
}

function preview(value) {
  if (value === undefined) return '∅';
  const text = JSON.stringify(value);
  return text.length > 60 ? text.slice(0, 57) + '…' : text;
}

function addLog(timestamp, op, path, oldValue, newValue, detail) {
  const when = new Date(timestamp ?? Date.now());
  const time = el('time', 'when', Number.isNaN(when.getTime()) ? '' : when.toLocaleTimeString());
  if (!Number.isNaN(when.getTime())) time.dateTime = when.toISOString();
  const item = el('li');
  item.append(time, el('span', `op op-${op}`, op), el('code', 'path', path || '/'));
  item.append(el('span', 'values', detail ?? `${preview(oldValue)} → ${preview(newValue)}`));
  ui.log.prepend(item);
  while (ui.log.children.length > LOG_MAX) ui.log.lastElementChild.remove();
  ui.logEmpty.hidden = true;
}

function setState(name, extra = '') {
  ui.state.dataset.state = name;
  // Only touch the announced text when the state changes, not on every countdown tick.
  if (ui.stateText.textContent !== name) ui.stateText.textContent = name;
  ui.stateExtra.textContent = extra;
  ui.disconnect.disabled = !s.wanted;
  if (name !== 'reconnecting') clearInterval(s.tickTimer);
}

function showError(text) {
  ui.errorText.textContent = text;
  ui.error.hidden = false;
}

function showNote(text) {
  ui.note.textContent = text;
  ui.note.hidden = false;
  clearTimeout(s.noteTimer);
  s.noteTimer = setTimeout(() => (ui.note.hidden = true), NOTE_MS);
}

// ---- choosing a key ---------------------------------------------------------

function follow(key) {
  if (!sameKey(key, s.key)) {
    // A different key: nothing held so far applies to it.
    Object.assign(s, { key, config: undefined, version: null });
    s.flashes.clear();
    s.collapsed.clear();
    ui.log.replaceChildren();
    ui.logEmpty.hidden = false;
    ui.version.textContent = ui.updated.textContent = '—';
    document.title = `${keyPath(key)} · Vortex live config`;
  }
  fillForm(key);
  remember(key);
  s.attempt = 0;
  dropSocket();
  connect();
  render();
}

function fillForm(key) {
  ui.application.value = key.application;
  ui.profile.value = key.profile;
  ui.label.value = key.label ?? '';
  suggest();
}

function fillList(datalist, values) {
  datalist.replaceChildren(...[...new Set(values)].sort().map((value) => Object.assign(el('option'), { value })));
}

// Profiles and labels offered are those of the chosen application, when it is known.
function suggest() {
  const app = ui.application.value.trim();
  const forApp = s.known.filter((k) => k.application === app);
  const pool = forApp.length ? forApp : s.known;
  fillList(ui.applications, s.known.map((k) => k.application));
  fillList(ui.profiles, pool.map((k) => k.profile));
  fillList(ui.labels, pool.map((k) => k.label).filter(Boolean));
}

async function loadSuggestions() {
  try {
    const response = await fetch('/api/keys', { headers: { Accept: 'application/json', ...authHeaders() } });
    if (response.status !== 200) return;
    const body = await response.json();
    s.known = (Array.isArray(body?.keys) ? body.keys : []).filter(
      (k) => typeof k?.application === 'string' && typeof k?.profile === 'string');
    suggest();
  } catch {
    // No endpoint, no suggestions: the inputs still take free text.
  }
}

ui.form.addEventListener('submit', (e) => {
  e.preventDefault();
  const key = {
    application: ui.application.value.trim(),
    profile: ui.profile.value.trim(),
    label: ui.label.value.trim(),
  };
  const token = ui.token.value.trim();
  if (token !== s.token) {
    setToken(token);
    loadSuggestions();
  }
  ui.error.hidden = true;
  if (key.application && key.profile) follow(key);
});
ui.disconnect.addEventListener('click', disconnect);
ui.errorDismiss.addEventListener('click', () => (ui.error.hidden = true));
ui.application.addEventListener('input', suggest);
// 'toggle' does not bubble: listen in the capture phase to remember folded branches.
ui.tree.addEventListener('toggle', (e) => {
  const path = e.target.dataset?.path;
  if (path === undefined) return;
  if (e.target.open) s.collapsed.delete(path);
  else s.collapsed.add(path);
}, true);
window.addEventListener('hashchange', () => {
  const key = parseKeyPath(location.hash.slice(1));
  if (key && !sameKey(key, s.key)) follow(key);
});
// Back online: retry now instead of waiting out the backoff.
window.addEventListener('online', () => {
  if (s.wanted && !s.socket) connect();
});

setToken(initialToken());
loadSuggestions();
const initial = parseKeyPath(location.hash.slice(1)) ?? stored();
if (initial) follow(initial);
else render();
