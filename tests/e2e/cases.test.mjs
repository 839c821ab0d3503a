// Cases (issue 6) in Chromium against the real server's demo: a citizen
// applies online for a licensing item of market supervision from its guide
// (the generated form with its checks, a PDF made here uploaded for every
// material, a refused fake PDF), the clerk issues a one-time notice listing a
// material, the citizen sees it on /case and supplements with an upload, the
// clerk accepts, the approver (market supervision) reviews and approves from
// the worklist, the clerk completes and delivers by post with a tracking
// number, and the citizen sees the delivered state, the tracking number and
// the whole timeline, in English too. A bundle application. axe-core on
// every page; screenshots under build/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { browserSuite, waitReady } from '../lib/browser.mjs';
import { pageHelpers } from '../lib/pages.mjs';

const suite = browserSuite({ before, after, startServer });
const { signIn, goto, axeClean: axe } = pageHelpers(suite);
const T = { timeout: 180_000 };
const text = (page, sel) => page.locator(sel).first().innerText();
// Refused requests (409/422) are logged by the browser as console errors: expected where provoked.
const unexpected = (problems) => problems.filter((p) => !/status of (409|422)/.test(p));

// A small valid PDF (header, one page, xref, trailer, %%EOF).
function makePdf(title) {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
  ];
  const stream = `BT /F1 12 Tf 20 100 Td (${title}) Tj ET`;
  objs.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let out = '%PDF-1.4\n';
  const offsets = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function idNumber(body17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body17[i]) * w[i];
  const c = (12 - (s % 11)) % 11;
  return body17 + (c === 10 ? 'X' : String(c));
}

function uscc(body17) {
  const a = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let s = 0;
  for (let i = 0; i < 17; i++) s += a.indexOf(body17[i]) * w[i];
  return body17 + a[(31 - (s % 31)) % 31];
}

const ID = idNumber('43080219800101123');
const USCC = uscc('91430802MA4L12345');
const VALUES = {
  text: '永定山水食品店',
  textarea: '经营预包装食品',
  number: '120',
  date: '2026-01-15',
  id_number: ID,
  uscc: USCC,
  phone: '13807440000',
  address: '张家界市永定区解放路 1 号',
};

// Fill every generated field of the form on the page (inputs carry data-type).
async function fillForm(page, root = '#apply-fields') {
  const inputs = await page.$$eval(`${root} [data-field]`, (els) =>
    els.filter((e) => e.matches('input, textarea')).map((e) => ({ id: e.id, type: e.dataset.type })),
  );
  assert.ok(inputs.length > 0, 'the form has fields');
  for (const x of inputs) {
    if (x.type === 'bool') await page.check(`#${x.id}`);
    else await page.fill(`#${x.id}`, VALUES[x.type] ?? VALUES.text);
  }
  return inputs;
}

// Upload the PDF to every material picker and wait until each says so.
async function uploadAll(page, pdf, root = '#apply-materials') {
  const ids = await page.$$eval(`${root} fieldset.case-material`, (els) => els.map((e) => e.id));
  for (const id of ids) {
    await page.setInputFiles(`#${id}-file`, { name: `${id}.pdf`, mimeType: 'application/pdf', buffer: pdf });
    await page.waitForFunction((sel) => document.querySelector(sel)?.closest('fieldset')?.dataset.uploaded, `#${id}-status`);
  }
  return ids;
}

let caseId = null;
let itemId = null;

test('a citizen applies online for a market-supervision licence from its guide', T, async () => {
  const { page, problems } = await suite.open(null);
  await signIn(page, 'citizen');
  // a licensing item of market supervision (department 1, 市监) of depth >= 3, not immediate
  const list = await page.evaluate(() =>
    fetch('/api/v1/catalog/items?department_id=1&type=licensing&depth=3&limit=50').then((r) => r.json()),
  );
  const item = list.items.find((x) => !x.immediate && x.online_depth >= 3);
  assert.ok(item, 'a licensing item of depth 3');
  itemId = item.id;

  await goto(page, `/item?id=${itemId}`);
  assert.equal(await page.getAttribute('#item-apply', 'href'), `/apply?item=${itemId}`);
  await page.click('#item-apply');
  await waitReady(page);
  assert.match(await text(page, '#page-title'), /在线申办/);
  assert.match(await text(page, '#apply-summary'), /市场监督管理局/);
  await axe(page, 'cases-apply-empty');

  const fields = await fillForm(page);
  // the checks mirror the server's: a wrong check character is refused here
  const idField = fields.find((x) => x.type === 'id_number');
  assert.ok(idField, 'the form asks for an ID number');
  await page.fill(`#${idField.id}`, ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1'));
  await page.click('#apply-submit');
  await page.waitForSelector(`#${idField.id}[aria-invalid="true"]`);
  assert.match(await text(page, `#${idField.id}-error`), /校验位/);
  assert.match(await text(page, '#apply-error'), /必需材料未上传/);
  await page.fill(`#${idField.id}`, ID);

  // a text file named .pdf is refused with the reason; a real PDF is taken
  await page.setInputFiles('#mat-0-file', { name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') });
  await page.waitForSelector('#mat-0-status.is-error');
  assert.match(await text(page, '#mat-0-status'), /不是 PDF、JPEG 或 PNG/);
  const pdf = makePdf('OneStop e2e');
  await uploadAll(page, pdf);
  assert.match(await text(page, '#mat-0-status'), /已上传.*PDF/);
  await axe(page, 'cases-apply-filled');

  await page.click('#apply-submit');
  await page.waitForURL(/\/case\?id=\d+/);
  await waitReady(page);
  caseId = Number(new URL(page.url()).searchParams.get('id'));
  assert.ok(caseId > 0);
  const state = await page.getAttribute('#case-state', 'data-state');
  assert.ok(['prereview', 'received'].includes(state), state);
  assert.match(await text(page, '#case-status'), /已提交/);
  assert.ok((await page.locator('#case-timeline li[data-action="submit"]').count()) >= 1);
  await axe(page, 'cases-case-submitted');

  // the list shows it with a countdown badge (colour and words)
  await goto(page, '/my-cases');
  const row = page.locator(`#mycases-table tr[data-case="${caseId}"]`);
  assert.equal(await row.count(), 1);
  const badge = row.locator('.case-clock');
  assert.equal(await badge.count(), 1);
  assert.ok((await badge.innerText()).trim().length > 0, 'the badge has words');
  await axe(page, 'cases-my-cases');
  assert.deepEqual(unexpected(problems), []);
});

test('the clerk issues one notice; the citizen supplements; the clerk accepts', T, async () => {
  assert.ok(caseId, 'the application of the first test');
  const clerk = await suite.open(null);
  await signIn(clerk.page, 'clerk');
  await goto(clerk.page, '/case-inbox');
  const row = clerk.page.locator(`#inbox-table tr[data-case="${caseId}"]`);
  assert.equal(await row.count(), 1, 'the case is in the inbox');
  assert.equal(await row.locator('.case-clock').count(), 1, 'with a countdown badge');
  await row.locator('button[data-open]').click();
  await clerk.page.waitForSelector('#inbox-notice-form');
  await axe(clerk.page, 'cases-inbox-open');
  // one notice: the second material with its problem
  const material = await clerk.page.getAttribute('#inbox-notice-m1', 'data-name');
  await clerk.page.check('#inbox-notice-m1');
  await clerk.page.fill('#inbox-notice-p1', '复印件不清晰，请重新上传');
  await clerk.page.click('#inbox-notice');
  await clerk.page.waitForFunction(() => /待补正/.test(document.querySelector('#inbox-status')?.textContent ?? ''));

  const cit = await suite.open(null);
  await signIn(cit.page, 'citizen');
  await goto(cit.page, `/case?id=${caseId}`);
  assert.equal(await cit.page.getAttribute('#case-state', 'data-state'), 'notice');
  const items = await cit.page.$$eval('#notice-items li', (els) => els.map((e) => e.textContent));
  assert.equal(items.length, 1);
  assert.match(items[0], new RegExp(material.replace(/[()（）]/g, '.')));
  assert.match(items[0], /复印件不清晰/);
  await axe(cit.page, 'cases-case-notice');
  await cit.page.setInputFiles('#sup-0-file', { name: 'again.pdf', mimeType: 'application/pdf', buffer: makePdf('supplement') });
  await cit.page.waitForFunction(() => /已附上材料/.test(document.querySelector('#case-status')?.textContent ?? ''));
  await cit.page.click('#act-supplement');
  await cit.page.waitForSelector('#case-state[data-state="supplemented"]');

  await goto(clerk.page, '/case-inbox');
  await clerk.page.locator(`#inbox-table tr[data-case="${caseId}"] button[data-open]`).click();
  await clerk.page.waitForSelector('#inbox-accept');
  await clerk.page.click('#inbox-accept');
  await clerk.page.waitForFunction(() => /已受理/.test(document.querySelector('#inbox-status')?.textContent ?? ''));
  // accepted: the case leaves the inbox (it comes back after the decision)
  assert.equal(await clerk.page.locator(`#inbox-table tr[data-case="${caseId}"]`).count(), 0, 'accepted: out of the inbox');
  for (const p of [clerk, cit]) assert.deepEqual(unexpected(p.problems), []);
});

test('the approver reviews and approves; the clerk completes and delivers by post', T, async () => {
  assert.ok(caseId, 'the application of the first test');
  const ap = await suite.open(null);
  await signIn(ap.page, 'approver');
  await goto(ap.page, '/case-worklist');
  const row = ap.page.locator(`#worklist-table tr[data-case="${caseId}"]`);
  assert.equal(await row.count(), 1, 'the case is on the worklist');
  assert.match(await row.locator('.case-clock').innerText(), /剩余|到期|超期/);
  assert.match(await text(ap.page, '#worklist-warnings'), /已超期 \d+ 件/);
  await row.locator('button[data-open]').click();
  await ap.page.waitForSelector('#wl-review');
  await axe(ap.page, 'cases-worklist-open');
  await ap.page.click('#wl-review');
  await ap.page.waitForSelector('#wl-approve');
  // the deny form asks for reasons and carries the appeal information
  assert.match(await ap.page.inputValue('#wl-deny-appeal'), /行政复议/);
  await ap.page.click('#wl-approve');
  await ap.page.waitForFunction(() => /已决定/.test(document.querySelector('#worklist-status')?.textContent ?? ''));

  const clerk = await suite.open(null);
  await signIn(clerk.page, 'clerk');
  await goto(clerk.page, `/case?id=${caseId}`);
  assert.equal(await clerk.page.getAttribute('#case-state', 'data-state'), 'decided');
  await clerk.page.click('#act-complete');
  await clerk.page.waitForSelector('#case-state[data-state="completed"]');
  await clerk.page.check('input[name="act-deliver-method"][value="post"]');
  // post without a tracking number is refused here
  await clerk.page.click('#act-deliver');
  await clerk.page.waitForSelector('#act-deliver-tracking[aria-invalid="true"]');
  await clerk.page.fill('#act-deliver-tracking', 'SF1234567890');
  await axe(clerk.page, 'cases-case-deliver');
  await clerk.page.click('#act-deliver');
  await clerk.page.waitForSelector('#case-state[data-state="delivered"]');
  for (const p of [ap, clerk]) assert.deepEqual(unexpected(p.problems), []);
});

test('the citizen sees the delivered state, the tracking number and the whole timeline; English', T, async () => {
  assert.ok(caseId, 'the application of the first test');
  const { page, problems } = await suite.open(null);
  await signIn(page, 'citizen');
  await goto(page, `/case?id=${caseId}`);
  assert.equal(await page.getAttribute('#case-state', 'data-state'), 'delivered');
  assert.equal((await text(page, '#case-tracking')).trim(), 'SF1234567890');
  assert.match(await text(page, '#case-delivery-method'), /邮寄/);
  const actions = await page.$$eval('#case-timeline li', (els) => els.map((e) => e.dataset.action));
  for (const a of ['submit', 'notice', 'supplement', 'accept', 'review', 'approve', 'complete', 'deliver'])
    assert.ok(actions.includes(a), `the timeline has ${a}: ${actions.join(',')}`);
  assert.equal(await page.getAttribute('#case-certificate', 'href'), `/api/v1/cases/${caseId}/certificate.pdf`);
  assert.match(await text(page, '#case-summary [data-row="countdown"]'), /按时办结|超期办结/);
  // where: the site's name and the window's number, not ids
  assert.match(await text(page, '#case-timeline li[data-action="accept"]'), /1 号窗口/);
  assert.doesNotMatch(await text(page, '#case-timeline'), /站点 #|site #|窗口 #/);
  assert.match(await text(page, '#case-timeline li[data-action="file_draft"]'), /创建草稿/);
  // the applicant of a delivered case is asked to rate the service
  assert.equal(await page.getAttribute('#case-review-link', 'href'), `/review?case=${caseId}`);
  await axe(page, 'cases-case-delivered');

  await page.click('.lang-btn[data-lang="en"]');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await text(page, '#timeline-h'), 'Timeline');
  assert.match(await text(page, '#case-state'), /Delivered/);
  assert.match(await text(page, '#case-delivery-method'), /By post/);
  assert.match(await text(page, '#case-timeline li[data-action="file_draft"]'), /Draft created/);
  assert.match(await text(page, '#case-timeline li[data-action="accept"]'), /Window 1/);
  assert.match(await text(page, '#case-summary [data-row="site"]'), /[A-Za-z]{4}/, 'the site in English');
  assert.match(await text(page, '#case-summary [data-row="department"]'), /[A-Za-z]{4}/, 'the department in English');
  assert.match(await text(page, '#case-review-link'), /Rate this service/);
  await axe(page, 'cases-case-delivered-en');
  await page.click('.lang-btn[data-lang="zh-CN"]');
  // large text and high contrast keep the badges and the notice readable
  await page.click('#contrast-toggle');
  await axe(page, 'cases-case-delivered-hc');
  await page.click('#contrast-toggle');
  assert.deepEqual(unexpected(problems), []);
});

test('a bundle application: one merged form, one upload per material, one case per department', T, async () => {
  const { page, problems } = await suite.open(null);
  await signIn(page, 'citizen');
  const bundles = await page.evaluate(() => fetch('/api/v1/catalog/bundles').then((r) => r.json()));
  const list = bundles.items ?? bundles;
  const b = list.find((x) => (x.items?.length ?? x.item_count ?? 2) >= 2) ?? list[0];
  assert.ok(b, 'a bundle');
  await goto(page, `/bundle?id=${b.id}`);
  await page.click('#bundle-apply');
  await waitReady(page);
  assert.ok((await page.locator('#apply-bundle-items li').count()) >= 2);
  await fillForm(page);
  // a file filed before can be reused
  await page.waitForSelector('#mat-0-reuse');
  const reuse = await page.$$eval('#mat-0-reuse option', (els) => els.map((e) => e.value).filter(Boolean));
  assert.ok(reuse.length >= 1, 'earlier files offered');
  await page.selectOption('#mat-0-reuse', reuse[0]);
  assert.match(await text(page, '#mat-0-status'), /已选用/);
  await uploadAll(page, makePdf('bundle'));
  await axe(page, 'cases-apply-bundle');
  await page.click('#apply-submit');
  await page.waitForURL(/\/my-cases\?bundle_app=\d+/, { timeout: 60_000 });
  await waitReady(page);
  assert.match(await text(page, '#mycases-status'), /套餐申请已提交/);
  const n = await page.locator('#mycases-table tbody tr').count();
  assert.ok(n >= 3, `the bundle's cases are listed (${n})`);
  await axe(page, 'cases-my-cases-bundle');
  assert.deepEqual(unexpected(problems), []);
});

test('staff pages refuse the wrong role politely; the window filing form', T, async () => {
  const cit = await suite.open(null);
  await signIn(cit.page, 'citizen');
  await goto(cit.page, '/case-inbox');
  assert.match(await text(cit.page, '#inbox-signin'), /窗口人员/);
  await goto(cit.page, '/case-worklist');
  assert.match(await text(cit.page, '#worklist-signin'), /审批人员/);

  const clerk = await suite.open(null);
  await signIn(clerk.page, 'clerk');
  await goto(clerk.page, '/case-inbox');
  await clerk.page.fill('#file-q', '食品经营许可');
  await clerk.page.click('#file-find');
  await clerk.page.waitForSelector('#file-items button[data-item]');
  await clerk.page.locator('#file-items button[data-item]').first().click();
  await clerk.page.waitForSelector('#file-form');
  await clerk.page.fill('#p-applicant_name', '王小明');
  await clerk.page.fill('#p-id_number', ID);
  await clerk.page.fill('#p-phone', '13807441111');
  await fillForm(clerk.page, '#file-form fieldset:nth-of-type(2)');
  await axe(clerk.page, 'cases-inbox-file');
  await clerk.page.click('#file-submit');
  await clerk.page.waitForFunction(() => /已收件，办件编号/.test(document.querySelector('#inbox-status')?.textContent ?? ''));
  await clerk.page.waitForSelector('#inbox-summary');
  assert.match(await text(clerk.page, '#inbox-summary'), /窗口办/);
  for (const p of [cit, clerk]) assert.deepEqual(unexpected(p.problems), []);
});

test("the citizen edits a draft's form on /case; the demo gives him open cases", T, async () => {
  assert.ok(itemId, 'the item of the first test');
  const { page, problems } = await suite.open(null);
  await signIn(page, 'citizen');
  const draft = await page.evaluate(async (item) => {
    const r = await fetch('/api/v1/cases', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ item_id: item }) });
    return r.json();
  }, itemId);
  assert.equal(draft.state, 'draft');
  await goto(page, `/case?id=${draft.id}`);
  await page.waitForSelector('#case-form');
  await fillForm(page, '#case-form');
  // the licensing item's form has an ID number field: the check must run
  const idField = await page.$eval('#case-form [data-type="id_number"]', (e) => e.id);
  {
    // a wrong check character is caught before sending
    await page.fill(`#${idField}`, ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0'));
    await page.click('#case-form-save');
    assert.equal(await page.getAttribute(`#${idField}`, 'aria-invalid'), 'true');
    await page.fill(`#${idField}`, ID);
  }
  await page.click('#case-form-save');
  await page.waitForFunction(() => /申请表已保存/.test(document.getElementById('case-status')?.textContent ?? ''));
  const saved = await page.evaluate(async (id) => (await (await fetch(`/api/v1/cases/${id}`)).json()).form, draft.id);
  assert.ok(Object.values(saved).includes(VALUES.text), JSON.stringify(saved));
  await axe(page, 'cases-case-draft-form');
  // the demo citizen's own open cases: prereview, notice, review, delivered
  await goto(page, '/my-cases');
  const states = await page.$$eval('[data-state]', (els) => els.map((e) => e.dataset.state));
  for (const st of ['prereview', 'notice', 'review', 'delivered']) assert.ok(states.includes(st), `${st} among ${states.join(',')}`);
  await axe(page, 'cases-my-cases-demo');
  assert.deepEqual(unexpected(problems), []);
});
