// calendar.js - the working calendar: a year's twelve months with working
// days, weekends, public holidays (休), make-up working days (班) and local
// closures (闭) marked, from GET /api/v1/calendar/years[/{year}]; for the
// system administrator (capability calendar.admin) forms to declare or
// remove a district-wide closure (POST/DELETE /api/v1/calendar/closures) and
// to import a year's notice as JSON in the format of data/cn-holidays.json
// (PUT /api/v1/calendar/years/{year}, one request per year). The year shown
// lives in the URL (?year=2026).

import { t, getLang } from './i18n.js';
import { api, errorMessage, ApiError } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';

const KINDS = ['workday', 'weekend', 'holiday', 'makeup', 'closure'];
const el = (id) => document.getElementById(id);

let me = null;
let years = []; // [{year, source, holidays, workdays}] ascending
let year = null; // the year shown
let shown = null; // {year, source, holidays: Set, workdays: Set, closures: [...], counts}
let loadError = null;
let status = null; // () => text, re-translated on a language change
const siteNames = new Map(); // site id -> {name, name_en}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Today on the wall calendar of Asia/Shanghai (UTC+8, no DST). */
function shanghaiToday() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

function ymd(y, m, d) {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** ISO weekday of a date string: 1 Monday ... 7 Sunday (UTC arithmetic, no TZ). */
function weekday(ds) {
  const [y, m, d] = ds.split('-').map(Number);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

function isRealDate(ds) {
  if (!DATE_RE.test(ds)) return false;
  const [y, m, d] = ds.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return y >= 1 && dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

function kindOf(ds) {
  if (shown.closureDates.has(ds)) return 'closure';
  if (shown.holidays.has(ds)) return 'holiday';
  if (shown.workdays.has(ds)) return 'makeup';
  return weekday(ds) >= 6 ? 'weekend' : 'workday';
}

function readYear() {
  const q = Number.parseInt(new URLSearchParams(window.location.search).get('year') ?? '', 10);
  return Number.isInteger(q) ? q : null;
}

function chooseYear(wanted) {
  const list = years.map((y) => y.year);
  if (!list.length) return null;
  if (wanted && list.includes(wanted)) return wanted;
  const now = Number(shanghaiToday().slice(0, 4));
  return list.includes(now) ? now : list[list.length - 1];
}

// ---- loading ----

async function loadYears() {
  years = (await api('/api/v1/calendar/years')).items ?? [];
}

/** The shown year, with the dates of its neighbours' notices (a notice may
 * list a date of the year before or after, e.g. 2022-12-31 in 2023's). */
async function loadYear(y) {
  const known = new Set(years.map((x) => x.year));
  const wanted = [y - 1, y, y + 1].filter((x) => known.has(x));
  const docs = await Promise.all(wanted.map((x) => api(`/api/v1/calendar/years/${x}`)));
  const main = docs[wanted.indexOf(y)];
  const holidays = new Set();
  const workdays = new Set();
  for (const d of docs) {
    for (const x of d.holidays) holidays.add(x);
    for (const x of d.workdays) workdays.add(x);
  }
  const closures = main.closures ?? [];
  await Promise.all(
    [...new Set(closures.filter((c) => c.site_id).map((c) => c.site_id))]
      .filter((id) => !siteNames.has(id))
      .map((id) =>
        api(`/api/v1/sites/${id}`).then(
          (s) => siteNames.set(id, s),
          () => null,
        ),
      ),
  );
  shown = {
    year: y,
    source: main.source,
    holidays,
    workdays,
    closures,
    closureDates: new Set(closures.filter((c) => !c.site_id).map((c) => c.date)),
    counts: {
      holidays: main.holidays.filter((x) => x.startsWith(`${y}-`)).length,
      workdays: main.workdays.filter((x) => x.startsWith(`${y}-`)).length,
    },
  };
}

async function load(wanted) {
  loadError = null;
  try {
    await loadYears();
    year = chooseYear(wanted ?? year);
    if (year !== null) await loadYear(year);
    else shown = null;
  } catch (err) {
    loadError = err;
  }
  const url = year ? `/calendar?year=${year}` : '/calendar';
  window.history.replaceState(null, '', url);
  render();
}

// ---- rendering ----

function renderToolbar() {
  const select = el('year-select');
  select.replaceChildren(...years.map((y) => h('option', { value: y.year, selected: y.year === year }, String(y.year))));
  const i = years.findIndex((y) => y.year === year);
  el('year-prev').disabled = i <= 0;
  el('year-next').disabled = i < 0 || i >= years.length - 1;
  select.disabled = years.length === 0;
  el('cal-source').textContent = shown ? t('cal.source', { source: shown.source || '—' }) : years.length ? '' : t('cal.none');
  el('cal-counts').textContent = shown ? t('cal.counts', shown.counts) : '';
  el('cal-legend').replaceChildren(
    ...KINDS.map((k) =>
      h(
        'li',
        { 'data-kind': k },
        h('span', { class: `swatch k-${k}`, 'aria-hidden': 'true' }, k === 'workday' || k === 'weekend' ? '1' : t(`cal.mark.${k}`)),
        t(`cal.kind.${k}`),
      ),
    ),
    h('li', { 'data-kind': 'today' }, h('span', { class: 'swatch k-today', 'aria-hidden': 'true' }, '1'), t('cal.kind.today')),
  );
}

function monthName(m) {
  if (getLang() !== 'en') return String(m);
  return new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, m - 1, 1)));
}

function dayCell(ds, today) {
  const kind = kindOf(ds);
  const closure = kind === 'closure' ? shown.closures.find((c) => c.date === ds && !c.site_id) : null;
  const label = closure ? `${t('cal.kind.closure')}: ${closure.reason}` : t(`cal.kind.${kind}`);
  const marked = kind === 'holiday' || kind === 'makeup' || kind === 'closure';
  return h(
    'td',
    {
      class: `day k-${kind}`,
      'data-date': ds,
      'data-kind': kind,
      'aria-current': ds === today ? 'date' : null,
      title: closure ? closure.reason : null,
    },
    h('span', { class: 'd' }, String(Number(ds.slice(8)))),
    marked ? h('span', { class: 'm', 'aria-hidden': 'true' }, t(`cal.mark.${kind}`)) : null,
    h('span', { class: 'visually-hidden' }, ds === today ? `${label}, ${t('cal.kind.today')}` : label),
  );
}

function monthTable(y, m, today) {
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const first = weekday(ymd(y, m, 1));
  const rows = [];
  let cells = [];
  for (let i = 1; i < first; i++) cells.push(h('td', { class: 'pad' }));
  for (let d = 1; d <= days; d++) {
    cells.push(dayCell(ymd(y, m, d), today));
    if (cells.length === 7) {
      rows.push(h('tr', {}, cells));
      cells = [];
    }
  }
  if (cells.length) {
    while (cells.length < 7) cells.push(h('td', { class: 'pad' }));
    rows.push(h('tr', {}, cells));
  }
  return h(
    'table',
    { class: 'cal-month', 'data-month': m },
    h('caption', {}, t('cal.month', { year: y, month: monthName(m) })),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        [1, 2, 3, 4, 5, 6, 7].map((w) =>
          h('th', { scope: 'col' }, h('span', { 'aria-hidden': 'true' }, t(`cal.wd.${w}`)), h('span', { class: 'visually-hidden' }, t(`cal.wdl.${w}`))),
        ),
      ),
    ),
    h('tbody', {}, rows),
  );
}

function renderMonths() {
  const box = el('months');
  el('months-h').textContent = year ? t('cal.months', { year }) : t('cal.title');
  if (loadError) {
    box.replaceChildren();
    el('cal-error').textContent = errorMessage(loadError);
    return;
  }
  el('cal-error').textContent = '';
  if (!shown) {
    box.replaceChildren(h('p', { class: 'empty' }, t('cal.none')));
    return;
  }
  const today = shanghaiToday();
  box.replaceChildren(...Array.from({ length: 12 }, (_, i) => monthTable(shown.year, i + 1, today)));
}

function whereName(c) {
  if (!c.site_id) return t('cal.where.district');
  const s = siteNames.get(c.site_id);
  if (!s) return t('cal.where.site', { id: c.site_id });
  return (getLang() === 'en' ? s.name_en : s.name) || s.name;
}

function isAdmin() {
  return Boolean(me?.capabilities?.includes('calendar.admin'));
}

function renderClosures() {
  const box = el('closure-list');
  if (!shown) {
    box.replaceChildren();
    return;
  }
  if (!shown.closures.length) {
    box.replaceChildren(h('p', { class: 'empty' }, t('cal.closures.none')));
    return;
  }
  const admin = isAdmin();
  const cols = ['date', 'where', 'reason', ...(admin ? ['action'] : [])];
  box.replaceChildren(
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'data-table', 'aria-labelledby': 'closures-h' },
        h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, t(`cal.col.${c}`))))),
        h(
          'tbody',
          {},
          shown.closures.map((c) =>
            h(
              'tr',
              { 'data-closure': c.date, 'data-site': c.site_id ?? '' },
              h('th', { scope: 'row' }, c.date),
              h('td', {}, whereName(c)),
              h('td', {}, c.reason),
              admin
                ? h(
                    'td',
                    {},
                    h(
                      'button',
                      { type: 'button', class: 'btn btn-secondary', onclick: (ev) => reopen(ev, c) },
                      t('cal.reopen'),
                      h('span', { class: 'visually-hidden' }, ` ${c.date}`),
                    ),
                  )
                : null,
            ),
          ),
        ),
      ),
    ),
  );
}

function renderStatus() {
  el('cal-status').textContent = status ? status() : '';
}

function render() {
  renderToolbar();
  renderMonths();
  renderClosures();
  renderStatus();
  el('cal-admin').hidden = !isAdmin();
}

// ---- the administrator's changes ----

function problemText(err, fallback) {
  if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return t('cal.err.denied');
  if (err instanceof ApiError && err.problem?.detail && (err.status === 409 || err.status === 422 || err.status === 404))
    return fallback ? fallback(err.problem) : t('cal.err.refused', { detail: err.problem.detail });
  return errorMessage(err);
}

async function reopen(ev, c) {
  const btn = ev.currentTarget;
  btn.disabled = true;
  try {
    const q = c.site_id ? `?site_id=${c.site_id}` : '';
    await api(`/api/v1/calendar/closures/${c.date}${q}`, { method: 'DELETE' });
    status = () => t('cal.reopen.done', { date: c.date });
    await load(year);
  } catch (err) {
    btn.disabled = false;
    el('cal-error').textContent = problemText(err);
  }
}

async function onClose(ev) {
  ev.preventDefault();
  const date = el('closure-date');
  const reason = el('closure-reason');
  const box = el('closure-error');
  const btn = el('closure-submit');
  date.removeAttribute('aria-invalid');
  reason.removeAttribute('aria-invalid');
  box.textContent = '';
  const ds = date.value.trim();
  const rs = reason.value.trim();
  if (!isRealDate(ds)) {
    date.setAttribute('aria-invalid', 'true');
    box.textContent = t('cal.err.baddate');
    date.focus();
    return;
  }
  if (!rs || new TextEncoder().encode(rs).length > 256) {
    reason.setAttribute('aria-invalid', 'true');
    box.textContent = t('cal.err.reason');
    reason.focus();
    return;
  }
  btn.disabled = true;
  btn.textContent = t('cal.busy');
  try {
    await api('/api/v1/calendar/closures', { method: 'POST', body: { date: ds, reason: rs } });
    status = () => t('cal.close.done', { date: ds });
    reason.value = '';
    await load(Number(ds.slice(0, 4)));
  } catch (err) {
    box.textContent = problemText(err, (p) =>
      p.field === 'date' && err.status === 409 ? t('cal.err.closed') : p.field === 'reason' ? t('cal.err.reason') : t('cal.err.refused', { detail: p.detail }),
    );
    if (err instanceof ApiError && err.problem?.field === 'reason') reason.setAttribute('aria-invalid', 'true');
    else if (err instanceof ApiError && err.problem?.field === 'date') date.setAttribute('aria-invalid', 'true');
  } finally {
    btn.disabled = false;
    btn.textContent = t('cal.close.submit');
  }
}

/** The years of a document in the data/cn-holidays.json format, checked
 * before anything is sent: [{year, source, holidays, workdays}]. Throws a
 * message. */
function parseImport(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw t('cal.err.json', { detail: err.message });
  }
  const ys = doc?.years;
  if (!ys || typeof ys !== 'object' || Array.isArray(ys) || !Object.keys(ys).length) throw t('cal.err.shape');
  const out = [];
  for (const [key, y] of Object.entries(ys)) {
    if (!/^\d{4}$/.test(key) || !y || typeof y !== 'object') throw t('cal.err.shape');
    for (const list of ['holidays', 'workdays']) {
      const v = y[list] ?? [];
      if (!Array.isArray(v)) throw t('cal.err.shape');
      for (const d of v) if (typeof d !== 'string' || !isRealDate(d)) throw t('cal.err.date', { year: key, date: String(d) });
    }
    out.push({ year: Number(key), source: typeof y.source === 'string' ? y.source : '', holidays: y.holidays ?? [], workdays: y.workdays ?? [] });
  }
  return out.sort((a, b) => a.year - b.year);
}

async function onImport(ev) {
  ev.preventDefault();
  const area = el('import-json');
  const box = el('import-error');
  const btn = el('import-submit');
  area.removeAttribute('aria-invalid');
  box.textContent = '';
  let list;
  try {
    list = parseImport(area.value);
  } catch (msg) {
    area.setAttribute('aria-invalid', 'true');
    box.textContent = String(msg);
    area.focus();
    return;
  }
  btn.disabled = true;
  btn.textContent = t('cal.busy');
  const done = [];
  try {
    for (const y of list) {
      const existed = years.some((x) => x.year === y.year);
      await api(`/api/v1/calendar/years/${y.year}`, {
        method: 'PUT',
        body: { source: y.source, holidays: y.holidays.join(','), workdays: y.workdays.join(',') },
      });
      done.push({ year: y.year, existed });
    }
  } catch (err) {
    const failed = list[done.length].year;
    area.setAttribute('aria-invalid', 'true');
    box.textContent = done.length
      ? t('cal.err.partial', { done: done.map((d) => d.year).join(', '), year: failed, detail: err.problem?.detail ?? errorMessage(err) })
      : problemText(err);
  } finally {
    btn.disabled = false;
    btn.textContent = t('cal.import.submit');
  }
  if (done.length) {
    status = () =>
      t('cal.import.done', {
        years: done.map((d) => t(d.existed ? 'cal.import.replaced' : 'cal.import.added', { year: d.year })).join(getLang() === 'en' ? ', ' : '、'),
      });
    if (!box.textContent) area.value = '';
    await load(done[0].year);
  }
}

// ---- events ----

el('year-select').addEventListener('change', (ev) => {
  status = null;
  load(Number(ev.currentTarget.value));
});
function step(delta) {
  return async (ev) => {
    const btn = ev.currentTarget;
    const i = years.findIndex((y) => y.year === year);
    const next = years[i + delta];
    if (!next) return;
    status = null;
    await load(next.year);
    // keep the keyboard on the page when the pressed button is now disabled
    if (btn.disabled) el('year-select').focus();
  };
}
el('year-prev').addEventListener('click', step(-1));
el('year-next').addEventListener('click', step(1));
el('closure-form').addEventListener('submit', onClose);
el('import-form').addEventListener('submit', onImport);

async function main() {
  me = await startShell({ titleKey: 'cal.title', nav: 'calendar' });
  await load(readYear());
  onLangChange(() => render());
  ready();
}

main();
