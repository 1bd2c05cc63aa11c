// SPDX-License-Identifier: MIT
// Issue 14, item 3: a status change to waiting, resolved or closed mails the
// reporter — only the reporter — in German, with the number and the
// employee's public comment if one came with the change.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSmallOrg, expectStatus, newTenant, drainOutbox } from './harness.js';

describe('status mails to the reporter', () => {
  let ctx; let server; let smtp; let admin; let tenant; let emp; let other; let proc;

  before(async () => {
    ctx = await startSmallOrg();
    ({ server, smtp, admin, tenant, emp, proc } = ctx);
    other = await newTenant(server, smtp, admin, ctx.prop.id, { name: 'Frau Nachbar', email: 'nachbar@example.org' });
    // Other tenants of the house have their own Vorgänge: they must hear nothing of this one.
    expectStatus(await other.client.post('/processes', { type_id: ctx.type.id, property_id: ctx.prop.id,
      subject: 'Licht im Keller', description: 'Flackert.' }), 201, 'neighbour files');
    await drainOutbox(admin);
  });
  after(async () => { if (ctx) await ctx.stop(); });

  const mailsTo = (addr, since) => smtp.since(since).filter((m) => m.to.includes(addr));

  it('resolved with a public comment: one German mail to the reporter with the number and the comment', async () => {
    const t0 = Date.now();
    const r = expectStatus(await emp.client.patch(`/processes/${proc.id}`, {
      status: 'resolved', comment: 'Der Heizkörper wurde entlüftet.\nBitte melden Sie sich, falls es wieder kalt wird.',
    }), 200, 'PATCH');
    assert.equal(r.status, 'resolved');
    const m = await smtp.waitForMailTo('mueller@example.org', (x) => x.at >= t0, 10000);
    assert.equal(m.subject, `[${proc.number}] Ihre Anfrage ist erledigt`);
    assert.ok(m.text.includes('Herr Müller'), m.text);
    assert.ok(m.text.includes(`Ihre Anfrage ${proc.number} „Heizung kalt“ ist erledigt.`), m.text);
    assert.ok(m.text.includes('Frau Huber schreibt dazu:'), m.text);
    assert.ok(m.text.includes('Der Heizkörper wurde entlüftet.'), m.text);
    assert.ok(m.text.includes(`/portal/anfragen/${proc.id}`), 'links to the portal');
    await drainOutbox(admin);
    assert.equal(mailsTo('mueller@example.org', t0).length, 1, 'once: the comment is not mailed again');
    for (const addr of ['nachbar@example.org', 'huber@abc.example', 'schmidt@abc.example']) {
      assert.equal(mailsTo(addr, t0).length, 0, `${addr} gets nothing`);
    }
    const p = expectStatus(await tenant.client.get(`/processes/${proc.id}`), 200, 'GET');
    assert.ok(p.comments.some((c) => c.body.startsWith('Der Heizkörper') && !c.internal), 'the comment is public');
  });

  it('waiting and closed mail the reporter too, without a comment', async () => {
    let t0 = Date.now();
    expectStatus(await emp.client.patch(`/processes/${proc.id}`, { status: 'waiting' }), 200, 'waiting');
    let m = await smtp.waitForMailTo('mueller@example.org', (x) => x.at >= t0, 10000);
    assert.equal(m.subject, `[${proc.number}] Ihre Anfrage wartet auf Ihre Rückmeldung`);
    assert.ok(!m.text.includes('schreibt dazu'));
    t0 = Date.now();
    expectStatus(await emp.client.patch(`/processes/${proc.id}`, { status: 'closed' }), 200, 'closed');
    m = await smtp.waitForMailTo('mueller@example.org', (x) => x.at >= t0, 10000);
    assert.equal(m.subject, `[${proc.number}] Ihre Anfrage ist abgeschlossen`);
  });

  it('in_progress, open and an unchanged status mail nobody', async () => {
    const t0 = Date.now();
    expectStatus(await emp.client.patch(`/processes/${proc.id}`, { status: 'in_progress' }), 200, 'in_progress');
    expectStatus(await emp.client.patch(`/processes/${proc.id}`, { status: 'in_progress' }), 200, 'again');
    expectStatus(await emp.client.patch(`/processes/${proc.id}`, { status: 'open' }), 200, 'open');
    await drainOutbox(admin);
    assert.equal(mailsTo('mueller@example.org', t0).length, 0);
  });

  it('a comment with a status that is not mailed reaches the reporter as a comment', async () => {
    const t0 = Date.now();
    expectStatus(await emp.client.patch(`/processes/${proc.id}`, {
      status: 'in_progress', comment: 'Der Handwerker kommt am Montag.' }), 200, 'PATCH');
    const m = await smtp.waitForMailTo('mueller@example.org', (x) => x.at >= t0, 10000);
    assert.ok(m.text.includes('Der Handwerker kommt am Montag.'));
    assert.match(m.subject, /Neue Nachricht/);
  });

  it('a contact cannot change the status (403); an employee reporter gets no status mail', async () => {
    const r = await tenant.client.patch(`/processes/${proc.id}`, { status: 'closed' });
    assert.equal(r.status, 403);
    const own = expectStatus(await admin.post('/processes', { type_id: ctx.type.id, property_id: ctx.prop.id,
      subject: 'Dachrinne', description: 'Prüfen.' }), 201, 'admin files for themselves');
    await drainOutbox(admin);
    const t0 = Date.now();
    expectStatus(await admin.patch(`/processes/${own.id}`, { status: 'resolved' }), 200, 'resolved');
    await drainOutbox(admin);
    assert.equal(smtp.since(t0).length, 0);
  });
});
