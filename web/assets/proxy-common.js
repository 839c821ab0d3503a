// proxy-common.js - shared by the proxy-service pages: labels, the request
// detail with the action forms the caller may use (the server's "actions"
// list decides which are shown), and filing a case on the person's behalf
// through the cases API (POST /api/v1/cases with proxy_request_id, then the
// file_case action records it under the request).

import { t, getLang } from './i18n.js';
import { api, errorMessage, ApiError } from './api.js';
import { h } from './shell.js';

export const kindLabel = (k) => t(`proxy.kind.short.${k}`);
export const stateLabel = (s) => t(`proxy.state.${s}`);
export const greenLabel = (g) => t(`proxy.green.${g}`);
export const deliveryLabel = (d) => t(`proxy.delivery.${d}`);

/** "2026-02-12 09:30" in Beijing time for unix seconds. */
export function when(unix) {
  if (!unix) return '–';
  const d = new Date((unix + 8 * 3600) * 1000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

/** YYYY-MM-DD in Beijing time, n days from today. */
export function shanghaiDay(n = 0) {
  return new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);
}

export function problemText(err) {
  if (err instanceof ApiError && err.problem?.detail) return err.problem.detail;
  return errorMessage(err);
}

export function stateBadge(q) {
  return h('span', { class: 'proxy-badge' }, stateLabel(q.state));
}

export function greenBadge(q) {
  return q.priority ? h('span', { class: 'proxy-badge is-green' }, `${t('proxy.priority')} · ${greenLabel(q.green)}`) : null;
}

function field(id, label, input) {
  return h('div', { class: 'proxy-field' }, h('label', { for: id }, label), input);
}

function select(id, options, value) {
  return h('select', { id, name: id }, options.map(([v, l]) => h('option', { value: v, selected: v === value }, l)));
}

const TEAM_ROLES = ['doctor', 'specialist', 'butler', 'approver', 'staff', 'relative', 'other'];

let uid = 0;

/** File a case for the person of request q and record it under q. Returns
 * the case. */
export async function fileCase(q) {
  const body = {
    item_id: q.item.id,
    applicant_name: q.person.name,
    proxy_request_id: q.id,
  };
  if (q.person.id_number) body.id_number = q.person.id_number;
  if (q.person.phone) body.phone = q.person.phone;
  if (q.person.address) body.address = q.person.address;
  if (q.requester?.id) body.applicant_user_id = q.requester.id;
  const c = await api('/api/v1/cases', { method: 'POST', body });
  await api(`/api/v1/proxy/requests/${q.id}/actions/file_case`, { method: 'POST', body: { case_id: c.id } });
  return c;
}

/** The detail of request q with its action forms. staff: the accounts it may
 * be assigned to (desk only). onChanged(q) after a successful action. */
export function renderDetail(box, q, { staff = [], onChanged } = {}) {
  const n = ++uid;
  const status = h('div', { class: 'notice', role: 'status', id: `act-status-${n}` });
  const can = (a) => q.actions.includes(a);
  const run = async (form, fn) => {
    status.className = 'notice';
    status.textContent = '';
    for (const b of form.querySelectorAll('button')) b.disabled = true;
    try {
      const out = await fn();
      status.className = 'notice notice-info';
      status.textContent = out?.message ?? t('proxy.act.done');
      if (onChanged) await onChanged(out?.request ?? null);
    } catch (err) {
      status.className = 'notice notice-error';
      status.textContent = problemText(err);
    } finally {
      for (const b of form.querySelectorAll('button')) b.disabled = false;
    }
  };
  const post = (path, body) => api(path, { method: 'POST', body });
  const action = (a, body) => post(`/api/v1/proxy/requests/${q.id}/actions/${a}`, body);

  const person = q.person;
  const meta = h(
    'dl',
    { class: 'meta' },
    h('dt', {}, t('proxy.col.no')), h('dd', {}, q.no),
    h('dt', {}, t('proxy.col.person')), h('dd', {}, person.name, ' ', greenBadge(q)),
    person.id_number ? [h('dt', {}, t('proxy.detail.id')), h('dd', {}, person.id_number)] : null,
    person.phone ? [h('dt', {}, t('proxy.detail.phone')), h('dd', {}, person.phone)] : null,
    person.address ? [h('dt', {}, t('proxy.detail.address')), h('dd', {}, person.address)] : null,
    h('dt', {}, t('proxy.col.item')), h('dd', {}, `${q.item.name}（${q.item.code}）`),
    h('dt', {}, t('proxy.col.kind')), h('dd', {}, kindLabel(q.kind)),
    h('dt', {}, t('proxy.col.state')), h('dd', {}, stateBadge(q)),
    h('dt', {}, t('proxy.detail.requester')), h('dd', {}, [q.requester?.name, q.relation].filter(Boolean).join(' · ') || '–'),
    h('dt', {}, t('proxy.col.assignee')), h('dd', {}, q.assignee ? `${q.assignee.name}（${t(`proxy.role.${q.assignee.role}`)}）` : '–'),
    h('dt', {}, t('proxy.detail.auth')), h('dd', {}, `${q.authorisation.items.join(', ')}；${t('proxy.detail.until', { date: q.authorisation.valid_until })}`),
    q.note ? [h('dt', {}, t('proxy.detail.note')), h('dd', {}, q.note)] : null,
    q.delivery?.method !== 'none' ? [h('dt', {}, t('proxy.col.delivery')), h('dd', {}, deliveryLabel(q.delivery.method), q.delivery.tracking ? ` · ${t('proxy.tracking', { no: q.delivery.tracking })}` : '')] : null,
  );

  const visits = (q.visits ?? []).length
    ? h('section', {}, h('h3', {}, t('proxy.detail.visits')), h('ul', { class: 'proxy-list', id: `visits-${n}` },
        q.visits.map((v) => h('li', {},
          `${when(v.scheduled_at)} · ${t(`proxy.mode.${v.mode}`)} · ${t(`proxy.visit.state.${v.state}`)} · `,
          v.team.map((m) => `${t(`proxy.team.${m.role}`)} ${m.name}`).join('、'),
          v.outcome ? ` — ${v.outcome}` : ''))))
    : null;
  const cases = (q.case_ids ?? []).length
    ? h('p', {}, t('proxy.detail.cases'), '：', q.case_ids.map((id, i) => [i ? '、' : '', h('a', { href: `/case?id=${id}` }, t('proxy.case.link', { id }))]))
    : null;
  const events = (q.events ?? []).length
    ? h('section', {}, h('h3', {}, t('proxy.detail.timeline')), h('ol', { class: 'proxy-list' },
        q.events.map((e) => h('li', {}, `${when(e.at)} · ${e.actor_name || '–'} · ${e.to ? stateLabel(e.to) : ''}${e.assignee ? ' → ' + e.assignee : ''}${e.note ? ' · ' + e.note : ''}`))))
    : null;

  const forms = [];
  if (can('assign') || can('reassign')) {
    const re = can('reassign');
    const sel = select(`assignee-${n}`, staff.map((s) => [String(s.user_id), `${s.name}（${t(`proxy.role.${s.role}`)}，${t('proxy.desk.open', { n: s.open_requests })}）`]), q.assignee ? String(q.assignee.id) : undefined);
    const reason = h('input', { type: 'text', id: `reason-${n}`, maxlength: 200 });
    const f = h('form', { class: 'proxy-form', id: `assign-form-${n}` },
      h('h3', {}, t(re ? 'proxy.act.reassign' : 'proxy.act.assign')),
      field(`assignee-${n}`, t('proxy.act.assignee'), sel),
      re ? field(`reason-${n}`, t('proxy.act.reason'), reason) : null,
      h('button', { type: 'submit', class: 'btn btn-primary', id: `assign-go-${n}` }, t(re ? 'proxy.act.reassign' : 'proxy.act.assign')));
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      run(f, () => action(re ? 'reassign' : 'assign', re ? { assignee_id: Number(sel.value), reason: reason.value } : { assignee_id: Number(sel.value) }));
    });
    forms.push(f);
  }
  if (can('start')) {
    const f = h('form', {}, h('button', { type: 'submit', class: 'btn btn-secondary', id: `start-go-${n}` }, t('proxy.act.start')));
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      run(f, () => action('start', {}));
    });
    forms.push(f);
  }
  if (can('schedule_visit')) {
    const at = h('input', { type: 'datetime-local', id: `visit-at-${n}`, required: true, value: `${shanghaiDay(1)}T09:00` });
    const mode = select(`visit-mode-${n}`, [['home', t('proxy.mode.home')], ['video', t('proxy.mode.video')]], 'home');
    const rows = [0, 1, 2].map((i) => ({
      role: select(`team-role-${n}-${i}`, TEAM_ROLES.map((r) => [r, t(`proxy.team.${r}`)]), ['doctor', 'specialist', 'butler'][i]),
      name: h('input', { type: 'text', id: `team-name-${n}-${i}`, maxlength: 60 }),
    }));
    const f = h('form', { class: 'proxy-form', id: `visit-form-${n}` },
      h('h3', {}, t('proxy.act.schedule')),
      h('div', { class: 'proxy-row' }, field(`visit-at-${n}`, t('proxy.act.when'), at), field(`visit-mode-${n}`, t('proxy.act.mode'), mode)),
      h('p', { class: 'proxy-label' }, t('proxy.act.team')),
      rows.map((r, i) => h('div', { class: 'proxy-row' },
        field(`team-role-${n}-${i}`, `${t('proxy.team.role')} ${i + 1}`, r.role),
        field(`team-name-${n}-${i}`, `${t('proxy.team.name')} ${i + 1}`, r.name))),
      h('button', { type: 'submit', class: 'btn btn-primary', id: `visit-go-${n}` }, t('proxy.act.visit.save')));
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const team = rows.filter((r) => r.name.value.trim()).map((r) => `${r.role.value}:${r.name.value.trim()}`).join(',');
      run(f, () => post(`/api/v1/proxy/requests/${q.id}/visits`, { scheduled_at: at.value.slice(0, 16), mode: mode.value, team }));
    });
    forms.push(f);
  }
  const pending = (q.visits ?? []).find((v) => v.state === 'scheduled');
  if (pending && can('record_visit')) {
    const done = h('input', { type: 'radio', name: `done-${n}`, id: `done-yes-${n}`, value: 'yes', checked: true });
    const missed = h('input', { type: 'radio', name: `done-${n}`, id: `done-no-${n}`, value: 'no' });
    const text = h('textarea', { id: `outcome-${n}`, required: true, maxlength: 1000 });
    const f = h('form', { class: 'proxy-form', id: `outcome-form-${n}` },
      h('h3', {}, `${t('proxy.act.outcome')}（${when(pending.scheduled_at)} ${t(`proxy.mode.${pending.mode}`)}）`),
      h('div', { class: 'proxy-choice' }, done, h('label', { for: `done-yes-${n}` }, t('proxy.act.outcome.done'))),
      h('div', { class: 'proxy-choice' }, missed, h('label', { for: `done-no-${n}` }, t('proxy.act.outcome.missed'))),
      field(`outcome-${n}`, t('proxy.act.outcome.text'), text),
      h('button', { type: 'submit', class: 'btn btn-primary', id: `outcome-go-${n}` }, t('proxy.act.outcome.save')));
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      run(f, () => post(`/api/v1/proxy/requests/${q.id}/visits/${pending.id}/outcome`, { done: done.checked, outcome: text.value }));
    });
    forms.push(f);
  }
  if (can('file_case')) {
    const f = h('form', { class: 'proxy-form', id: `file-form-${n}` },
      h('h3', {}, t('proxy.act.file')),
      h('p', { class: 'hint' }, `${q.item.name}（${q.item.code}） · ${person.name}`),
      h('button', { type: 'submit', class: 'btn btn-primary', id: `file-go-${n}` }, t('proxy.act.file.go')));
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      run(f, async () => {
        const c = await fileCase(q);
        return { message: t('proxy.act.file.done', { no: c.no }) };
      });
    });
    forms.push(f);
  }
  if (can('complete')) {
    const method = select(`delivery-${n}`, ['post', 'pickup', 'electronic', 'none'].map((d) => [d, deliveryLabel(d)]), 'post');
    const tracking = h('input', { type: 'text', id: `tracking-${n}`, maxlength: 40 });
    const f = h('form', { class: 'proxy-form', id: `complete-form-${n}` },
      h('h3', {}, t('proxy.act.complete')),
      h('div', { class: 'proxy-row' }, field(`delivery-${n}`, t('proxy.act.delivery'), method), field(`tracking-${n}`, t('proxy.act.tracking'), tracking)),
      h('button', { type: 'submit', class: 'btn btn-primary', id: `complete-go-${n}` }, t('proxy.act.complete.go')));
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const body = { delivery: method.value };
      if (tracking.value.trim()) body.tracking = tracking.value.trim();
      run(f, () => action('complete', body));
    });
    forms.push(f);
  }
  if (can('cancel')) {
    const reason = h('input', { type: 'text', id: `cancel-reason-${n}`, maxlength: 200, required: true });
    const f = h('form', { class: 'proxy-form', id: `cancel-form-${n}` },
      h('h3', {}, t('proxy.act.cancel')),
      field(`cancel-reason-${n}`, t('proxy.act.reason'), reason),
      h('button', { type: 'submit', class: 'btn btn-secondary', id: `cancel-go-${n}` }, t('proxy.act.cancel.go')));
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      run(f, () => action('cancel', { reason: reason.value }));
    });
    forms.push(f);
  }
  box.replaceChildren(...[meta, visits, cases, h('div', { class: 'proxy-actions' }, forms), status, events].filter(Boolean));
  return box;
}

/** Load one request (with its timeline, visits and cases). */
export function loadRequest(id) {
  return api(`/api/v1/proxy/requests/${id}`);
}

export function siteName(site) {
  return getLang() === 'en' ? site.name_en || site.name : site.name;
}
