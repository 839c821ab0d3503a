// visa-agency.js - the travel agency's portal (web/visa-agency.html): its
// tour groups (GET /api/v1/visa/groups), a new group with its members as
// pasted passport MRZ lines or an uploaded CSV file (read here, sent as
// text), the errors per member next to each member when nothing could be
// saved, the group's members and their status, and the pre-submission.
// The state is in the URL: ?group=ID or ?new=1.

import { t } from './i18n.js';
import { api, ApiError } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import {
  statusBadge, fullName, previewEntries, entriesWithErrors, problemText, readFileText, field, localTime, shanghaiDay, fieldLabel,
} from './visa-common.js';

const el = (id) => document.getElementById(id);
let me = null;
let groups = null;
let group = null; // the selected group's detail
let view = readUrl();
// What the person typed survives a re-render (language switch, errors).
const drafts = { group: {}, mode: 'mrz', text: '', csvName: '', csvText: '' };
let lastErrors = null; // {errors, entries, general}

function readUrl() {
  const q = new URLSearchParams(window.location.search);
  return { group: Number.parseInt(q.get('group') ?? '', 10) || null, isNew: q.get('new') === '1', edit: q.get('edit') === '1' };
}

function go(next) {
  view = { group: null, isNew: false, edit: false, ...next };
  const q = new URLSearchParams();
  if (view.group) q.set('group', String(view.group));
  if (view.isNew) q.set('new', '1');
  if (view.edit) q.set('edit', '1');
  window.history.pushState(null, '', `/visa-agency${q.size ? `?${q}` : ''}`);
  lastErrors = null;
  return load({ list: false });
}

function notice(text) {
  el('page-notice').textContent = text || '';
}

// ---- the list ----

function renderList() {
  const body = el('group-rows');
  if (!groups) return;
  if (!groups.items.length) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: 4, class: 'empty' }, t('visa.agency.none'))));
    return;
  }
  body.replaceChildren(
    ...groups.items.map((g) =>
      h(
        'tr',
        { class: view.group === g.id ? 'is-selected' : null, 'data-group': g.id },
        h(
          'th',
          { scope: 'row' },
          h('a', {
            href: `/visa-agency?group=${g.id}`,
            'aria-current': view.group === g.id ? 'true' : null,
            onclick: (ev) => {
              ev.preventDefault();
              go({ group: g.id });
            },
          }, g.group_no),
          h('div', { class: 'muted' }, g.flight),
        ),
        h('td', {}, `${g.arrival_date} ${g.arrival_time}`),
        h('td', { class: 'num' }, String(g.counts.members)),
        h('td', {}, statusBadge('group', g.status)),
      ),
    ),
  );
}

// ---- the group form (new or edit) ----

const GROUP_FIELDS = [
  ['group_no', 'visa.field.group_no', { type: 'text', required: true, maxlength: 31, autocomplete: 'off' }],
  ['flight', 'visa.field.flight', { type: 'text', required: true, maxlength: 8, autocomplete: 'off' }],
  ['arrival_date', 'visa.field.arrival_date', { type: 'date', required: true }],
  ['arrival_time', 'visa.field.arrival_time', { type: 'time', required: true }],
  ['stay_days', 'visa.field.stay_days', { type: 'number', required: true, min: 1, max: 30 }],
  ['leader_name', 'visa.field.leader_name', { type: 'text', required: true, maxlength: 63 }],
  ['leader_phone', 'visa.field.leader_phone', { type: 'text', maxlength: 31, autocomplete: 'off' }],
];

function groupValues(src) {
  return {
    group_no: src?.group_no ?? '',
    flight: src?.flight ?? '',
    arrival_date: src?.arrival_date ?? shanghaiDay(2),
    arrival_time: src?.arrival_time ?? '12:00',
    stay_days: String(src?.stay_days ?? 6),
    leader_name: src?.leader_name ?? '',
    leader_phone: src?.leader_phone ?? '',
    itinerary: src?.itinerary ?? '',
  };
}

/** The members' input: pasted MRZ lines or a CSV file. */
function membersInput(prefix) {
  const mrzId = `${prefix}-mrz`;
  const fileId = `${prefix}-csv`;
  const radios = ['mrz', 'csv'].map((mode) =>
    h('label', {},
      h('input', {
        type: 'radio', name: `${prefix}-mode`, value: mode, checked: drafts.mode === mode,
        onchange: () => {
          drafts.mode = mode;
          renderDetail();
        },
      }),
      t(`visa.mode.${mode}`)),
  );
  const area = drafts.mode === 'mrz'
    ? h('div', { class: 'visa-field' },
      h('label', { for: mrzId }, t('visa.mrz.label')),
      h('textarea', {
        id: mrzId, class: 'mrz', rows: 8, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${mrzId}-hint`,
        oninput: (ev) => { drafts.text = ev.target.value; },
      }, drafts.text),
      h('p', { class: 'hint', id: `${mrzId}-hint` }, t('visa.mrz.hint')))
    : h('div', { class: 'visa-field' },
      h('label', { for: fileId }, t('visa.csv.label')),
      h('input', {
        type: 'file', id: fileId, accept: '.csv,text/csv,text/plain', 'aria-describedby': `${fileId}-hint`,
        onchange: async (ev) => {
          const f = ev.target.files?.[0];
          if (!f) return;
          try {
            drafts.csvText = await readFileText(f);
            drafts.csvName = f.name;
            notice('');
          } catch (err) {
            drafts.csvText = '';
            notice(err.message);
          }
          renderDetail();
        },
      }),
      h('p', { class: 'hint', id: `${fileId}-hint` },
        drafts.csvName ? t('visa.csv.chosen', { name: drafts.csvName, n: previewEntries('csv', drafts.csvText).length }) : t('visa.csv.hint')));
  return h('fieldset', {}, h('legend', {}, t('visa.members.legend')), h('div', { class: 'visa-choice' }, radios), area);
}

function membersPayload() {
  if (drafts.mode === 'mrz' && drafts.text.trim()) return { mrz: drafts.text };
  if (drafts.mode === 'csv' && drafts.csvText.trim()) return { csv: drafts.csvText };
  return {};
}

function errorsBlock() {
  if (!lastErrors) return null;
  const { general, list, count } = entriesWithErrors(lastErrors.entries, lastErrors.errors.filter((e) => e.index >= 0 || !GROUP_FIELDS.some(([n]) => n === e.field) && e.field !== 'itinerary'));
  return h('div', { id: 'member-errors' },
    h('p', { class: 'notice', role: 'alert', id: 'error-summary', tabindex: '-1' }, t('visa.errors.summary', { n: count })),
    general, lastErrors.entries.length || count ? list : null);
}

function renderGroupForm(existing) {
  const v = { ...groupValues(existing), ...drafts.group };
  const controls = {};
  const inputs = GROUP_FIELDS.map(([name, key, attrs]) => {
    const f = field(`g-${name}`, key, { ...attrs, value: v[name], oninput: (ev) => { drafts.group[name] = ev.target.value; } });
    controls[name] = f;
    return f.wrap;
  });
  const it = field('g-itinerary', 'visa.field.itinerary', { rows: 2, required: true, maxlength: 511, oninput: (ev) => { drafts.group.itinerary = ev.target.value; } }, { tag: 'textarea', wide: true, options: [v.itinerary] });
  controls.itinerary = it;
  // group-level errors next to their fields
  for (const e of lastErrors?.errors ?? []) {
    const c = e.index < 0 && controls[e.field];
    if (c) {
      c.input.setAttribute('aria-invalid', 'true');
      c.error.textContent = fieldLabel(e.field) + '：' + (e.reason || '');
    }
  }
  const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'save-group' }, t(existing ? 'visa.save' : 'visa.agency.saveDraft'));
  const form = h('form', {
    class: 'form-group', id: 'group-form', novalidate: true,
    onsubmit: async (ev) => {
      ev.preventDefault();
      save.disabled = true;
      const body = {};
      for (const [name] of GROUP_FIELDS) {
        const val = controls[name].input.value.trim();
        if (name === 'stay_days') body.stay_days = Number.parseInt(val, 10) || 0;
        else if (val || name !== 'leader_phone') body[name] = val;
      }
      body.itinerary = it.input.value.trim();
      if (!existing) Object.assign(body, membersPayload());
      try {
        const g = existing
          ? await api(`/api/v1/visa/groups/${existing.id}`, { method: 'PUT', body })
          : await api('/api/v1/visa/groups', { method: 'POST', body });
        drafts.group = {};
        drafts.text = '';
        drafts.csvText = '';
        drafts.csvName = '';
        await loadList();
        await go({ group: g.id });
      } catch (err) {
        showErrors(err, body);
        save.disabled = false;
      }
    },
  },
  h('div', { class: 'visa-form' }, inputs, it.wrap),
  existing ? null : membersInput('new'),
  errorsBlock(),
  h('div', { class: 'visa-actions' }, save,
    h('a', { class: 'btn btn-secondary', href: existing ? `/visa-agency?group=${existing.id}` : '/visa-agency' }, t('visa.cancelEdit'))));
  return form;
}

function showErrors(err, body) {
  const p = err instanceof ApiError ? err.problem : null;
  if (p?.errors) {
    const mode = body.mrz ? 'mrz' : body.csv ? 'csv' : null;
    lastErrors = { errors: p.errors, entries: mode ? previewEntries(mode, body.mrz ?? body.csv) : [] };
    notice('');
  } else if (p?.field && err.status === 422) {
    lastErrors = { errors: [{ index: -1, field: p.field, code: '', reason: p.detail || '' }], entries: [] };
    notice('');
  } else {
    lastErrors = null;
    notice(problemText(err));
  }
  renderDetail();
  el('error-summary')?.focus();
}

// ---- a group ----

function facts(g) {
  const rows = [
    ['visa.field.group_no', g.group_no],
    ['visa.field.flight', g.flight],
    ['visa.col.arrival', `${g.arrival_date} ${g.arrival_time}`],
    ['visa.field.stay_days', t('visa.days', { n: g.stay_days })],
    ['visa.valid', `${g.valid_from} — ${g.valid_until}`],
    ['visa.field.leader_name', [g.leader_name, g.leader_phone].filter(Boolean).join(' · ')],
    ['visa.submitBy', localTime(g.submit_by)],
    ['visa.port', g.port.name],
  ];
  return h('dl', { class: 'facts' }, rows.map(([k, v]) => h('div', {}, h('dt', {}, t(k)), h('dd', {}, v))),
    h('div', { class: 'wide' }, h('dt', {}, t('visa.field.itinerary')), h('dd', {}, g.itinerary)));
}

function membersTable(g, editable) {
  const head = ['visa.col.no', 'visa.col.name', 'visa.col.sex', 'visa.col.birth', 'visa.col.nationality', 'visa.col.passport', 'visa.col.status'];
  if (editable) head.push('visa.col.actions');
  return h('div', { class: 'table-scroll' },
    h('table', { class: 'data-table', id: 'member-table', 'aria-label': t('visa.members') },
      g.members.length ? null : h('caption', {}, t('visa.members.none')),
      h('thead', {}, h('tr', {}, head.map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, g.members.map((m, i) =>
        h('tr', { 'data-member': m.id },
          h('td', {}, String(i + 1)),
          h('th', { scope: 'row' }, fullName(m), m.note ? h('div', { class: 'muted' }, m.note) : null),
          h('td', {}, m.sex),
          h('td', { class: 'mono' }, m.birth_date),
          h('td', {}, m.nationality),
          h('td', { class: 'mono' }, m.passport_number),
          h('td', {}, statusBadge('member', m.status), m.needs_correction ? h('div', { class: 'field-error' }, t('visa.needsCorrection')) : null),
          editable ? h('td', {}, h('button', {
            type: 'button', class: 'btn btn-danger btn-small', 'aria-label': t('visa.remove.label', { name: fullName(m) }),
            onclick: () => removeMember(m),
          }, t('visa.remove'))) : null,
        )))));
}

async function removeMember(m) {
  try {
    group = await api(`/api/v1/visa/groups/${group.id}/members/${m.id}`, { method: 'DELETE' });
    await loadList();
    renderDetail();
  } catch (err) {
    notice(problemText(err));
  }
}

function addMembersForm(g) {
  const btn = h('button', { type: 'submit', class: 'btn btn-primary', id: 'add-members' }, t('visa.members.add'));
  return h('form', {
    id: 'members-form', novalidate: true,
    onsubmit: async (ev) => {
      ev.preventDefault();
      const body = membersPayload();
      if (!body.mrz && !body.csv) {
        notice(t('visa.members.empty'));
        return;
      }
      btn.disabled = true;
      try {
        group = await api(`/api/v1/visa/groups/${g.id}/members`, { method: 'POST', body });
        drafts.text = '';
        drafts.csvText = '';
        drafts.csvName = '';
        lastErrors = null;
        notice('');
        await loadList();
        renderDetail();
        el('detail-h').focus();
      } catch (err) {
        showErrors(err, body);
      }
    },
  },
  h('h3', {}, t('visa.members.addTitle')),
  membersInput('add'),
  errorsBlock(),
  h('div', { class: 'visa-actions' }, btn));
}

async function groupAction(path, body, okKey) {
  try {
    group = await api(`/api/v1/visa/groups/${group.id}/${path}`, { method: 'POST', body });
    notice('');
    await loadList();
    renderDetail();
    const s = el('action-status');
    if (s) s.textContent = t(okKey);
  } catch (err) {
    notice(problemText(err));
  }
}

function renderGroup(g) {
  const editable = g.status === 'draft' || g.status === 'returned';
  const active = ['draft', 'submitted', 'under_review', 'approved', 'returned'].includes(g.status);
  const reason = h('input', { type: 'text', id: 'cancel-reason', maxlength: 255 });
  return h('div', {},
    h('p', {}, statusBadge('group', g.status), ' ', g.agency.name),
    g.note ? h('p', { class: 'notice notice-info', id: 'officer-note' }, t('visa.officerNote'), '：', g.note) : null,
    facts(g),
    h('p', { class: 'muted' }, t('visa.noSurcharge')),
    h('h3', {}, t('visa.members'), ` (${g.members.length})`),
    membersTable(g, editable),
    h('p', { role: 'status', id: 'action-status', class: 'scan-message' }),
    editable ? h('div', { class: 'visa-actions' },
      h('button', { type: 'button', class: 'btn btn-primary', id: 'submit-group', disabled: !g.members.length, onclick: () => groupAction('submit', undefined, 'visa.submitted') }, t('visa.agency.submit')),
      h('a', { class: 'btn btn-secondary', href: `/visa-agency?group=${g.id}&edit=1`, onclick: (ev) => { ev.preventDefault(); go({ group: g.id, edit: true }); } }, t('visa.agency.edit'))) : null,
    editable ? addMembersForm(g) : null,
    active ? h('div', { class: 'visa-toolbar' },
      h('div', { class: 'field' }, h('label', { for: 'cancel-reason' }, t('visa.cancel.reason')), reason),
      h('button', {
        type: 'button', class: 'btn btn-danger', id: 'cancel-group',
        onclick: () => (reason.value.trim() ? groupAction('cancel', { reason: reason.value.trim() }, 'visa.cancelled') : reason.focus()),
      }, t('visa.cancel.group'))) : null,
  );
}

function renderDetail() {
  const title = el('detail-h');
  const body = el('detail-body');
  if (!me?.user || me.user.role !== 'agency') {
    title.textContent = t('visa.agency.detail');
    body.replaceChildren(h('p', { class: 'notice' }, t('visa.agency.signin'), ' ', h('a', { href: '/login' }, t('auth.signin'))));
    return;
  }
  if (view.isNew) {
    title.textContent = t('visa.agency.new');
    body.replaceChildren(renderGroupForm(null));
    return;
  }
  if (view.group && group?.id === view.group) {
    title.textContent = t('visa.agency.groupTitle', { no: group.group_no });
    body.replaceChildren(view.edit ? renderGroupForm(group) : renderGroup(group));
    return;
  }
  title.textContent = t('visa.agency.detail');
  body.replaceChildren(h('p', { class: 'empty' }, view.group ? t('loading') : t('visa.agency.pick')));
}

async function loadList() {
  try {
    groups = await api('/api/v1/visa/groups?limit=200');
  } catch (err) {
    groups = { items: [] };
    notice(problemText(err));
  }
  renderList();
}

async function load({ list = true } = {}) {
  if (list) await loadList();
  else renderList();
  group = null;
  if (view.group) {
    try {
      group = await api(`/api/v1/visa/groups/${view.group}`);
    } catch (err) {
      notice(problemText(err));
    }
  }
  renderDetail();
}

async function main() {
  me = await startShell({ titleKey: 'visa.agency.title', nav: 'visa-agency' });
  if (me?.user?.role === 'agency') await load();
  else renderDetail();
  onLangChange(() => {
    renderList();
    renderDetail();
  });
  window.addEventListener('popstate', () => {
    view = readUrl();
    lastErrors = null;
    load({ list: false });
  });
  ready();
}

main();
