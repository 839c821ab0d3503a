// review-followup.js - the follow-up workbench (/review-followup). Managers
// and the complaint coordinator see the bad reviews of their site(s) by
// deadline with warnings, record the verifying call, fix at once, fix by a
// deadline or explain with the legal basis, answer the person and close;
// they file appeals of wrong ratings and decide appeals filed by others.
// A clerk sees the bad reviews of his own service and may appeal them.

import { t, pick } from './i18n.js';
import { api, errorMessage } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { reviewCatalog, levelName, dimName } from './review-common.js';

const el = (id) => document.getElementById(id);
let items = [];
let total = 0;
let current = null; // the follow-up opened (with events)
let status = null;

const when = (unix) => (unix ? new Date((unix + 8 * 3600) * 1000).toISOString().slice(0, 16).replace('T', ' ') : '');

function say(fn) {
  status = fn;
  el('fu-status').textContent = fn ? fn() : '';
}

function warning(f) {
  const w = f.warning || 'none';
  const text = w === 'none' ? t(`fu.state.${f.state}`) : t(`fu.warn.${w}`, { n: Math.abs(f.days_left ?? 0) });
  return h('span', { class: `rv-warn rv-warn-${w}` }, text);
}

function where(r) {
  const parts = [];
  if (r.window.number) parts.push(t('rate.window', { number: r.window.number }));
  if (r.clerk.name) parts.push(r.clerk.name);
  return parts.join(' · ') || r.site.name;
}

function drawList() {
  el('fu-summary').textContent = t('fu.summary', { n: total });
  el('fu-rows').replaceChildren(
    ...(items.length
      ? items.map((f) =>
          h(
            'tr',
            { class: current?.id === f.id ? 'rv-row-selected' : null, 'data-id': f.id },
            h('td', {}, f.due ?? '', ' ', warning(f)),
            h('td', {}, levelName(f.rating.level)),
            h('td', {}, h('strong', {}, f.rating.event.no), ' · ', where(f.rating)),
            h('td', {}, t(`fu.state.${f.state}`), f.appeal ? h('span', { class: 'badge' }, t(`fu.appeal.${f.appeal.state}`)) : null),
            h(
              'td',
              {},
              h('button', { type: 'button', class: 'btn btn-secondary btn-touch', onclick: () => open(f.id), 'aria-label': t('fu.open.label', { no: f.rating.event.no }) }, t('fu.col.open')),
            ),
          ),
        )
      : [h('tr', {}, h('td', { colspan: 5, class: 'empty' }, t('fu.none')))]),
  );
}

function textarea(id, labelKey, { required = false } = {}) {
  return h(
    'div',
    { class: 'rv-field' },
    h('label', { for: id }, t(labelKey), required ? '' : h('span', { class: 'rv-optional' }, ` ${t('review.optional')}`)),
    h('textarea', { id, rows: 3, maxlength: 1000, required }),
  );
}

// One form per step the caller may take now.
function actionForm(f, a) {
  const fields = [];
  if (a === 'verify') fields.push(textarea('fu-verify-note', 'fu.f.call', { required: true }));
  if (a === 'fix_now') fields.push(textarea('fu-fix_now-note', 'fu.f.fix', { required: true }));
  if (a === 'fix_by_deadline') {
    fields.push(textarea('fu-fix_by_deadline-note', 'fu.f.plan', { required: true }));
    fields.push(
      h(
        'div',
        { class: 'rv-field' },
        h('label', { for: 'fu-days' }, t('fu.f.days')),
        h('input', { id: 'fu-days', type: 'number', min: 1, max: 60, value: 15, inputmode: 'numeric' }),
      ),
    );
  }
  if (a === 'explain') {
    fields.push(textarea('fu-legal', 'fu.f.legal', { required: true }));
    fields.push(textarea('fu-explain-note', 'fu.f.explain'));
  }
  if (a === 'answer') fields.push(textarea('fu-answer', 'fu.f.answer', { required: true }));
  const form = h(
    'form',
    { class: 'rv-act', id: `fu-act-${a}`, novalidate: true, 'aria-labelledby': `fu-act-${a}-h` },
    h('h3', { id: `fu-act-${a}-h` }, t(`fu.act.${a}`)),
    ...fields,
    h('button', { type: 'submit', class: 'btn btn-primary btn-touch', id: `fu-do-${a}` }, t(`fu.act.${a}`)),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {};
    const v = (id) => document.getElementById(id)?.value.trim();
    if (a === 'verify') body.note = v('fu-verify-note');
    if (a === 'fix_now') body.note = v('fu-fix_now-note');
    if (a === 'fix_by_deadline') {
      body.note = v('fu-fix_by_deadline-note');
      body.days = Number(v('fu-days'));
    }
    if (a === 'explain') {
      body.legal_basis = v('fu-legal');
      const n = v('fu-explain-note');
      if (n) body.note = n;
    }
    if (a === 'answer') body.answer = v('fu-answer');
    await act(`/api/v1/reviews/followups/${f.id}/actions/${a}`, body, () => t('fu.done', { state: t(`fu.state.${current.state}`) }));
  });
  return form;
}

function appealPart(f) {
  const parts = [];
  if (f.appeal) {
    const ap = f.appeal;
    parts.push(
      h('h3', {}, t('fu.appeal.h')),
      h(
        'dl',
        { class: 'rv-dl', id: 'fu-appeal' },
        h('dt', {}, t('fu.appeal.state')),
        h('dd', { id: 'fu-appeal-state' }, t(`fu.appeal.${ap.state}`)),
        h('dt', {}, t('fu.appeal.by')),
        h('dd', {}, ap.appellant.name, ' · ', when(ap.filed_at)),
        h('dt', {}, t('fu.appeal.reasons')),
        h('dd', {}, ap.reasons),
        ap.decider ? [h('dt', {}, t('fu.appeal.decider')), h('dd', {}, ap.decider.name, ' · ', when(ap.decided_at)), h('dt', {}, t('fu.appeal.why')), h('dd', {}, ap.decision_reasons)] : null,
      ),
    );
    if (ap.can_decide) {
      const form = h(
        'form',
        { class: 'rv-act', id: 'fu-decide', novalidate: true, 'aria-labelledby': 'fu-decide-h' },
        h('h3', { id: 'fu-decide-h' }, t('fu.decide.h')),
        h(
          'fieldset',
          { class: 'hall-fieldset' },
          h('legend', {}, t('fu.decide.legend')),
          h('div', { class: 'hall-choices' },
            h('label', { class: 'hall-choice' }, h('input', { type: 'radio', name: 'decision', value: 'upheld', id: 'fu-upheld' }), t('fu.appeal.upheld')),
            h('label', { class: 'hall-choice' }, h('input', { type: 'radio', name: 'decision', value: 'rejected', id: 'fu-rejected' }), t('fu.appeal.rejected'))),
        ),
        textarea('fu-decide-reasons', 'fu.f.reasons', { required: true }),
        h('button', { type: 'submit', class: 'btn btn-primary btn-touch', id: 'fu-do-decide' }, t('fu.decide.go')),
      );
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const d = form.querySelector('input[name="decision"]:checked');
        if (!d) {
          el('fu-error').textContent = t('fu.decide.pick');
          return;
        }
        await act(`/api/v1/reviews/appeals/${ap.id}/decision`, { decision: d.value, reasons: el('fu-decide-reasons').value.trim() }, () => t(`fu.appeal.${d.value}`));
      });
      parts.push(form);
    } else if (ap.state === 'filed') {
      parts.push(h('p', { class: 'muted' }, t('fu.appeal.other')));
    }
  } else if (f.can_appeal) {
    const form = h(
      'form',
      { class: 'rv-act', id: 'fu-appeal-form', novalidate: true, 'aria-labelledby': 'fu-appeal-form-h' },
      h('h3', { id: 'fu-appeal-form-h' }, t('fu.appeal.file')),
      textarea('fu-appeal-reasons', 'fu.f.appeal', { required: true }),
      h('button', { type: 'submit', class: 'btn btn-secondary btn-touch', id: 'fu-do-appeal' }, t('fu.appeal.file')),
    );
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      await act(`/api/v1/reviews/ratings/${f.rating.id}/appeal`, { reasons: el('fu-appeal-reasons').value.trim() }, () => t('fu.appeal.filed'), true);
    });
    parts.push(form);
  }
  return parts;
}

function drawDetail() {
  const f = current;
  if (!f) {
    el('fu-detail').hidden = true;
    return;
  }
  el('fu-detail').hidden = false;
  const r = f.rating;
  el('fu-detail-h').textContent = t('fu.detail', { no: r.event.no });
  const dims = Object.entries(r.dimensions).map(([k, v]) => `${dimName(k)}：${levelName(v)}`).join('；');
  el('fu-body').replaceChildren(
    h(
      'dl',
      { class: 'rv-dl', id: 'fu-rating' },
      h('dt', {}, t('fu.col.level')),
      h('dd', { id: 'fu-level' }, levelName(r.level), dims ? ` (${dims})` : ''),
      h('dt', {}, t('review.comment')),
      h('dd', { id: 'fu-comment' }, r.comment ?? t('fu.nocomment')),
      h('dt', {}, t('review.phone')),
      h('dd', { id: 'fu-phone' }, r.phone ?? '—'),
      h('dt', {}, t('fu.col.where')),
      h('dd', {}, pick(r.site), ' · ', where(r)),
      h('dt', {}, t('fu.rated.at')),
      h('dd', {}, when(r.at)),
      h('dt', {}, t('fu.col.due')),
      h('dd', { id: 'fu-due' }, f.due ?? '', ' ', warning(f)),
      h('dt', {}, t('fu.col.state')),
      h('dd', { id: 'fu-state' }, t(`fu.state.${f.state}`), f.in_time != null ? ` · ${t(f.in_time ? 'fu.intime' : 'fu.late')}` : ''),
    ),
    h('h3', {}, t('fu.record')),
    h(
      'ol',
      { class: 'rv-events', id: 'fu-events' },
      (f.events ?? []).map((e) =>
        h('li', {}, h('span', { class: 'when' }, when(e.at)), ' ', h('strong', {}, t(`fu.ev.${e.action}`)), e.actor_name ? ` · ${e.actor_name}` : '', e.note ? h('div', {}, e.note) : null, e.action === 'fix_by_deadline' && e.due ? h('div', {}, t('fu.ev.due', { due: e.due })) : null),
      ),
    ),
    ...(f.actions ?? []).map((a) => actionForm(f, a)),
    ...appealPart(f),
  );
}

async function load() {
  el('fu-error').textContent = '';
  const state = el('fu-scope').value;
  const appeals = el('fu-appeals').checked ? '&appeals=true' : '';
  try {
    const r = await api(`/api/v1/reviews/followups?state=${state}${appeals}`);
    items = r.items;
    total = r.total;
    drawList();
  } catch (err) {
    el('fu-error').textContent = err?.status === 403 || err?.status === 401 ? t('fu.denied') : errorMessage(err);
  }
}

async function open(id) {
  el('fu-error').textContent = '';
  try {
    current = await api(`/api/v1/reviews/followups/${id}`);
    drawList();
    drawDetail();
    el('fu-detail-h').focus();
  } catch (err) {
    el('fu-error').textContent = errorMessage(err);
  }
}

async function act(path, body, message, reopen = false) {
  el('fu-error').textContent = '';
  try {
    const r = await api(path, { method: 'POST', body });
    if (reopen || !r?.id || r.id !== current.id) current = await api(`/api/v1/reviews/followups/${current.id}`);
    else current = r;
    say(message);
    await load();
    drawDetail();
  } catch (err) {
    const field = err?.problem?.field;
    el('fu-error').textContent = err?.status === 422 && field ? t('fu.err.field', { field: t(`fu.field.${field}`) }) : err?.status === 409 || err?.status === 403 ? err.problem?.detail ?? errorMessage(err) : errorMessage(err);
  }
}

async function main() {
  const me = await startShell({ titleKey: 'fu.title', nav: 'followup' });
  if (!me?.authenticated) {
    el('fu-error').replaceChildren(t('fu.signin'), ' ', h('a', { href: '/login' }, t('auth.signin')));
    ready();
    return;
  }
  try {
    await reviewCatalog();
  } catch {
    /* levels are shown as numbers */
  }
  el('fu-scope').addEventListener('change', load);
  el('fu-appeals').addEventListener('change', load);
  el('fu-filter').addEventListener('submit', (ev) => ev.preventDefault());
  await load();
  const first = Number.parseInt(new URLSearchParams(window.location.search).get('id') ?? '', 10);
  if (first > 0) await open(first);
  onLangChange(() => {
    drawList();
    drawDetail();
    say(status);
  });
  ready();
}

main();
