// SPDX-License-Identifier: MIT
// How a role picks among its holders at a property (`assign`: all,
// round_robin, least_open) over HTTP: docs/routing.md, section 2.
// Each test uses its own property and role.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, expectStatus, expectError, hire, newRole, newProperty, addStaff, newType,
  drainOutbox, mailRows, addrOf, assigneeIds,
} from './harness.js';

describe('assign modes', () => {
  let ctx; let smtp; let server; let admin;
  const e = {};
  let reporter;
  let n = 0;

  before(async () => {
    ctx = await startAll();
    ({ smtp, server, admin } = ctx);
    for (const k of ['arslan', 'berg', 'cerny', 'dietz']) {
      e[k] = await hire(server, smtp, admin, { name: `Herr ${k[0].toUpperCase()}${k.slice(1)}`,
        email: `${k}@abc.example` });
    }
    reporter = expectStatus(await admin.post('/contacts', { name: 'Herr Müller', email: 'mueller@example.org' }),
      201, 'POST /contacts');
    await drainOutbox(admin);
  });
  after(async () => { if (ctx) await ctx.stop(); });

  /** A property, a role held there by holders, a type routed to it. */
  async function setup(mode, holders) {
    n += 1;
    const name = `Max-Planck-Straße 12 (${n})`;
    const p = await newProperty(admin, { name, street: 'Max-Planck-Straße 12', postal_code: '80331', city: 'München' });
    expectStatus(await admin.post(`/properties/${p.id}/residents`, { contact_id: reporter.id, relation: 'tenant' }),
      201, 'resident');
    const role = await newRole(admin, `Hausmeister ${n}`);
    if (mode) {
      const changed = expectStatus(await admin.patch(`/roles/${role.id}`, { assign: mode }), 200, 'PATCH role');
      assert.equal(changed.assign, mode);
    }
    for (const h of holders) await addStaff(admin, p.id, h.id, role.id);
    const type = await newType(admin, `Reparatur ${n}`, [role.id]);
    return { p, role, type };
  }
  async function file({ p, type }) {
    return expectStatus(await admin.post('/processes', {
      type_id: type.id, property_id: p.id, subject: 'Tür klemmt', description: 'Haustür',
      reporter_contact_id: reporter.id,
    }), 201, 'file');
  }

  it('a role picks `all` by default; PATCH /roles/{id} sets the mode and refuses an unknown one', async () => {
    const role = await newRole(admin, 'Neu');
    assert.equal(role.assign, 'all');
    const got = expectStatus(await admin.get(`/roles/${role.id}`), 200, 'GET role');
    assert.equal(got.assign, 'all');
    for (const m of ['round_robin', 'least_open', 'all']) {
      assert.equal(expectStatus(await admin.patch(`/roles/${role.id}`, { assign: m }), 200, m).assign, m);
    }
    expectError(await admin.patch(`/roles/${role.id}`, { assign: 'random' }), 422, undefined, 'assign');
    expectError(await admin.patch(`/roles/${role.id}`, { assign: 3 }), 422, undefined, 'assign');
    // a name change keeps the mode
    expectStatus(await admin.patch(`/roles/${role.id}`, { assign: 'least_open' }), 200, 'least_open');
    assert.equal(expectStatus(await admin.patch(`/roles/${role.id}`, { name: 'Neu 2' }), 200, 'rename').assign,
      'least_open');
    expectError(await e.berg.client.patch(`/roles/${role.id}`, { assign: 'all' }), 403);
    // POST /roles takes the mode too, and makes nothing when it is wrong
    const made = expectStatus(await admin.post('/roles', { name: 'Gleich reihum', assign: 'round_robin' }), 201, 'POST');
    assert.equal(made.assign, 'round_robin');
    expectError(await admin.post('/roles', { name: 'Falsch', assign: 'everyone' }), 422, undefined, 'assign');
    const names = expectStatus(await admin.get('/roles?limit=500'), 200, 'GET /roles').items.map((x) => x.name);
    assert.ok(!names.includes('Falsch'));
  });

  it('`all`: every holder, as the seed always did', async () => {
    const s = await setup(null, [e.arslan, e.berg, e.cerny]);
    const v = await file(s);
    assert.deepEqual(assigneeIds(v), [e.arslan.id, e.berg.id, e.cerny.id].sort((a, b) => a - b));
  });

  it('round robin: one holder per Vorgang, in turn by id, the reason ends in ", reihum", and only the picked holder is mailed', async () => {
    const hs = [e.arslan, e.berg, e.cerny];
    const s = await setup('round_robin', hs);
    const got = [];
    for (let i = 0; i < 6; i++) {
      const v = await file(s);
      assert.equal(v.assignees.length, 1);
      got.push(v.assignees[0].employee_id);
      const who = hs.find((h) => h.id === v.assignees[0].employee_id);
      assert.equal(v.assignees[0].reason, `${who.name}: Rolle ${s.role.name} in ${s.p.name}, reihum`);
      if (i === 0) {
        await drainOutbox(admin);
        const to = (await mailRows(admin, v.id)).filter((m) => m.kind === 'assigned').map((m) => addrOf(m.to));
        assert.deepEqual(to, [who.email]);
      }
    }
    const order = hs.map((h) => h.id).sort((a, b) => a - b);
    assert.deepEqual(got, [...order, ...order]);
  });

  it('round robin keeps the turn by id: when the holder after the turn gives up the role, nobody is skipped', async () => {
    const s = await setup('round_robin', [e.arslan, e.berg, e.cerny]);
    const order = [e.arslan, e.berg, e.cerny].map((h) => h.id).sort((a, b) => a - b);
    let v = await file(s);
    assert.deepEqual(assigneeIds(v), [order[0]]);
    v = await file(s);
    assert.deepEqual(assigneeIds(v), [order[1]]);
    // the holder just picked leaves the role
    const staff = expectStatus(await admin.get(`/properties/${s.p.id}/staff`), 200, 'staff').items;
    const row = staff.find((x) => x.employee_id === order[1]);
    expectStatus(await admin.del(`/properties/${s.p.id}/staff/${row.id}`), 204, 'remove staff');
    v = await file(s);
    assert.deepEqual(assigneeIds(v), [order[2]]);
    v = await file(s);
    assert.deepEqual(assigneeIds(v), [order[0]]);
  });

  it('round robin under 20 concurrent creates: the turns are spread evenly and none is taken twice', async () => {
    const hs = [e.arslan, e.berg, e.cerny, e.dietz];
    const s = await setup('round_robin', hs);
    const made = await Promise.all(Array.from({ length: 20 }, () => file(s)));
    const count = new Map(hs.map((h) => [h.id, 0]));
    for (const v of made) {
      assert.equal(v.assignees.length, 1, JSON.stringify(v.assignees));
      count.set(v.assignees[0].employee_id, count.get(v.assignees[0].employee_id) + 1);
    }
    assert.deepEqual([...count.values()], [5, 5, 5, 5], JSON.stringify([...count]));
    // in the order they were filed, each holder follows the one before:
    // no turn was taken twice, none skipped
    const order = hs.map((h) => h.id).sort((a, b) => a - b);
    const seq = made.slice().sort((a, b) => a.id - b.id).map((v) => v.assignees[0].employee_id);
    for (let i = 1; i < seq.length; i++) {
      assert.equal(seq[i], order[(order.indexOf(seq[i - 1]) + 1) % order.length], JSON.stringify(seq));
    }
  });

  it('least_open: the holder with the fewest open Vorgänge (ties: lowest id), the reason ends in ", wenigste offene Vorgänge"', async () => {
    const s = await setup('least_open', [e.cerny, e.dietz]);
    const [lo, hi] = [e.cerny, e.dietz].sort((a, b) => a.id - b.id);
    // both start from what earlier tests gave them: only the reason here
    let v = await file(s);
    assert.equal(v.assignees.length, 1);
    const who = v.assignees[0].employee_id === lo.id ? lo : hi;
    assert.equal(v.assignees[0].reason, `${who.name}: Rolle ${s.role.name} in ${s.p.name}, wenigste offene Vorgänge`);
    // resolve everything both hold, then: lo (tie, lowest id), then hi
    for (const h of [lo, hi]) {
      const all = expectStatus(await admin.get(`/processes?assignee=${h.id}&limit=500`), 200, 'list').items;
      for (const x of all) {
        if (x.status !== 'resolved' && x.status !== 'closed') {
          expectStatus(await admin.patch(`/processes/${x.id}`, { status: 'resolved' }), 200, 'resolve');
        }
      }
    }
    v = await file(s);
    assert.deepEqual(assigneeIds(v), [lo.id], 'a tie goes to the lowest id');
    const w = await file(s);
    assert.deepEqual(assigneeIds(w), [hi.id]);
    // waiting and in_progress count as open
    expectStatus(await admin.patch(`/processes/${w.id}`, { status: 'waiting' }), 200, 'waiting');
    expectStatus(await admin.patch(`/processes/${v.id}`, { status: 'in_progress' }), 200, 'in_progress');
    const x = await file(s);
    assert.deepEqual(assigneeIds(x), [lo.id], '1 : 1, a tie again');
    // least_open after a reassign: both of lo's go to hi by hand (hi: 3, lo: 0)
    expectStatus(await admin.patch(`/processes/${v.id}`, { assignee_ids: [hi.id] }), 200, 'reassign');
    expectStatus(await admin.patch(`/processes/${x.id}`, { assignee_ids: [hi.id] }), 200, 'reassign');
    for (let i = 1; i <= 3; i++) {
      const y = await file(s);
      assert.deepEqual(assigneeIds(y), [lo.id], `lo has ${i - 1}, hi has 3`);
    }
    const tie = await file(s);
    assert.deepEqual(assigneeIds(tie), [lo.id], '3 : 3, a tie');
    const last = await file(s);
    assert.deepEqual(assigneeIds(last), [hi.id], 'lo has 4, hi has 3');
  });

  it('a picking role skips an absent holder, and brings in substitutes only when every holder is away', async () => {
    const day = (o) => {
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
      const d = new Date(`${today}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + o);
      return d.toISOString().slice(0, 10);
    };
    const s = await setup('round_robin', [e.arslan, e.berg]);
    const [lo, hi] = [e.arslan, e.berg].sort((a, b) => a.id - b.id);
    const a1 = expectStatus(await admin.post(`/employees/${lo.id}/absences`,
      { starts_on: day(0), ends_on: day(3), substitute_id: e.dietz.id }), 201, 'absence');
    for (let i = 0; i < 3; i++) {
      const v = await file(s);
      assert.deepEqual(assigneeIds(v), [hi.id], 'the present colleague takes the absent one\'s share');
    }
    const a2 = expectStatus(await admin.post(`/employees/${hi.id}/absences`,
      { starts_on: day(0), ends_on: day(0) }), 201, 'absence');
    const v = await file(s);
    assert.deepEqual(assigneeIds(v), [e.dietz.id], 'everyone away: the substitute stands in');
    assert.match(v.assignees[0].reason, new RegExp(`^${e.dietz.name}: Vertretung für Herrn ${lo.name.slice(5)} `));
    expectStatus(await admin.del(`/absences/${a1.id}`), 204, 'delete');
    expectStatus(await admin.del(`/absences/${a2.id}`), 204, 'delete');
  });
});
