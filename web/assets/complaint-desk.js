// complaint-desk.js - the coordinator's workbench (/complaint-desk): new
// complaints to take, mine with deadlines and warnings, bring in
// departments and record their responses, contact the person before the
// deadline, answer with outcome and cause, explain out-of-scope matters, tag
// typical cases, close; a manager reassigns. Every action is a POST to
// /api/v1/complaints/{id}/...; the page offers only what the server says the
// caller may do now (the complaint's "actions").

import { t, pick } from './i18n.js';
import { api, errorMessage, ApiError } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';

const el = (id) => document.getElementById(id);
const fmtTime = (s) =>
  s ? new Date(s * 1000).toLocaleString(document.documentElement.lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }) : '–';
let view = 'new';
let list = [];
let current = null; // the detail of the open complaint
let departments = [];
let coordinators = [];
let me = null;

const OUTCOMES = ['done', 'explained', 'referred'];
const CAUSES = ['material_rules', 'staff', 'system', 'policy', 'other'];
const SCOPES = ['lawsuit', 'petition', 'private_dispute'];

function problemText(err) {
  if (err instanceof ApiError && err.problem) {
    const f = err.problem.field;
    const key = `cp.field.${f}`;
    const label = f && t(key) !== key ? t(key) : f;
    return label ? t('cp.error.field', { field: label, detail: err.problem.detail }) : err.problem.detail || errorMessage(err);
  }
  return errorMessage(err);
}

function badge(c) {
  const w = c.clock.warning;
  const out = [];
  if (w === 'warn' || w === 'overdue' || w === 'ok') {
    const text = w === 'overdue' ? t('desk.overdue') : t('desk.left', { n: c.clock.days_left });
    out.push(h('span', { class: `cp-badge cp-badge-${w}` }, text));
  }
  if (c.typical) out.push(h('span', { class: 'cp-badge cp-badge-typical' }, t('desk.typical')));
  return out;
}

function drawList() {
  el('desk-count').textContent = t('desk.count', { n: list.length });
  el('desk-list').replaceChildren(
    ...(list.length
      ? list.map((c) =>
          h(
            'li',
            {},
            h(
              'button',
              { type: 'button', class: 'cp-open', 'data-no': c.no, 'aria-current': current?.id === c.id ? 'true' : null, onclick: () => open(c.id) },
              h('span', { class: 'cp-no' }, c.no), ' ', t(`cp.state.${c.state}`), ...badge(c),
              h('span', { class: 'cp-sum' }, `${pick(c.site)} · ${c.summary.slice(0, 60)}`),
            ),
          ),
        )
      : [h('li', { class: 'empty' }, t('desk.empty'))]),
  );
  for (const b of el('desk-views').querySelectorAll('button[data-view]')) b.setAttribute('aria-pressed', String(b.dataset.view === view));
}

async function loadList() {
  try {
    const r = await api(`/api/v1/complaints?view=${view}&limit=100`);
    list = r.items;
    drawList();
  } catch (err) {
    el('desk-error').textContent = problemText(err);
  }
}

// ---- the detail ----------------------------------------------------------------

const field = (id, labelKey, control) => h('div', { class: 'cp-field' }, h('label', { for: id }, t(labelKey)), control);
const textarea = (id, max = 2000) => h('textarea', { id, maxlength: max });
const select = (id, values) => h('select', { id }, values.map(([v, label]) => h('option', { value: v }, label)));

function form(action, titleKey, controls, submitKey, body) {
  const f = h(
    'form',
    { id: `form-${action}`, novalidate: true },
    ...controls,
    h('button', { type: 'submit', class: 'btn btn-primary', id: `do-${action}` }, t(submitKey)),
  );
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    await act(action, body());
  });
  return h('details', { open: action === current.actions[0] ? true : null }, h('summary', {}, t(titleKey)), f);
}

const val = (id) => el(id).value.trim();

function forms(c) {
  const out = [];
  const can = (a) => c.actions.includes(a);
  if (can('take')) out.push(form('take', 'desk.do.take', [h('p', {}, t('desk.take.hint'))], 'desk.do.take', () => undefined));
  if (can('assign'))
    out.push(form('assign', 'desk.do.assign', [field('assign-owner', 'desk.owner', select('assign-owner', coordinators.map((x) => [x.id, `${x.name}（${t('desk.open.n', { n: x.open })}）`])))], 'desk.do.assign', () => ({ owner_id: Number(val('assign-owner')) })));
  if (can('involve'))
    out.push(form('involve', 'desk.do.involve', [
      field('involve-dept', 'desk.dept', select('involve-dept', departments.map((d) => [d.id, pick(d)]))),
      field('involve-note', 'desk.note.ask', textarea('involve-note', 1000)),
    ], 'desk.do.involve', () => ({ department_id: Number(val('involve-dept')), note: val('involve-note') })));
  if (can('respond') && c.department_list.length)
    out.push(form('respond', 'desk.do.respond', [
      field('respond-dept', 'desk.dept', select('respond-dept', c.department_list.map((d) => [d.id, pick(d)]))),
      field('respond-text', 'desk.response', textarea('respond-text')),
    ], 'desk.do.respond', () => ({ department_id: Number(val('respond-dept')), response: val('respond-text') })));
  if (can('contact'))
    out.push(form('contact', 'desk.do.contact', [h('p', {}, t('desk.contact.hint', { phone: c.contact.phone || '–' })), field('contact-note', 'desk.note.told', textarea('contact-note', 1000))], 'desk.do.contact', () => ({ note: val('contact-note') })));
  if (can('answer'))
    out.push(form('answer', 'desk.do.answer', [
      field('answer-outcome', 'desk.outcome', select('answer-outcome', OUTCOMES.map((o) => [o, t(`cp.outcome.${o}`)]))),
      field('answer-cause', 'desk.cause', select('answer-cause', CAUSES.map((o) => [o, t(`cp.cause.${o}`)]))),
      field('answer-text', 'desk.answer', textarea('answer-text')),
      field('answer-ref', 'desk.referred', h('input', { id: 'answer-ref', maxlength: 128 })),
    ], 'desk.do.answer', () => {
      const b = { outcome: val('answer-outcome'), cause: val('answer-cause'), answer: val('answer-text') };
      if (b.outcome === 'referred' || val('answer-ref')) b.referred_to = val('answer-ref');
      return b;
    }));
  if (can('out_of_scope'))
    out.push(form('out_of_scope', 'desk.do.scope', [
      field('scope-kind', 'cp.scope', select('scope-kind', SCOPES.map((s) => [s, t(`cp.scope.${s}`)]))),
      field('scope-text', 'cp.explanation', textarea('scope-text')),
    ], 'desk.do.scope', () => ({ scope: val('scope-kind'), explanation: val('scope-text') })));
  if (can('tag')) {
    const box = h('input', { type: 'checkbox', id: 'tag-typical', checked: c.typical ? true : null });
    const note = textarea('tag-text', 1000);
    note.value = c.improvement || '';
    out.push(form('tag', 'desk.do.tag', [
      h('div', { class: 'cp-field' }, h('label', { class: 'cp-check', for: 'tag-typical' }, box, ' ', t('desk.typical.check'))),
      field('tag-text', 'desk.improvement', note),
    ], 'desk.do.tag', () => ({ typical: el('tag-typical').checked, improvement: val('tag-text') })));
  }
  if (can('close')) out.push(form('close', 'desk.do.close', [field('close-note', 'desk.note.close', textarea('close-note', 1000))], 'desk.do.close', () => ({ note: val('close-note') })));
  return out;
}

function drawDetail() {
  const c = current;
  if (!c) return;
  el('detail-none').hidden = true;
  el('detail').hidden = false;
  const fact = (k, v) => [h('dt', {}, t(k)), h('dd', {}, v)];
  el('detail-facts').replaceChildren(
    ...fact('cp.view.no', c.no),
    ...fact('cp.view.state', [t(`cp.state.${c.state}`), ...badge(c)]),
    ...fact('cp.view.place', pick(c.site)),
    ...(c.item ? fact('cp.view.item', c.item.name) : []),
    ...fact('cp.view.summary', c.summary),
    ...fact('desk.contact', `${c.contact.name || '–'} · ${c.contact.phone || '–'}`),
    ...fact('desk.channel', t(`desk.channel.${c.channel}`)),
    ...fact('cp.view.recorded', fmtTime(c.recorded_at)),
    ...fact('cp.view.due', c.clock.due),
    ...fact('desk.owner', c.owner ? c.owner.name : t('desk.nobody')),
    ...(c.contacted_at ? fact('desk.contacted', fmtTime(c.contacted_at)) : []),
    ...(c.answer
      ? fact('cp.view.answer', `${t(`cp.outcome.${c.answer.outcome}`)} · ${c.answer.cause !== 'none' ? t(`cp.cause.${c.answer.cause}`) : t(`cp.scope.${c.answer.scope}`)} · ${c.answer.text}${c.answer.referred_to ? ` → ${c.answer.referred_to}` : ''} · ${t(c.answer.in_time ? 'cp.view.intime' : 'cp.view.late')}`)
      : []),
    ...(c.typical ? fact('desk.improvement', c.improvement) : []),
  );
  el('detail-depts').replaceChildren(
    ...(c.department_list.length
      ? c.department_list.map((d) => h('li', {}, h('strong', {}, pick(d)), `：${d.note}`, d.response ? h('div', {}, t('desk.replied', { text: d.response })) : h('div', { class: 'muted' }, t('desk.noreply'))))
      : [h('li', { class: 'muted' }, t('desk.nodepts'))]),
  );
  el('detail-timeline').replaceChildren(
    ...c.timeline.map((e) => h('li', {}, `${fmtTime(e.at)} · ${e.actor ? e.actor.name : t('desk.anonymous')} · ${t(`cp.action.${e.action}`)}`, e.department ? `（${e.department}）` : '', e.target ? ` → ${e.target}` : '', e.note ? `：${e.note}` : '')),
  );
  el('detail-forms').replaceChildren(...(c.actions.length ? forms(c) : [h('p', { class: 'muted' }, t('desk.noactions'))]));
}

async function open(id) {
  el('desk-error').textContent = '';
  try {
    current = await api(`/api/v1/complaints/${id}`);
    drawDetail();
    drawList();
  } catch (err) {
    el('desk-error').textContent = problemText(err);
  }
}

async function act(action, body) {
  el('desk-error').textContent = '';
  el('desk-status').textContent = '';
  const path = { involve: 'departments', respond: 'responses', out_of_scope: 'out-of-scope' }[action] ?? action;
  try {
    await api(`/api/v1/complaints/${current.id}/${path}`, { method: 'POST', body });
    el('desk-status').textContent = t('desk.saved', { action: t(`cp.action.${action}`), no: current.no });
    await open(current.id);
    await loadList();
    el('desk-detail').focus();
  } catch (err) {
    el('desk-error').textContent = problemText(err);
  }
}

async function main() {
  me = await startShell({ titleKey: 'desk.title', nav: 'complaint' });
  if (!me?.authenticated) {
    el('desk-error').textContent = t('desk.signin');
    ready();
    return;
  }
  const params = new URLSearchParams(window.location.search);
  view = params.get('view') || (me.user?.role === 'manager' ? 'open' : 'new');
  for (const b of el('desk-views').querySelectorAll('button[data-view]'))
    b.addEventListener('click', () => {
      view = b.dataset.view;
      loadList();
    });
  try {
    const [d, c] = await Promise.all([api('/api/v1/catalog/departments'), api('/api/v1/complaints/coordinators')]);
    departments = d.items;
    coordinators = c.items;
  } catch (err) {
    el('desk-error').textContent = problemText(err);
  }
  await loadList();
  const id = params.get('id');
  if (id) await open(Number(id));
  onLangChange(() => {
    drawList();
    drawDetail();
  });
  ready();
}

main();
