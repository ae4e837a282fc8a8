// The playground (/playground): the demo's control panel and event log. Runs under a strict CSP with Trusted
// Types enforced, so it builds DOM with textContent and elements, never HTML strings.
// Every setting lives in the page URL (?preset=openai&fault=drop&theme=dark…), so a
// setup can be shared or reloaded.

const chat = document.getElementById('chat');
const form = document.getElementById('controls');
const field = (name) => form.elements.namedItem(name);

/** Backend format and transport for each preset (query params of /api/chat). */
const PRESETS = {
  native: { format: 'native' },
  openai: { format: 'openai' },
  anthropic: { format: 'anthropic' },
  'openai-responses': { format: 'openai-responses' },
  'ai-sdk': { format: 'ai-sdk' },
  ollama: { format: 'ollama', transport: 'ndjson' },
  ndjson: { format: 'native', transport: 'ndjson' },
  text: { format: 'text', transport: 'text' },
  ws: { format: 'native', websocket: true },
};
/** Query params each fault reads on the backend. */
const FAULT_PARAMS = {
  drop: ['every', 'times'],
  stall: ['after'],
  status: ['status', 'times', 'retryAfter'],
  ratelimit: ['times', 'retryAfter'],
  cut: ['after'],
  error: ['after'],
};
const WS_FAULTS = new Set(['', 'drop', 'stall', 'error']);
/** Settings copied to the element as attributes of the same name. */
const ATTRIBUTES = ['protocol', 'format', 'max-retries', 'retry-delay', 'idle-timeout'];
const FLAGS = ['plain', 'hide-metadata'];

/** The endpoint a preset and the fault switches describe. */
function endpointFor(preset) {
  const { format, transport, websocket } = PRESETS[preset];
  const params = new URLSearchParams({ format });
  if (transport) params.set('transport', transport);
  params.set('speed', field('speed').value);
  const fault = field('fault').value;
  if (fault) {
    params.set('fault', fault);
    for (const name of FAULT_PARAMS[fault] ?? []) params.set(name, field(name).value);
  }
  if (websocket) return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?${params}`;
  return `${location.origin}/api/chat?${params}`;
}

/** Copies the form onto the element and the page URL. */
function apply() {
  const preset = field('preset').value;
  if (preset !== 'custom') field('endpoint').value = endpointFor(preset);
  chat.endpoint = field('endpoint').value;
  for (const name of ATTRIBUTES) chat.setAttribute(name, field(name).value);
  for (const name of FLAGS) chat.toggleAttribute(name, field(name).checked);
  const theme = form.querySelector('input[name=theme]:checked').value;
  chat.theme = theme;
  document.documentElement.dataset.theme = theme;

  const fault = field('fault').value;
  for (const group of form.querySelectorAll('[data-for]')) group.hidden = !group.dataset.for.split(' ').includes(fault);
  document.getElementById('fault-hint').hidden = !(PRESETS[preset]?.websocket && !WS_FAULTS.has(fault));
  const speed = Number(field('speed').value);
  document.getElementById('speed-out').value = speed === 0 ? 'full speed' : `${speed} ms/token`;
  saveToUrl();
}

function saveToUrl() {
  const params = new URLSearchParams();
  for (const element of form.elements) {
    if (!element.name || (element.type === 'radio' && !element.checked)) continue;
    if (element.name === 'endpoint' && field('preset').value !== 'custom') continue;
    const value = element.type === 'checkbox' ? (element.checked ? 'on' : '') : element.value;
    if (value !== (element.type === 'checkbox' ? '' : defaults.get(element.name))) params.set(element.name, value);
  }
  history.replaceState(null, '', params.size ? `?${params}` : location.pathname);
}

function loadFromUrl() {
  for (const [name, value] of new URLSearchParams(location.search)) {
    const element = field(name);
    if (!element) continue;
    if (element instanceof RadioNodeList) element.value = value;
    else if (element.type === 'checkbox') element.checked = value === 'on';
    else element.value = value;
  }
}

// Defaults are what the HTML says, so the URL only carries what was changed.
const defaults = new Map([...form.elements].filter((e) => e.name && e.type !== 'checkbox' && (e.type !== 'radio' || e.checked)).map((e) => [e.name, e.value]));

form.addEventListener('input', (event) => {
  // Typing an endpoint by hand makes it a custom one, left alone by the presets.
  if (event.target.name === 'endpoint') field('preset').value = 'custom';
  apply();
});
form.addEventListener('submit', (event) => event.preventDefault());
document.getElementById('clear').addEventListener('click', () => {
  chat.clear();
  resetStats();
});
chat.addEventListener('click', (event) => {
  const prompt = event.target.closest?.('[data-prompt]')?.dataset.prompt;
  if (prompt) chat.send(prompt).catch(() => {});
});

// ---- Event log -------------------------------------------------------------

const logList = document.getElementById('event-log');
const MAX_ENTRIES = 300;
const started = performance.now();
const clip = (text, length = 48) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);
const endpointLabel = (url) => (url ? clip(url.replace(location.origin, '').replace(`//${location.host}`, '//…'), 40) : '');

/** One line per event; stream-chunk events of one stream fold into a single updating line. */
const SUMMARY = {
  'message-send': (d) => `“${clip(d.message.content)}”`,
  'stream-start': (d) => `${d.protocol} · ${endpointLabel(d.endpoint)}`,
  'stream-complete': (d) => {
    const m = d.message;
    const tokens = m.metadata.usage?.completionTokens;
    return [m.status, `${m.content.length} chars`, m.metadata.finishReason, tokens !== undefined && `${tokens} tokens`, m.metadata.retries && `${m.metadata.retries} retries`]
      .filter(Boolean)
      .join(' · ');
  },
  'stream-cancel': (d) => `${d.content.length} chars kept`,
  'stream-error': (d) =>
    `${d.error.code}${d.error.status ? ` ${d.error.status}` : ''} · ${clip(d.error.message, 60)} · ${d.willRetry ? `retrying (attempt ${d.attempt})` : 'giving up'}`,
  'connection-change': (d) => `${d.previous} → ${d.state}${d.attempt ? ` (attempt ${d.attempt})` : ''}`,
};

/** `status`: how the answer ended (stream-complete), which colours the entry. */
function addEntry(type, text, status) {
  const item = document.createElement('li');
  item.className = `event ${type}${status ? ` ${status}` : ''}`;
  const time = document.createElement('span');
  time.className = 'time';
  time.textContent = `${((performance.now() - started) / 1000).toFixed(2)}s`;
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = type;
  const detail = document.createElement('span');
  detail.className = 'detail';
  detail.textContent = text;
  item.append(time, name, detail);
  // Follow the newest entry only when the reader is already at the bottom.
  const atEnd = logList.scrollHeight - logList.scrollTop - logList.clientHeight < 24;
  logList.append(item);
  while (logList.childElementCount > MAX_ENTRIES) logList.firstElementChild.remove();
  if (atEnd) logList.scrollTop = logList.scrollHeight;
  return detail;
}

let chunkLine; // { messageId, count, detail, last }
let chunkTimer;
function onChunk(detail) {
  if (chunkLine?.messageId !== detail.messageId || logList.lastElementChild !== chunkLine.detail.parentElement) {
    chunkLine = { messageId: detail.messageId, count: 0, detail: addEntry('stream-chunk', '') };
  }
  chunkLine.count++;
  chunkLine.last = detail;
  // At most a few repaints a second, whatever the token rate.
  chunkTimer ??= setTimeout(() => {
    chunkTimer = undefined;
    const { count, last, detail: line } = chunkLine;
    line.textContent = `×${count} · ${last.content.length} chars · last “${clip(last.chunk.content.replace(/\s+/g, ' '), 24)}”`;
  }, 150);
}

for (const type of ['message-send', 'stream-start', 'stream-chunk', 'stream-complete', 'stream-cancel', 'stream-error', 'connection-change']) {
  chat.addEventListener(type, (event) => {
    if (type === 'stream-chunk') onChunk(event.detail);
    else addEntry(type, SUMMARY[type](event.detail), type === 'stream-complete' ? event.detail.message.status : undefined);
    scheduleStats();
  });
}
document.getElementById('clear-log').addEventListener('click', () => {
  logList.replaceChildren();
  chunkLine = undefined;
});

// ---- Stats -----------------------------------------------------------------

const statsList = document.getElementById('stats');
const badge = document.getElementById('state-badge');
const kb = (bytes) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);
const ms = (value) => (value === undefined ? '–' : `${Math.round(value)} ms`);

let statsTimer;
function scheduleStats() {
  statsTimer ??= setTimeout(() => {
    statsTimer = undefined;
    renderStats();
  }, 200);
}

/** Counters as they were at the last "Clear conversation": the panel counts from there. */
let baseline = { streams: 0, chunksReceived: 0, bytesReceived: 0, reconnects: 0, errors: 0 };
let lastCleared;

function resetStats() {
  const { streams, chunksReceived, bytesReceived, reconnects, errors, lastStream } = chat.stats;
  baseline = { streams, chunksReceived, bytesReceived, reconnects, errors };
  lastCleared = lastStream?.messageId;
  renderStats();
}

function renderStats() {
  const total = chat.stats;
  const s = Object.fromEntries(Object.entries(baseline).map(([name, value]) => [name, total[name] - value]));
  const last = total.lastStream?.messageId === lastCleared ? undefined : total.lastStream;
  const rows = [
    ['state', chat.state],
    ['streams', s.streams],
    ['chunks', s.chunksReceived],
    ['received', kb(s.bytesReceived)],
    ['reconnects', s.reconnects],
    ['errors', s.errors],
    ['protocol', last?.protocol ?? '–'],
    ['first chunk', ms(last?.firstChunkMs)],
    ['duration', ms(last?.durationMs)],
  ];
  statsList.replaceChildren(
    ...rows.map(([term, value]) => {
      const row = document.createElement('div');
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = term;
      dd.textContent = String(value);
      row.append(dt, dd);
      return row;
    }),
  );
  badge.textContent = chat.state;
  badge.dataset.state = chat.state;
}

loadFromUrl();
apply();
customElements.whenDefined('stream-chat').then(renderStats);
