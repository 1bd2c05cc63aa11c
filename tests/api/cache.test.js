// SPDX-License-Identifier: MIT
// The answer cache (src/store/vcache.c): employees' reads of Vorgänge are
// answered from memory the second time, byte for byte what the database gives,
// and every change — by anyone, to the Vorgang or to a name it shows — is
// visible in the very next read. Who may see a Vorgang is checked on every read.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, startSmallOrg, expectStatus, hire, newRole, newProperty, addStaff, newType,
  listAll, ids, assigneeIds, PG,
} from './harness.js';

// On PostgreSQL serve runs without the answer cache (docs/postgresql.md:
// another process's change would not reach it): the tests of hits skip
// there; those of what every read shows run on both.
const noCache = PG ? 'the answer cache is off on PostgreSQL (docs/postgresql.md)' : false;

async function cacheCounts(server) {
  const text = (await server.anon().get('/metrics')).text;
  const num = (name) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
  return { hits: num('hausdesk_cache_hits_total'), misses: num('hausdesk_cache_misses_total'),
    entries: num('hausdesk_cache_entries') };
}

describe('answer cache', () => {
  let ctx; let server; let smtp; let admin;
  let technik; let prop; let prop2; let type; let emp; let emp2; let tenant; let proc;

  // What emp reads now: the Vorgang and the item in their open queue.
  const read = async (who = emp.client) => expectStatus(await who.get(`/processes/${proc.id}`), 200, 'GET');
  const queueItem = async (status = 'open') => (await listAll(emp.client,
    `/processes?assignee=me&status=${status}`)).find((p) => p.id === proc.id);

  before(async () => {
    ctx = await startSmallOrg();
    ({ smtp, server, admin, technik, prop, prop2, type, emp, emp2, tenant, proc } = ctx);
  });
  after(async () => { if (ctx) await ctx.stop(); });

  it('a second read is a hit and the same bytes as the first, for the Vorgang and the queue', { skip: noCache }, async () => {
    const before = await cacheCounts(server);
    const first = await emp.client.get(`/processes/${proc.id}`);
    const second = await emp.client.get(`/processes/${proc.id}`);
    assert.equal(second.status, 200);
    assert.equal(second.text, first.text);
    const q1 = await emp.client.get('/processes?assignee=me&status=open');
    const q2 = await emp.client.get('/processes?assignee=me&status=open');
    assert.equal(q2.text, q1.text);
    assert.deepEqual(ids(q2.body.items), [proc.id]);
    const after = await cacheCounts(server);
    assert.ok(after.hits >= before.hits + 2, `hits ${before.hits} -> ${after.hits}`);
    assert.ok(after.entries >= 1);
  });

  it('a queue page is kept whole and shows a new Vorgang of the employee at once', { skip: noCache }, async () => {
    const page = () => emp.client.get('/processes?assignee=me&status=open');
    const first = await page();
    const before = await cacheCounts(server);
    const again = await page();
    assert.equal(again.text, first.text);
    const after = await cacheCounts(server);
    assert.equal(after.hits - before.hits, first.body.items.length, 'the page counts its Vorgänge as hits');
    assert.equal(after.misses, before.misses);

    // Another employee's new Vorgang leaves her page as it is; her own joins it.
    const other = expectStatus(await admin.post('/processes', { type_id: type.id, property_id: prop2.id,
      subject: 'Klingel defekt', description: 'Seit heute.' }), 201, 'file at prop2');
    assert.deepEqual(assigneeIds(other), [emp2.id]);
    assert.equal((await page()).text, first.text);
    const mine = expectStatus(await tenant.client.post('/processes', { type_id: type.id, property_id: prop.id,
      subject: 'Wasser tropft', description: 'Küche.' }), 201, 'file at prop');
    assert.deepEqual(ids((await page()).body.items), [mine.id, ...ids(first.body.items)]);
    // It leaves when it is done.
    expectStatus(await emp.client.patch(`/processes/${mine.id}`, { status: 'resolved' }), 200, 'resolve');
    assert.deepEqual(ids((await page()).body.items), ids(first.body.items));
  });

  it('every change shows in the next read: status, comments, assignees, names', async () => {
    await read();
    await queueItem();

    expectStatus(await emp.client.patch(`/processes/${proc.id}`, { status: 'in_progress' }), 200, 'PATCH');
    assert.equal((await read()).status, 'in_progress');
    assert.equal((await queueItem('in_progress')).status, 'in_progress');
    assert.equal(await queueItem('open'), undefined);

    expectStatus(await tenant.client.post(`/processes/${proc.id}/comments`, { body: 'Immer noch kalt.' }), 201,
      'tenant comment');
    assert.deepEqual((await read()).comments.map((c) => c.body), ['Immer noch kalt.']);

    expectStatus(await admin.patch(`/properties/${prop.id}`, { name: 'Gartenstraße 3a' }), 200, 'rename property');
    assert.equal((await read()).property_name, 'Gartenstraße 3a');
    assert.equal((await queueItem('in_progress')).property_name, 'Gartenstraße 3a');

    expectStatus(await admin.patch(`/process-types/${type.id}`, { name: 'Schaden' }), 200, 'rename type');
    assert.equal((await read()).type_name, 'Schaden');

    expectStatus(await admin.patch(`/employees/${emp.id}`, { name: 'Frau Dr. Huber' }), 200, 'rename employee');
    assert.deepEqual((await read()).assignees.map((a) => a.name), ['Frau Dr. Huber']);
    assert.deepEqual((await queueItem('in_progress')).assignees.map((a) => a.name), ['Frau Dr. Huber']);

    expectStatus(await admin.patch(`/roles/${technik.id}`, { name: 'Haustechnik' }), 200, 'rename role');
    assert.deepEqual((await read()).assignees.map((a) => a.role_name), ['Haustechnik']);

    expectStatus(await admin.patch(`/processes/${proc.id}`, { assignee_ids: [emp.id, emp2.id] }), 200,
      'add an assignee');
    assert.deepEqual(assigneeIds(await read()), [emp.id, emp2.id].sort((a, b) => a - b));
  });

  it('who may see a Vorgang is checked on every read, not taken from the cache', async () => {
    // emp2 is assigned now (previous test) and reads it into the cache.
    await read(emp2.client);
    expectStatus(await admin.patch(`/processes/${proc.id}`, { assignee_ids: [emp.id] }), 200, 'drop emp2');
    assert.equal((await emp2.client.get(`/processes/${proc.id}`)).status, 404);
    await read(); // emp (staff of the property) still sees it, and caches it again
    assert.equal((await emp2.client.get(`/processes/${proc.id}`)).status, 404);
    // Staff changes are not Vorgang changes: emp2 joins the property's staff.
    await addStaff(admin, prop.id, emp2.id, technik.id);
    assert.equal((await emp2.client.get(`/processes/${proc.id}`)).status, 200);
  });

  it('a tenant never gets the employees\' cached view', async () => {
    expectStatus(await emp.client.post(`/processes/${proc.id}/comments`,
      { body: 'Intern: Firma Kalt beauftragen', internal: true }), 201, 'internal comment');
    const staffView = await read();
    assert.ok(staffView.comments.some((c) => c.internal));
    assert.ok(staffView.assignees.every((a) => 'reason' in a));
    const mine = expectStatus(await tenant.client.get(`/processes/${proc.id}`), 200, 'tenant GET');
    assert.ok(mine.comments.every((c) => !c.internal), 'no internal comment for the tenant');
    assert.ok(mine.assignees.every((a) => !('reason' in a)), 'no routing reasons for the tenant');
    const list = await listAll(tenant.client, '/processes');
    assert.ok(list.every((p) => p.assignees.every((a) => !('reason' in a))));
  });

  it('reads racing with changes end on what was committed last', async () => {
    const statuses = ['open', 'waiting', 'in_progress', 'waiting', 'open', 'in_progress'];
    const readers = Array.from({ length: 8 }, async () => {
      for (let i = 0; i < 15; i++) await emp.client.get(`/processes/${proc.id}`);
    });
    for (const status of statuses) {
      expectStatus(await emp.client.patch(`/processes/${proc.id}`, { status }), 200, `PATCH ${status}`);
      assert.equal((await read()).status, status);
    }
    await Promise.all(readers);
    assert.equal((await read()).status, 'in_progress');
    assert.equal((await queueItem('in_progress'))?.status, 'in_progress');
  });
});

describe('answer cache off (--cache-mb 0)', () => {
  let ctx;
  before(async () => { ctx = await startAll({ env: { HAUSDESK_CACHE_MB: '0' } }); });
  after(async () => { if (ctx) await ctx.stop(); });

  it('answers from the database and counts nothing', async () => {
    const { server, smtp, admin } = ctx;
    const role = await newRole(admin, 'Technik');
    const p = await newProperty(admin, {});
    const t = await newType(admin, 'Schaden', [role.id]);
    const e = await hire(server, smtp, admin, { name: 'Frau Huber', email: 'huber@abc.example' });
    await addStaff(admin, p.id, e.id, role.id);
    const proc = expectStatus(await e.client.post('/processes', { type_id: t.id, property_id: p.id,
      subject: 'Tür klemmt', description: 'Haustür.' }), 201, 'file');
    const a = await e.client.get(`/processes/${proc.id}`);
    const b = await e.client.get(`/processes/${proc.id}`);
    assert.equal(b.text, a.text);
    const counts = await cacheCounts(server);
    assert.deepEqual(counts, { hits: 0, misses: 0, entries: 0 });
  });
});
