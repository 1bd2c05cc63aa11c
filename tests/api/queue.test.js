// SPDX-License-Identifier: MIT
// The work queue (issue 13, item 1): several statuses at once, orders,
// filters by unit and date, the total, bulk changes and unread marks.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSmallOrg, expectStatus, expectError, ids, assigneeIds, drainOutbox, mailRows, addrOf, listAll,
} from './harness.js';

// Times are whole seconds: what must be later than the changes before it
// is made in the next second.
async function nextSecond() {
  // The server stamps in whole seconds from time(), which reads a coarse
  // clock that may lag the test's by a few milliseconds: go 100 ms into
  // the next second, so that what comes next is stamped later.
  const next = (Math.floor(Date.now() / 1000) + 1) * 1000 + 100;
  while (Date.now() < next) await new Promise((r) => setTimeout(r, Math.max(1, next - Date.now())));
}

describe('the work queue', () => {
  let ctx; let admin; let huber; let schmidt; let tenant; let type; let type2; let prop; let prop2;
  let unit;
  const v = {}; // name → Vorgang, all at Gartenstraße 3 (Frau Huber's)

  const file = async (subject, extra = {}) => expectStatus(await admin.post('/processes', {
    type_id: type.id, property_id: prop.id, subject, description: 'Beschreibung',
    reporter_contact_id: tenant.id, ...extra,
  }), 201, `file ${subject}`);

  before(async () => {
    ctx = await startSmallOrg();
    ({ admin, prop, prop2, type, tenant } = ctx);
    huber = ctx.emp.client;
    schmidt = ctx.emp2;
    type2 = expectStatus(await admin.post('/process-types', { name: 'Frage', role_ids: [ctx.technik.id] }),
      201, 'second type');
    unit = expectStatus(await admin.post(`/properties/${prop.id}/units`, { label: 'WE 7' }), 201, 'unit');
    v.open = ctx.proc; // filed by the tenant: "Heizung kalt", open
    v.progress = await file('Fenster klemmt');
    v.waiting = await file('Tür quietscht', { unit_id: unit.id });
    v.resolved = await file('Licht aus', { type_id: type2.id });
    v.closed = await file('Keller nass');
    for (const [k, status] of [['progress', 'in_progress'], ['waiting', 'waiting'], ['resolved', 'resolved'],
      ['closed', 'closed']]) {
      expectStatus(await admin.patch(`/processes/${v[k].id}`, { status }), 200, `status ${k}`);
    }
    v.other = expectStatus(await admin.post('/processes', {
      type_id: type.id, property_id: prop2.id, subject: 'Anderswo', description: 'd',
    }), 201, 'a Vorgang at Bahnhofstraße 4 (Herr Schmidt only)');
  });
  after(async () => { if (ctx) await ctx.stop(); });

  it('status takes several values: "Offen" is open, in progress and waiting together', async () => {
    const want = [v.waiting.id, v.progress.id, v.open.id];
    // twice: the second answer may come from the answer cache's page
    for (let i = 0; i < 2; i++) {
      const r = expectStatus(await huber.get('/processes?assignee=me&status=open,in_progress,waiting'), 200);
      assert.deepEqual(ids(r.items), want);
    }
    const done = expectStatus(await huber.get('/processes?assignee=me&status=resolved,closed'), 200);
    assert.deepEqual(ids(done.items), [v.closed.id, v.resolved.id]);
    const all = expectStatus(await admin.get(`/processes?property_id=${prop.id}&status=waiting,closed`), 200);
    assert.deepEqual(ids(all.items), [v.closed.id, v.waiting.id]);
    expectError(await huber.get('/processes?status=open,done'), 422, 'invalid_field', 'status');
    expectError(await huber.get('/processes?status=open,'), 422, 'invalid_field', 'status');
  });

  it('a status change moves a Vorgang into and out of the cached "Offen" page', async () => {
    const q = '/processes?assignee=me&status=open,in_progress,waiting';
    expectStatus(await huber.get(q), 200);
    expectStatus(await huber.patch(`/processes/${v.open.id}`, { status: 'resolved' }), 200);
    assert.deepEqual(ids(expectStatus(await huber.get(q), 200).items), [v.waiting.id, v.progress.id]);
    expectStatus(await huber.patch(`/processes/${v.open.id}`, { status: 'open' }), 200);
    assert.deepEqual(ids(expectStatus(await huber.get(q), 200).items), [v.waiting.id, v.progress.id, v.open.id]);
  });

  it('sorts by received either way and by last activity, and pages through each order', async () => {
    const base = `/processes?property_id=${prop.id}`;
    const newest = ids(expectStatus(await admin.get(base), 200).items);
    const oldest = ids(expectStatus(await admin.get(`${base}&sort=created`), 200).items);
    assert.deepEqual(oldest, [...newest].reverse());
    // a comment on the oldest makes it the most recently active
    await nextSecond();
    expectStatus(await admin.post(`/processes/${v.open.id}/comments`, { body: 'Wir kümmern uns.' }), 201);
    const active = ids(expectStatus(await admin.get(`${base}&sort=-activity`), 200).items);
    assert.equal(active[0], v.open.id);
    const quiet = ids(expectStatus(await admin.get(`${base}&sort=activity`), 200).items);
    assert.equal(quiet[quiet.length - 1], v.open.id);
    for (const sort of ['-created', 'created', '-activity', 'activity']) {
      const paged = ids(await listAll(admin, `${base}&sort=${sort}`, 2));
      const whole = ids(expectStatus(await admin.get(`${base}&sort=${sort}`), 200).items);
      assert.deepEqual(paged, whole, `pages of sort=${sort}`);
    }
    expectError(await admin.get('/processes?sort=name'), 422, 'invalid_field', 'sort');
  });

  it('filters by unit, type and the day received', async () => {
    assert.deepEqual(ids(expectStatus(await admin.get(`/processes?unit_id=${unit.id}`), 200).items), [v.waiting.id]);
    assert.deepEqual(ids(expectStatus(await admin.get(`/processes?type_id=${type2.id}`), 200).items),
      [v.resolved.id]);
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
    const tomorrow = new Date(Date.now() + 86400e3).toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
    const yesterday = new Date(Date.now() - 86400e3).toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
    const all = ids(expectStatus(await admin.get('/processes'), 200).items);
    assert.deepEqual(ids(expectStatus(await admin.get(`/processes?created_from=${today}&created_to=${today}`),
      200).items), all);
    assert.deepEqual(expectStatus(await admin.get(`/processes?created_from=${tomorrow}`), 200).items, []);
    assert.deepEqual(expectStatus(await admin.get(`/processes?created_to=${yesterday}`), 200).items, []);
    expectError(await admin.get('/processes?created_from=2026-02-30'), 422, 'invalid_field', 'created_from');
  });

  it('counts a list exactly, for the caller as they see it', async () => {
    const mine = expectStatus(await huber.get('/processes/count?assignee=me&status=open,in_progress,waiting'), 200);
    assert.deepEqual(mine, { count: 3, more: false });
    assert.deepEqual(expectStatus(await huber.get('/processes/count?assignee=me'), 200), { count: 5, more: false });
    // Frau Huber sees Gartenstraße 3 only; the admin sees Bahnhofstraße 4 too
    assert.equal(expectStatus(await huber.get('/processes/count'), 200).count, 5);
    assert.equal(expectStatus(await admin.get('/processes/count'), 200).count, 6);
    assert.equal(expectStatus(await tenant.client.get('/processes/count'), 200).count, 5);
    expectError(await huber.get('/processes/count?status=nope'), 422, 'invalid_field', 'status');
  });

  it('bulk status change: the Vorgänge one may see change, the others are reported not found', async () => {
    const r = expectStatus(await huber.post('/processes/bulk',
      { ids: [v.open.id, v.waiting.id, v.other.id], status: 'in_progress' }), 200);
    assert.deepEqual(r.items, [
      { id: v.open.id, result: 'updated' }, { id: v.waiting.id, result: 'updated' },
      { id: v.other.id, result: 'not_found' }]);
    for (const id of [v.open.id, v.waiting.id]) {
      const p = expectStatus(await huber.get(`/processes/${id}`), 200);
      assert.equal(p.status, 'in_progress');
      assert.ok(p.history.some((x) => x.event === 'status_changed' || /Bearbeitung/.test(x.text)), 'history');
    }
    assert.equal(expectStatus(await admin.get(`/processes/${v.other.id}`), 200).status, 'open');
    expectError(await huber.post('/processes/bulk', { ids: [] , status: 'open' }), 422, 'invalid_field', 'ids');
    expectError(await huber.post('/processes/bulk', { ids: [v.open.id] }), 422, 'invalid_field', 'status');
    expectStatus(await tenant.client.post('/processes/bulk', { ids: [v.open.id], status: 'closed' }), 403);
  });

  it('bulk reassign with a note: new assignees, the note on each, a mail to the new one', async () => {
    await drainOutbox(admin);
    const r = expectStatus(await admin.post('/processes/bulk', {
      ids: [v.progress.id, v.waiting.id], assignee_ids: [schmidt.id], note: 'Urlaubsvertretung ab Montag',
    }), 200);
    assert.deepEqual(r.items.map((x) => x.result), ['updated', 'updated']);
    for (const id of [v.progress.id, v.waiting.id]) {
      const p = expectStatus(await admin.get(`/processes/${id}`), 200);
      assert.deepEqual(assigneeIds(p), [schmidt.id]);
      const comments = expectStatus(await admin.get(`/processes/${id}/comments`), 200).items;
      assert.ok(comments.some((c) => c.internal && c.body === 'Urlaubsvertretung ab Montag'), 'the note');
      await drainOutbox(admin);
      const mails = await mailRows(admin, id);
      assert.ok(mails.some((m) => m.kind === 'assigned' && addrOf(m.to) === 'schmidt@abc.example'), 'mail');
    }
    // nothing changes when one assignee is not an employee
    expectError(await admin.post('/processes/bulk', { ids: [v.open.id], assignee_ids: [tenant.id] }),
      422, 'invalid_field', 'assignee_ids');
    assert.notDeepEqual(assigneeIds(expectStatus(await admin.get(`/processes/${v.open.id}`), 200)), [tenant.id]);
  });

  it('unread: Vorgänge changed since the employee last opened them', async () => {
    const unread = async () => expectStatus(await huber.get('/processes/unread'), 200).ids;
    assert.ok((await unread()).includes(v.open.id), 'never opened: unread');
    expectStatus(await huber.post(`/processes/${v.open.id}/seen`), 204);
    assert.ok(!(await unread()).includes(v.open.id), 'opened: read');
    // a second later the tenant answers: unread again
    await nextSecond();
    expectStatus(await tenant.client.post(`/processes/${v.open.id}/comments`, { body: 'Danke!' }), 201);
    assert.ok((await unread()).includes(v.open.id), 'answered: unread');
    expectError(await huber.post(`/processes/${v.other.id}/seen`), 404, 'not_found');
    expectStatus(await tenant.client.get('/processes/unread'), 403);
  });
});
