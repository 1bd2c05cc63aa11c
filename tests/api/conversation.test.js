// SPDX-License-Identifier: MIT
// The conversation on a Vorgang (issue 13, item 5): a reporter's public
// reply reopens a resolved Vorgang, with a history entry.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSmallOrg, expectStatus } from './harness.js';

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
});
