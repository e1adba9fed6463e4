// warren dashboard: plain JavaScript, no build step. Every value it shows comes from warren's API, called with the
// API key kept in sessionStorage and sent as a Bearer header (never a cookie).
import { h, svg, clear, fmtTime, fmtAgo, fmtMs, when } from './dom.js';

const KEY_STORAGE = 'warren.apiKey';
const KEY_REFUSED = 'warren did not accept your API key (401): sign in again.';
const ROLES = ['viewer', 'publisher', 'operator', 'admin'];
const TERMINAL = new Set(['finished', 'failed', 'cancelled']);
const STATUSES = ['queued', 'started', 'retrying', 'finished', 'failed', 'cancelled'];

const main = document.getElementById('main');
const banner = document.getElementById('banner');
const who = document.getElementById('who');

let me = null;              // who the key belongs to: {name, role, authEnabled}
let overview = null;        // the last GET /api/overview answer
let overviewProblem = null; // why the last poll failed (null when it answered)
let unreachableSince = null;
let lastContact = null;
const overviewListeners = new Set();
let leavePage = () => {};

// ---------------------------------------------------------------- API

class ApiError extends Error {
  constructor(status, problem) {
    super(problem && (problem.detail || problem.title) || ('HTTP ' + status));
    this.status = status;
    this.problem = problem || {};
  }
}

/**
 * JSON.parse that keeps each number a JavaScript number cannot hold as written (12345678901234567891, 1.50, 1E+400) as
 * its text, where the browser can (JSON.rawJSON): a task's payload is shown as it was published.
 */
function parseExact(text) {
  if (typeof JSON.rawJSON !== 'function') return JSON.parse(text);
  return JSON.parse(text, (key, value, context) => typeof value === 'number' && context && typeof context.source === 'string'
    && String(value) !== context.source ? JSON.rawJSON(context.source) : value);
}

/** A request body that is JSON text already, sent as it is (a payload's numbers as typed, not as JavaScript holds them). */
class JsonText {
  constructor(text) { this.text = text; }
}

async function api(method, path, body, exact) {
  const headers = { Accept: 'application/json' };
  const key = sessionStorage.getItem(KEY_STORAGE);
  if (key) headers.Authorization = 'Bearer ' + key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, credentials: 'omit', cache: 'no-store',
      body: body === undefined ? undefined : body instanceof JsonText ? body.text : JSON.stringify(body) });
  } catch (e) {
    markUnreachable();
    throw new ApiError(0, { title: 'warren is unreachable', detail: 'warren did not answer: check that it runs and that this browser can reach it' });
  }
  markReachable();
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = exact ? parseExact(text) : JSON.parse(text); } catch (e) { data = { detail: text.slice(0, 300) }; }
  }
  if (response.status === 401 && !path.startsWith('/api/whoami')) {
    signOut(KEY_REFUSED);
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

const q = encodeURIComponent;

function can(action) {
  const need = { publish: 'publisher', operate: 'operator', admin: 'admin' }[action];
  return !!me && ROLES.indexOf(me.role) >= ROLES.indexOf(need);
}

function roleNote(action) {
  const need = { publish: 'publisher', operate: 'operator', admin: 'admin' }[action];
  return 'Your role (' + (me ? me.role : 'none') + ') may not do this; it needs ' + need + '.';
}

/** Why an action failed: a 403 for the role says which role it needs; any other (a key limited to queues) as warren said. */
function failure(e, action) {
  return e.status === 403 && /needs the role/.test(e.problem.detail || '') ? roleNote(action) : e.message;
}

// ---------------------------------------------------------------- sign-in

async function whoami() {
  try {
    return await api('GET', '/api/whoami');
  } catch (e) {
    // before access control exists (no /api/whoami), everyone may do everything
    if (e.status === 404) return { name: 'no access control', role: 'admin', authEnabled: false };
    throw e;
  }
}

function signOut(message) {
  sessionStorage.removeItem(KEY_STORAGE);
  me = null;
  renderWho();
  showSignIn(message);
}

function showSignIn(message) {
  leavePage();
  leavePage = () => {};
  clear(main);
  const input = h('input', { id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', required: true,
    'aria-describedby': 'signin-help' });
  const note = h('p', { class: 'message error', id: 'signin-message', role: 'alert' }, message || '');
  const form = h('form', { class: 'stack signin', id: 'signin' },
    h('h1', {}, 'Sign in to warren'),
    h('p', { id: 'signin-help', class: 'muted' }, 'Paste an API key. It is kept in this tab only and sent to warren with every request.'),
    h('div', {}, h('label', { for: 'api-key' }, 'API key'), input),
    note,
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, input.value.trim());
    try {
      const found = await whoami();
      me = found;
      renderWho();
      route();
    } catch (e) {
      sessionStorage.removeItem(KEY_STORAGE);
      note.textContent = e.status === 401 ? 'warren does not know this key.' : e.message;
      input.focus();
    }
  });
  main.append(form);
  input.focus();
}

function renderWho() {
  clear(who);
  // the audit log is for admins only: the link is not offered to other roles (warren refuses them anyway)
  document.getElementById('nav-audit').hidden = !(me && me.authEnabled && can('admin'));
  showKafkaLink();
  if (!me) return;
  // bdi: a name with bidi controls (U+202E) must not turn the role next to it around
  who.append(h('span', { id: 'who-role' }, me.authEnabled ? [h('bdi', {}, me.name), ' · ' + me.role] : 'no access control · ' + me.role));
  if (me.authEnabled) {
    who.append(h('button', { type: 'button', class: 'secondary', onclick: () => signOut('Signed out.') }, 'Sign out'));
  }
}

/** The Kafka link shows when warren answers the Kafka topics to this key: without Kafka they answer 404. */
async function showKafkaLink() {
  const link = document.getElementById('nav-kafka');
  if (!me) { link.hidden = true; return; }
  try {
    await api('GET', '/api/kafka/topics?limit=1');
    link.hidden = false;
  } catch (e) {
    link.hidden = true;
  }
}

// ---------------------------------------------------------------- live overview and banner

function markUnreachable() {
  if (!unreachableSince) unreachableSince = new Date();
  renderBanner();
}

function markReachable() {
  lastContact = new Date();
  if (unreachableSince) {
    unreachableSince = null;
    renderBanner();
  }
}

function renderBanner() {
  clear(banner);
  banner.classList.remove('down');
  if (unreachableSince) {
    banner.classList.add('down');
    banner.append(h('strong', {}, 'warren is unreachable. '),
      'The dashboard keeps trying every second' + (lastContact ? '; last answer at ' + fmtTime(lastContact) : '') + '. What you see may be out of date.');
    banner.hidden = false;
  } else if (overviewProblem) {
    banner.classList.add('down');
    banner.append(h('strong', {}, 'warren cannot show the overview: '), overviewProblem);
    banner.hidden = false;
  } else if (overview && !overview.ready) {
    banner.append(h('strong', {}, 'warren is not ready:'),
      h('ul', {}, ...overview.problems.map((p) => h('li', {}, p))));
    banner.hidden = false;
  } else {
    banner.hidden = true;
  }
}

let polling = false;
async function pollOverview() {
  if (polling || !me) return;
  polling = true;
  try {
    overview = await api('GET', '/api/overview');
    overviewProblem = null;
  } catch (e) {
    overviewProblem = e.status === 0 || e.status === 401 ? null : e.message;
  } finally {
    polling = false;
  }
  renderBanner();
  overviewListeners.forEach((listener) => listener(overview));
}

function onOverview(listener) {
  overviewListeners.add(listener);
  if (overview) listener(overview);
  return () => overviewListeners.delete(listener);
}

function queueSummary(name) {
  return overview && overview.queues.find((queue) => queue.name === name);
}

/**
 * Re-runs load every period ms while the page is shown; render is called when the answer changed or the last load
 * failed. A failure goes to failed(e), which keeps what the page shows; failed(null) once warren answers again.
 */
function poll(period, load, render, failed) {
  let last = null;
  let failing = false;
  let stopped = false;
  const tick = async () => {
    try {
      const data = await load();
      const text = JSON.stringify(data);
      if (stopped) return;
      if (failing) {
        failing = false;
        failed(null);
      }
      if (text !== last) {
        last = text;
        render(data);
      }
    } catch (e) {
      if (stopped) return;
      failing = true;
      last = null;
      failed(e);
    }
  };
  tick();
  const timer = setInterval(tick, period);
  return { stop: () => { stopped = true; clearInterval(timer); }, refresh: () => { last = null; return tick(); } };
}

// ---------------------------------------------------------------- shared widgets

/** A poll's failed(e) that shows e in out, and takes it away once the poll answers (failed(null)) if out still shows it. */
function pollMessage(out) {
  let shown = null;
  return (e) => {
    if (e) {
      message(out, e.message, false);
      shown = out.textContent;
    } else if (shown !== null && out.textContent === shown) {
      out.textContent = '';
      out.className = 'message';
      shown = null;
    }
  };
}

function confirmDialog(text, confirmLabel) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { id: 'confirm', 'aria-labelledby': 'confirm-text' },
      h('p', { id: 'confirm-text' }, text),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'danger', id: 'confirm-yes', onclick: () => dialog.close('yes') }, confirmLabel),
        h('button', { type: 'button', class: 'secondary', id: 'confirm-no', onclick: () => dialog.close('no') }, 'Cancel')));
    dialog.addEventListener('close', () => { dialog.remove(); resolve(dialog.returnValue === 'yes'); });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('#confirm-no').focus();
  });
}

function message(el, text, ok) {
  el.textContent = text;
  el.className = 'message ' + (ok ? 'ok' : 'error');
}

/** A button that runs an action, shows its outcome in out, and is disabled (with the reason) for roles without it. */
function actionButton(label, action, run, out, attrs = {}) {
  const allowed = can(action);
  const button = h('button', Object.assign({ type: 'button', disabled: !allowed, title: allowed ? '' : roleNote(action) }, attrs), label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const text = await run();
      if (text && out) message(out, text, true);
    } catch (e) {
      if (out) message(out, failure(e, action), false);
    } finally {
      button.disabled = !can(action);
    }
  });
  return button;
}

/** A list's time: with its date unless it is from today. */
function fmtCreated(date) {
  return fmtTime(date, date.toDateString() !== new Date().toDateString());
}

function statusBadge(status) {
  return h('span', { class: 'status ' + status, 'data-field': 'status' }, status);
}

function jobLink(id) {
  return h('a', { href: '#/jobs/' + q(id) }, id);
}

const KAFKA_QUEUE = 'kafka:';

function queueLink(name) {
  // a Kafka worker group's jobs have the queue "kafka:{topic}": their page is the topic's
  if (name.startsWith(KAFKA_QUEUE)) return h('a', { href: '#/kafka/' + q(name.slice(KAFKA_QUEUE.length)) }, name);
  return h('a', { href: '#/queues/' + q(name) }, name);
}

function perSecond(count, seconds) {
  const rate = count / seconds;
  return (rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)) + '/s';
}

/**
 * A small chart of a queue's tasks per sample over the history: succeeded (green) and failed (red) as stacked bars,
 * published as a blue line; the newest sample is on the right.
 */
function rateChart(queue, sampleSeconds, samples) {
  const rates = queue.rates;
  const width = samples;
  const height = 40;
  const offset = samples - rates.published.length;
  const max = Math.max(1, ...rates.published, ...rates.succeeded.map((v, i) => v + rates.failed[i]));
  const y = (v) => (v / max) * (height - 2);
  const bars = [];
  rates.succeeded.forEach((ok, i) => {
    const failed = rates.failed[i];
    if (ok) bars.push(svg('rect', { class: 'succeeded', x: offset + i, width: 1, y: (height - y(ok)).toFixed(2), height: y(ok).toFixed(2) }));
    if (failed) bars.push(svg('rect', { class: 'failed', x: offset + i, width: 1, y: (height - y(ok) - y(failed)).toFixed(2), height: y(failed).toFixed(2) }));
  });
  const points = rates.published.map((v, i) => (offset + i + 0.5) + ',' + (height - 1 - y(v)).toFixed(2)).join(' ');
  const total = (values) => values.reduce((a, b) => a + b, 0);
  // the rate now: the average of the last few samples, steadier than the last one alone
  const recent = (values) => values.slice(-5);
  const now = (values) => perSecond(total(recent(values)) / Math.max(1, recent(values).length), sampleSeconds);
  const minutes = Math.round(samples * sampleSeconds / 60);
  const summary = 'Last ' + minutes + ' min: ' + total(rates.published) + ' published, ' + total(rates.succeeded)
    + ' succeeded, ' + total(rates.failed) + ' failed';
  const chart = svg('svg', { class: 'chart', viewBox: '0 0 ' + width + ' ' + height, preserveAspectRatio: 'none',
    role: 'img', 'aria-label': summary },
  svg('title', {}, summary), ...bars, svg('polyline', { class: 'published', points }));
  const legend = h('div', { class: 'legend' },
    h('span', { class: 'p' }, '▲ ' + now(rates.published) + ' published'),
    h('span', { class: 's' }, '✓ ' + now(rates.succeeded) + ' succeeded'),
    h('span', { class: 'f' }, '✗ ' + now(rates.failed) + ' failed'));
  return h('div', {}, chart, legend);
}

function consumersText(queue) {
  if (!queue.workers) return queue.consumers + ' (no worker group)';
  return queue.workers.running + ' of ' + queue.workers.desired + (queue.workers.state !== 'running' ? ' · ' + queue.workers.state : '');
}

// ---------------------------------------------------------------- pages

function overviewPage() {
  const status = h('p', { class: 'muted', id: 'overview-status' }, 'Waiting for warren…');
  const body = h('tbody', { id: 'queues' });
  const out = h('p', { class: 'message', role: 'status' });
  const name = h('input', { id: 'new-queue', name: 'queue', required: true, pattern: '[A-Za-z0-9._-]{1,200}', autocomplete: 'off' });
  const create = h('form', { class: 'row', id: 'create-queue' },
    h('div', {}, h('label', { for: 'new-queue' }, 'New queue'), name),
    h('button', { type: 'submit', disabled: !can('operate'), title: can('operate') ? '' : roleNote('operate') }, 'Create queue'));
  create.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const view = await api('PUT', '/api/queues/' + q(name.value.trim()));
      message(out, 'Queue ' + view.name + ' is declared.', true);
      name.value = '';
    } catch (e) {
      message(out, e.message, false);
    }
  });
  const rows = new Map();
  main.append(h('h1', {}, 'Overview'), status,
    h('table', { class: 'cards', id: 'overview' },
      h('caption', {}, 'Every queue: messages ready, in flight (delivered, not yet acknowledged) and dead-lettered; consumers running of desired; tasks per second over the last minutes.'),
      h('thead', {}, h('tr', {}, h('th', {}, 'Queue'), h('th', { class: 'num' }, 'Ready'), h('th', { class: 'num' }, 'In flight'),
        h('th', { class: 'num' }, 'Dead letters'), h('th', {}, 'Consumers'), h('th', {}, 'Rates'))),
      body),
    can('operate') ? create : h('span'), out);

  return onOverview((data) => {
    status.textContent = data.queues.length + ' queue' + (data.queues.length === 1 ? '' : 's') + ' · updated '
      + fmtTime(new Date(data.at)) + (data.countsAt && data.countsAt !== data.at ? ' · counts from ' + fmtTime(new Date(data.countsAt)) : '');
    const seen = new Set();
    data.queues.forEach((queue, index) => {
      seen.add(queue.name);
      let row = rows.get(queue.name);
      if (!row) {
        row = {
          tr: h('tr', { 'data-queue': queue.name }),
          ready: h('td', { class: 'num', 'data-label': 'Ready', 'data-field': 'ready' }),
          inFlight: h('td', { class: 'num', 'data-label': 'In flight', 'data-field': 'inFlight' }),
          dead: h('td', { class: 'num', 'data-label': 'Dead letters', 'data-field': 'deadLetters' }),
          consumers: h('td', { 'data-label': 'Consumers', 'data-field': 'consumers' }),
          rates: h('td', { 'data-label': 'Rates', 'data-field': 'rates' }),
        };
        row.tr.append(h('td', { 'data-label': 'Queue' }, queueLink(queue.name)), row.ready, row.inFlight, row.dead, row.consumers, row.rates);
        rows.set(queue.name, row);
      }
      if (body.children[index] !== row.tr) body.insertBefore(row.tr, body.children[index] || null);
      row.ready.textContent = queue.ready;
      row.inFlight.textContent = queue.inFlight;
      clear(row.dead);
      row.dead.append(queue.deadLetters > 0
        ? h('a', { href: '#/queues/' + q(queue.name) + '/dead-letters' }, String(queue.deadLetters)) : '0');
      row.consumers.textContent = consumersText(queue);
      row.consumers.classList.toggle('lagging', !!queue.workers && queue.workers.running < queue.workers.desired);
      clear(row.rates);
      row.rates.append(rateChart(queue, data.sampleSeconds, data.historySamples));
    });
    for (const [name, row] of rows) {
      if (!seen.has(name)) { row.tr.remove(); rows.delete(name); }
    }
    if (!data.queues.length && !body.children.length) {
      body.append(h('tr', {}, h('td', { colspan: 6 }, 'No queues yet.')));
    } else if (data.queues.length) {
      [...body.children].filter((tr) => !tr.dataset.queue).forEach((tr) => tr.remove());
    }
  });
}

function queuePage(name) {
  const base = '/api/queues/' + q(name);
  const out = h('p', { class: 'message', role: 'status', id: 'queue-message' });
  const counts = h('dl', { class: 'facts', id: 'queue-counts' });
  const settings = h('dl', { class: 'facts', id: 'queue-settings' }, h('dt', {}, 'Loading'), h('dd', {}, '…'));
  const group = h('div', { id: 'worker-group' });
  const consumers = h('div', { id: 'consumers' });
  const controls = h('div', { id: 'group-controls' });
  let groupView = null;
  let controlsFor = null;

  main.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Overview'), ' › queue'),
    h('h1', {}, 'Queue ', h('span', { id: 'queue-name' }, name)),
    h('p', {}, h('a', { href: '#/queues/' + q(name) + '/dead-letters' }, 'Dead letters'), ' · ',
      h('a', { href: '#/jobs?queue=' + q(name) }, 'Jobs of this queue')),
    out,
    h('section', { class: 'panel' }, h('h2', {}, 'Now'), counts),
    h('section', { class: 'panel' }, h('h2', {}, 'Settings'), settings),
    h('section', { class: 'panel', 'aria-labelledby': 'group-title' }, h('h2', { id: 'group-title' }, 'Worker group'), controls, group, consumers),
    publishPanel(name),
    purgePanel(name, out));

  const stopOverview = onOverview(() => {
    const queue = queueSummary(name);
    clear(counts);
    if (!queue) { counts.append(h('dt', {}, 'Queue'), h('dd', {}, 'not in the overview (yet)')); return; }
    counts.append(
      h('dt', {}, 'Ready'), h('dd', { 'data-field': 'ready' }, String(queue.ready)),
      h('dt', {}, 'In flight'), h('dd', { 'data-field': 'inFlight' }, String(queue.inFlight)),
      h('dt', {}, 'Dead letters'), h('dd', { 'data-field': 'deadLetters' }, String(queue.deadLetters)),
      h('dt', {}, 'Consumers'), h('dd', { 'data-field': 'consumers' }, consumersText(queue)),
      h('dt', {}, 'Rates'), h('dd', {}, rateChart(queue, overview.sampleSeconds, overview.historySamples)));
  });

  api('GET', base).then((view) => {
    clear(settings);
    settings.append(
      h('dt', {}, 'Type'), h('dd', {}, view.type || 'unknown'),
      h('dt', {}, 'Durable'), h('dd', {}, view.durable ? 'yes' : 'no'),
      h('dt', {}, 'Dead-letter queue'), h('dd', {}, view.deadLetter ? view.deadLetter.queue : 'none'));
    const limits = view.limits || {};
    const limit = (label, field, text) => settings.append(h('dt', {}, label),
      h('dd', { 'data-field': field }, limits[field] != null ? text(limits[field]) : (view.note ? 'unknown' : 'none')));
    limit('Max length', 'maxLength', (n) => n + ' message' + (n === 1 ? '' : 's'));
    limit('Max length (bytes)', 'maxLengthBytes', (n) => n + ' bytes');
    limit('Message TTL', 'messageTtlMs', (n) => fmtMs(n));
    limit('Delivery limit', 'deliveryLimit', (n) => String(n));
    if (limits.overflow) settings.append(h('dt', {}, 'When full'), h('dd', { 'data-field': 'overflow' }, limits.overflow));
    if (view.note) settings.append(h('dt', {}, 'Note'), h('dd', {}, view.note));
  }).catch((e) => { clear(settings); settings.append(h('dt', {}, 'Error'), h('dd', {}, e.message)); });

  const renderGroup = (view) => {
    groupView = view;
    clear(group);
    clear(consumers);
    if (!view) {
      group.append(h('p', { id: 'no-group' }, 'This queue has no worker group.'));
      if (controlsFor !== 'none') { controlsFor = 'none'; clear(controls); controls.append(createGroupForm(name, out, () => groupPoll.refresh())); }
      return;
    }
    if (controlsFor !== 'group') { controlsFor = 'group'; clear(controls); controls.append(groupControls(base + '/workers', name, out, () => groupView, () => groupPoll.refresh())); }
    const target = view.target;
    group.append(h('dl', { class: 'facts' },
      h('dt', {}, 'Type'), h('dd', { 'data-field': 'type' }, view.type),
      h('dt', {}, 'State'), h('dd', { 'data-field': 'state', class: 'state-' + view.state }, view.state),
      h('dt', {}, 'Consumers'), h('dd', { 'data-field': 'running' }, view.running + ' running of ' + view.count),
      h('dt', {}, 'Prefetch'), h('dd', {}, String(view.prefetch)),
      ...(target ? [h('dt', {}, 'Target'), h('dd', { 'data-field': 'target' }, (target.method || 'POST') + ' ' + target.url
        + (target.headers && Object.keys(target.headers).length ? ' · headers: ' + Object.entries(target.headers).map(([k, v]) => k + ': ' + v).join(', ') : '')
        + (target.timeoutMs ? ' · timeout ' + fmtMs(target.timeoutMs) : ''))] : []),
      ...(view.retry ? [h('dt', {}, 'Retry'), h('dd', {}, view.retry.maxAttempts + ' attempts, backoff ' + fmtMs(view.retry.backoffMs)
        + ' ×' + view.retry.backoffMultiplier + ' up to ' + fmtMs(view.retry.maxBackoffMs))] : []),
      ...(view.parameters && Object.keys(view.parameters).length ? [h('dt', {}, 'Parameters'),
        h('dd', {}, Object.entries(view.parameters).map(([k, v]) => k + '=' + v).join(', '))] : []),
      h('dt', {}, 'Tasks'), h('dd', {}, view.processed + ' processed: ' + view.succeeded + ' succeeded, ' + view.failed
        + ' failed, ' + view.retried + ' retried, ' + view.inFlight + ' in flight'),
      ...(view.error ? [h('dt', {}, 'Problem'), h('dd', { class: 'lagging' }, view.error)] : [])));
    const list = view.consumers || [];
    consumers.append(h('table', { class: 'cards', id: 'consumer-table' },
      h('caption', {}, 'Consumers and the job each works on'),
      h('thead', {}, h('tr', {}, h('th', {}, 'Consumer'), h('th', {}, 'Thread'), h('th', {}, 'Job'), h('th', {}, 'Since'))),
      h('tbody', {}, ...(list.length ? list.map((c) => h('tr', {},
        h('td', { 'data-label': 'Consumer' }, c.id), h('td', { 'data-label': 'Thread' }, c.thread || ''),
        h('td', { 'data-label': 'Job' }, c.currentJob ? jobLink(c.currentJob) : 'idle'),
        h('td', { 'data-label': 'Since' }, c.since ? fmtTime(new Date(c.since)) : ''))) : [h('tr', {}, h('td', { colspan: 4 }, 'No consumer runs.'))]))));
  };
  const groupPoll = poll(2000, () => api('GET', base + '/workers').catch((e) => {
    if (e.status === 404) return null;
    throw e;
  }), renderGroup, pollMessage(out));

  return () => { stopOverview(); groupPoll.stop(); };
}

/** Scale, pause, resume and stop of the worker group at base (its API path), named name. */
function groupControls(base, name, out, current, refresh) {
  const count = h('input', { id: 'scale-count', type: 'number', min: 0, max: 500, value: current() ? current().count : 1, inputmode: 'numeric' });
  const scale = h('form', { class: 'row', id: 'scale-form' },
    h('div', {}, h('label', { for: 'scale-count' }, 'Consumers'), count),
    h('button', { type: 'submit', id: 'scale', disabled: !can('operate'), title: can('operate') ? '' : roleNote('operate') }, 'Scale'));
  scale.addEventListener('submit', async (event) => {
    event.preventDefault();
    const wanted = consumerCount(count);
    if (wanted === null) { message(out, 'Say how many consumers: a whole number from 0 to 500.', false); count.focus(); return; }
    try {
      const view = await api('POST', base + '/scale', { count: wanted });
      message(out, 'Scaled to ' + view.count + ' consumers.', true);
      refresh();
    } catch (e) {
      message(out, failure(e, 'operate'), false);
    }
  });
  const act = (label, path, text, attrs) => actionButton(label, 'operate', async () => {
    await api('POST', base + path);
    refresh();
    return text;
  }, out, attrs);
  const stop = actionButton('Stop', 'operate', async () => {
    if (!await confirmDialog('Stop the worker group of ' + name + '? Its consumers stop and the group is removed; tasks in flight finish.', 'Stop the group')) return null;
    await api('DELETE', base);
    refresh();
    return 'The worker group of ' + name + ' is stopped.';
  }, out, { class: 'danger', id: 'stop-group' });
  return h('div', {}, scale, h('div', { class: 'actions' },
    act('Pause', '/pause', 'Paused: the consumers stop, the group is kept.', { class: 'secondary', id: 'pause-group' }),
    act('Resume', '/resume', 'Resumed.', { class: 'secondary', id: 'resume-group' }), stop));
}

/** The whole number of consumers a field asks for, or null when it is empty or not one (Number('') would be 0). */
function consumerCount(input) {
  const text = input.value.trim();
  return /^[0-9]+$/.test(text) ? Number(text) : null;
}

function createGroupForm(name, out, refresh) {
  if (!can('operate')) return h('p', { class: 'muted' }, roleNote('operate'));
  const type = h('select', { id: 'group-type' });
  const count = h('input', { id: 'group-count', type: 'number', min: 0, max: 500, value: 1 });
  const url = h('input', { id: 'group-url', type: 'url', placeholder: 'https://…', size: 40 });
  api('GET', '/api/worker-types').then((types) => {
    types.filter((t) => !t.error).forEach((t) => type.append(h('option', { value: t.name, selected: t.name === 'http' }, t.name)));
  }).catch((e) => message(out, e.message, false));
  const form = h('form', { class: 'row', id: 'create-group' },
    h('div', {}, h('label', { for: 'group-type' }, 'Worker type'), type),
    h('div', {}, h('label', { for: 'group-count' }, 'Consumers'), count),
    h('div', {}, h('label', { for: 'group-url' }, 'Target URL'), url),
    h('button', { type: 'submit' }, 'Start workers'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const wanted = consumerCount(count);
    if (wanted === null) { message(out, 'Say how many consumers: a whole number from 0 to 500.', false); count.focus(); return; }
    const spec = { type: type.value, count: wanted };
    if (url.value.trim()) spec.target = { url: url.value.trim() };
    try {
      await api('PUT', '/api/queues/' + q(name) + '/workers', spec);
      message(out, 'Worker group started.', true);
      refresh();
    } catch (e) {
      message(out, e.message, false);
    }
  });
  return form;
}

/**
 * A panel whose form publishes a JSON payload with a few optional fields ({id, label, field, number}); ids names its
 * form, payload, button and result elements; send(body) publishes and shown(answer) says what became of it.
 */
function publishPanelOf(title, ids, fields, send, shown) {
  const panel = h('section', { class: 'panel' }, h('h2', {}, title));
  if (!can('publish')) {
    panel.append(h('p', { class: 'muted' }, roleNote('publish')));
    return panel;
  }
  const payload = h('textarea', { id: ids.payload, rows: 4, spellcheck: 'false' }, '{"hello": "world"}');
  const inputs = fields.map((f) => Object.assign({ input: h('input', { id: f.id, autocomplete: 'off', type: f.number ? 'number' : 'text', min: f.number ? 0 : null }) }, f));
  const result = h('p', { class: 'message', role: 'status', id: ids.result });
  const form = h('form', { class: 'stack', id: ids.form },
    h('div', {}, h('label', { for: ids.payload }, 'Payload (JSON)'), payload),
    h('div', { class: 'row' }, ...inputs.map((f) => h('div', {}, h('label', { for: f.id }, f.label), f.input))),
    h('button', { type: 'submit', id: ids.button }, 'Publish'), result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      JSON.parse(payload.value);
    } catch (e) {
      message(result, 'The payload is not valid JSON: ' + e.message, false);
      return;
    }
    const others = {};
    inputs.filter((f) => f.input.value.trim()).forEach((f) => { others[f.field] = f.number ? Number(f.input.value) : f.input.value.trim(); });
    // the payload goes as typed (it parsed as one JSON value): parsed and written again, 12345678901234567891 and 1.50 would change
    const rest = JSON.stringify(others).slice(1, -1);
    const body = new JsonText('{"payload":' + payload.value.trim() + (rest ? ',' + rest : '') + '}');
    try {
      const answer = await send(body);
      clear(result);
      result.className = 'message ok';
      result.append(...shown(answer));
    } catch (e) {
      message(result, e.message, false);
    }
  });
  panel.append(form);
  return panel;
}

function publishPanel(name) {
  return publishPanelOf('Publish a test task', { form: 'publish-form', payload: 'task-payload', button: 'publish', result: 'publish-result' },
    [{ id: 'task-id', label: 'Id (optional)', field: 'id' }, { id: 'task-delay', label: 'Delay ms (optional)', field: 'delayMs', number: true }],
    (body) => api('POST', '/api/queues/' + q(name) + '/tasks', body),
    (task) => ['Published job ', jobLink(task.id), ' (' + task.status + ').']);
}

function purgePanel(name, out) {
  const purge = actionButton('Purge…', 'operate', async () => {
    const queue = queueSummary(name);
    const count = queue ? queue.ready : '?';
    if (!await confirmDialog('Purge queue ' + name + '? This removes its ' + count + ' ready message' + (count === 1 ? '' : 's')
      + ' for good; workers keep running.', 'Purge ' + name)) return null;
    const answer = await api('POST', '/api/queues/' + q(name) + '/purge');
    return 'Purged ' + answer.purged + ' message' + (answer.purged === 1 ? '' : 's') + ' from ' + name + '.';
  }, out, { class: 'danger', id: 'purge' });
  return h('section', { class: 'panel' }, h('h2', {}, 'Purge'),
    h('p', { class: 'muted' }, 'Removes every ready message of the queue; messages in flight and dead letters stay. '
      + 'The jobs of the removed messages show as cancelled (purged) once the queue is empty; retry one to deliver it again.'), purge);
}

/** Retries jobs with one request (POST /api/jobs/retry, 500 ids at most) and says how many went back to their queue. */
async function retryJobs(ids) {
  let queued = 0;
  const refused = [];
  for (let i = 0; i < ids.length; i += 500) {
    const answer = await api('POST', '/api/jobs/retry', { ids: ids.slice(i, i + 500) });
    answer.items.forEach((item) => { if (item.outcome === 'queued') queued++; else refused.push(item.id + ': ' + item.detail); });
  }
  return { queued, refused, text: 'Queued ' + queued + ' job' + (queued === 1 ? '' : 's') + ' again.'
    + (refused.length ? ' Not retried: ' + refused.join('; ') : '') };
}

/** The jobs list's time windows: minutes and label. */
const WITHIN = [['', 'any time'], ['5', 'last 5 minutes'], ['60', 'last hour'], ['1440', 'last 24 hours'], ['10080', 'last 7 days']];

function jobsPage(params) {
  const state = { queue: params.get('queue') || '', status: params.get('status') || '', within: params.get('within') || '',
    text: params.get('q') || '' };
  // a time window the select does not offer is not applied (it shows any time)
  if (!WITHIN.some(([minutes]) => minutes === state.within)) state.within = '';
  const cursors = [''];
  const selected = new Set();
  let shown = [];
  const queueSelect = h('select', { id: 'filter-queue', name: 'queue' }, h('option', { value: '' }, 'any queue'));
  const statusSelect = h('select', { id: 'filter-status', name: 'status' }, h('option', { value: '' }, 'any status'),
    ...STATUSES.map((s) => h('option', { value: s, selected: s === state.status }, s)),
    // a status from the address that is none of them is shown as asked (warren's answer says why it finds nothing)
    ...(state.status && !STATUSES.includes(state.status) ? [h('option', { value: state.status, selected: true }, state.status)] : []));
  const within = h('select', { id: 'filter-within', name: 'within' },
    ...WITHIN.map(([v, t]) => h('option', { value: v, selected: v === state.within }, t)));
  const textInput = h('input', { id: 'filter-q', name: 'q', type: 'search', autocomplete: 'off', minlength: 3, maxlength: 200,
    value: state.text, 'aria-describedby': 'filter-q-help' });
  const filters = h('form', { class: 'row', id: 'job-filters' },
    h('div', {}, h('label', { for: 'filter-queue' }, 'Queue'), queueSelect),
    h('div', {}, h('label', { for: 'filter-status' }, 'Status'), statusSelect),
    h('div', {}, h('label', { for: 'filter-within' }, 'Created'), within),
    h('div', {}, h('label', { for: 'filter-q' }, 'Payload contains'), textInput,
      h('small', { id: 'filter-q-help', class: 'muted' }, '3 characters or more, any case')),
    h('button', { type: 'submit', id: 'apply-filters' }, 'Filter'));
  const idInput = h('input', { id: 'find-id', autocomplete: 'off', required: true });
  const find = h('form', { class: 'row', id: 'find-job' },
    h('div', {}, h('label', { for: 'find-id' }, 'Job id'), idInput), h('button', { type: 'submit' }, 'Open job'));
  find.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = idInput.value.trim();
    if (!id) { message(out, 'Type the id of the job to open.', false); idInput.focus(); return; }
    location.hash = '#/jobs/' + q(id);
  });
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    const search = new URLSearchParams();
    if (queueSelect.value) search.set('queue', queueSelect.value);
    if (statusSelect.value) search.set('status', statusSelect.value);
    if (within.value) search.set('within', within.value);
    if (textInput.value.trim()) search.set('q', textInput.value.trim());
    const target = '#/jobs' + (search.toString() ? '?' + search : '');
    if (location.hash === target) route(); else location.hash = target;
  });
  const body = h('tbody', { id: 'jobs' });
  const out = h('p', { class: 'message', role: 'status', id: 'jobs-message' });
  const pageInfo = h('span', { class: 'muted', id: 'page-info' });
  const newer = h('button', { type: 'button', class: 'secondary', id: 'newer' }, '← Newer');
  const older = h('button', { type: 'button', class: 'secondary', id: 'older' }, 'Older →');
  const retrySelected = actionButton('Retry selected', 'operate', async () => {
    if (!selected.size) return 'Select the jobs to retry first.';
    const done = await retryJobs([...selected]);
    selected.clear();
    listing.refresh();
    return done.text;
  }, out, { id: 'retry-selected', class: 'secondary' });
  const retryShown = actionButton('Retry failed shown', 'operate', async () => {
    const failed = shown.filter((job) => job.status === 'failed').map((job) => job.id);
    if (!failed.length) return 'No failed job is shown.';
    if (!await confirmDialog('Queue the ' + failed.length + ' failed job' + (failed.length === 1 ? '' : 's') + ' shown again?', 'Retry')) return null;
    const done = await retryJobs(failed);
    listing.refresh();
    return done.text;
  }, out, { id: 'retry-shown' });
  main.append(h('h1', {}, 'Jobs'), filters, find, out, h('div', { class: 'actions' }, retryShown, retrySelected),
    h('table', { class: 'cards', id: 'job-table' },
      h('caption', {}, 'Newest first; the list updates by itself.'),
      h('thead', {}, h('tr', {}, h('th', {}, 'Select'), h('th', {}, 'Job'), h('th', {}, 'Queue'), h('th', {}, 'Status'), h('th', {}, 'Created'),
        h('th', { class: 'num' }, 'Attempts'), h('th', {}, 'Error'))),
      body),
    h('div', { class: 'actions' }, newer, older, pageInfo));

  const stopOverview = onOverview((data) => {
    const names = data.queues.map((queue) => queue.name);
    if (state.queue && !names.includes(state.queue)) names.push(state.queue);
    const have = [...queueSelect.options].map((o) => o.value);
    names.filter((n) => !have.includes(n)).forEach((n) => queueSelect.append(h('option', { value: n, selected: n === state.queue }, n)));
  });
  // the time window is fixed when the filter is applied, so that paging walks one stable list
  const since = state.within ? new Date(Date.now() - Number(state.within) * 60000).toISOString() : null;
  let next = null;
  let listing = null;
  const load = () => {
    const search = new URLSearchParams({ limit: '25' });
    if (state.queue) search.set('queue', state.queue);
    if (state.status) search.set('status', state.status);
    if (since) search.set('since', since);
    if (state.text) search.set('q', state.text);
    const cursor = cursors[cursors.length - 1];
    if (cursor) search.set('cursor', cursor);
    return api('GET', '/api/jobs?' + search);
  };
  const render = (page) => {
    next = page.next;
    shown = page.items;
    clear(body);
    if (!page.items.length) {
      body.append(h('tr', {}, h('td', { colspan: 7 }, next ? 'No jobs match among the jobs searched so far: Older → searches further.' : 'No jobs match.')));
    }
    page.items.forEach((job) => {
      const box = h('input', { type: 'checkbox', id: 'select-' + job.id, checked: selected.has(job.id), 'aria-label': 'Select job ' + job.id });
      box.addEventListener('change', () => { if (box.checked) selected.add(job.id); else selected.delete(job.id); });
      body.append(h('tr', { 'data-job': job.id },
        h('td', { 'data-label': 'Select' }, box),
        h('td', { 'data-label': 'Job' }, jobLink(job.id)),
        h('td', { 'data-label': 'Queue' }, queueLink(job.queue)),
        h('td', { 'data-label': 'Status' }, statusBadge(job.status)),
        h('td', { 'data-label': 'Created' }, fmtCreated(new Date(job.createdAt))),
        h('td', { class: 'num', 'data-label': 'Attempts', 'data-field': 'attempts' }, String(job.attemptCount ?? '—')),
        h('td', { 'data-label': 'Error' }, job.error || '')));
    });
    newer.disabled = cursors.length === 1;
    older.disabled = !next;
    pageInfo.textContent = 'Page ' + cursors.length;
  };
  const restart = () => { if (listing) listing.stop(); listing = poll(2000, load, render, pollMessage(out)); };
  newer.addEventListener('click', () => { cursors.pop(); restart(); });
  older.addEventListener('click', () => { if (next) { cursors.push(next); restart(); } });
  restart();
  return () => { stopOverview(); if (listing) listing.stop(); };
}

function jobPage(id) {
  const out = h('p', { class: 'message', role: 'status', id: 'job-message' });
  const view = h('div', { id: 'job' }, h('p', { class: 'muted' }, 'Loading…'));
  main.append(h('p', { class: 'crumbs' }, h('a', { href: '#/jobs' }, 'Jobs'), ' › job'),
    h('h1', {}, 'Job ', h('span', { id: 'job-id' }, id)), out, view);
  const render = (job) => {
    clear(view);
    const buttons = h('div', { class: 'actions' });
    if (job.status === 'queued' || job.status === 'retrying') {
      buttons.append(actionButton('Cancel job', 'operate', async () => {
        await api('POST', '/api/jobs/' + q(id) + '/cancel');
        jobPoll.refresh();
        return 'Cancelled: it will not be delivered.';
      }, out, { class: 'danger', id: 'cancel-job' }));
    }
    if (job.status === 'failed' || job.status === 'cancelled') {
      buttons.append(actionButton('Retry job', 'operate', async () => {
        await api('POST', '/api/jobs/' + q(id) + '/retry');
        jobPoll.refresh();
        return 'Queued again.';
      }, out, { id: 'retry-job' }));
    }
    view.append(
      h('dl', { class: 'facts' },
        h('dt', {}, 'Status'), h('dd', {}, statusBadge(job.status)),
        h('dt', {}, 'Queue'), h('dd', {}, queueLink(job.queue)),
        h('dt', {}, 'Created'), h('dd', {}, fmtTime(new Date(job.createdAt), true)),
        h('dt', {}, 'Started'), h('dd', {}, job.startedAt ? fmtTime(new Date(job.startedAt), true) : '—'),
        h('dt', {}, 'Finished'), h('dd', {}, job.finishedAt ? fmtTime(new Date(job.finishedAt), true) : '—'),
        h('dt', {}, 'Duration'), h('dd', {}, job.durationMs != null ? fmtMs(job.durationMs) : '—'),
        ...(job.error ? [h('dt', {}, 'Error'), h('dd', { 'data-field': 'error' }, job.error)] : [])),
      buttons,
      h('h2', {}, 'Payload'), payloadView(job),
      h('h2', {}, 'Attempts'), attemptsView(job),
      h('h2', {}, 'Result'), job.result
        ? h('div', { id: 'result' }, h('p', {}, 'HTTP ' + (job.result.httpStatus != null ? job.result.httpStatus : '—')),
          job.result.body ? h('pre', {}, job.result.body) : h('p', { class: 'muted' }, 'No body.'))
        : h('p', { class: 'muted', id: 'result' }, 'No result yet.'));
  };
  // a failure replaces the view only while it shows no job; a job shown stays, with the failure above it
  let shownJob = false;
  const outFailed = pollMessage(out);
  const jobPoll = poll(1000, () => api('GET', '/api/jobs/' + q(id), undefined, true), (job) => { shownJob = true; render(job); }, (e) => {
    if (shownJob || !e) { outFailed(e); return; }
    clear(view);
    view.append(h('p', { class: 'message error' }, e.status === 404 ? 'No job has the id ' + id + '.' : e.message));
  });
  return () => jobPoll.stop();
}

function payloadView(job) {
  const type = job.contentType ? ' · ' + job.contentType : '';
  if (job.payloadEncoding === 'base64') {
    const bytes = Math.floor((job.payload || '').length * 3 / 4);
    return h('div', {}, h('p', { class: 'muted' }, 'Binary, about ' + bytes + ' bytes, shown in base64' + type),
      h('pre', { id: 'payload' }, job.payload || ''));
  }
  if (job.payloadEncoding === 'text') {
    return h('div', {}, h('p', { class: 'muted' }, 'Text' + type), h('pre', { id: 'payload' }, job.payload || ''));
  }
  return h('div', {}, h('p', { class: 'muted' }, 'JSON' + type), h('pre', { id: 'payload' }, JSON.stringify(job.payload, null, 2)));
}

function attemptsView(job) {
  const attempts = job.attempts || [];
  if (!attempts.length) return h('p', { class: 'muted', id: 'attempts' }, 'Not delivered yet.');
  return h('ol', { class: 'timeline', id: 'attempts' }, ...attempts.map((a) => {
    const ok = a.httpStatus != null && a.httpStatus >= 200 && a.httpStatus < 300 && !a.error;
    const ended = a.durationMs != null;
    return h('li', { class: ended ? (ok ? 'ok' : 'bad') : '' },
      h('strong', {}, 'Attempt ' + a.n), ' · ', fmtTime(new Date(a.startedAt), true),
      ' · ', ended ? fmtMs(a.durationMs) : 'running',
      a.worker ? ' · worker ' + a.worker : '',
      a.httpStatus != null ? ' · HTTP ' + a.httpStatus : '',
      a.retryAfterMs != null ? h('span', { 'data-field': 'retry-after' }, ' · Retry-After ' + fmtMs(a.retryAfterMs)) : '',
      a.error ? h('div', { class: 'message error' }, a.error) : '');
  }));
}

function deadLettersPage(name) {
  const out = h('p', { class: 'message', role: 'status', id: 'dead-message' });
  const count = h('p', { id: 'dead-count' });
  const body = h('tbody', { id: 'dead-letters' });
  const selected = new Set();
  const cursors = [''];
  let next = null;
  const retrySelected = actionButton('Retry selected', 'operate', async () => {
    if (!selected.size) return 'Select the jobs to retry first.';
    const done = await retryJobs([...selected]);
    selected.clear();
    listing.refresh();
    return done.text;
  }, out, { id: 'retry-selected', class: 'secondary' });
  const replayAll = actionButton('Replay all', 'operate', async () => {
    const queue = queueSummary(name);
    if (!await confirmDialog('Move ' + (queue ? queue.deadLetters : 'all') + ' dead letters of ' + name + ' back to the queue?', 'Replay all')) return null;
    const answer = await api('POST', '/api/queues/' + q(name) + '/dead-letters/replay', {});
    listing.refresh();
    return 'Replayed ' + answer.replayed + ' dead letter' + (answer.replayed === 1 ? '' : 's') + '.';
  }, out, { id: 'replay-all' });
  const newer = h('button', { type: 'button', class: 'secondary' }, '← Newer');
  const older = h('button', { type: 'button', class: 'secondary' }, 'Older →');
  main.append(h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Overview'), ' › ', queueLink(name), ' › dead letters'),
    h('h1', {}, 'Dead letters of ', name), count, out, h('div', { class: 'actions' }, replayAll, retrySelected),
    h('table', { class: 'cards', id: 'dead-table' },
      h('caption', {}, 'The failed jobs of the queue, newest first, with why they failed.'),
      h('thead', {}, h('tr', {}, h('th', {}, 'Select'), h('th', {}, 'Job'), h('th', {}, 'Created'), h('th', { class: 'num' }, 'Attempts'), h('th', {}, 'Reason'))),
      body), h('div', { class: 'actions' }, newer, older));
  const stopOverview = onOverview(() => {
    const queue = queueSummary(name);
    count.textContent = queue ? queue.deadLetters + ' message' + (queue.deadLetters === 1 ? '' : 's') + ' in ' + name + '.dlq' : '';
  });
  const reason = (job) => {
    const attempts = job.attempts || [];
    const last = attempts[attempts.length - 1];
    return job.error || (last && (last.error || (last.httpStatus ? 'HTTP ' + last.httpStatus : ''))) || '';
  };
  const render = (page) => {
    next = page.next;
    clear(body);
    if (!page.items.length) body.append(h('tr', {}, h('td', { colspan: 5 }, 'No dead letters.')));
    page.items.forEach((job) => {
      const box = h('input', { type: 'checkbox', id: 'select-' + job.id, checked: selected.has(job.id), 'aria-label': 'Select job ' + job.id });
      box.addEventListener('change', () => { if (box.checked) selected.add(job.id); else selected.delete(job.id); });
      body.append(h('tr', { 'data-job': job.id },
        h('td', { 'data-label': 'Select' }, box),
        h('td', { 'data-label': 'Job' }, jobLink(job.id)),
        h('td', { 'data-label': 'Created' }, fmtCreated(new Date(job.createdAt))),
        h('td', { class: 'num', 'data-label': 'Attempts', 'data-field': 'attempts' }, String(job.attemptCount ?? '—')),
        h('td', { 'data-label': 'Reason', 'data-field': 'reason' }, reason(job))));
    });
    newer.disabled = cursors.length === 1;
    older.disabled = !next;
  };
  const load = () => api('GET', '/api/queues/' + q(name) + '/dead-letters?limit=50' + (cursors[cursors.length - 1] ? '&cursor=' + q(cursors[cursors.length - 1]) : ''));
  let listing = poll(2000, load, render, pollMessage(out));
  const restart = () => { listing.stop(); listing = poll(2000, load, render, pollMessage(out)); };
  newer.addEventListener('click', () => { cursors.pop(); restart(); });
  older.addEventListener('click', () => { if (next) { cursors.push(next); restart(); } });
  return () => { stopOverview(); listing.stop(); };
}

async function allPages(path) {
  const items = [];
  let cursor = null;
  do {
    const page = await api('GET', path + (path.includes('?') ? '&' : '?') + 'limit=1000' + (cursor ? '&cursor=' + q(cursor) : ''));
    items.push(...page.items);
    cursor = page.next;
  } while (cursor && items.length < 5000);
  return items;
}

function topicsPage() {
  const list = h('div', { id: 'topics' }, h('p', { class: 'muted' }, 'Loading…'));
  main.append(h('h1', {}, 'Topics'), h('p', { class: 'muted' }, 'A topic is a fanout exchange; each subscriber has its own queue.'), list);
  allPages('/api/topics').then(async (topics) => {
    clear(list);
    if (!topics.length) list.append(h('p', {}, 'No topics.'));
    for (const topic of topics) {
      const subscribers = await allPages('/api/topics/' + q(topic.name) + '/subscribers').catch(() => []);
      list.append(h('section', { class: 'panel', 'data-topic': topic.name }, h('h2', {}, topic.name),
        subscribers.length ? h('table', { class: 'cards' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Subscriber'), h('th', {}, 'Queue'), h('th', { class: 'num' }, 'Waiting'))),
          h('tbody', {}, ...subscribers.map((s) => h('tr', {}, h('td', { 'data-label': 'Subscriber' }, s.id),
            h('td', { 'data-label': 'Queue' }, queueLink(s.queue)), h('td', { class: 'num', 'data-label': 'Waiting' }, String(s.messages))))))
          : h('p', { class: 'muted' }, 'No subscribers.')));
    }
  }).catch((e) => { clear(list); list.append(h('p', { class: 'message error' }, e.message)); });
}

function exchangesPage() {
  const list = h('div', { id: 'exchanges' }, h('p', { class: 'muted' }, 'Loading…'));
  main.append(h('h1', {}, 'Exchanges'), h('p', { class: 'muted' }, 'Open an exchange to see the queues bound to it.'), list);
  allPages('/api/exchanges').then((exchanges) => {
    clear(list);
    exchanges.filter((e) => e.name).forEach((exchange) => {
      const bindings = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
      const details = h('details', { 'data-exchange': exchange.name },
        h('summary', {}, exchange.name + ' · ' + exchange.type + (exchange.durable ? '' : ' · transient')), bindings);
      details.addEventListener('toggle', () => {
        if (!details.open || details.dataset.loaded) return;
        details.dataset.loaded = 'yes';
        allPages('/api/exchanges/' + q(exchange.name) + '/bindings').then((found) => {
          clear(bindings);
          bindings.append(found.length ? h('table', { class: 'cards' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Queue'), h('th', {}, 'Routing key'), h('th', {}, 'Arguments'))),
            h('tbody', {}, ...found.map((b) => h('tr', {}, h('td', { 'data-label': 'Queue' }, queueLink(b.queue)),
              h('td', { 'data-label': 'Routing key' }, b.routingKey || '(empty)'),
              h('td', { 'data-label': 'Arguments' }, b.arguments && Object.keys(b.arguments).length ? JSON.stringify(b.arguments) : '')))))
            : h('p', { class: 'muted' }, 'No queue is bound.'));
        }).catch((e) => { clear(bindings); bindings.append(h('p', { class: 'message error' }, e.message)); });
      });
      list.append(details);
    });
  }).catch((e) => { clear(list); list.append(h('p', { class: 'message error' }, e.message)); });
}

function workerTypesPage() {
  const list = h('div', { id: 'worker-types' }, h('p', { class: 'muted' }, 'Loading…'));
  main.append(h('h1', {}, 'Worker types'), h('p', { class: 'muted' }, 'The worker types found in routes/; a file that does not load shows why.'), list);
  api('GET', '/api/worker-types').then((types) => {
    clear(list);
    list.append(h('table', { class: 'cards' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Type'), h('th', {}, 'File'), h('th', {}, 'Parameters'), h('th', {}, 'Load error'))),
      h('tbody', {}, ...types.map((t) => h('tr', { 'data-type': t.name },
        h('td', { 'data-label': 'Type' }, t.name), h('td', { 'data-label': 'File' }, t.file),
        h('td', { 'data-label': 'Parameters' }, (t.parameters || []).map((p) => p.name + (p.required ? ' (required)' : '')
          + (p.default != null ? ' = ' + p.default : '')).join(', ') || '—'),
        h('td', { 'data-label': 'Load error', class: t.error ? 'lagging' : '' }, t.error || '—'))))));
  }).catch((e) => { clear(list); list.append(h('p', { class: 'message error' }, e.message)); });
}

function schedulesPage() {
  const out = h('p', { class: 'message', role: 'status', id: 'schedules-message' });
  const body = h('tbody', { id: 'schedules' });
  main.append(h('h1', {}, 'Schedules'),
    h('p', { class: 'muted' }, 'Recurring publishes: each run is a tracked job on its queue. Times are shown in this browser\'s time zone.'), out,
    h('table', { class: 'cards', id: 'schedules-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Schedule'), h('th', {}, 'Cron'), h('th', {}, 'Queue'), h('th', {}, 'State'),
        h('th', {}, 'Next run'), h('th', {}, 'Last run'), h('th', { class: 'num' }, 'Runs'), h('th', {}, 'Last error'),
        h('th', {}, 'Actions'))),
      body));
  const act = (schedule, verb, label) => actionButton(label, 'operate', async () => {
    await api('POST', '/api/schedules/' + q(schedule.name) + '/' + verb);
    listing.refresh();
    return label + ': ' + schedule.name;
  }, out, { class: 'secondary', 'data-action': verb });
  const remove = (schedule) => actionButton('Delete', 'operate', async () => {
    if (!await confirmDialog('Delete the schedule ' + schedule.name + '? Its runs stop; jobs it published stay.', 'Delete')) return '';
    await api('DELETE', '/api/schedules/' + q(schedule.name));
    listing.refresh();
    return 'Deleted ' + schedule.name;
  }, out, { class: 'danger', 'data-action': 'delete' });
  const render = (schedules) => {
    clear(body);
    if (!schedules.length) body.append(h('tr', {}, h('td', { colspan: 9 }, 'No schedules. Define one with PUT /api/schedules/{name}.')));
    schedules.forEach((s) => body.append(h('tr', { 'data-schedule': s.name },
      h('td', { 'data-label': 'Schedule' }, s.name),
      h('td', { 'data-label': 'Cron' }, s.cron + (s.timeZone ? ' (' + s.timeZone + ')' : '')),
      h('td', { 'data-label': 'Queue' }, queueLink(s.queue)),
      h('td', { 'data-label': 'State', 'data-field': 'state' }, h('span', { class: 'status ' + (s.state === 'active' ? 'finished' : 'cancelled') }, s.state)),
      h('td', { 'data-label': 'Next run', 'data-field': 'next' }, s.nextRunAt ? fmtTime(new Date(s.nextRunAt), true) : '—'),
      h('td', { 'data-label': 'Last run' }, s.lastRunAt ? fmtTime(new Date(s.lastRunAt), true) : '—',
        ...(s.lastJobIds || []).slice(0, 3).map((id) => h('span', {}, ' ', jobLink(id)))),
      h('td', { class: 'num', 'data-label': 'Runs', 'data-field': 'runs' }, String(s.runs)),
      h('td', { 'data-label': 'Last error', 'data-field': 'error', class: s.lastError ? 'lagging' : '' }, s.lastError || '—'),
      h('td', { 'data-label': 'Actions', class: 'actions' },
        s.state === 'active' ? act(s, 'pause', 'Pause') : act(s, 'resume', 'Resume'), act(s, 'run', 'Run now'), remove(s)))));
  };
  const listing = poll(2000, () => allPages('/api/schedules'), render, pollMessage(out));
  return () => listing.stop();
}

function kafkaPage() {
  const out = h('p', { class: 'message', role: 'status', id: 'kafka-message' });
  const body = h('tbody', { id: 'kafka-topics' });
  main.append(h('h1', {}, 'Kafka'),
    h('p', { class: 'muted' }, 'The topics of the Kafka cluster warren works with. Open a topic for its offsets, the lag of its consumer groups and its worker group.'),
    out,
    h('table', { class: 'cards', id: 'kafka-table' },
      h('caption', {}, 'Kafka topics by name; the list updates by itself.'),
      h('thead', {}, h('tr', {}, h('th', {}, 'Topic'), h('th', { class: 'num' }, 'Partitions'), h('th', { class: 'num' }, 'Replication'),
        h('th', {}, 'Jobs'))),
      body));
  const render = (topics) => {
    clear(body);
    if (!topics.length) body.append(h('tr', {}, h('td', { colspan: 4 }, 'No topics. Create one with PUT /api/kafka/topics/{topic}.')));
    topics.forEach((t) => body.append(h('tr', { 'data-topic': t.name },
      h('td', { 'data-label': 'Topic' }, h('a', { href: '#/kafka/' + q(t.name) }, t.name)),
      h('td', { class: 'num', 'data-label': 'Partitions' }, String(t.partitionCount)),
      h('td', { class: 'num', 'data-label': 'Replication' }, String(t.replicationFactor)),
      h('td', { 'data-label': 'Jobs' }, h('a', { href: '#/jobs?queue=' + q(KAFKA_QUEUE + t.name) }, 'jobs')))));
  };
  const listing = poll(5000, () => allPages('/api/kafka/topics'), render, pollMessage(out));
  return () => listing.stop();
}

function kafkaTopicPage(topic) {
  const base = '/api/kafka/topics/' + q(topic);
  const out = h('p', { class: 'message', role: 'status', id: 'kafka-topic-message' });
  const facts = h('dl', { class: 'facts', id: 'kafka-facts' }, h('dt', {}, 'Loading'), h('dd', {}, '…'));
  const partitions = h('tbody', { id: 'kafka-partitions' });
  const lags = h('tbody', { id: 'kafka-lags' });
  const group = h('div', { id: 'kafka-group' });
  const controls = h('div', { id: 'kafka-group-controls' });
  let workers = null;
  let controlsShown = false;
  main.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/kafka' }, 'Kafka'), ' › topic'),
    h('h1', {}, 'Kafka topic ', h('span', { id: 'kafka-topic-name' }, topic)),
    h('p', {}, h('a', { href: '#/jobs?queue=' + q(KAFKA_QUEUE + topic), id: 'kafka-jobs' }, 'Jobs of this topic\'s worker group'), ' · ',
      h('a', { href: '#/kafka/' + q(topic + '.dlt') }, 'Its dead-letter topic')),
    out,
    h('section', { class: 'panel' }, h('h2', {}, 'Topic'), facts),
    h('section', { class: 'panel' }, h('h2', {}, 'Partitions'),
      h('table', { class: 'cards', id: 'kafka-partition-table' },
        h('caption', {}, 'Each partition\'s leader, in-sync replicas of its replicas, and its first and end offsets (the end is the next offset to be written).'),
        h('thead', {}, h('tr', {}, h('th', {}, 'Partition'), h('th', {}, 'Leader'), h('th', {}, 'In sync'),
          h('th', { class: 'num' }, 'First offset'), h('th', { class: 'num' }, 'End offset'))),
        partitions)),
    h('section', { class: 'panel' }, h('h2', {}, 'Consumer groups'),
      h('table', { class: 'cards', id: 'kafka-lag-table' },
        h('caption', {}, 'Every consumer group that committed offsets on the topic, and how far behind the end it is.'),
        h('thead', {}, h('tr', {}, h('th', {}, 'Group'), h('th', { class: 'num' }, 'Lag'), h('th', {}, 'By partition'))),
        lags)),
    h('section', { class: 'panel', 'aria-labelledby': 'kafka-group-title' }, h('h2', { id: 'kafka-group-title' }, 'Worker group'), controls, group),
    kafkaPublishPanel(topic, () => view.refresh()));

  const render = (t) => {
    clear(facts);
    facts.append(
      h('dt', {}, 'Partitions'), h('dd', { 'data-field': 'partitions' }, String(t.partitionCount)),
      h('dt', {}, 'Replication factor'), h('dd', {}, String(t.replicationFactor)),
      h('dt', {}, 'Retention'), h('dd', {}, t.retentionMs == null ? 'the cluster\'s default' : t.retentionMs < 0 ? 'forever' : fmtMs(t.retentionMs)),
      h('dt', {}, 'Messages'), h('dd', { 'data-field': 'messages' }, String(t.partitions.reduce((sum, p) => sum + p.endOffset - p.startOffset, 0))));
    clear(partitions);
    t.partitions.forEach((p) => partitions.append(h('tr', { 'data-partition': p.partition },
      h('td', { 'data-label': 'Partition' }, String(p.partition)),
      h('td', { 'data-label': 'Leader' }, p.leader == null ? 'none' : String(p.leader)),
      h('td', { 'data-label': 'In sync' }, p.inSync.length + ' of ' + p.replicas.length),
      h('td', { class: 'num', 'data-label': 'First offset' }, String(p.startOffset)),
      h('td', { class: 'num', 'data-label': 'End offset', 'data-field': 'end' }, String(p.endOffset)))));
    clear(lags);
    if (!t.consumerGroups.length) lags.append(h('tr', {}, h('td', { colspan: 3 }, 'No consumer group committed offsets on this topic.')));
    t.consumerGroups.forEach((g) => lags.append(h('tr', { 'data-group': g.group },
      h('td', { 'data-label': 'Group' }, g.group),
      h('td', { 'data-label': 'Lag', 'data-field': 'lag', class: g.lag > 0 ? 'num lagging' : 'num' }, String(g.lag)),
      h('td', { 'data-label': 'By partition' }, g.partitions.map((p) => p.partition + ': ' + p.lag + ' (at ' + p.committedOffset + ')').join(', ')))));
    renderGroup(t.workers);
  };

  const renderGroup = (w) => {
    workers = w;
    clear(group);
    if (!w) {
      controlsShown = false;
      clear(controls);
      group.append(h('p', { id: 'no-group' }, 'This topic has no worker group. Start one with PUT ' + base + '/workers.'));
      return;
    }
    if (!controlsShown) {
      controlsShown = true;
      controls.append(groupControls(base + '/workers', topic, out, () => workers, () => view.refresh()));
    }
    const target = w.target;
    group.append(h('dl', { class: 'facts' },
      h('dt', {}, 'State'), h('dd', { 'data-field': 'state', class: 'state-' + w.state }, w.state),
      h('dt', {}, 'Consumers'), h('dd', { 'data-field': 'consumers' }, w.consumers + ' running of ' + w.count
        + ' (' + w.partitions + ' partition' + (w.partitions === 1 ? '' : 's') + ')'),
      ...(w.note ? [h('dt', {}, 'Note'), h('dd', { class: 'lagging' }, w.note)] : []),
      h('dt', {}, 'Consumer group'), h('dd', {}, w.consumerGroup),
      ...(target ? [h('dt', {}, 'Target'), h('dd', { 'data-field': 'target' }, (target.method || 'POST') + ' ' + target.url
        + (target.timeoutMs ? ' · timeout ' + fmtMs(target.timeoutMs) : ''))] : []),
      ...(w.retry ? [h('dt', {}, 'Retry'), h('dd', {}, w.retry.maxAttempts + ' attempts, backoff ' + fmtMs(w.retry.backoffMs)
        + ' ×' + w.retry.backoffMultiplier + ' up to ' + fmtMs(w.retry.maxBackoffMs))] : []),
      h('dt', {}, 'Dead letters to'), h('dd', {}, h('a', { href: '#/kafka/' + q(w.deadLetterTopic) }, w.deadLetterTopic)),
      h('dt', {}, 'Messages'), h('dd', { 'data-field': 'processed' }, w.processed + ' processed: ' + w.succeeded + ' succeeded, '
        + w.failed + ' failed, ' + w.retried + ' retried (on this instance since it started)')));
  };

  const view = poll(2000, () => api('GET', base), render, pollMessage(out));
  return () => view.stop();
}

function kafkaPublishPanel(topic, refresh) {
  return publishPanelOf('Publish a message', { form: 'kafka-publish-form', payload: 'kafka-payload', button: 'kafka-publish', result: 'kafka-publish-result' },
    [{ id: 'kafka-key', label: 'Key (optional: one key, one partition)', field: 'key' }, { id: 'kafka-id', label: 'Id (optional)', field: 'id' }],
    (body) => api('POST', '/api/kafka/topics/' + q(topic) + '/messages', body),
    (answer) => {
      const written = answer.messages[0];
      refresh();
      return ['Published ', h('span', { 'data-field': 'id' }, written.id), ' to partition ' + written.partition + ' at offset '
        + written.offset + ', acknowledged by the cluster. Its job: ', jobLink(written.id), ' (once a worker group takes it).'];
    });
}

// a caller chooses the path and target: a long one takes a few lines, whole in its tooltip
const clamped = (text) => h('span', { class: 'clamp', title: text }, text);

function auditPage() {
  const out = h('p', { class: 'message', role: 'status', id: 'audit-message' });
  const body = h('tbody', { id: 'audit' });
  const cursors = [''];
  let next = null;
  const newer = h('button', { type: 'button', class: 'secondary', id: 'audit-newer' }, '← Newer');
  const older = h('button', { type: 'button', class: 'secondary', id: 'audit-older' }, 'Older →');
  main.append(h('h1', {}, 'Audit log'),
    h('p', { class: 'muted' }, 'Every request that changed something (or tried to), newest first: who, what and how it ended.'), out,
    h('table', { class: 'cards', id: 'audit-table' },
      h('caption', {}, 'State-changing requests, newest first; the list updates by itself.'),
      h('thead', {}, h('tr', {}, h('th', {}, 'When'), h('th', {}, 'Key'), h('th', {}, 'Request'), h('th', {}, 'Target'),
        h('th', { class: 'num' }, 'HTTP'), h('th', {}, 'Outcome'))),
      body), h('div', { class: 'actions' }, newer, older));
  if (!can('admin')) {
    message(out, roleNote('admin'), false);
    newer.disabled = true;
    older.disabled = true;
    return () => {};
  }
  const render = (page) => {
    next = page.next;
    clear(body);
    if (!page.items.length) body.append(h('tr', {}, h('td', { colspan: 6 }, 'Nothing audited yet.')));
    page.items.forEach((entry) => body.append(h('tr', {},
      h('td', { 'data-label': 'When' }, fmtTime(new Date(entry.at), true)),
      h('td', { 'data-label': 'Key' }, entry.keyName ? [h('bdi', {}, entry.keyName), ' (', h('bdi', {}, entry.keyId), ')'] : 'no valid key'),
      h('td', { 'data-label': 'Request', 'data-field': 'request' }, clamped(entry.method + ' ' + entry.path)),
      h('td', { 'data-label': 'Target' }, entry.target ? clamped(entry.target) : '—'),
      h('td', { class: 'num', 'data-label': 'HTTP' }, String(entry.status)),
      h('td', { 'data-label': 'Outcome' }, h('span', { class: 'status ' + (entry.outcome === 'ok' ? 'finished' : 'failed') }, entry.outcome)))));
    newer.disabled = cursors.length === 1;
    older.disabled = !next;
  };
  const load = () => api('GET', '/api/audit?limit=50' + (cursors[cursors.length - 1] ? '&before=' + q(cursors[cursors.length - 1]) : ''));
  let listing = poll(2000, load, render, pollMessage(out));
  const restart = () => { listing.stop(); listing = poll(2000, load, render, pollMessage(out)); };
  newer.addEventListener('click', () => { cursors.pop(); restart(); });
  older.addEventListener('click', () => { if (next) { cursors.push(next); restart(); } });
  return () => listing.stop();
}

// ---------------------------------------------------------------- routing

const ROUTES = [
  [/^\/?$/, () => overviewPage(), '#/'],
  [/^\/queues\/([^/]+)\/dead-letters$/, (m) => deadLettersPage(decodeURIComponent(m[1])), '#/'],
  [/^\/queues\/([^/]+)$/, (m) => queuePage(decodeURIComponent(m[1])), '#/'],
  [/^\/jobs$/, (m, params) => jobsPage(params), '#/jobs'],
  [/^\/jobs\/(.+)$/, (m) => jobPage(decodeURIComponent(m[1])), '#/jobs'],
  [/^\/topics$/, () => topicsPage(), '#/topics'],
  [/^\/exchanges$/, () => exchangesPage(), '#/exchanges'],
  [/^\/worker-types$/, () => workerTypesPage(), '#/worker-types'],
  [/^\/schedules$/, () => schedulesPage(), '#/schedules'],
  [/^\/kafka$/, () => kafkaPage(), '#/kafka'],
  [/^\/kafka\/([^/]+)$/, (m) => kafkaTopicPage(decodeURIComponent(m[1])), '#/kafka'],
  [/^\/audit$/, () => auditPage(), '#/audit'],
];

function route() {
  if (!me) return;
  const hash = location.hash.startsWith('#/') ? location.hash : '#/';
  const [path, search] = hash.slice(1).split('?');
  leavePage();
  leavePage = () => {};
  clear(main);
  document.querySelectorAll('.top nav a').forEach((a) => a.removeAttribute('aria-current'));
  for (const [pattern, page, nav] of ROUTES) {
    const match = path.match(pattern);
    if (match) {
      let leave;
      try {
        leave = page(match, new URLSearchParams(search || ''));
      } catch (e) {
        // a hash such as #/queues/a%zz names no page: decodeURIComponent refuses it before the page shows anything
        if (!(e instanceof URIError)) throw e;
        notFound('The address ' + path + ' is not a valid dashboard address. ');
        return;
      }
      const link = document.querySelector('.top nav a[href="' + nav + '"]');
      if (link) link.setAttribute('aria-current', 'page');
      if (typeof leave === 'function') leavePage = leave;
      document.title = (main.querySelector('h1') ? main.querySelector('h1').textContent + ' · ' : '') + 'warren';
      return;
    }
  }
  notFound('The dashboard has no page ' + path + '. ');
}

function notFound(text) {
  clear(main);
  main.append(h('h1', {}, 'Not found'), h('p', {}, text), h('a', { href: '#/' }, 'Back to the overview'));
}

async function start() {
  window.addEventListener('hashchange', route);
  // the skip link moves focus without changing the hash the pages live in
  document.querySelector('.skip').addEventListener('click', (event) => { event.preventDefault(); main.focus(); });
  setInterval(pollOverview, 1000);
  for (;;) {
    try {
      me = await whoami();
      break;
    } catch (e) {
      if (e.status === 401) {
        const hadKey = !!sessionStorage.getItem(KEY_STORAGE);
        sessionStorage.removeItem(KEY_STORAGE);
        showSignIn(hadKey ? KEY_REFUSED : '');
        return;
      }
      clear(main);
      main.append(h('h1', {}, 'warren'), h('p', { class: 'message error' }, e.message + ' Trying again…'));
      await when(2000);
    }
  }
  renderWho();
  route();
  pollOverview();
}

start();
