// The complaint window in a real browser against the real server: a person
// not signed in fills the complaint form (where, which item from the
// catalog, what happened, a phone) and gets a reference number and a lookup
// link; the coordinator takes it at the workbench, brings in a department,
// contacts the person and answers with outcome and cause, tags it typical;
// the lookup link shows the answer; the manager's figures list the typical
// case. axe-core finds nothing on any of the pages; screenshots under
// build/e2e/.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { browserSuite, waitReady, withStorage } from '../lib/browser.mjs';
import { pageHelpers } from '../lib/pages.mjs';

const suite = browserSuite({ before, after, startServer });
const { signIn, axeClean } = pageHelpers(suite);
const T = { timeout: 180_000 };

const SUMMARY = '办理营业执照变更时，窗口要求房产证原件，但网上指南没有写，跑了两趟。';

test('form (anonymous) → workbench → answer → the lookup shows it → figures', T, async () => {
  // 1. the form, as someone not signed in
  const person = await suite.open('/complaint');
  const p = person.page;
  await axeClean(p, 'complaint-form');
  // a clear message for a missing place, nothing sent
  await p.fill('#cp-summary', SUMMARY);
  await p.click('#cp-submit');
  assert.match(await p.innerText('#cp-error'), /请选择在哪里办事/);
  assert.equal(await p.getAttribute('#cp-place', 'aria-invalid'), 'true');
  // where: the district center; which item: searched in the catalog
  await p.selectOption('#cp-place', { index: 1 });
  await p.fill('#cp-item-q', '营业执照');
  await p.waitForSelector('#cp-items button');
  const itemName = (await p.locator('#cp-items button').first().innerText()).trim();
  await p.locator('#cp-items button').first().click();
  assert.match(await p.innerText('#cp-item-chosen'), new RegExp(itemName));
  await p.fill('#cp-name', '向春梅');
  await p.fill('#cp-phone', 'call me');
  await p.click('#cp-submit');
  await p.waitForFunction(() => document.querySelector('#cp-error').textContent.includes('联系电话'));
  assert.equal(await p.getAttribute('#cp-phone', 'aria-invalid'), 'true');
  await p.fill('#cp-phone', '13807449911');
  await p.click('#cp-submit');
  await p.waitForSelector('#cp-result:not([hidden])');
  const no = (await p.innerText('#cp-no')).trim();
  assert.match(no, /^BC-\d{8}-\d{4}$/);
  assert.match((await p.innerText('#cp-due')).trim(), /^\d{4}-\d{2}-\d{2}$/);
  const lookup = await p.getAttribute('#cp-lookup', 'href');
  assert.match(lookup, /^\/complaint\?t=[A-Za-z0-9_-]{22}$/);
  await axeClean(p, 'complaint-recorded');

  // the lookup before the answer: being handled
  const follow = await suite.open(lookup);
  assert.match(await follow.page.innerText('#view-facts'), new RegExp(no));
  assert.ok(await follow.page.isVisible('#view-waiting'));
  assert.ok(!(await follow.page.innerText('main')).includes('13807449911'), 'no phone on the lookup');

  // 2. the coordinator's workbench: new → take
  const coord = await suite.open(null);
  const c = coord.page;
  await signIn(c, 'complaint');
  await c.goto('/complaint-desk');
  await waitReady(c);
  const row = c.locator(`#desk-list button[data-no="${no}"]`);
  await row.waitFor();
  await axeClean(c, 'complaint-desk-new');
  await row.click();
  await c.waitForSelector('#do-take');
  // the detail shows the phone in full to the coordinator
  assert.match(await c.innerText('#detail-facts'), /13807449911/);
  await c.click('#do-take');
  await c.waitForFunction(() => document.querySelector('#desk-status').textContent.includes('认领'));
  // 3. bring in market supervision
  await c.locator('#form-involve').evaluate((f) => { f.closest('details').open = true; });
  await c.selectOption('#involve-dept', { label: '区市场监督管理局' });
  await c.fill('#involve-note', '请核实经营场所证明材料的要求。');
  await c.click('#do-involve');
  await c.waitForFunction(() => document.querySelector('#detail-depts').textContent.includes('区市场监督管理局'));
  // its response
  await c.locator('#form-respond').evaluate((f) => { f.closest('details').open = true; });
  await c.fill('#respond-text', '租赁合同即可作为场所证明，已更正指南。');
  await c.click('#do-respond');
  await c.waitForFunction(() => document.querySelector('#detail-depts').textContent.includes('租赁合同即可'));
  // contact before the deadline
  await c.locator('#form-contact').evaluate((f) => { f.closest('details').open = true; });
  await c.fill('#contact-note', '电话告知：三日内答复。');
  await c.click('#do-contact');
  await c.waitForFunction(() => document.querySelector('#detail-facts').textContent.includes('已联系群众'));
  // a bad answer first: a referral without the body it went to
  await c.locator('#form-answer').evaluate((f) => { f.closest('details').open = true; });
  await c.selectOption('#answer-outcome', 'referred');
  await c.selectOption('#answer-cause', 'material_rules');
  await c.fill('#answer-text', '凭租赁合同即可办理，已当日办结变更登记。');
  await c.click('#do-answer');
  await c.waitForFunction(() => document.querySelector('#desk-error').textContent.includes('转办单位'));
  // then the answer: done, missing material rules
  await c.selectOption('#answer-outcome', 'done');
  await c.click('#do-answer');
  await c.waitForFunction(() => document.querySelector('#detail-facts').textContent.includes('材料规则缺失'));
  assert.match(await c.innerText('#detail-facts'), /按期答复/);
  // tag typical
  await c.locator('#form-tag').evaluate((f) => { f.closest('details').open = true; });
  await c.check('#tag-typical');
  await c.fill('#tag-text', '全面核对市监类事项的材料清单。');
  await c.click('#do-tag');
  await c.waitForFunction(() => document.querySelector('#detail-facts').textContent.includes('全面核对'));
  const tl = await c.innerText('#detail-timeline');
  for (const step of ['登记', '认领', '协调部门', '部门回复', '联系群众', '答复', '标记典型案例']) assert.ok(tl.includes(step), step);
  await axeClean(c, 'complaint-desk-answered');

  // 4. the lookup shows the answer
  await follow.page.reload();
  await waitReady(follow.page);
  await follow.page.waitForSelector('#view-answer-box');
  assert.match(await follow.page.innerText('#view-answer-text'), /凭租赁合同即可办理/);
  const shown = await follow.page.innerText('main');
  assert.ok(!shown.includes('请核实') && !shown.includes(suite.server.accounts.complaint.name), 'no internal notes or staff names');
  await axeClean(follow.page, 'complaint-lookup-answered');

  // 5. the manager's figures list the typical case
  const mgr = await suite.open(null);
  await signIn(mgr.page, 'manager');
  await mgr.page.goto('/complaint-figures');
  await waitReady(mgr.page);
  await mgr.page.waitForSelector('#cpf-typical li');
  assert.match(await mgr.page.innerText('#cpf-typical'), new RegExp(no));
  assert.ok(Number((await mgr.page.innerText('#cpf-opened')).replace(/,/g, '')) >= 9);
  assert.ok(Number((await mgr.page.innerText('#cpf-overdue')).replace(/,/g, '')) >= 2, 'the demo\'s overdue ones');
  await axeClean(mgr.page, 'complaint-figures');
});

test('the coordinator records an out-of-scope matter at the window; English, high contrast', T, async () => {
  const coord = await suite.open(null);
  const c = coord.page;
  await signIn(c, 'complaint');
  await c.goto('/complaint');
  await waitReady(c);
  assert.ok(await c.isVisible('#cp-window'), 'the window fieldset for coordinators');
  await c.selectOption('#cp-place', { index: 1 });
  await c.fill('#cp-summary', '要求窗口撤销法院的判决。');
  await c.check('#cp-at-window');
  await c.selectOption('#cp-scope', 'lawsuit');
  await c.fill('#cp-explanation', '该事项已进入司法程序，请依法上诉或申请再审。');
  await c.click('#cp-submit');
  await c.waitForSelector('#cp-result:not([hidden])');
  const lookup = await c.getAttribute('#cp-lookup', 'href');
  const en = await suite.open(lookup, { init: withStorage({ 'onestop.lang': 'en', 'onestop.contrast': 'on' }) });
  await en.page.waitForSelector('#view-answer-box');
  assert.match(await en.page.innerText('#view-answer-box'), /Lawsuit/);
  assert.match(await en.page.innerText('#view-facts'), /Answered/);
  await axeClean(en.page, 'complaint-lookup-en-hc');
  // the desk in English for the manager: the open list with its warnings
  const mgr = await suite.open(null, { init: withStorage({ 'onestop.lang': 'en' }) });
  await signIn(mgr.page, 'manager');
  await mgr.page.goto('/complaint-desk?view=open');
  await waitReady(mgr.page);
  await mgr.page.waitForSelector('#desk-list .cp-badge-overdue');
  assert.ok(await mgr.page.locator('#desk-list .cp-badge-warn').count() >= 1, 'one in its warning stage');
  await axeClean(mgr.page, 'complaint-desk-en-manager');
});
