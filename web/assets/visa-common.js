// visa-common.js - shared parts of the port-visa pages: status badges,
// member names, a preview of pasted MRZ lines or CSV rows (so that the
// server's errors, which name a member by its index, can be shown next to
// that member), error texts in both languages, and date helpers. No DOM
// access at import time.

import { t, has } from './i18n.js';
import { ApiError, errorMessage } from './api.js';
import { h } from './shell.js';

/** Today's date in China Standard Time, YYYY-MM-DD, plus days. */
export function shanghaiDay(plusDays = 0) {
  return new Date(Date.now() + 8 * 3600e3 + plusDays * 86400e3).toISOString().slice(0, 10);
}

/** "2023-04-13T12:55:00+08:00" -> "2023-04-13 12:55". */
export function localTime(iso) {
  if (!iso) return '—';
  return iso.slice(0, 10) + ' ' + iso.slice(11, 16);
}

export function statusBadge(kind, key) {
  const label = has(`visa.${kind}.${key}`) ? t(`visa.${kind}.${key}`) : key;
  return h('span', { class: `vstatus vstatus-${key}`, 'data-status': key }, label);
}

export function fullName(m) {
  return [m.surname, m.given_names].filter(Boolean).join(' ');
}

/** The members a text holds, as the server will read them: MRZ lines two
 * by two (blank lines ignored), or CSV rows after an optional header. Each
 * entry: {name, passport, lines}. */
export function previewEntries(mode, text) {
  const lines = text.split(/\r\n|\r|\n/).map((l) => l.trim()).filter(Boolean);
  const out = [];
  if (mode === 'mrz') {
    for (let i = 0; i < lines.length; ) {
      const l1 = lines[i];
      const next = lines[i + 1];
      const isLine1 = (l) => /^P[A-Z<][A-Z<]{3}/.test(l) && !(l.length === 44 && /^\d{6}$/.test(l.slice(13, 19)));
      if (!isLine1(l1) || next === undefined || isLine1(next)) {
        out.push({ name: l1.slice(0, 30), passport: '', lines: [l1] });
        i += 1;
        continue;
      }
      const [sur, given = ''] = l1.slice(5).split('<<');
      out.push({
        name: [sur, given].map((x) => x.replace(/<+/g, ' ').trim()).filter(Boolean).join(' '),
        passport: next.slice(0, 9).replace(/</g, ''),
        lines: [l1, next],
      });
      i += 2;
    }
  } else {
    let first = true;
    for (const l of lines) {
      const f = l.split(',').map((x) => x.trim().replace(/^"|"$/g, ''));
      if (first && f[0].toLowerCase() === 'surname') {
        first = false;
        continue;
      }
      first = false;
      out.push({ name: [f[0], f[1]].filter(Boolean).join(' '), passport: f[5] ?? '', lines: [l] });
    }
  }
  return out;
}

/** The field's label for an error. */
export function fieldLabel(field) {
  return has(`visa.field.${field}`) ? t(`visa.field.${field}`) : field;
}

/** One error as a sentence in the page's language. */
export function errorText(e) {
  const what = has(`visa.err.${e.code}`) ? t(`visa.err.${e.code}`) : e.reason;
  return `${fieldLabel(e.field)}：${what}`;
}

/** A list of entries with their errors next to them; index-less errors
 * (about the group or the text) come first. Returns {list, count}. */
export function entriesWithErrors(entries, errors) {
  const byIndex = new Map();
  for (const e of errors) {
    if (!byIndex.has(e.index)) byIndex.set(e.index, []);
    byIndex.get(e.index).push(e);
  }
  const n = Math.max(entries.length, ...errors.map((e) => e.index + 1));
  const items = [];
  for (let i = 0; i < n; i++) {
    const entry = entries[i] ?? { name: '', passport: '' };
    const errs = byIndex.get(i) ?? [];
    items.push(
      h(
        'li',
        { id: `entry-${i}`, class: errs.length ? 'has-error' : null, 'data-index': i },
        h('span', { class: 'entry-name' }, t('visa.entry', { n: i + 1 }), ' ', entry.name || '—'),
        entry.passport ? ` · ${entry.passport}` : '',
        errs.length
          ? h('ul', { class: 'entry-errors' }, errs.map((e) => h('li', {}, errorText(e))))
          : h('span', { class: 'entry-ok' }, ' ', t('visa.entry.ok')),
      ),
    );
  }
  const general = byIndex.get(-1) ?? [];
  return {
    general: general.length ? h('ul', { class: 'entry-errors group-errors', role: 'alert' }, general.map((e) => h('li', {}, errorText(e)))) : null,
    list: h('ol', { class: 'entries', 'aria-label': t('visa.entries') }, items),
    count: byIndex.size - (general.length ? 1 : 0),
  };
}

/** A message for a failed call: the problem's detail when the server gave
 * one (it is English), after the translated summary. */
export function problemText(err) {
  if (err instanceof ApiError && err.problem) {
    const p = err.problem;
    const key = `visa.problem.${(p.type || '').replace('/problems/', '')}`;
    const head = has(key) ? t(key) : errorMessage(err);
    return p.detail ? `${head}（${p.detail}）` : head;
  }
  return errorMessage(err);
}

/** Read a chosen file as text (CSV upload); at most 64 KiB. */
export function readFileText(file) {
  return new Promise((resolve, reject) => {
    if (file.size > 65536) {
      reject(new Error(t('visa.csv.tooLarge')));
      return;
    }
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsText(file);
  });
}

/** A labelled control inside a div.field (wide: the whole row), with a
 * place for its error message; returns {wrap, input, error}. */
export function field(id, labelKey, attrs = {}, { tag = 'input', wide = false, options = [] } = {}) {
  const input = h(tag, { id, name: id, 'aria-describedby': `${id}-error`, ...attrs }, options);
  const error = h('p', { class: 'field-error', id: `${id}-error` });
  const wrap = h('div', { class: `field${wide ? ' wide' : ''}` }, h('label', { for: id }, t(labelKey)), input, error);
  return { wrap, input, error };
}
