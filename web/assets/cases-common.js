// cases-common.js - what the case pages share (/apply, /my-cases, /case,
// /case-inbox, /case-worklist): state and action labels, the countdown badge
// (colour AND words), the timeline, the form generated from an item's fields
// with checks that mirror the server's (ID number GB 11643, credit code
// GB 32100, phone, date, number), file uploads (PDF, JPEG, PNG up to 4 MiB,
// the content looked at, not the name) and the action forms a caller may use
// on a case (GET /api/v1/cases/{id} lists them in "actions"). No DOM access
// at import time.

import { t, has, pick } from './i18n.js';
import { api, ApiError, errorMessage } from './api.js';
import { h } from './shell.js';

export const UPLOAD_MAX = 4 * 1024 * 1024;
export const ACCEPT_TYPES = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

/** A POST that creates something, with an Idempotency-Key header so that a
 * retry (a double click, a lost answer) creates it once. */
export async function postOnce(path, body, key) {
  let res;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { Accept: 'application/json, application/problem+json', 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, null);
  }
  let data = null;
  if ((res.headers.get('Content-Type') || '').includes('json')) data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/** A fresh idempotency key (random, URL-safe). */
export function newKey() {
  const b = new Uint8Array(18);
  crypto.getRandomValues(b);
  return btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_');
}

// ---- labels ----

export function stateLabel(state) {
  return has(`case.state.${state}`) ? t(`case.state.${state}`) : state;
}

export function actionLabel(action) {
  return has(`case.action.${action}`) ? t(`case.action.${action}`) : action;
}

export function channelLabel(ch) {
  return has(`case.channel.${ch}`) ? t(`case.channel.${ch}`) : ch;
}

export function deliveryLabel(m) {
  return has(`case.delivery.${m}`) ? t(`case.delivery.${m}`) : m;
}

export function stateBadge(state) {
  return h('span', { class: `badge case-state case-state-${state}`, 'data-state': state }, stateLabel(state));
}

/** The item's name of a case in the current language. */
export function caseItemName(c) {
  return pick(c?.item) || c?.item?.code || '';
}

/** Unix seconds -> "2026-02-12 09:30" in China Standard Time. */
export function fmtTime(sec) {
  if (!sec) return '—';
  const d = new Date((Number(sec) + 8 * 3600) * 1000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

/** Today in China Standard Time, "YYYY-MM-DD". */
export function today() {
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}

export function fmtSize(n) {
  if (n >= 1024 * 1024) return t('case.size.mb', { n: (n / 1024 / 1024).toFixed(1) });
  if (n >= 1024) return t('case.size.kb', { n: Math.max(1, Math.round(n / 1024)) });
  return t('case.size.b', { n });
}

/** The countdown of a case as a badge: the warning colour AND the words
 * (days left, due today, overdue by n, the clock stopped, finished on time).
 * The class names the level: case-clock-green / -yellow / -red / -none. */
export function countdownBadge(c) {
  const k = c?.clock ?? {};
  let level = k.warning || 'none';
  let text;
  if (k.on_time === true) text = t('case.clock.ontime');
  else if (k.on_time === false) text = t('case.clock.late');
  else if (k.suspended) {
    level = 'none';
    text = t('case.clock.suspended');
  } else if (level === 'none' || k.days_left == null) {
    level = 'none';
    if (!k.due && k.accept_due && ['received', 'prereview', 'supplemented'].includes(c.state))
      text = t('case.clock.accept', { date: k.accept_due });
    else text = t('case.clock.none');
  } else if (k.days_left < 0) text = t('case.clock.overdue', { n: -k.days_left });
  else if (k.days_left === 0) text = t('case.clock.today');
  else if (level === 'yellow') text = t('case.clock.soon', { n: k.days_left });
  else text = t('case.clock.left', { n: k.days_left });
  return h(
    'span',
    { class: `badge case-clock case-clock-${level}`, 'data-warning': level },
    h('span', { class: 'case-clock-dot', 'aria-hidden': 'true' }),
    level !== 'none' ? h('span', { class: 'visually-hidden' }, `${t(`case.warn.${level}`)}: `) : null,
    text,
  );
}

/** The decision deadline (or the acceptance deadline before acceptance). */
export function dueText(c) {
  const k = c?.clock ?? {};
  if (k.due) return k.due;
  if (k.accept_due && ['received', 'prereview', 'supplemented'].includes(c.state))
    return t('case.due.accept', { date: k.accept_due });
  return '—';
}

// ---- the timeline ----

/** [{at, action, action_zh, from, to, actor_name, actor_role, site, window, note, due}]
 * as an ordered list: when, what, who, where, the note and the deadline. */
export function timeline(events, { id = 'case-timeline', site = null } = {}) {
  if (!events?.length) return h('p', { class: 'muted', id }, t('case.timeline.empty'));
  return h(
    'ol',
    { class: 'case-timeline', id },
    events.map((e) => {
      const where = [placeName(e.site, site), windowName(e.window)].filter(Boolean).join(' · ');
      const who = e.actor_name
        ? `${e.actor_name}${e.actor_role ? ` (${roleLabel(e.actor_role)})` : ''}`
        : t('case.timeline.system');
      const action = e.action === 'file' && e.to === 'draft' ? 'file_draft' : e.action || 'create';
      return h(
        'li',
        { 'data-action': action, 'data-to': e.to ?? '' },
        h('p', { class: 'case-tl-head' }, h('time', { class: 'case-tl-time' }, fmtTime(e.at)), ' ', h('strong', {}, actionLabel(action))),
        h(
          'p',
          { class: 'case-tl-meta' },
          t('case.timeline.who', { who }),
          where ? ` · ${t('case.timeline.where', { where })}` : '',
          e.to ? ` · ${t('case.timeline.to', { state: stateLabel(e.to) })}` : '',
          e.due ? ` · ${t('case.timeline.due', { date: e.due })}` : '',
        ),
        e.note ? h('p', { class: 'case-tl-note' }, noteText(e.note)) : null,
      );
    }),
  );
}

function roleLabel(r) {
  if (has(`role.${r}`)) return t(`role.${r}`);
  if (has(`case.role.${r}`)) return t(`case.role.${r}`);
  return r;
}

// The site of an event: a name, or the case's site when the ids match.
function placeName(x, site) {
  if (x == null) return '';
  if (typeof x === 'object') return pick(x) || x.name || '';
  if (typeof x === 'string') return x;
  if (site && site.id === x) return pick(site) || site.name || '';
  return t('case.timeline.site', { id: x });
}

function windowName(x) {
  if (x == null) return '';
  if (typeof x === 'object') return x.number ? t('case.timeline.window', { n: x.number }) : '';
  return t('case.timeline.windowid', { id: x });
}

// A note that is a notice (JSON list of {material, problem}) reads as a list.
function noteText(note) {
  if (typeof note === 'string' && note.startsWith('[')) {
    try {
      const list = JSON.parse(note);
      if (Array.isArray(list)) return list.map((x) => `${x.material}${x.problem ? `：${x.problem}` : ''}`).join('；');
    } catch {
      /* plain text */
    }
  }
  return String(note);
}

// ---- problems ----

/** A message for a failed call: the translated summary and the server's
 * detail (English) naming the field. */
export function problemText(err) {
  if (err instanceof ApiError && err.problem) {
    const p = err.problem;
    let head = errorMessage(err);
    if (err.status === 409) head = t('case.err.conflict');
    else if (err.status === 404) head = t('case.err.notfound');
    else if (err.status === 403) head = t('case.err.forbidden');
    else if (err.status === 401) head = t('case.err.signin');
    else if (err.status === 422 || err.status === 400) head = t('case.err.invalid');
    const field = p.field ? ` [${p.field}]` : '';
    return p.detail ? `${head}（${p.detail}${field}）` : head;
  }
  if (err instanceof Error && !(err instanceof ApiError)) return err.message;
  return errorMessage(err);
}

// ---- checks mirroring the server (src/core/ident.c) ----

const ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const USCC_ALPHA = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function provinceOk(p) {
  return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) || (p >= 41 && p <= 46) ||
    (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p === 71 || p === 81 || p === 82 || p === 83;
}

function realDate(y, m, d) {
  const x = new Date(Date.UTC(y, m - 1, d));
  return x.getUTCFullYear() === y && x.getUTCMonth() === m - 1 && x.getUTCDate() === d;
}

/** null when s is a valid 18-character resident ID number, else a dictionary key. */
export function checkIdNumber(s, day = today()) {
  if (/^\d{15}$/.test(s)) return 'case.check.id.legacy';
  if (s.length !== 18) return 'case.check.id.length';
  if (!/^\d{17}[\dXx]$/.test(s)) return 'case.check.id.chars';
  const p = Number(s.slice(0, 2));
  const q = Number(s.slice(1, 3));
  if (!provinceOk(p) && !(s[0] === '9' && provinceOk(q) && q < 71)) return 'case.check.id.region';
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  if (!realDate(y, m, d) || y < 1800) return 'case.check.id.birth';
  if (`${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}` > day) return 'case.check.id.birth';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * ID_W[i];
  const c = (12 - (sum % 11)) % 11;
  const want = c === 10 ? 'X' : String(c);
  return s[17].toUpperCase() === want ? null : 'case.check.id.sum';
}

/** null when s is a valid unified social credit code, else a dictionary key. */
export function checkUscc(s) {
  const u = s.toUpperCase();
  if (u.length !== 18) return 'case.check.uscc.length';
  for (const ch of u) if (!USCC_ALPHA.includes(ch)) return 'case.check.uscc.chars';
  if (!/^\d{6}$/.test(u.slice(2, 8))) return 'case.check.uscc.chars';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHA.indexOf(u[i]) * USCC_W[i];
  return USCC_ALPHA[(31 - (sum % 31)) % 31] === u[17] ? null : 'case.check.uscc.sum';
}

/** A mainland mobile number, or a landline with an optional area code. */
export function checkPhone(s) {
  return /^[0-9+\- ]{5,20}$/.test(s) ? null : 'case.check.phone';
}

export function checkDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m && realDate(Number(m[1]), Number(m[2]), Number(m[3])) ? null : 'case.check.date';
}

export function checkNumber(s) {
  return /^-?\d+(\.\d+)?$/.test(s) ? null : 'case.check.number';
}

const FIELD_MAX = { text: 200, textarea: 1000, address: 200 };

/** The check for one form field's value: null or a dictionary key. */
export function checkField(f, value) {
  if (f.type === 'bool') return null;
  const v = String(value ?? '').trim();
  if (!v) return f.required ? 'case.check.required' : null;
  if ([...v].length > (FIELD_MAX[f.type] ?? 64)) return 'case.check.long';
  switch (f.type) {
    case 'number':
      return checkNumber(v);
    case 'date':
      return checkDate(v);
    case 'id_number':
      return checkIdNumber(v);
    case 'uscc':
      return checkUscc(v);
    case 'phone':
      return checkPhone(v);
    default:
      return null;
  }
}

// ---- the generated form ----

const INPUTS = {
  text: { type: 'text' },
  number: { type: 'text', inputmode: 'decimal' },
  date: { type: 'date' },
  id_number: { type: 'text', inputmode: 'text', maxlength: 18, autocomplete: 'off', spellcheck: 'false' },
  uscc: { type: 'text', maxlength: 18, autocomplete: 'off', spellcheck: 'false' },
  phone: { type: 'tel', inputmode: 'tel', autocomplete: 'tel' },
  address: { type: 'text', autocomplete: 'street-address' },
};

/** The label of a form field in the current language. */
export function fieldLabel(f) {
  return pick({ zh: f.label, en: f.label_en }) || f.name;
}

/** The inputs for an item's form_fields: one div.case-field per field with a
 * label (a required mark spelt out for screen readers), the right input type,
 * a hint for the checked types and a place for the error. prefix keeps ids
 * unique when a page has two forms. */
export function formFields(fields, { prefix = 'f', values = {} } = {}) {
  return fields.map((f) => {
    const id = `${prefix}-${f.name}`;
    const req = f.required
      ? [h('span', { class: 'case-req', 'aria-hidden': 'true' }, ' *'), h('span', { class: 'visually-hidden' }, ` (${t('case.form.required')})`)]
      : [];
    const hintKey = `case.form.hint.${f.type}`;
    const hint = has(hintKey) ? h('p', { class: 'hint', id: `${id}-hint` }, t(hintKey)) : null;
    const described = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
    let input;
    if (f.type === 'bool') {
      input = h('input', { type: 'checkbox', id, name: f.name, 'data-field': f.name, 'data-type': f.type, 'aria-describedby': described });
      if (values[f.name]) input.checked = true;
      return h(
        'div',
        { class: 'case-field case-field-bool', 'data-field': f.name },
        h('label', { for: id, class: 'case-check' }, input, ` ${fieldLabel(f)}`, ...req),
        hint,
        h('p', { class: 'field-error', id: `${id}-error` }),
      );
    }
    if (f.type === 'textarea')
      input = h('textarea', { id, name: f.name, rows: 3, 'data-field': f.name, 'data-type': f.type, 'aria-describedby': described, required: f.required || null });
    else
      input = h('input', {
        id,
        name: f.name,
        ...INPUTS[f.type] ?? INPUTS.text,
        'data-field': f.name,
        'data-type': f.type,
        'aria-describedby': described,
        required: f.required || null,
      });
    if (values[f.name] != null) input.value = String(values[f.name]);
    return h(
      'div',
      { class: `case-field${f.type === 'textarea' || f.type === 'address' ? ' wide' : ''}`, 'data-field': f.name },
      h('label', { for: id }, fieldLabel(f), ...req),
      input,
      hint,
      h('p', { class: 'field-error', id: `${id}-error` }),
    );
  });
}

/** Read and check a generated form: {values, errors} where errors maps a
 * field name to its message; each input gets aria-invalid and its message. */
export function readFields(root, fields, { prefix = 'f' } = {}) {
  const values = {};
  const errors = {};
  for (const f of fields) {
    const input = root.querySelector(`#${CSS.escape(`${prefix}-${f.name}`)}`);
    if (!input) continue;
    const v = f.type === 'bool' ? input.checked : input.value.trim();
    const key = checkField(f, v);
    const err = root.querySelector(`#${CSS.escape(`${prefix}-${f.name}-error`)}`);
    if (key) {
      errors[f.name] = t(key);
      input.setAttribute('aria-invalid', 'true');
    } else input.removeAttribute('aria-invalid');
    if (err) err.textContent = key ? t(key) : '';
    if (f.type === 'bool') values[f.name] = v;
    else if (v !== '') values[f.name] = f.type === 'uscc' || f.type === 'id_number' ? v.toUpperCase() : v;
  }
  return { values, errors };
}

/** A corrected entry of a form loses its error mark as it is edited. */
export function clearOnInput(form) {
  form.addEventListener('input', (ev) => {
    const id = ev.target?.id;
    if (!id) return;
    const box = form.querySelector(`#${CSS.escape(id)}-error`);
    if (box) box.textContent = '';
    ev.target.removeAttribute('aria-invalid');
  });
}

/** Show the server's complaint about one field next to it (problem.field is
 * "form.NAME" or "NAME"). Returns true when a field was found. */
export function markServerField(root, err, { prefix = 'f' } = {}) {
  const name = (err?.problem?.field || '').replace(/^form\.?/, '');
  if (!name) return false;
  const input = root.querySelector(`#${CSS.escape(`${prefix}-${name}`)}`);
  const box = root.querySelector(`#${CSS.escape(`${prefix}-${name}-error`)}`);
  if (!input || !box) return false;
  input.setAttribute('aria-invalid', 'true');
  box.textContent = err.problem.detail || t('case.err.invalid');
  return true;
}

// ---- uploads ----

/** What the bytes are: 'pdf', 'jpeg', 'png' or null (the server sniffs the
 * same way; the name does not count). */
export function sniff(bytes) {
  const b = bytes;
  const n = b.length;
  const starts = (sig) => sig.every((x, i) => b[i] === x);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) {
    const tail = new TextDecoder('latin1').decode(b.subarray(Math.max(0, n - 1024)));
    return tail.includes('%%EOF') ? 'pdf' : null;
  }
  if (starts([0xff, 0xd8, 0xff]) && b[n - 2] === 0xff && b[n - 1] === 0xd9) return 'jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  return null;
}

function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Check a chosen File and upload it (POST /api/v1/files). Resolves to
 * {id, sha256, mime, size, name}; rejects with an Error whose message says
 * why in the current language (too large, not PDF/JPEG/PNG, the server's
 * refusal). */
export async function uploadFile(file) {
  if (!file) throw new Error(t('case.upload.none'));
  if (file.size === 0) throw new Error(t('case.upload.empty'));
  if (file.size > UPLOAD_MAX) throw new Error(t('case.upload.big', { size: fmtSize(file.size) }));
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!sniff(bytes)) throw new Error(t('case.upload.type', { name: file.name }));
  const name = file.name.slice(0, 200) || 'upload';
  try {
    return await api('/api/v1/files', { method: 'POST', body: { name, content_base64: toBase64(bytes) } });
  } catch (err) {
    if (err instanceof ApiError && err.status === 422) throw new Error(t('case.upload.type', { name: file.name }));
    if (err instanceof ApiError && err.status === 413) throw new Error(t('case.upload.big', { size: fmtSize(file.size) }));
    throw new Error(problemText(err));
  }
}

/** GET /api/v1/cases/{id}/materials as flat rows: {key, name, required,
 * file_id, file_name, mime, size, url} (one row per attached file). */
export function normMaterials(r) {
  const list = Array.isArray(r) ? r : r?.materials ?? r?.items ?? [];
  return list.map((m) => ({
    key: m.key,
    name: m.name,
    required: m.required,
    file_id: m.file?.id ?? m.file_id ?? 0,
    file_name: m.file?.name ?? m.file_name ?? '',
    mime: m.file?.mime ?? m.mime ?? '',
    size: m.file?.size ?? m.size ?? 0,
    url: m.file?.url ?? '',
  }));
}

/** A list answer of the cases API as an array: a bare array, {items} or {cases}. */
export function caseRows(r) {
  return Array.isArray(r) ? r : r?.items ?? r?.cases ?? [];
}

/** An attached file in words: its name, type and size. */
export function fileText(f) {
  return `${f.file_name || f.name} (${mimeLabel(f.mime)}, ${fmtSize(f.size ?? 0)})`;
}

/** A link to a file attached to case caseId (a row of normMaterials). */
export function fileLink(caseId, f) {
  return h('a', { href: f.url || `/api/v1/cases/${caseId}/files/${f.file_id}` }, fileText(f));
}

/** The table of a work list (/case-inbox, /case-worklist): a row per case
 * with its number linked to /case, the cells cells(c) gives, and an open
 * button (pressed for the selected case) that calls onOpen(id). Column
 * headers are the texts `${colKey}.${col}`; rowAttrs(c) adds attributes to
 * a row. */
export function caseListTable({ id, labelledby, colKey, cols, rows, selectedId, rowAttrs = () => ({}), cells, onOpen }) {
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'data-table', id, 'aria-labelledby': labelledby },
      h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, t(`${colKey}.${c}`))))),
      h(
        'tbody',
        {},
        rows.map((c) =>
          h(
            'tr',
            { 'data-case': c.id, 'data-state': c.state, ...rowAttrs(c), class: selectedId === c.id ? 'is-selected' : null },
            h('th', { scope: 'row' }, h('a', { href: `/case?id=${c.id}`, class: 'code' }, c.no)),
            ...cells(c),
            h(
              'td',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-secondary',
                  'data-open': c.id,
                  'aria-pressed': String(selectedId === c.id),
                  'aria-label': t('inbox.open.label', { no: c.no }),
                  onclick: () => onOpen(c.id),
                },
                t('inbox.open'),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The caller's earlier files (reuse); [] when none or not allowed. */
export async function myFiles() {
  try {
    const r = await api('/api/v1/files');
    return Array.isArray(r) ? r : r?.items ?? r?.files ?? [];
  } catch {
    return [];
  }
}

export function mimeLabel(m) {
  const k = String(m || '').replace(/^.*\//, '');
  return k === 'pdf' ? 'PDF' : k === 'jpeg' ? 'JPEG' : k === 'png' ? 'PNG' : k.toUpperCase();
}

/** The material key the server uses (cat_material_key in src/core/catalog.c):
 * full-width ASCII folded, ASCII letters lower case, 【】〔〕 as (), white
 * space and quotation marks removed. */
export function materialKey(name) {
  let out = '';
  for (const ch of String(name)) {
    let cp = ch.codePointAt(0);
    if (cp >= 0xff01 && cp <= 0xff5e) cp -= 0xfee0;
    if (cp === 0x3010 || cp === 0x3014) cp = 0x28;
    if (cp === 0x3011 || cp === 0x3015) cp = 0x29;
    if (cp >= 0x41 && cp <= 0x5a) cp += 32;
    if ([0x20, 0x09, 0x0a, 0x0d, 0x3000, 0xa0, 0x22, 0x27, 0x201c, 0x201d, 0x2018, 0x2019, 0x300a, 0x300b].includes(cp)) continue;
    out += String.fromCodePoint(cp);
  }
  return out;
}

/** One material's upload control: a file input, "or reuse a file you filed
 * before" (a select of the caller's files) and a status line. onFile(file|null)
 * is called with the uploaded/reused {id, name, size, mime}. */
export function materialPicker({ id, name, required, condition, files, onFile }) {
  const fileInput = h('input', { type: 'file', id: `${id}-file`, accept: ACCEPT_TYPES, 'aria-describedby': `${id}-status ${id}-types` });
  const status = h('p', { class: 'case-upload-status', id: `${id}-status`, role: 'status' });
  const reuse = files?.length
    ? h(
        'select',
        { id: `${id}-reuse`, 'aria-describedby': `${id}-status` },
        h('option', { value: '' }, t('case.upload.reuse.none')),
        files.map((f) => h('option', { value: String(f.id) }, `${f.name} · ${mimeLabel(f.mime)} · ${fmtSize(f.size)}`)),
      )
    : null;
  const box = h(
    'fieldset',
    { class: 'case-material', 'data-material': name, id },
    h(
      'legend',
      {},
      name,
      ' ',
      required
        ? h('span', { class: 'badge case-need' }, t('case.material.required'))
        : h('span', { class: 'badge case-cond' }, condition ? t('case.material.when', { when: condition }) : t('case.material.optional')),
    ),
    h('label', { for: `${id}-file` }, t('case.upload.choose')),
    fileInput,
    h('p', { class: 'hint', id: `${id}-types` }, t('case.upload.types')),
    reuse ? h('label', { for: `${id}-reuse` }, t('case.upload.reuse')) : null,
    reuse,
    status,
  );
  const say = (text, bad = false) => {
    status.textContent = text;
    status.classList.toggle('is-error', bad);
  };
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    say(t('case.upload.busy', { name: file.name }));
    box.dataset.uploaded = '';
    try {
      const f = await uploadFile(file);
      box.dataset.uploaded = String(f.id);
      if (reuse) reuse.value = '';
      say(t('case.upload.done', { name: file.name, type: mimeLabel(f.mime), size: fmtSize(f.size ?? file.size) }));
      onFile(f);
    } catch (err) {
      fileInput.value = '';
      say(err.message, true);
      onFile(null);
    }
  });
  reuse?.addEventListener('change', () => {
    const f = files.find((x) => String(x.id) === reuse.value);
    box.dataset.uploaded = f ? String(f.id) : '';
    if (f) {
      fileInput.value = '';
      say(t('case.upload.reused', { name: f.name, type: mimeLabel(f.mime), size: fmtSize(f.size) }));
    } else say('');
    onFile(f ?? null);
  });
  return box;
}

// ---- actions on a case ----

const NEEDS_REASON = new Set(['refuse', 'suspend', 'extend', 'deny', 'withdraw']);
// Actions that change nothing but the state: one button, no form.
const PLAIN = new Set(['accept', 'review', 'resume', 'approve', 'complete', 'complete_now', 'submit']);
// The order the buttons appear in.
const ORDER = ['submit', 'accept', 'complete_now', 'notice', 'refuse', 'review', 'approve', 'deny', 'extend', 'suspend', 'resume', 'complete', 'deliver', 'supplement', 'withdraw'];

export const APPEAL_DEFAULT_KEY = 'case.deny.appeal.default';

/** POST an action; resolves to the case. */
export function act(caseId, action, body = {}) {
  return api(`/api/v1/cases/${caseId}/actions/${action}`, { method: 'POST', body });
}

/** Forms for the actions a caller may take on case c (c.actions), except
 * those listed in skip. materials: the item's materials (for the notice
 * checklist). done(case) is called after a successful action; fail(err) on
 * failure. Withdraw asks for confirmation. */
export function actionPanel(c, { materials = [], skip = [], done, fail, prefix = 'act' }) {
  const list = ORDER.filter((a) => (c.actions ?? []).includes(a) && !skip.includes(a));
  if (!list.length) return h('p', { class: 'muted', id: `${prefix}-none` }, t('case.actions.none'));
  const run = async (btn, action, body) => {
    btn.disabled = true;
    try {
      const r = await act(c.id, action, body);
      done(r, action);
    } catch (err) {
      btn.disabled = false;
      fail(err, action);
    }
  };
  const plain = list.filter((a) => PLAIN.has(a));
  const forms = list.filter((a) => !PLAIN.has(a));
  const out = [];
  if (plain.length)
    out.push(
      h(
        'div',
        { class: 'case-actions' },
        plain.map((a) =>
          h(
            'button',
            {
              type: 'button',
              class: `btn ${a === 'approve' || a === 'accept' || a === 'submit' || a === 'complete' || a === 'complete_now' ? 'btn-primary' : 'btn-secondary'} btn-touch`,
              id: `${prefix}-${a}`,
              'data-action': a,
              onclick: (ev) => run(ev.currentTarget, a, {}),
            },
            actionLabel(a),
          ),
        ),
      ),
    );
  for (const a of forms) out.push(actionForm(c, a, { materials, run, prefix }));
  return h('div', { class: 'case-action-panel' }, out);
}

function reasonField(id, labelKey, { required = true, value = '' } = {}) {
  const ta = h('textarea', { id, rows: 3, maxlength: 1000, required: required || null, 'aria-describedby': `${id}-error` });
  ta.value = value;
  return h(
    'div',
    { class: 'case-field wide' },
    h('label', { for: id }, t(labelKey), required ? h('span', { class: 'case-req', 'aria-hidden': 'true' }, ' *') : null),
    ta,
    h('p', { class: 'field-error', id: `${id}-error` }),
  );
}

function fieldError(form, id, key) {
  const input = form.querySelector(`#${id}`);
  const box = form.querySelector(`#${id}-error`);
  if (key) input?.setAttribute('aria-invalid', 'true');
  else input?.removeAttribute('aria-invalid');
  if (box) box.textContent = key ? t(key) : '';
  return Boolean(key);
}

function actionForm(c, a, { materials, run, prefix }) {
  const id = (x) => `${prefix}-${a}-${x}`;
  const form = h('form', { class: 'case-action-form', id: `${prefix}-${a}-form`, novalidate: true, 'data-action': a });
  const heading = h('h3', { id: id('h') }, actionLabel(a));
  form.setAttribute('aria-labelledby', id('h'));
  const submit = h('button', { type: 'submit', class: `btn ${a === 'withdraw' || a === 'refuse' || a === 'deny' ? 'btn-secondary' : 'btn-primary'} btn-touch`, id: `${prefix}-${a}` }, actionLabel(a));
  const parts = [heading];
  if (a === 'notice') {
    parts.push(h('p', { class: 'hint' }, t('case.notice.lead')));
    const rows = (materials.length ? materials : []).map((m, i) =>
      h(
        'div',
        { class: 'case-notice-row', 'data-material': m.name },
        h('label', { class: 'case-check', for: id(`m${i}`) }, h('input', { type: 'checkbox', id: id(`m${i}`), 'data-name': m.name }), ` ${m.name}`),
        h('label', { class: 'visually-hidden', for: id(`p${i}`) }, t('case.notice.problem.of', { name: m.name })),
        h('input', { type: 'text', id: id(`p${i}`), maxlength: 200, placeholder: t('case.notice.problem'), 'data-for': id(`m${i}`) }),
      ),
    );
    parts.push(
      h('fieldset', { class: 'case-notice-list' }, h('legend', {}, t('case.notice.materials')), rows.length ? rows : h('p', { class: 'muted' }, t('case.notice.nomaterials'))),
      reasonField(id('other'), 'case.notice.other', { required: false }),
      h('p', { class: 'field-error', id: id('error') }),
    );
  }
  if (a === 'extend') {
    parts.push(
      h(
        'div',
        { class: 'case-field' },
        h('label', { for: id('days') }, t('case.extend.days'), h('span', { class: 'case-req', 'aria-hidden': 'true' }, ' *')),
        h('input', { type: 'number', id: id('days'), min: 1, max: 10, step: 1, value: 5, inputmode: 'numeric', 'aria-describedby': `${id('days')}-error` }),
        h('p', { class: 'field-error', id: `${id('days')}-error` }),
      ),
    );
  }
  if (a === 'deliver') {
    const methods = ['pickup', 'post', 'electronic'];
    parts.push(
      h(
        'fieldset',
        { class: 'case-choice' },
        h('legend', {}, t('case.deliver.method')),
        methods.map((m) =>
          h('label', { class: 'case-check' }, h('input', { type: 'radio', name: id('method'), value: m, checked: m === 'pickup' || null }), ` ${deliveryLabel(m)}`),
        ),
      ),
      h(
        'div',
        { class: 'case-field' },
        h('label', { for: id('tracking') }, t('case.deliver.tracking')),
        h('input', { type: 'text', id: id('tracking'), maxlength: 40, autocomplete: 'off', 'aria-describedby': `${id('tracking')}-hint ${id('tracking')}-error` }),
        h('p', { class: 'hint', id: `${id('tracking')}-hint` }, t('case.deliver.tracking.hint')),
        h('p', { class: 'field-error', id: `${id('tracking')}-error` }),
      ),
    );
  }
  if (NEEDS_REASON.has(a)) {
    const key = a === 'withdraw' ? 'case.reason.withdraw' : a === 'deny' ? 'case.reason.deny' : a === 'refuse' ? 'case.reason.refuse' : 'case.reason';
    parts.push(reasonField(id('reason'), key, { required: a !== 'withdraw' }));
  }
  if (a === 'deny') parts.push(reasonField(id('appeal'), 'case.deny.appeal', { value: t(APPEAL_DEFAULT_KEY) }));
  if (a === 'withdraw') {
    parts.push(
      h(
        'div',
        { class: 'case-field wide' },
        h('label', { class: 'case-check', for: id('confirm') }, h('input', { type: 'checkbox', id: id('confirm'), 'aria-describedby': `${id('confirm')}-error` }), ` ${t('case.withdraw.confirm')}`),
        h('p', { class: 'field-error', id: `${id('confirm')}-error` }),
      ),
    );
  }
  parts.push(h('div', { class: 'case-actions' }, submit));
  form.append(...parts);
  // a corrected entry loses its error mark
  form.addEventListener('input', (ev) => {
    const box = ev.target.id ? form.querySelector(`#${CSS.escape(ev.target.id)}-error`) : null;
    if (box) box.textContent = '';
    ev.target.removeAttribute?.('aria-invalid');
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body = {};
    let bad = false;
    if (NEEDS_REASON.has(a)) {
      const r = form.querySelector(`#${id('reason')}`).value.trim();
      bad = fieldError(form, id('reason'), r || a === 'withdraw' ? null : 'case.check.reason') || bad;
      if (r) body.reason = r;
    }
    if (a === 'deny') {
      const appeal = form.querySelector(`#${id('appeal')}`).value.trim();
      bad = fieldError(form, id('appeal'), appeal ? null : 'case.check.appeal') || bad;
      body.reason = `${body.reason}\n${t('case.deny.appeal.prefix')}${appeal}`;
      if (body.reason.length > 1024) bad = fieldError(form, id('appeal'), 'case.check.long') || bad;
    }
    if (a === 'extend') {
      const d = Number(form.querySelector(`#${id('days')}`).value);
      bad = fieldError(form, id('days'), Number.isInteger(d) && d >= 1 && d <= 10 ? null : 'case.check.days') || bad;
      body.days = d;
    }
    if (a === 'withdraw') bad = fieldError(form, id('confirm'), form.querySelector(`#${id('confirm')}`).checked ? null : 'case.check.confirm') || bad;
    if (a === 'deliver') {
      const method = form.querySelector(`input[name="${id('method')}"]:checked`)?.value ?? 'pickup';
      const tracking = form.querySelector(`#${id('tracking')}`).value.trim();
      bad = fieldError(form, id('tracking'), method === 'post' && !/^[A-Za-z0-9-]{6,40}$/.test(tracking) ? 'case.check.tracking' : null) || bad;
      body.method = method;
      if (method === 'post') body.tracking = tracking;
    }
    if (a === 'notice') {
      const notice = [];
      for (const box of form.querySelectorAll('input[type="checkbox"][data-name]')) {
        if (!box.checked) continue;
        const problem = form.querySelector(`input[data-for="${box.id}"]`).value.trim();
        notice.push({ material: box.dataset.name, problem: problem || t('case.notice.missing') });
      }
      const other = form.querySelector(`#${id('other')}`).value.trim();
      if (other) notice.push({ material: t('case.notice.otherMaterial'), problem: other });
      const err = form.querySelector(`#${id('error')}`);
      err.textContent = notice.length ? '' : t('case.check.notice');
      if (!notice.length) bad = true;
      body.notice = notice;
    }
    if (!bad) run(submit, a, body);
  });
  return form;
}

/** Fields of a case as a definition list (summary). */
export function summaryList(c, { id = 'case-summary' } = {}) {
  const rows = [
    ['no', h('span', { class: 'code', id: 'case-no' }, c.no)],
    ['item', caseItemName(c)],
    ['department', pick(c.department) || c.department?.name || ''],
    ['site', pick(c.site) || c.site?.name || ''],
    ['channel', channelLabel(c.channel) + (c.on_behalf ? ` · ${t('case.onbehalf')}` : '')],
    ['state', h('span', { id: 'case-state', 'data-state': c.state }, stateLabel(c.state), c.decision ? ` · ${t(`case.decision.${c.decision}`)}` : '')],
    ['applicant', [c.applicant?.name, c.applicant?.id_number, c.applicant?.phone].filter(Boolean).join(' · ') || '—'],
    ['received', fmtTime(c.clock?.received_at || c.created_at)],
    ['due', h('span', { id: 'case-due' }, dueText(c))],
    ['countdown', countdownBadge(c)],
  ];
  if (c.clock?.limit_days != null && !c.item?.immediate) rows.push(['limit', t('case.limit.days', { n: c.clock.limit_days })]);
  if (c.item?.immediate) rows.push(['limit', t('case.limit.immediate')]);
  if (c.clock?.extended_days) rows.push(['extended', t('case.limit.extended', { n: c.clock.extended_days })]);
  if (c.clock?.deemed) rows.push(['deemed', t('case.deemed')]);
  // the reasons of a refusal, a denial, a suspension, an extension or a withdrawal
  const why = ['rejected', 'withdrawn', 'suspended', 'extended'].includes(c.state) || c.decision === 'denied';
  if (c.reason && why) rows.push(['reason', h('span', { class: 'case-reason', id: 'case-reason' }, c.reason)]);
  return h(
    'dl',
    { class: 'meta case-summary', id },
    rows.map(([k, v]) => h('div', { 'data-row': k }, h('dt', {}, t(`case.f.${k}`)), h('dd', {}, v))),
  );
}
