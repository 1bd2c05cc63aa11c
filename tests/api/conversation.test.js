// SPDX-License-Identifier: MIT
// The conversation on a Vorgang (issue 13, item 5): a reporter's public
// reply reopens a resolved Vorgang, with a history entry.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSmallOrg, expectStatus, drainOutbox, mailRows, addrOf, ADMIN } from './harness.js';

describe('conversation', () => {
  let ctx; let admin; let tenant; let type; let prop;

  const file = async (subject) => expectStatus(await tenant.client.post('/processes', {
    type_id: type.id, property_id: prop.id, subject, description: 'Beschreibung',
  }), 201, `file ${subject}`);

  before(async () => {
    ctx = await startSmallOrg();
    ({ admin, tenant, type, prop } = ctx);
  });
  after(async () => { if (ctx) await ctx.stop(); });

  it("the reporter's reply reopens a resolved Vorgang, with a history entry", async () => {
    const p = await file('Heizung wieder kalt');
    expectStatus(await admin.patch(`/processes/${p.id}`, { status: 'resolved' }), 200);
    const before = expectStatus(await admin.get(`/processes/${p.id}`), 200).history.length;
    expectStatus(await tenant.client.post(`/processes/${p.id}/comments`, { body: 'Leider nicht behoben.' }), 201);
    const now = expectStatus(await admin.get(`/processes/${p.id}`), 200);
    assert.equal(now.status, 'open');
    const added = now.history.slice(before);
    assert.equal(added.length, 1, JSON.stringify(added));
    assert.match(added[0].text, /Herr Müller/, 'the entry names the reporter');
    // and it is back in the assignee's "Offen"
    const open = expectStatus(await ctx.emp.client.get('/processes?assignee=me&status=open,in_progress,waiting'), 200);
    assert.ok(open.items.some((x) => x.id === p.id));
  });

  it('a reply does not reopen a closed Vorgang, and staff comments reopen nothing', async () => {
    const closed = await file('Klingel defekt');
    expectStatus(await admin.patch(`/processes/${closed.id}`, { status: 'closed' }), 200);
    expectStatus(await tenant.client.post(`/processes/${closed.id}/comments`, { body: 'Danke!' }), 201);
    assert.equal(expectStatus(await admin.get(`/processes/${closed.id}`), 200).status, 'closed');

    const resolved = await file('Licht im Flur');
    expectStatus(await admin.patch(`/processes/${resolved.id}`, { status: 'resolved' }), 200);
    expectStatus(await admin.post(`/processes/${resolved.id}/comments`, { body: 'Erledigt, siehe Foto.' }), 201);
    expectStatus(await admin.post(`/processes/${resolved.id}/comments`, { body: 'intern', internal: true }), 201);
    assert.equal(expectStatus(await admin.get(`/processes/${resolved.id}`), 200).status, 'resolved');
  });

  it("the reporter's reply goes to every assignee and every employee who wrote, with a subject for staff", async () => {
    const p = await file('Wasserfleck');
    // the admin asks a question; then the Vorgang goes to Herr Schmidt
    expectStatus(await admin.post(`/processes/${p.id}/comments`, { body: 'Seit wann?' }), 201);
    expectStatus(await admin.patch(`/processes/${p.id}`, { assignee_ids: [ctx.emp2.id] }), 200);
    await drainOutbox(admin);
    const asked = (await mailRows(admin, p.id)).filter((m) => m.kind === 'comment');
    assert.deepEqual(asked.map((m) => [addrOf(m.to), m.subject]),
      [['mueller@example.org', `[${p.number}] Neue Nachricht zu Ihrer Anfrage`]]);
    expectStatus(await tenant.client.post(`/processes/${p.id}/comments`, { body: 'Seit Montag.' }), 201);
    await drainOutbox(admin);
    const replies = (await mailRows(admin, p.id)).filter((m) => m.kind === 'comment' && addrOf(m.to) !== 'mueller@example.org');
    assert.deepEqual(replies.map((m) => addrOf(m.to)).sort(), [ADMIN.email, 'schmidt@abc.example'].sort(),
      'the new assignee and the admin who asked; not Frau Huber, who neither wrote nor is assigned');
    for (const m of replies) assert.equal(m.subject, `[${p.number}] Neue Antwort von Herr Müller zu „Wasserfleck“`);
  });
});
