// THE STORY of issue 9 ("Done when"), over HTTP against the real binary:
// a relative (the demo citizen) asks for a home visit for a bedridden person
// who needs a disability certificate (残疾人证, the disabled persons'
// federation 残联); the proxy specialist takes it himself, schedules a home
// visit with a doctor and records the outcome, files the case on the
// person's behalf (POST /api/v1/cases with proxy_request_id and
// applicant_user_id = the relative); a clerk accepts it; the federation's
// approver (approver.cl) reviews and approves; the clerk completes it and
// delivers it by post with a tracking number; the specialist closes the
// request ("posted"); the relative sees the certificate posted and rates
// the service. The person never travels. The figures count it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { apiClient, signInAll, stopClean, ok, idNumber } from '../lib/api.mjs';

let s;
const who = {};
const { get, post } = apiClient(() => s, who);
before(async () => {
  s = await startServer();
  await signInAll(s, who, ['citizen', 'proxy', 'clerk', 'approver.cl']);
});
after(() => stopClean(s));

test('a bedridden villager gets a disability certificate without travelling', async () => {
  const before = (await ok(await get('/api/v1/proxy/figures'))).total;
  // 0. the item: a 残联 disability certificate of the demo catalog
  const found = await ok(await get('/api/v1/catalog/items?q=' + encodeURIComponent('残疾人证') + '&limit=10'));
  const item = found.items.find((x) => x.department.code === 'YD-CL' && x.channels.includes('proxy'));
  assert.ok(item, 'a disability certificate item that may be handled by proxy');

  // 1. the relative asks for a home visit for his bedridden mother
  const person = { name: '向翠兰', id: idNumber('1948-09-12', '342'), phone: '13974401234', address: '永定区王家坪镇向家湾村4组7号' };
  const request = await ok(await post('/api/v1/proxy/requests', {
    kind: 'home', filer: 'relative', relation: '儿子', person_name: person.name, id_number: person.id,
    phone: person.phone, address: person.address, item_id: item.id, consent: true, green: 'disabled',
    note: '母亲长期卧床，无法到大厅办理残疾人证',
  }, 'citizen'), 201);
  assert.equal(request.state, 'submitted');
  assert.equal(request.green, 'disabled');
  assert.deepEqual(request.authorisation.items, [item.code]);

  // 2. the proxy specialist sees it among the first (green channel) and takes it
  const desk = await ok(await get('/api/v1/proxy/requests', 'proxy'));
  const pos = desk.items.findIndex((x) => x.id === request.id);
  assert.ok(pos >= 0 && desk.items.slice(0, pos).every((x) => x.priority), 'only green-channel requests before it');
  let q = await ok(await post(`/api/v1/proxy/requests/${request.id}/actions/assign`, {}, 'proxy'));
  assert.equal(q.state, 'assigned');
  assert.equal(q.assignee.role, 'proxy');

  // 3. a home visit with a doctor (and the federation's approver), then its outcome
  const day = new Date(Date.now() + 8 * 3600e3 + 86400e3).toISOString().slice(0, 10);
  const v = await ok(await post(`/api/v1/proxy/requests/${request.id}/visits`, {
    scheduled_at: `${day}T10:00`, team: 'doctor:李医生,approver:赵敏,specialist:黄丽', note: '带评残表',
  }, 'proxy'), 201);
  assert.equal(v.state, 'visit_scheduled');
  q = await ok(await post(`/api/v1/proxy/requests/${request.id}/visits/${v.visit_id}/outcome`, {
    done: true, outcome: '医生上门评估：肢体残疾二级，材料已现场采集',
  }, 'proxy'));
  assert.equal(q.state, 'visit_done');

  // 4. the case, filed on the person's behalf for the relative's account
  const detail = await ok(await get(`/api/v1/proxy/requests/${request.id}`, 'proxy'));
  assert.equal(detail.person.id_number, person.id, 'the specialist sees the ID number to file with');
  const c = await ok(await post('/api/v1/cases', {
    item_id: item.id, applicant_name: detail.person.name, id_number: detail.person.id_number,
    phone: detail.person.phone, address: detail.person.address,
    applicant_user_id: detail.requester.id, proxy_request_id: request.id,
  }, 'proxy'), 201);
  assert.equal(c.channel, 'proxy');
  assert.equal(c.on_behalf, true);
  assert.equal(Number(c.proxy_request_id), request.id);
  assert.equal(c.state, 'received');
  q = await ok(await post(`/api/v1/proxy/requests/${request.id}/actions/file_case`, { case_id: c.id }, 'proxy'));
  assert.equal(q.state, 'cases_filed');

  // 5. accepted at the window, reviewed and approved by the federation's approver
  const act = async (a, as, body = {}) => ok(await post(`/api/v1/cases/${c.id}/actions/${a}`, body, as));
  assert.equal((await act('accept', 'clerk')).state, 'accepted');
  assert.equal((await act('review', 'approver.cl')).state, 'review');
  const approved = await act('approve', 'approver.cl');
  assert.equal(approved.decision, 'approved');

  // 6. completed and posted with a tracking number
  assert.equal((await act('complete', 'clerk')).state, 'completed');
  const posted = await act('deliver', 'clerk', { method: 'post', tracking: 'EMS9876543210' });
  assert.equal(posted.state, 'delivered');
  assert.equal(posted.delivery.method, 'post');

  // 7. the specialist closes the request: the tracking number comes from the case
  q = await ok(await post(`/api/v1/proxy/requests/${request.id}/actions/complete`, { delivery: 'post' }, 'proxy'));
  assert.equal(q.state, 'completed');
  assert.equal(q.delivery.tracking, 'EMS9876543210');

  // 8. the relative sees it posted, in his requests and in his cases
  const mine = await ok(await get('/api/v1/proxy/my-requests', 'citizen'));
  const mr = mine.items.find((x) => x.id === request.id);
  assert.equal(mr.state, 'completed');
  assert.equal(mr.delivery.tracking, 'EMS9876543210');
  const seen = await ok(await get(`/api/v1/cases/${c.id}`, 'citizen'));
  assert.equal(seen.state, 'delivered');
  assert.equal(seen.delivery.tracking, 'EMS9876543210');
  assert.equal(seen.on_behalf, true);
  const timeline = await ok(await get(`/api/v1/proxy/requests/${request.id}`, 'citizen'));
  assert.deepEqual(timeline.events.map((e) => e.action),
    ['file', 'assign', 'schedule_visit', 'record_visit', 'file_case', 'complete']);

  // 9. ... and rates it (the reviews API, issue 9)
  const rating = await ok(await post(`/api/v1/reviews/cases/${c.id}`, {
    level: 1, attitude: 1, efficiency: 1, comment: '没出门就办好了残疾人证，感谢上门服务',
  }, 'citizen'), 201);
  assert.equal(rating.level ?? rating.rating?.level, 1);
  const again = await post(`/api/v1/reviews/cases/${c.id}`, { level: 2 }, 'citizen');
  assert.ok(again.status >= 400, 'one rating per service event');
  await again.arrayBuffer();

  // 10. the figures count the visit, the item and the person
  const after1 = (await ok(await get('/api/v1/proxy/figures'))).total;
  assert.equal(after1.home_visits, before.home_visits + 1);
  assert.equal(after1.people_served, before.people_served + 1);
  assert.equal(after1.items_handled, before.items_handled + 1);
});
