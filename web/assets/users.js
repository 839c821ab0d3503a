// users.js - account administration for the security administrator (the
// system administrator sees the list read-only): GET /api/v1/users with
// filters and paging, the selected account (GET /api/v1/users/{id}, personal
// data masked), create (POST /api/v1/users), disable / enable, reset the
// password, and the reveal of the full ID number and phone (GET
// /api/v1/users/{id}/personal) after a confirmation, since each reveal is
// written to the audit log. A lost phone: POST /api/v1/users/{id}/totp-reset
// removes the authenticator (the account enrols again at its next sign-in).

import { t, pick, num } from './i18n.js';
import { api, errorMessage } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';

const ROLE_KEYS = ['citizen', 'enterprise', 'guide', 'clerk', 'approver', 'proxy', 'butler', 'complaint',
  'manager', 'auditor', 'secadmin', 'sysadmin', 'agency', 'officer'];
const PAGE_SIZE = 20;

const el = (id) => document.getElementById(id);

let me = null;
let canEdit = false; // the security administrator
let filter = { role: '', disabled: '', site_code: '' };
let page = 1;
let list = null;
let listError = null;
let selected = null; // the account shown in the detail
let revealed = null; // {phone, id_number} of `selected` after a reveal
let confirming = false; // the reveal's confirmation is shown
let detailMsg = null; // () => [kind, text]
let busy = false;
const messages = {};

function say(id, fn) {
  messages[id] = fn;
  el(id).textContent = fn ? fn() : '';
}

function roleName(key) {
  return t(`role.${key}`);
}

function fillRoleSelects() {
  const keep = [el('f-role').value, el('n-role').value];
  el('f-role').replaceChildren(
    h('option', { value: '' }, t('users.role.any')),
    ...ROLE_KEYS.map((k) => h('option', { value: k }, roleName(k))),
  );
  el('n-role').replaceChildren(...ROLE_KEYS.map((k) => h('option', { value: k }, roleName(k))));
  el('f-role').value = keep[0] || '';
  el('n-role').value = keep[1] || 'clerk';
}

function statusOf(u) {
  if (u.disabled) return ['disabled', t('users.status.disabled')];
  if (u.locked) return ['locked', t('users.status.locked')];
  return ['active', t('users.status.enabled')];
}

function fmtTime(iso) {
  if (!iso) return t('account.never');
  return new Intl.DateTimeFormat(document.documentElement.lang || 'zh-CN', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Asia/Shanghai',
  }).format(new Date(iso));
}

// ---- loading ----

async function loadList() {
  const q = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE) });
  if (filter.role) q.set('role', filter.role);
  if (filter.disabled) q.set('disabled', filter.disabled);
  if (filter.site_code) q.set('site_code', filter.site_code);
  listError = null;
  try {
    list = await api(`/api/v1/users?${q}`);
  } catch (err) {
    list = null;
    listError = err;
  }
  renderList();
}

async function select(id, { focus = true } = {}) {
  revealed = null;
  confirming = false;
  detailMsg = null;
  try {
    selected = await api(`/api/v1/users/${id}`);
  } catch (err) {
    selected = null;
    detailMsg = () => ['error', errorMessage(err)];
  }
  renderList();
  renderDetail();
  if (focus) el('detail-h').focus();
}

// ---- rendering ----

function renderList() {
  const rows = el('users-rows');
  const count = el('users-count');
  const prev = el('pager-prev');
  const next = el('pager-next');
  const status = el('pager-status');
  if (listError) {
    rows.replaceChildren(
      h('tr', {}, h('td', { colspan: 5 }, h('p', { class: 'notice notice-error', role: 'alert' }, errorMessage(listError)))),
    );
    count.textContent = '';
    status.textContent = '';
    prev.disabled = next.disabled = true;
    return;
  }
  if (!list) return;
  const items = list.items ?? [];
  const total = list.total ?? items.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  count.textContent = items.length
    ? t('users.count', { total: num(total), from: num(list.offset + 1), to: num(list.offset + items.length) })
    : t('users.count.none');
  rows.replaceChildren(
    ...items.map((u) => {
      const [kind, label] = statusOf(u);
      const isSel = selected?.id === u.id;
      return h(
        'tr',
        { class: isSel ? 'is-selected' : null, 'data-user': u.login },
        h(
          'th',
          { scope: 'row' },
          h(
            'a',
            {
              href: `#user-${u.id}`,
              'aria-current': isSel ? 'true' : null,
              onclick: (ev) => {
                ev.preventDefault();
                select(u.id);
              },
            },
            u.login,
          ),
        ),
        h('td', {}, u.display_name),
        h('td', {}, pick(u.role_name) || u.role),
        h('td', {}, u.site ? pick(u.site) : '—'),
        h('td', {}, h('span', { class: `acc-badge acc-badge-${kind}` }, label)),
      );
    }),
  );
  status.textContent = t('pager.page', { page: num(page), pages: num(pages) });
  prev.disabled = page <= 1;
  next.disabled = page >= pages;
}

function detailRow(key, value, attrs = {}) {
  return [h('dt', {}, t(key)), h('dd', attrs, value)];
}

function renderDetail() {
  const body = el('detail-body');
  const msg = detailMsg?.();
  const msgBox = msg
    ? h('div', { class: `notice ${msg[0] === 'error' ? 'notice-error' : 'notice-info'}`, role: msg[0] === 'error' ? 'alert' : 'status', id: 'detail-msg' }, msg[1])
    : null;
  if (!selected) {
    el('detail-h').textContent = t('users.detail.h2');
    body.replaceChildren(msgBox ?? h('p', { class: 'empty' }, t('users.detail.empty')));
    return;
  }
  const u = selected;
  el('detail-h').textContent = `${u.display_name}（${u.login}）`;
  const [kind, label] = statusOf(u);
  const phone = revealed ? revealed.phone ?? t('account.none') : u.phone ?? t('account.none');
  const idn = revealed ? revealed.id_number ?? t('account.none') : u.id_number ?? t('account.none');
  const dl = h(
    'dl',
    { class: 'acc-dl' },
    detailRow('users.f.role', pick(u.role_name) || u.role),
    detailRow('users.f.siteName', u.site ? `${pick(u.site)} (${u.site.code})` : '—'),
    detailRow('users.f.deptName', u.department ? `${pick(u.department)} (${u.department.code})` : '—'),
    detailRow('users.col.status', h('span', { class: `acc-badge acc-badge-${kind}` }, label)),
    detailRow('users.f.totp', u.totp_enabled ? t('users.totp.on') : u.totp_required ? t('users.totp.due') : t('users.totp.off')),
    detailRow('users.f.phone', phone, { id: 'detail-phone' }),
    detailRow('users.f.id', idn, { id: 'detail-id' }),
    detailRow('users.f.created', fmtTime(u.created_at)),
    detailRow('account.f.pwChanged', fmtTime(u.password_changed_at)),
    u.locked ? detailRow('users.f.lockedUntil', fmtTime(u.locked_until)) : null,
  );
  const parts = [msgBox, dl];
  if (canEdit) {
    const actions = h('div', { class: 'acc-actions' });
    const isMe = me?.user?.id === u.id;
    if (u.disabled)
      actions.append(h('button', { type: 'button', class: 'btn btn-primary', id: 'user-enable', onclick: () => change('enable') }, t('users.enable')));
    else if (!isMe)
      actions.append(h('button', { type: 'button', class: 'btn btn-secondary', id: 'user-disable', onclick: () => change('disable') }, t('users.disable')));
    if (u.locked && !u.disabled)
      actions.append(h('button', { type: 'button', class: 'btn btn-secondary', id: 'user-unlock', onclick: () => change('enable') }, t('users.unlock')));
    if (u.totp_enabled)
      actions.append(h('button', { type: 'button', class: 'btn btn-secondary', id: 'user-totp-reset', onclick: () => change('totp-reset') }, t('users.totpReset')));
    if (!revealed && (u.phone || u.id_number) && !confirming)
      actions.append(h('button', { type: 'button', class: 'btn btn-secondary', id: 'reveal', onclick: askReveal }, t('users.reveal')));
    parts.push(actions);
    if (confirming) {
      parts.push(
        h(
          'div',
          { class: 'acc-confirm', role: 'group', 'aria-labelledby': 'reveal-q' },
          h('p', { id: 'reveal-q' }, t('users.reveal.confirm')),
          h(
            'div',
            { class: 'acc-actions' },
            h('button', { type: 'button', class: 'btn btn-primary', id: 'reveal-yes', onclick: doReveal }, t('users.reveal.yes')),
            h('button', { type: 'button', class: 'btn btn-secondary', id: 'reveal-no', onclick: cancelReveal }, t('users.reveal.no')),
          ),
        ),
      );
    }
    if (revealed) parts.push(h('p', { class: 'hint', id: 'reveal-note' }, t('users.reveal.note')));
    const pw = h('input', { id: 'reset-password', type: 'password', autocomplete: 'new-password', maxlength: 256, required: true });
    parts.push(
      h(
        'form',
        { class: 'form acc-reset', id: 'reset-form', novalidate: true, onsubmit: resetPassword },
        h('h3', {}, t('users.reset.h3')),
        h('div', { class: 'field' }, h('label', { for: 'reset-password' }, t('users.reset.label')), pw),
        h('p', { class: 'hint' }, t('users.reset.hint')),
        h('button', { type: 'submit', class: 'btn btn-secondary', id: 'reset-submit' }, t('users.reset.submit')),
      ),
    );
  }
  body.replaceChildren(...parts.filter(Boolean));
}

function renderAll() {
  fillRoleSelects();
  renderList();
  renderDetail();
  for (const [id, fn] of Object.entries(messages)) if (fn) el(id).textContent = fn();
  el('create-toggle').textContent = t(el('create-form').hidden ? 'users.create.open' : 'users.create.close');
}

// ---- actions ----

async function change(what) {
  if (busy || !selected) return;
  busy = true;
  try {
    selected = await api(`/api/v1/users/${selected.id}/${what}`, { method: 'POST' });
    revealed = null;
    const done = { disable: 'users.disabled', enable: 'users.enabled', 'totp-reset': 'users.totpReset.done' }[what];
    detailMsg = () => ['info', t(done)];
    await loadList();
  } catch (err) {
    detailMsg = () => ['error', errorMessage(err)];
  } finally {
    busy = false;
  }
  renderDetail();
  el('detail-msg')?.focus?.();
}

function askReveal() {
  confirming = true;
  renderDetail();
  el('reveal-yes').focus();
}

function cancelReveal() {
  confirming = false;
  renderDetail();
  el('reveal')?.focus();
}

async function doReveal() {
  if (busy || !selected) return;
  busy = true;
  try {
    revealed = await api(`/api/v1/users/${selected.id}/personal`);
    confirming = false;
    detailMsg = null;
  } catch (err) {
    detailMsg = () => ['error', errorMessage(err)];
  } finally {
    busy = false;
  }
  renderDetail();
  el('detail-id')?.setAttribute('tabindex', '-1');
  el('detail-id')?.focus();
}

async function resetPassword(ev) {
  ev.preventDefault();
  if (busy || !selected) return;
  const input = el('reset-password');
  input.removeAttribute('aria-invalid');
  if ([...input.value].length < 12) {
    input.setAttribute('aria-invalid', 'true');
    detailMsg = () => ['error', t('account.pw.tooShort')];
    const v = input.value;
    renderDetail();
    el('reset-password').value = v;
    el('reset-password').setAttribute('aria-invalid', 'true');
    el('reset-password').focus();
    return;
  }
  busy = true;
  try {
    selected = await api(`/api/v1/users/${selected.id}/reset-password`, { method: 'POST', body: { password: input.value } });
    detailMsg = () => ['info', t('users.reset.done')];
  } catch (err) {
    detailMsg = () => ['error', err?.status === 422 ? t('account.pw.refused') : errorMessage(err)];
  } finally {
    busy = false;
  }
  renderDetail();
}

const FIELD_INPUT = {
  login: 'n-login', display_name: 'n-name', role: 'n-role', site_code: 'n-site',
  department_code: 'n-dept', password: 'n-password', phone: 'n-phone', id_number: 'n-id',
};

function createMessage(err) {
  const p = err?.problem;
  if (err?.status === 409 && p?.field === 'login') return () => t('users.err.loginTaken');
  if (err?.status === 409 && p?.field === 'id_number') return () => t('users.err.personHasAccount');
  if (err?.status === 422 && p?.field) return () => t('users.err.field', { field: t(`users.f.${{ display_name: 'name', site_code: 'site', department_code: 'department', id_number: 'id' }[p.field] ?? p.field}`), detail: p.detail ?? '' });
  return () => errorMessage(err);
}

async function createUser(ev) {
  ev.preventDefault();
  if (busy) return;
  const body = {};
  for (const [name, id] of Object.entries(FIELD_INPUT)) {
    el(id).removeAttribute('aria-invalid');
    const v = name === 'password' ? el(id).value : el(id).value.trim();
    if (v) body[name] = v;
  }
  say('create-ok', null);
  for (const need of ['login', 'display_name', 'role', 'password']) {
    if (!body[need]) {
      el(FIELD_INPUT[need]).setAttribute('aria-invalid', 'true');
      say('create-error', () => t('users.err.missing'));
      el(FIELD_INPUT[need]).focus();
      return;
    }
  }
  busy = true;
  el('create-submit').disabled = true;
  try {
    const u = await api('/api/v1/users', { method: 'POST', body });
    say('create-error', null);
    say('create-ok', () => t('users.created', { login: u.login }));
    for (const id of Object.values(FIELD_INPUT)) if (id !== 'n-role') el(id).value = '';
    filter = { role: '', disabled: '', site_code: '' };
    el('f-role').value = '';
    el('f-status').value = '';
    el('f-site').value = '';
    page = 1;
    await loadList();
    await select(u.id, { focus: false });
  } catch (err) {
    const field = err?.problem?.field;
    if (field && FIELD_INPUT[field]) {
      el(FIELD_INPUT[field]).setAttribute('aria-invalid', 'true');
      el(FIELD_INPUT[field]).focus();
    }
    say('create-error', createMessage(err));
  } finally {
    busy = false;
    el('create-submit').disabled = false;
  }
}

function toggleCreate() {
  const form = el('create-form');
  form.hidden = !form.hidden;
  el('create-toggle').setAttribute('aria-expanded', String(!form.hidden));
  el('create-toggle').textContent = t(form.hidden ? 'users.create.open' : 'users.create.close');
  if (!form.hidden) el('n-login').focus();
}

async function main() {
  el('filter-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    filter = { role: el('f-role').value, disabled: el('f-status').value, site_code: el('f-site').value.trim() };
    page = 1;
    loadList();
  });
  el('pager-prev').addEventListener('click', () => { if (page > 1) { page--; loadList(); } });
  el('pager-next').addEventListener('click', () => { page++; loadList(); });
  el('create-form').addEventListener('submit', createUser);
  el('create-toggle').addEventListener('click', toggleCreate);
  me = await startShell({ titleKey: 'users.title', nav: 'users' });
  const role = me?.user?.role;
  const allowed = me?.authenticated && (role === 'secadmin' || role === 'sysadmin');
  canEdit = role === 'secadmin';
  fillRoleSelects();
  const renderNotice = () => {
    const box = el('users-notice');
    if (!allowed) {
      box.replaceChildren(
        t(me?.authenticated ? 'users.forbidden' : 'users.signin'),
        ' ',
        me?.authenticated ? h('a', { href: '/' }, t('login.home')) : h('a', { href: '/login' }, t('auth.signin')),
      );
    } else {
      box.textContent = canEdit ? '' : t('users.readonly');
    }
    box.hidden = allowed && canEdit;
  };
  renderNotice();
  if (allowed) {
    el('users-body').hidden = false;
    el('create-panel').hidden = !canEdit;
    await loadList();
    renderDetail();
  }
  onLangChange(() => {
    renderNotice();
    renderAll();
  });
  ready();
}

main();
