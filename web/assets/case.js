// case.js - one case (/case?id=ID) for its applicant and for staff: the
// summary with the countdown, the one-time notice listing every material
// asked for with the supplement form (upload, then "submit the supplement"),
// the materials attached, what the caller may do now (GET /api/v1/cases/{id}
// "actions": withdraw with confirmation; for a draft upload and submit; for a
// clerk complete and deliver by pickup, post with the tracking number or
// electronically; for staff the other steps), the certificate link, the
// delivery and the timeline (who, when, what, where, note).

import { t } from './i18n.js';
import { api } from './api.js';
import { startShell, ready, onLangChange, h, currentUser } from './shell.js';
import {
  summaryList,
  timeline,
  actionPanel,
  materialPicker,
  materialKey,
  myFiles,
  problemText,
  caseItemName,
  stateLabel,
  deliveryLabel,
  fmtTime,
  fileText,
  act,
  normMaterials,
  formFields,
  readFields,
  clearOnInput,
  markServerField,
} from './cases-common.js';

const el = (id) => document.getElementById(id);
const params = new URLSearchParams(window.location.search);
const caseId = Number.parseInt(params.get('id') ?? '', 10) || null;

let c = null;
let events = [];
let mats = [];
let files = [];
let notice = null;
let loadError = null;
let item = null; // the item with its form_fields (a draft's owner edits the form)
let review = null; // the rating state of a completed case (its applicant)
let status = params.get('submitted') ? () => t('case.submitted') : params.get('saved') ? () => t('case.saved') : null;

function say(fn) {
  status = fn;
  el('case-status').textContent = fn ? fn() : '';
}

function fail(err) {
  el('case-error').textContent = err ? problemText(err) : '';
}

function isApplicantSide() {
  const role = currentUser()?.user?.role;
  return ['citizen', 'enterprise', 'proxy', 'butler'].includes(role);
}

// The one-time notice: the case's own field when the server gives it, else
// the note of the notice event on the timeline.
function findNotice() {
  const raw = c?.notice ?? null;
  let items = null;
  let at = null;
  if (raw) {
    items = Array.isArray(raw) ? raw : raw.items ?? null;
    at = raw.issued_at ?? null;
    if (typeof items === 'string') items = parseList(items);
  }
  if (!items) {
    const ev = [...events].reverse().find((e) => e.action === 'notice');
    if (ev) {
      items = parseList(ev.note);
      at = ev.at;
    }
  }
  return items ? { items, at, answered: raw?.answered_at ?? null } : null;
}

function parseList(s) {
  if (Array.isArray(s)) return s;
  try {
    const x = JSON.parse(s);
    if (Array.isArray(x)) return x;
  } catch {
    /* a plain note */
  }
  return s ? [{ material: String(s), problem: '' }] : null;
}

async function load() {
  try {
    c = await api(`/api/v1/cases/${caseId}`);
    const [tl, m] = await Promise.all([
      api(`/api/v1/cases/${caseId}/timeline`).catch(() => null),
      api(`/api/v1/cases/${caseId}/materials`).catch(() => null),
    ]);
    events = Array.isArray(tl) ? tl : tl?.events ?? tl?.items ?? [];
    mats = normMaterials(m);
    notice = findNotice();
    const role = currentUser()?.user?.role;
    const own = ['citizen', 'enterprise'].includes(role);
    item = own && c.state === 'draft' ? await api(`/api/v1/catalog/items/${c.item.id}`).catch(() => null) : null;
    review = own && ['completed', 'delivered'].includes(c.state) ? await api(`/api/v1/reviews/cases/${c.id}`).catch(() => null) : null;
    loadError = null;
  } catch (err) {
    loadError = err;
  }
}

function takesMaterials() {
  return isApplicantSide() && ['draft', 'notice'].includes(c.state);
}

async function attach(name, key, f) {
  if (!f) return;
  try {
    await api(`/api/v1/cases/${c.id}/materials`, { method: 'POST', body: { material_key: key || materialKey(name), file_id: f.id } });
    say(() => t('case.attached', { name }));
    const m = await api(`/api/v1/cases/${caseId}/materials`).catch(() => null);
    if (m) {
      mats = normMaterials(m);
      el('case-materials-list')?.replaceChildren(...materialRows());
    }
  } catch (err) {
    fail(err);
  }
}

function materialRows() {
  // one line per material; several files of one material are listed together
  const byKey = new Map();
  for (const m of mats) {
    const k = m.key || m.name;
    if (!byKey.has(k)) byKey.set(k, { ...m, files: [] });
    if (m.file_id) byKey.get(k).files.push(m);
  }
  return [...byKey.values()].map((m) =>
    h(
      'li',
      { 'data-material': m.name, 'data-attached': m.files.length ? 'yes' : 'no' },
      h('strong', {}, m.name),
      ' ',
      h('span', { class: 'badge case-need' }, m.required ? t('case.material.required') : t('case.material.optional')),
      ' · ',
      m.files.length
        ? m.files.map(fileText).join('、')
        : h('span', { class: 'muted' }, t('case.material.none')),
    ),
  );
}

function noticeBox() {
  if (!notice) return null;
  const open = c.state === 'notice';
  const box = h(
    'section',
    { class: 'case-notice', id: 'case-notice', 'aria-labelledby': 'notice-h' },
    h('h3', { id: 'notice-h' }, t('case.notice.h')),
    h('p', {}, notice.at ? t('case.notice.issued', { time: fmtTime(notice.at) }) : t('case.notice.lead.applicant')),
    h(
      'ol',
      { id: 'notice-items' },
      notice.items.map((x) => h('li', { 'data-material': x.material }, h('strong', {}, x.material), x.problem ? `：${x.problem}` : '')),
    ),
    open
      ? null
      : h('p', {}, notice.answered ? t('case.notice.answered.at', { time: fmtTime(notice.answered) }) : c.state === 'supplemented' ? t('case.notice.answered') : ''),
  );
  if (open && isApplicantSide() && (c.actions ?? []).includes('supplement')) {
    const byName = new Map(mats.map((m) => [m.name, m.key]));
    const pickers = notice.items.map((x, i) =>
      byName.has(x.material)
        ? materialPicker({
            id: `sup-${i}`,
            name: x.material,
            required: true,
            files,
            onFile: (f) => attach(x.material, byName.get(x.material), f),
          })
        : null,
    );
    box.append(
      h('p', { class: 'hint' }, t('case.supplement.lead')),
      h('div', { id: 'supplement-materials' }, pickers),
      h(
        'div',
        { class: 'case-actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-primary btn-touch',
            id: 'act-supplement',
            onclick: async (ev) => {
              ev.currentTarget.disabled = true;
              try {
                c = await act(c.id, 'supplement', {});
                await afterAction('supplement');
              } catch (err) {
                ev.currentTarget.disabled = false;
                fail(err);
              }
            },
          },
          t('case.supplement.submit'),
        ),
      ),
    );
  }
  return box;
}

function draftBox() {
  if (!takesMaterials() || c.state !== 'draft') return null;
  const list = [];
  const seen = new Set();
  for (const m of mats) {
    if (seen.has(m.key || m.name)) continue;
    seen.add(m.key || m.name);
    list.push(m);
  }
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'draft-h' },
    h('h2', { id: 'draft-h' }, t('case.draft.h')),
    h('p', { class: 'hint' }, t('case.draft.lead')),
    list.map((m, i) =>
      materialPicker({ id: `draft-${i}`, name: m.name, required: m.required, files, onFile: (f) => attach(m.name, m.key, f) }),
    ),
  );
}

// A draft's form, generated from the item's fields like on /apply, saved
// with PATCH /api/v1/cases/{id} (the server checks it again).
function draftForm() {
  const fields = item?.form_fields ?? [];
  if (c.state !== 'draft' || !fields.length) return null;
  const form = h(
    'form',
    { id: 'case-form', novalidate: true, 'aria-labelledby': 'form-h' },
    h('h2', { id: 'form-h' }, t('case.form.h')),
    h('p', { class: 'hint' }, t('case.form.lead')),
    h('div', { class: 'case-form' }, formFields(fields, { prefix: 'df', values: c.form ?? {} })),
    h('p', {}, h('button', { type: 'submit', class: 'btn btn-secondary btn-touch', id: 'case-form-save' }, t('case.form.save'))),
  );
  clearOnInput(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    fail(null);
    const { values, errors } = readFields(form, fields, { prefix: 'df' });
    if (Object.keys(errors).length) {
      say(() => t('case.form.fix'));
      form.querySelector('[aria-invalid="true"]')?.focus();
      return;
    }
    try {
      c = await api(`/api/v1/cases/${c.id}`, { method: 'PATCH', body: { form: values } });
      await load();
      render();
      say(() => t('case.form.saved'));
    } catch (err) {
      if (!markServerField(form, err, { prefix: 'df' })) fail(err);
      else say(() => t('case.form.fix'));
    }
  });
  return h('section', { class: 'panel' }, form);
}

// The rating of a completed or delivered case, for its applicant: the link
// to /review, or the rating given.
function reviewBlock() {
  if (!review || !['completed', 'delivered'].includes(c.state)) return null;
  const body = review.rated
    ? h('p', { id: 'case-rating' }, t('case.review.rated', { level: t(`case.review.level.${review.level}`) }))
    : review.rateable
      ? [h('p', { class: 'hint' }, t('case.review.lead')), h('p', {}, h('a', { href: `/review?case=${c.id}`, id: 'case-review-link', class: 'btn btn-primary btn-touch' }, t('case.review.go')))]
      : null;
  if (!body) return null;
  return h('section', { class: 'panel', 'aria-labelledby': 'review-h' }, h('h2', { id: 'review-h' }, t('case.review.h')), body);
}

function deliveryBlock() {
  const d = c.delivery ?? {};
  const rows = [];
  if (d.method && d.method !== 'none') {
    rows.push(h('div', {}, h('dt', {}, t('case.delivery.method')), h('dd', { id: 'case-delivery-method' }, deliveryLabel(d.method))));
    if (d.tracking) rows.push(h('div', {}, h('dt', {}, t('case.delivery.tracking')), h('dd', { id: 'case-tracking', class: 'code' }, d.tracking)));
    rows.push(h('div', {}, h('dt', {}, t('case.delivery.at')), h('dd', {}, fmtTime(d.delivered_at))));
  }
  const cert =
    c.decision === 'approved' && ['completed', 'delivered'].includes(c.state)
      ? h('p', {}, h('a', { href: `/api/v1/cases/${c.id}/certificate.pdf`, id: 'case-certificate', class: 'btn btn-secondary' }, t('case.certificate')))
      : null;
  if (!rows.length && !cert) return null;
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'delivery-h' },
    h('h2', { id: 'delivery-h' }, t('case.delivery.h')),
    rows.length ? h('dl', { class: 'meta case-summary case-delivery', id: 'case-delivery' }, rows) : null,
    cert,
  );
}

function render() {
  const body = el('case-body');
  if (!caseId) {
    body.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, t('case.missing')));
    return;
  }
  if (!currentUser()?.authenticated) {
    body.replaceChildren(h('p', { class: 'notice notice-info', id: 'case-signin' }, t('case.signin'), ' ', h('a', { href: '/login' }, t('auth.signin'))));
    return;
  }
  if (loadError) {
    body.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, problemText(loadError)));
    return;
  }
  if (!c) return;
  const role = currentUser()?.user?.role;
  const back = el('case-back');
  if (role === 'clerk' || role === 'manager') {
    back.href = '/case-inbox';
    back.textContent = t('case.back.inbox');
  } else if (role === 'approver') {
    back.href = '/case-worklist';
    back.textContent = t('case.back.worklist');
  } else {
    back.href = '/my-cases';
    back.textContent = t('case.back');
  }
  document.title = `${c.no} – ${t('app.name')}`;
  el('page-title').textContent = caseItemName(c);
  el('case-lead').textContent = t('case.lead', { no: c.no, state: stateLabel(c.state) });
  const skip = ['supplement'];
  body.replaceChildren(
    h(
      'div',
      { class: 'case-layout' },
      h(
        'div',
        {},
        h(
          'section',
          { class: 'panel', 'aria-labelledby': 'summary-h' },
          h('h2', { id: 'summary-h' }, t('case.summary')),
          summaryList(c),
          noticeBox(),
        ),
        draftForm(),
        draftBox(),
        h(
          'section',
          { class: 'panel', 'aria-labelledby': 'actions-h' },
          h('h2', { id: 'actions-h' }, t('case.actions')),
          actionPanel(c, {
            materials: mats.filter((m, i, a) => a.findIndex((x) => (x.key || x.name) === (m.key || m.name)) === i),
            skip,
            done: async (r, action) => {
              c = r;
              await afterAction(action);
            },
            fail: (err) => fail(err),
          }),
        ),
        deliveryBlock(),
        reviewBlock(),
      ),
      h(
        'div',
        {},
        h(
          'section',
          { class: 'panel', 'aria-labelledby': 'materials-h' },
          h('h2', { id: 'materials-h' }, t('case.materials')),
          mats.length ? h('ul', { class: 'case-materials', id: 'case-materials-list' }, materialRows()) : h('p', { class: 'muted' }, t('case.materials.none')),
        ),
        h('section', { class: 'panel', 'aria-labelledby': 'timeline-h' }, h('h2', { id: 'timeline-h' }, t('case.timeline')), timeline(events, { site: c.site })),
      ),
    ),
  );
}

async function afterAction(action) {
  fail(null);
  say(() => t('case.done', { action: t(`case.action.${action}`), state: stateLabel(c.state) }));
  await load();
  render();
  el('case-status')?.focus?.();
}

async function main() {
  const me = await startShell({ titleKey: 'case.title', nav: 'home' });
  if (caseId && me?.authenticated) {
    await load();
    if (c && isApplicantSide() && ['draft', 'notice'].includes(c.state)) files = await myFiles();
  }
  say(status);
  render();
  onLangChange(() => {
    render();
    say(status);
  });
  ready();
}

main();
