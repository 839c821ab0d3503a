// visa-officer.js - the border officer's console (web/visa-officer.html):
//   review   - the pre-submitted groups, earliest arrival first; decisions
//              per member and per group, with reasons
//   arrivals - the day's approved groups by flight; a scan box for the
//              passport MRZ (a barcode scanner types the two lines), present
//              and absent, issuing the group visa and its PDF
//   special  - a special case at once (特事特办): an individual visa
//   watch    - the watch list
// The state is in the URL (?tab=&group=&date=) so a view can be linked.

import { t } from './i18n.js';
import { api } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { statusBadge, fullName, entriesWithErrors, problemText, localTime, shanghaiDay, errorText } from './visa-common.js';

const TABS = ['review', 'arrivals', 'special', 'watch'];
const el = (id) => document.getElementById(id);
let me = null;
let view = readUrl();
let list = null; // the left panel's data for the tab
let group = null; // the selected group
let issued = null; // the visa just issued (arrivals) or special visa
let scanMessage = null; // {ok, text}
let memberDetail = null; // the officer's full view of one member
let specialErrors = null;

function readUrl() {
  const q = new URLSearchParams(window.location.search);
  const tab = TABS.includes(q.get('tab')) ? q.get('tab') : 'review';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(q.get('date') ?? '') ? q.get('date') : shanghaiDay();
  return { tab, group: Number.parseInt(q.get('group') ?? '', 10) || null, date };
}

function urlFor(v) {
  const q = new URLSearchParams({ tab: v.tab });
  if (v.tab === 'arrivals') q.set('date', v.date);
  if (v.group) q.set('group', String(v.group));
  return `/visa-officer?${q}`;
}

async function go(next, { focus } = {}) {
  const prev = view;
  view = { ...view, ...next };
  window.history.pushState(null, '', urlFor(view));
  if (prev.group !== view.group || prev.tab !== view.tab) {
    issued = null;
    scanMessage = null;
    memberDetail = null;
  }
  await load({ list: prev.tab !== view.tab || prev.date !== view.date });
  if (focus) el(focus)?.focus();
}

function notice(text) {
  el('page-notice').textContent = text || '';
}

// ---- tabs ----

function renderTabs() {
  for (const b of document.querySelectorAll('#tabs [role="tab"]')) {
    const on = b.dataset.tab === view.tab;
    b.setAttribute('aria-selected', String(on));
    b.tabIndex = on ? 0 : -1;
  }
  el('panel').setAttribute('aria-labelledby', `tab-${view.tab}`);
  el('list-h').textContent = t(`visa.tab.${view.tab}`);
}

function setupTabs() {
  const tabs = [...document.querySelectorAll('#tabs [role="tab"]')];
  for (const b of tabs) {
    b.addEventListener('click', () => go({ tab: b.dataset.tab, group: null }));
    b.addEventListener('keydown', (ev) => {
      const i = tabs.indexOf(b);
      let j = null;
      if (ev.key === 'ArrowRight') j = (i + 1) % tabs.length;
      else if (ev.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
      else if (ev.key === 'Home') j = 0;
      else if (ev.key === 'End') j = tabs.length - 1;
      if (j === null) return;
      ev.preventDefault();
      tabs[j].focus();
      go({ tab: tabs[j].dataset.tab, group: null });
    });
  }
}

// ---- shared pieces ----

function groupLink(g) {
  return h('a', {
    href: urlFor({ ...view, group: g.id }),
    'aria-current': view.group === g.id ? 'true' : null,
    onclick: (ev) => {
      ev.preventDefault();
      go({ group: g.id }, { focus: 'detail-h' });
    },
  }, g.group_no);
}

function facts(g) {
  const rows = [
    ['visa.agency', g.agency.name],
    ['visa.field.flight', g.flight],
    ['visa.col.arrival', `${g.arrival_date} ${g.arrival_time}`],
    ['visa.field.stay_days', t('visa.days', { n: g.stay_days })],
    ['visa.valid', `${g.valid_from} — ${g.valid_until}`],
    ['visa.field.leader_name', [g.leader_name, g.leader_phone].filter(Boolean).join(' · ')],
    ['visa.submittedAt', localTime(g.submitted_at)],
  ];
  return h('dl', { class: 'facts' }, rows.map(([k, v]) => h('div', {}, h('dt', {}, t(k)), h('dd', {}, v))),
    h('div', {}, h('dt', {}, t('visa.field.itinerary')), h('dd', {}, g.itinerary)));
}

async function act(method, path, body, { after } = {}) {
  try {
    const r = await api(path, { method, body });
    notice('');
    if (after) await after(r);
    return r;
  } catch (err) {
    notice(problemText(err));
    return null;
  }
}

// ---- review ----

function renderReviewList() {
  if (!list.items.length) return h('p', { class: 'empty' }, t('visa.review.none'));
  return h('div', { class: 'table-scroll' }, h('table', { class: 'data-table', 'aria-labelledby': 'list-h' },
    h('thead', {}, h('tr', {}, ['visa.col.group', 'visa.col.arrival', 'visa.col.members', 'visa.col.status'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, list.items.map((g) => h('tr', { class: view.group === g.id ? 'is-selected' : null, 'data-group': g.id },
      h('th', { scope: 'row' }, groupLink(g), h('div', { class: 'muted' }, g.agency.name)),
      h('td', {}, `${g.arrival_date} ${g.arrival_time}`, h('div', { class: 'muted' }, g.flight)),
      h('td', { class: 'num' }, String(g.counts.members), g.counts.flagged ? h('div', { class: 'field-error' }, t('visa.flaggedN', { n: g.counts.flagged })) : null),
      h('td', {}, statusBadge('group', g.status)))))));
}

function reasonInput() {
  return h('div', { class: 'field' }, h('label', { for: 'reason' }, t('visa.reason')), h('input', { type: 'text', id: 'reason', maxlength: 255 }));
}
const reasonValue = () => el('reason')?.value.trim() ?? '';

function memberRow(g, m, i, { review, onsite }) {
  const actions = [];
  const btn = (label, id, onclick, cls = 'btn btn-secondary btn-small') =>
    h('button', { type: 'button', class: cls, 'data-action': id, 'aria-label': `${t(label)}：${fullName(m)}`, onclick }, t(label));
  const decide = (decision) => async () => {
    const reason = reasonValue();
    if (decision !== 'approve' && !reason) {
      notice(t('visa.reason.needed'));
      el('reason')?.focus();
      return;
    }
    await act('POST', `/api/v1/visa/groups/${g.id}/members/${m.id}/decision`, { decision, ...(reason ? { reason } : {}) }, { after: (r) => { group = r; renderDetail(); } });
  };
  const attend = (status) => () => act('POST', `/api/v1/visa/groups/${g.id}/members/${m.id}/attendance`, { status }, {
    after: (r) => {
      group = r;
      scanMessage = null;
      renderDetail();
    },
  });
  if (review) {
    if (['pending', 'flagged', 'refused'].includes(m.status)) actions.push(btn('visa.approve', 'approve', decide('approve')));
    if (['pending', 'flagged', 'approved'].includes(m.status)) actions.push(btn('visa.return', 'return', decide('return')));
    if (['pending', 'flagged', 'approved'].includes(m.status)) actions.push(btn('visa.refuse', 'refuse', decide('refuse'), 'btn btn-danger btn-small'));
  }
  if (onsite) {
    if (m.status === 'flagged') actions.push(btn('visa.approve', 'approve', decide('approve')));
    if (['approved', 'absent'].includes(m.status)) actions.push(btn('visa.present', 'present', attend('present')));
    if (['approved', 'present'].includes(m.status)) actions.push(btn('visa.absent', 'absent', attend('absent'), 'btn btn-danger btn-small'));
  }
  actions.push(btn('visa.full', 'full', async () => {
    memberDetail = await act('GET', `/api/v1/visa/groups/${g.id}/members/${m.id}`);
    renderDetail();
    el('member-full')?.focus();
  }, 'btn btn-secondary btn-small'));
  return h('tr', { 'data-member': m.id, 'data-status': m.status },
    h('td', {}, String(i + 1)),
    h('th', { scope: 'row' }, fullName(m), m.note ? h('div', { class: 'muted' }, m.note) : null),
    h('td', {}, m.sex),
    h('td', {}, m.nationality),
    h('td', { class: 'mono' }, m.passport_number),
    h('td', {}, statusBadge('member', m.status), m.watch_hit ? h('div', { class: 'field-error' }, t('visa.watchHit')) : null,
      m.needs_correction ? h('div', { class: 'field-error' }, t('visa.needsCorrection')) : null),
    h('td', {}, h('div', { class: 'visa-actions' }, actions)));
}

function membersTable(g, opts) {
  return h('div', { class: 'table-scroll' }, h('table', { class: 'data-table', id: 'member-table', 'aria-label': t('visa.members') },
    h('thead', {}, h('tr', {}, ['visa.col.no', 'visa.col.name', 'visa.col.sex', 'visa.col.nationality', 'visa.col.passport', 'visa.col.status', 'visa.col.actions'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, g.members.map((m, i) => memberRow(g, m, i, opts)))));
}

function memberFull() {
  if (!memberDetail) return null;
  const m = memberDetail;
  const rows = [
    ['visa.col.name', fullName(m)], ['visa.col.sex', m.sex], ['visa.col.birth', m.birth_date], ['visa.col.nationality', `${m.nationality} ${m.nationality_name.zh}`],
    ['visa.col.passport', m.passport_number], ['visa.field.passport_expiry', m.passport_expiry], ['visa.col.status', t(`visa.member.${m.status}`)],
  ];
  if (m.watch) rows.push(['visa.watchHit', m.watch.reason]);
  return h('section', { class: 'flight', id: 'member-full', tabindex: '-1', 'aria-labelledby': 'member-full-h' },
    h('h3', { id: 'member-full-h' }, t('visa.fullTitle')),
    h('p', { class: 'muted' }, t('visa.fullAudited')),
    h('dl', { class: 'facts' }, rows.map(([k, v]) => h('div', {}, h('dt', {}, t(k)), h('dd', { class: 'mono' }, v)))));
}

function renderReviewDetail(g) {
  const inReview = g.status === 'submitted' || g.status === 'under_review';
  const decideGroup = (decision) => async () => {
    const reason = reasonValue();
    if (decision !== 'approve' && !reason) {
      notice(t('visa.reason.needed'));
      el('reason')?.focus();
      return;
    }
    await act('POST', `/api/v1/visa/groups/${g.id}/decision`, { decision, ...(reason ? { reason } : {}) }, {
      after: async (r) => {
        group = r;
        await loadList();
        renderDetail();
        el('action-status').textContent = t(`visa.decided.${decision}`);
      },
    });
  };
  return h('div', {},
    h('p', {}, statusBadge('group', g.status)),
    facts(g),
    inReview ? h('div', { class: 'visa-toolbar' }, reasonInput()) : null,
    h('h3', {}, t('visa.members'), ` (${g.members.length})`),
    membersTable(g, { review: inReview, onsite: false }),
    memberFull(),
    h('p', { role: 'status', id: 'action-status', class: 'scan-message' }),
    inReview ? h('div', { class: 'visa-actions' },
      h('button', { type: 'button', class: 'btn btn-primary', id: 'approve-group', onclick: decideGroup('approve') }, t('visa.group.approve')),
      h('button', { type: 'button', class: 'btn btn-secondary', id: 'return-group', onclick: decideGroup('return') }, t('visa.group.return')),
      h('button', { type: 'button', class: 'btn btn-danger', id: 'refuse-group', onclick: decideGroup('refuse') }, t('visa.group.refuse'))) : null);
}

// ---- arrivals ----

function renderArrivalsList() {
  const date = h('input', { type: 'date', id: 'arrival-date', value: view.date });
  const bar = h('form', {
    class: 'visa-toolbar',
    onsubmit: (ev) => {
      ev.preventDefault();
      go({ date: date.value || shanghaiDay(), group: null });
    },
  }, h('div', { class: 'field' }, h('label', { for: 'arrival-date' }, t('visa.arrivals.date')), date),
  h('button', { type: 'submit', class: 'btn btn-secondary', id: 'arrivals-show' }, t('visa.show')));
  if (!list.flights.length) return h('div', {}, bar, h('p', { class: 'empty' }, t('visa.arrivals.none')));
  return h('div', {}, bar, list.flights.map((f) => h('section', { class: 'flight', 'aria-label': `${f.flight} ${f.arrival_time}`, 'data-flight': f.flight },
    h('h3', {}, `${f.flight} · ${f.arrival_time}`),
    h('p', { class: 'muted' }, t('visa.arrivals.flightLine', { groups: f.groups.length, persons: f.persons, present: f.present })),
    h('ul', {}, f.groups.map((g) => h('li', { 'data-group': g.id }, groupLink(g), ' · ', g.agency.name, ' · ',
      t('visa.arrivals.groupLine', { n: g.counts.members, present: g.counts.present + g.counts.issued }), ' ', statusBadge('group', g.status)))))));
}

async function scan(g, text) {
  const mrz = text.trim();
  if (!mrz) return;
  try {
    const r = await api(`/api/v1/visa/groups/${g.id}/scan`, { method: 'POST', body: { mrz } });
    group = r;
    scanMessage = { ok: true, text: t('visa.scan.ok', { name: fullName(r.scanned), present: r.counts.present, total: r.counts.members }) };
  } catch (err) {
    const p = err.problem;
    scanMessage = { ok: false, text: p?.errors?.length ? p.errors.map(errorText).join('；') : problemText(err) };
  }
  renderDetail();
  el('scan-input')?.focus();
}

function issueResult(v) {
  return h('div', { class: 'visa-result', id: 'visa-result', role: 'status' },
    h('p', {}, t('visa.issued'), ' ', h('span', { class: 'visa-number', id: 'visa-number' }, v.number)),
    h('p', {}, t('visa.issuedLine', { persons: v.persons, from: v.valid_from, until: v.valid_until, total: v.receipt.total })),
    h('p', { class: 'visa-actions' },
      h('a', { href: `/api/v1/visa/visas/${v.id}/pdf`, id: 'visa-pdf', target: '_blank', rel: 'noopener' }, t('visa.pdf')),
      h('a', { href: `/api/v1/visa/receipts/${v.receipt.id}/pdf`, id: 'receipt-pdf', target: '_blank', rel: 'noopener' }, t('visa.receiptPdf'))),
    h('p', { class: 'muted' }, t('visa.noSurcharge')));
}

function reprintForm(visaId) {
  const reason = h('input', { type: 'text', id: 'reprint-reason', maxlength: 255 });
  const out = h('p', { role: 'status', class: 'scan-message' });
  return h('form', {
    class: 'visa-toolbar',
    onsubmit: async (ev) => {
      ev.preventDefault();
      if (!reason.value.trim()) {
        reason.focus();
        return;
      }
      const r = await act('POST', `/api/v1/visa/visas/${visaId}/reprint`, { reason: reason.value.trim() });
      if (r) out.replaceChildren(t('visa.reprinted', { n: r.prints }), ' ', h('a', { href: r.pdf, target: '_blank', rel: 'noopener' }, t('visa.pdf')));
    },
  }, h('div', { class: 'field' }, h('label', { for: 'reprint-reason' }, t('visa.reprint.reason')), reason),
  h('button', { type: 'submit', class: 'btn btn-secondary' }, t('visa.reprint')), out);
}

function renderArrivalDetail(g) {
  const onsite = g.status === 'approved' || g.status === 'arrived';
  const box = h('textarea', {
    id: 'scan-input', class: 'mrz', rows: 3, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'scan-hint',
    oninput: (ev) => {
      // a scanner types both lines and a line end: check in at once
      const lines = ev.target.value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
      if (lines.length === 2 && lines[0].length === 44 && lines[1].length === 44 && /\n\s*$/.test(ev.target.value)) scan(g, ev.target.value);
    },
  });
  const strike = h('input', { type: 'checkbox', id: 'strike-off' });
  const waiting = g.counts.approved;
  return h('div', {},
    h('p', {}, statusBadge('group', g.status)),
    facts(g),
    onsite ? h('form', {
      class: 'scan-box',
      onsubmit: (ev) => {
        ev.preventDefault();
        scan(g, box.value);
      },
    }, h('label', { for: 'scan-input' }, t('visa.scan.label')), box,
    h('p', { class: 'hint', id: 'scan-hint' }, t('visa.scan.hint')),
    h('div', { class: 'visa-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'scan-submit' }, t('visa.scan.submit')))) : null,
    h('p', { role: 'status', id: 'scan-message', class: `scan-message ${scanMessage && !scanMessage.ok ? 'field-error' : ''}` }, scanMessage?.text ?? ''),
    h('h3', {}, t('visa.members'), ` (${g.members.length})`),
    h('p', { class: 'muted', id: 'counts-line' }, t('visa.countsLine', { present: g.counts.present, absent: g.counts.absent, waiting, refused: g.counts.refused })),
    membersTable(g, { review: false, onsite }),
    memberFull(),
    g.status === 'arrived' ? h('div', { class: 'flight' },
      h('h3', {}, t('visa.issue.title')),
      h('p', {}, h('label', {}, strike, ' ', t('visa.issue.strike', { n: waiting }))),
      h('button', {
        type: 'button', class: 'btn btn-primary', id: 'issue-visa',
        onclick: () => act('POST', `/api/v1/visa/groups/${g.id}/issue`, { strike_off: strike.checked }, {
          after: async (v) => {
            issued = v;
            scanMessage = null;
            group = await api(`/api/v1/visa/groups/${g.id}`);
            await loadList();
            renderDetail();
            el('visa-result')?.focus();
          },
        }),
      }, t('visa.issue.button'))) : null,
    issued && issued.group_id === g.id ? issueResult(issued) : null,
    g.visa_id && !(issued && issued.group_id === g.id) ? h('p', { class: 'visa-actions' },
      h('a', { href: `/api/v1/visa/visas/${g.visa_id}/pdf`, id: 'visa-pdf', target: '_blank', rel: 'noopener' }, t('visa.pdf'))) : null,
    g.visa_id ? reprintForm(g.visa_id) : null);
}

// ---- special cases ----

const CATEGORIES = ['study', 'sports', 'humanitarian', 'business', 'other'];

function renderSpecialForm() {
  const f = {
    category: h('select', { id: 's-category', required: true }, CATEGORIES.map((c) => h('option', { value: c }, t(`visa.category.${c}`)))),
    document_ref: h('input', { type: 'text', id: 's-document', required: true, maxlength: 127 }),
    mrz: h('textarea', { id: 's-mrz', class: 'mrz', rows: 3, required: true, spellcheck: 'false', autocomplete: 'off' }),
    stay_days: h('input', { type: 'number', id: 's-stay', required: true, min: 1, max: 30, value: '30' }),
    flight: h('input', { type: 'text', id: 's-flight', maxlength: 8 }),
    note: h('input', { type: 'text', id: 's-note', maxlength: 511 }),
  };
  const labelled = (id, key, ctl, wide) => h('div', { class: `field${wide ? ' wide' : ''}` }, h('label', { for: id }, t(key)), ctl);
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 's-submit' }, t('visa.special.submit'));
  return h('form', {
    id: 'special-form', novalidate: true,
    onsubmit: async (ev) => {
      ev.preventDefault();
      submit.disabled = true;
      const body = {
        category: f.category.value, document_ref: f.document_ref.value.trim(), mrz: f.mrz.value.trim(),
        stay_days: Number.parseInt(f.stay_days.value, 10) || 0,
      };
      if (f.flight.value.trim()) body.flight = f.flight.value.trim();
      if (f.note.value.trim()) body.note = f.note.value.trim();
      try {
        issued = await api('/api/v1/visa/special', { method: 'POST', body });
        specialErrors = null;
        notice('');
        await loadList();
      } catch (err) {
        issued = null;
        specialErrors = err.problem?.errors ?? null;
        if (!specialErrors) notice(problemText(err));
      }
      submit.disabled = false;
      renderDetail();
      el(issued ? 'visa-result' : 'detail-h')?.focus();
    },
  },
  h('p', { class: 'muted' }, t('visa.special.lead')),
  h('div', { class: 'visa-form' },
    labelled('s-category', 'visa.special.category', f.category),
    labelled('s-stay', 'visa.field.stay_days', f.stay_days),
    labelled('s-flight', 'visa.field.flight', f.flight),
    labelled('s-document', 'visa.special.document', f.document_ref, true),
    labelled('s-mrz', 'visa.scan.label', f.mrz, true),
    labelled('s-note', 'visa.special.note', f.note, true)),
  h('div', { class: 'visa-actions' }, submit));
}

function renderSpecialDetail() {
  const parts = [];
  if (specialErrors) parts.push(entriesWithErrors([], specialErrors).general ?? h('ul', { class: 'entry-errors', role: 'alert' }, specialErrors.map((e) => h('li', {}, errorText(e)))));
  if (issued) parts.push(issueResult(issued));
  parts.push(h('h3', {}, t('visa.special.recent')));
  parts.push(list.items.length ? h('ul', {}, list.items.map((v) => h('li', {},
    h('a', { href: `/api/v1/visa/visas/${v.id}/pdf`, target: '_blank', rel: 'noopener' }, v.number), ' · ',
    t(`visa.category.${v.special?.category ?? 'other'}`), ' · ', localTime(v.issued_at)))) : h('p', { class: 'empty' }, t('visa.special.none')));
  return h('div', {}, parts);
}

// ---- watch list ----

function renderWatchList() {
  if (!list.items.length) return h('p', { class: 'empty' }, t('visa.watch.none'));
  return h('div', { class: 'table-scroll' }, h('table', { class: 'data-table', 'aria-labelledby': 'list-h' },
    h('thead', {}, h('tr', {}, ['visa.col.name', 'visa.col.passport', 'visa.reason', 'visa.col.actions'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, list.items.map((w) => h('tr', { 'data-watch': w.id },
      h('th', { scope: 'row' }, [w.surname, w.given_names].filter(Boolean).join(' ') || '—', w.birth_date ? h('div', { class: 'muted' }, w.birth_date) : null),
      h('td', { class: 'mono' }, [w.nationality, w.passport_number].filter(Boolean).join(' ') || '—'),
      h('td', {}, w.reason),
      h('td', {}, h('button', {
        type: 'button', class: 'btn btn-danger btn-small', 'aria-label': `${t('visa.remove')}：${w.reason}`,
        onclick: () => act('DELETE', `/api/v1/visa/watchlist/${w.id}`, undefined, { after: () => load({ list: true }) }),
      }, t('visa.remove'))))))));
}

function renderWatchForm() {
  const ids = [['w-surname', 'visa.field.surname', 'surname'], ['w-given', 'visa.field.given_names', 'given_names'], ['w-birth', 'visa.field.birth_date', 'birth_date', 'date'],
    ['w-nationality', 'visa.field.nationality', 'nationality'], ['w-passport', 'visa.field.passport_number', 'passport_number'], ['w-reason', 'visa.reason', 'reason']];
  const inputs = ids.map(([id, key, , type]) => h('div', { class: `field${id === 'w-reason' ? ' wide' : ''}` }, h('label', { for: id }, t(key)), h('input', { type: type ?? 'text', id, maxlength: 255 })));
  return h('form', {
    id: 'watch-form', novalidate: true,
    onsubmit: async (ev) => {
      ev.preventDefault();
      const body = {};
      for (const [id, , name] of ids) {
        const v = el(id).value.trim();
        if (v) body[name] = v;
      }
      await act('POST', '/api/v1/visa/watchlist', body, { after: () => load({ list: true }) });
    },
  }, h('h3', {}, t('visa.watch.add')), h('div', { class: 'visa-form' }, inputs),
  h('div', { class: 'visa-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'watch-add' }, t('visa.watch.addButton'))));
}

// ---- rendering and loading ----

function renderList() {
  const body = el('list-body');
  if (!list) {
    body.replaceChildren(h('p', { class: 'loading' }, t('loading')));
    return;
  }
  const map = { review: renderReviewList, arrivals: renderArrivalsList, special: renderSpecialForm, watch: renderWatchList };
  body.replaceChildren(map[view.tab]());
}

function renderDetail() {
  const title = el('detail-h');
  const body = el('detail-body');
  if (view.tab === 'special') {
    title.textContent = t('visa.special.result');
    body.replaceChildren(renderSpecialDetail());
    return;
  }
  if (view.tab === 'watch') {
    title.textContent = t('visa.watch.add');
    body.replaceChildren(renderWatchForm());
    return;
  }
  if (!group) {
    title.textContent = t('visa.officer.detail');
    body.replaceChildren(h('p', { class: 'empty' }, view.group ? t('loading') : t('visa.officer.pick')));
    return;
  }
  title.textContent = t('visa.officer.groupTitle', { no: group.group_no });
  body.replaceChildren(view.tab === 'review' ? renderReviewDetail(group) : renderArrivalDetail(group));
}

async function loadList() {
  const path = {
    review: '/api/v1/visa/review?limit=200',
    arrivals: `/api/v1/visa/arrivals?date=${view.date}`,
    special: '/api/v1/visa/visas?special=true&limit=10',
    watch: '/api/v1/visa/watchlist',
  }[view.tab];
  try {
    list = await api(path);
  } catch (err) {
    list = { items: [], flights: [] };
    notice(problemText(err));
  }
  renderList();
}

async function load({ list: withList = true } = {}) {
  renderTabs();
  if (withList) {
    list = null;
    renderList();
    await loadList();
  } else renderList();
  group = null;
  if (view.group && (view.tab === 'review' || view.tab === 'arrivals')) {
    try {
      group = await api(`/api/v1/visa/groups/${view.group}`);
    } catch (err) {
      notice(problemText(err));
    }
  }
  renderDetail();
}

async function main() {
  me = await startShell({ titleKey: 'visa.officer.title', nav: 'visa-officer' });
  setupTabs();
  if (me?.user?.role !== 'officer') {
    renderTabs();
    el('list-body').replaceChildren(h('p', { class: 'notice' }, t('visa.officer.signin'), ' ', h('a', { href: '/login' }, t('auth.signin'))));
    el('detail-body').replaceChildren();
    ready();
    return;
  }
  await load();
  onLangChange(() => {
    renderTabs();
    renderList();
    renderDetail();
  });
  window.addEventListener('popstate', () => {
    view = readUrl();
    load();
  });
  ready();
}

main();
