// SPDX-License-Identifier: MIT
// People in the back office (issue 13, items 3, 5 and 6): the employee
// search the pickers use, the hand-over note of a reassignment, the
// reporter card, the order "oldest unanswered", the German dative in the
// history, and handing over a deactivated employee's open Vorgänge.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSmallOrg, expectStatus, expectError, ids, assigneeIds, hire, newTenant, listAll, drainOutbox,
} from './harness.js';

// Times are whole seconds: what must come later is made in the next second.
async function nextSecond() {
  const next = (Math.floor(Date.now() / 1000) + 1) * 1000 + 100;
  while (Date.now() < next) await new Promise((r) => setTimeout(r, Math.max(1, next - Date.now())));
}

describe('people: pickers, reporter card, unanswered, hand-over', () => {
  let ctx; let admin; let huber; let schmidt; let tenant; let type; let prop; let mueller2;
  let stein;

  before(async () => {
    ctx = await startSmallOrg();
    ({ admin, prop, type, tenant } = ctx);
    huber = ctx.emp;
    schmidt = ctx.emp2;
    stein = await hire(ctx.server, ctx.smtp, admin, { name: 'Herr Stein', email: 'stein@abc.example' });
    mueller2 = await newTenant(ctx.server, ctx.smtp, admin, prop.id,
      { name: 'Frau Jäger', email: 'jaeger@example.org' });
  });
  after(async () => { if (ctx) await ctx.stop(); });

  it('GET /employees?q= finds by folded name or e-mail, for every employee, and pages', async () => {
    const names = async (client, q) => (await listAll(client, `/employees?q=${encodeURIComponent(q)}`))
      .map((e) => e.name).sort();
    assert.deepEqual(await names(admin, 'huber'), ['Frau Huber']);
    assert.deepEqual(await names(admin, 'HUBER'), ['Frau Huber']);
    assert.deepEqual(await names(admin, 'schmidt@abc'), ['Herr Schmidt']);
    assert.deepEqual(await names(admin, 'herr s'), ['Herr Schmidt', 'Herr Stein']);
    assert.deepEqual(await names(admin, 'nobody'), []);
    // a staff member (not an admin) may search too: the pickers need it
    assert.deepEqual(await names(huber.client, 'stein'), ['Herr Stein']);
    // contacts may not
    expectError(await tenant.client.get('/employees?q=huber'), 403, 'forbidden');
    // pages: one at a time, the cursor goes on after the last
    const p1 = expectStatus(await admin.get('/employees?q=herr&limit=1'), 200, 'page 1');
    assert.equal(p1.items.length, 1);
    assert.ok(p1.next, 'a next cursor');
    const p2 = expectStatus(await admin.get(`/employees?q=herr&limit=1&cursor=${p1.next}`), 200, 'page 2');
    assert.equal(p2.items.length, 1);
    assert.notEqual(p2.items[0].id, p1.items[0].id);
    expectError(await admin.get('/employees?active=maybe'), 422, 'invalid_field', 'active');
  });

  it('umlauts and ß match their spellings in the employee search', async () => {
    const e = expectStatus(await admin.post('/employees', { name: 'Frau Weiß-Müller', email: 'wm@abc.example' }),
      201, 'Frau Weiß-Müller');
    for (const q of ['müller', 'mueller', 'muller', 'weiss', 'weiß']) {
      const found = await listAll(admin, `/employees?q=${encodeURIComponent(q)}`);
      assert.deepEqual(found.map((x) => x.id), [e.id], q);
    }
  });

  it('a reassignment with a hand-over note: in the history, the reason and the assignment mail', async () => {
    const p = expectStatus(await admin.post('/processes', {
      type_id: type.id, property_id: prop.id, subject: 'Wasserhahn tropft', description: 'd',
      reporter_contact_id: tenant.id,
    }), 201, 'file');
    const note = 'Mieter ist ab 15 Uhr zu Hause';
    const since = Date.now();
    const r = expectStatus(await huber.client.patch(`/processes/${p.id}`,
      { assignee_ids: [schmidt.id], note }), 200, 'reassign with a note');
    assert.deepEqual(assigneeIds(r), [schmidt.id]);
    const entry = r.history.find((h) => h.event === 'assigned');
    assert.equal(entry.text, `Herr Schmidt: manuell zugewiesen von Frau Huber – „${note}“`);
    assert.ok(r.assignees[0].reason.includes(note));
    const mail = await ctx.smtp.waitFor(() => ctx.smtp.since(since)
      .find((m) => m.to.includes('schmidt@abc.example') && m.text.includes(note)), 5000, 'the assignment mail with the note');
    assert.ok(mail);
    // English reader: the note stays as written
    const en = expectStatus(await admin.get(`/processes/${p.id}?lang=en`), 200, 'English');
    assert.ok(en.history.find((h) => h.event === 'assigned').text.includes(note));
    // a note without assignees is refused, nothing changes
    expectError(await admin.patch(`/processes/${p.id}`, { note: 'x' }), 422, 'invalid_field', 'note');
    expectError(await admin.patch(`/processes/${p.id}`, { assignee_ids: [huber.id], note: 'x'.repeat(301) }),
      422, 'invalid_field', 'note');
    assert.deepEqual(assigneeIds(expectStatus(await admin.get(`/processes/${p.id}`), 200)), [schmidt.id]);
  });

  it('bulk reassign takes the note into each Vorgang\'s history', async () => {
    const a = expectStatus(await admin.post('/processes', {
      type_id: type.id, property_id: prop.id, subject: 'Bulk A', description: 'd' }), 201, 'a');
    const b = expectStatus(await admin.post('/processes', {
      type_id: type.id, property_id: prop.id, subject: 'Bulk B', description: 'd' }), 201, 'b');
    expectStatus(await admin.post('/processes/bulk', { ids: [a.id, b.id], assignee_ids: [stein.id],
      note: 'Urlaubsvertretung' }), 200, 'bulk');
    for (const x of [a, b]) {
      const got = expectStatus(await admin.get(`/processes/${x.id}`), 200, 'get');
      assert.ok(got.history.some((h) => h.event === 'assigned' && h.text.includes('Urlaubsvertretung')));
    }
  });

  it('history names the actor in the dative: "von Herrn Müller", "von Frau Huber"', async () => {
    const p = expectStatus(await tenant.client.post('/processes', {
      type_id: type.id, property_id: prop.id, subject: 'Dativ', description: 'd' }), 201, 'file');
    const schmidtSees = expectStatus(await schmidt.client.patch(`/processes/${p.id}`, { assignee_ids: [schmidt.id] }),
      404, 'Schmidt cannot see it (other property)');
    assert.ok(schmidtSees);
    const r = expectStatus(await admin.get(`/processes/${p.id}`), 200, 'get');
    assert.equal(r.history[0].text, 'Vorgang angelegt von Herrn Müller im Kundenportal');
    const h = expectStatus(await huber.client.patch(`/processes/${p.id}`, { assignee_ids: [stein.id] }), 200);
    assert.ok(h.history.some((e) => e.text === 'Herr Stein: manuell zugewiesen von Frau Huber'));
    const s = expectStatus(await stein.client.patch(`/processes/${p.id}`, { assignee_ids: [huber.id, stein.id] }), 200);
    assert.ok(s.history.some((e) => e.text === 'Frau Huber: manuell zugewiesen von Herrn Stein'));
    const en = expectStatus(await admin.get(`/processes/${p.id}?lang=en`), 200, 'English unchanged');
    assert.equal(en.history[0].text, 'Case created by Herr Müller in the customer portal');
  });

  it('the reporter card: name, relation, unit, phone, e-mail and the other Vorgänge, staff only', async () => {
    const unit = expectStatus(await admin.post(`/properties/${prop.id}/units`, { label: 'WE 3' }), 201, 'unit');
    expectStatus(await admin.patch(`/contacts/${mueller2.id}`, { phone: '+49 89 123456' }), 200, 'phone');
    const first = expectStatus(await mueller2.client.post('/processes', {
      type_id: type.id, property_id: prop.id, subject: 'Erste', description: 'd', unit_id: unit.id }), 201, '1');
    const second = expectStatus(await mueller2.client.post('/processes', {
      type_id: type.id, property_id: prop.id, subject: 'Zweite', description: 'd' }), 201, '2');
    const card = expectStatus(await huber.client.get(`/processes/${first.id}/reporter`), 200, 'card');
    assert.equal(card.name, 'Frau Jäger');
    assert.equal(card.kind, 'contact');
    assert.equal(card.relation, 'tenant');
    assert.equal(card.email, 'jaeger@example.org');
    assert.equal(card.phone, '+49 89 123456');
    assert.equal(card.unit_label, 'WE 3');
    assert.deepEqual(card.processes.map((x) => x.id), [second.id]);
    assert.equal(card.processes[0].number, second.number);
    assert.equal(card.more_processes, false);
    // a colleague who cannot see the Vorgang gets 404, the tenant 403
    expectError(await schmidt.client.get(`/processes/${first.id}/reporter`), 404, 'not_found');
    expectError(await mueller2.client.get(`/processes/${first.id}/reporter`), 403, 'forbidden');
    expectError(await admin.get('/processes/999999/reporter'), 404, 'not_found');
  });

  it('sort=unanswered lists those waiting for staff\'s public answer, longest waiting first', async () => {
    const file = async (subject) => expectStatus(await tenant.client.post('/processes', {
      type_id: type.id, property_id: prop.id, subject, description: 'd' }), 201, subject);
    const a = await file('Unbeantwortet A');
    await nextSecond();
    const b = await file('Unbeantwortet B');
    await nextSecond();
    const c = await file('Unbeantwortet C');
    const own = expectStatus(await admin.post('/processes', {
      type_id: type.id, property_id: prop.id, subject: 'Intern', description: 'd' }), 201, 'staff-filed');
    const list = async () => ids(expectStatus(await admin.get(
      `/processes?property_id=${prop.id}&status=open,in_progress,waiting&sort=unanswered&limit=500`), 200).items)
      .filter((id) => [a.id, b.id, c.id, own.id].includes(id));
    assert.deepEqual(await list(), [a.id, b.id, c.id], 'oldest first; a Vorgang staff filed for itself waits for nobody');
    // staff answer A publicly: answered; an internal note answers nobody
    expectStatus(await huber.client.post(`/processes/${a.id}/comments`, { body: 'Wir kommen', internal: false }), 201);
    expectStatus(await huber.client.post(`/processes/${b.id}/comments`, { body: 'intern', internal: true }), 201);
    assert.deepEqual(await list(), [b.id, c.id]);
    // the tenant writes again on A: waiting again, since now (after C)
    await nextSecond();
    expectStatus(await tenant.client.post(`/processes/${a.id}/comments`, { body: 'Wann?', internal: false }), 201);
    assert.deepEqual(await list(), [b.id, c.id, a.id]);
    // pages go on in the same order
    const base = `/processes?property_id=${prop.id}&status=open,in_progress,waiting&sort=unanswered`;
    const all = ids(expectStatus(await admin.get(`${base}&limit=500`), 200).items);
    const paged = [];
    let cursor = '';
    for (;;) {
      const page = expectStatus(await admin.get(`${base}&limit=2${cursor}`), 200, 'page');
      paged.push(...ids(page.items));
      if (!page.next) break;
      cursor = `&cursor=${page.next}`;
    }
    assert.deepEqual(paged, all);
    // the count follows the order's filter
    const n = expectStatus(await admin.get(`/processes/count?property_id=${prop.id}&sort=unanswered`), 200);
    assert.equal(n.count, all.length);
    expectError(await admin.get('/processes?sort=silent'), 422, 'invalid_field', 'sort');
  });

  it('hand-over of a deactivated employee: to a colleague, or re-routed to the role holders', async () => {
    const leaver = await hire(ctx.server, ctx.smtp, admin, { name: 'Herr Lang', email: 'lang@abc.example' });
    const mk = async (subject) => expectStatus(await admin.post('/processes', {
      type_id: type.id, property_id: prop.id, subject, description: 'd' }), 201, subject);
    const p1 = await mk('Übergabe 1');
    const p2 = await mk('Übergabe 2');
    const p3 = await mk('Übergabe 3 erledigt');
    expectStatus(await admin.patch(`/processes/${p1.id}`, { assignee_ids: [leaver.id, stein.id] }), 200);
    expectStatus(await admin.patch(`/processes/${p2.id}`, { assignee_ids: [leaver.id] }), 200);
    expectStatus(await admin.patch(`/processes/${p3.id}`, { assignee_ids: [leaver.id], status: 'resolved' }), 200);

    // still active: refused; bad input refused; nothing changes
    expectError(await admin.post(`/employees/${leaver.id}/handover`, { reroute: true }), 409, 'conflict');
    expectStatus(await admin.patch(`/employees/${leaver.id}`, { active: false }), 200, 'deactivate');
    const inactive = await listAll(admin, '/employees?active=false');
    assert.deepEqual(inactive.map((e) => e.id), [leaver.id]);
    expectError(await admin.post(`/employees/${leaver.id}/handover`, {}), 422, 'invalid_field', 'to_employee_id');
    expectError(await admin.post(`/employees/${leaver.id}/handover`, { reroute: true, to_employee_id: stein.id }),
      422, 'invalid_field', 'to_employee_id');
    expectError(await admin.post(`/employees/${leaver.id}/handover`, { to_employee_id: leaver.id }),
      422, 'invalid_field', 'to_employee_id');
    expectError(await admin.post('/employees/999999/handover', { reroute: true }), 404, 'not_found');
    expectError(await huber.client.post(`/employees/${leaver.id}/handover`, { reroute: true }), 403, 'forbidden');
    const open = await listAll(admin, `/processes?assignee=${leaver.id}&status=open,in_progress,waiting`);
    assert.deepEqual(ids(open).sort(), [p1.id, p2.id].sort(), 'the open ones the dialog shows');

    // to a colleague: p1 keeps Herr Stein beside Frau Huber, p2 goes to her
    await drainOutbox(admin);
    const since = Date.now();
    const r = expectStatus(await admin.post(`/employees/${leaver.id}/handover`,
      { to_employee_id: huber.id, note: 'Herr Lang ist ausgeschieden' }), 200, 'hand over');
    assert.deepEqual(r, { moved: 2, more: false });
    const g1 = expectStatus(await admin.get(`/processes/${p1.id}`), 200);
    assert.deepEqual(assigneeIds(g1), [huber.id, stein.id].sort((x, y) => x - y));
    const g2 = expectStatus(await admin.get(`/processes/${p2.id}`), 200);
    assert.deepEqual(assigneeIds(g2), [huber.id]);
    assert.ok(g2.history.some((h) => h.event === 'assigned' && h.text.includes('Herr Lang ist ausgeschieden')));
    await ctx.smtp.waitFor(() => ctx.smtp.since(since).find((m) => m.to.includes('huber@abc.example')
      && m.text.includes('Herr Lang ist ausgeschieden')), 5000, 'the assignment mail to Frau Huber');
    // the resolved one stays as it was
    assert.deepEqual(assigneeIds(expectStatus(await admin.get(`/processes/${p3.id}`), 200)), [leaver.id]);
    // nothing left: a second hand-over moves none
    assert.deepEqual(expectStatus(await admin.post(`/employees/${leaver.id}/handover`, { reroute: true }), 200),
      { moved: 0, more: false });

    // re-routed: the role holder at the property (Frau Huber) takes it
    const leaver2 = await hire(ctx.server, ctx.smtp, admin, { name: 'Frau Kurz', email: 'kurz@abc.example' });
    const p4 = await mk('Übergabe 4');
    expectStatus(await admin.patch(`/processes/${p4.id}`, { assignee_ids: [leaver2.id] }), 200);
    expectStatus(await admin.patch(`/employees/${leaver2.id}`, { active: false }), 200, 'deactivate');
    assert.deepEqual(expectStatus(await admin.post(`/employees/${leaver2.id}/handover`,
      { reroute: true, note: 'Neu verteilt' }), 200), { moved: 1, more: false });
    const g4 = expectStatus(await admin.get(`/processes/${p4.id}`), 200);
    assert.deepEqual(assigneeIds(g4), [huber.id]);
    assert.ok(g4.history.some((h) => h.event === 'rerouted'));
    const comments = expectStatus(await admin.get(`/processes/${p4.id}/comments`), 200).items;
    assert.ok(comments.some((c) => c.internal && c.body === 'Neu verteilt'));
  });
});
