// SPDX-License-Identifier: MIT
// The seed scenario (docs/product.md, shared/seed/000_*.txt) end to end over HTTP:
// invite Frau Huber and Herr Schmidt, define roles, staff the property
// Max-Planck-Straße 12, adjust the process types, let Herr Müller file an invoice
// request and a damage report in the portal, and check who got which mail.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, expectStatus, acceptInvitationFromMail, drainOutbox, listAll, addrOf,
  assigneeIds, ids, PASSWORD,
} from './harness.js';

const HUBER = { name: 'Frau Huber', email: 'huber@abc.example' };
const SCHMIDT = { name: 'Herr Schmidt', email: 'schmidt@abc.example' };
const MUELLER = { name: 'Herr Müller', email: 'mueller@example.org' };
const PROPERTY = { name: 'Max-Planck-Straße 12', street: 'Max-Planck-Straße 12',
  postal_code: '80331', city: 'München' };

describe('seed scenario: ABC Hausverwaltung, Max-Planck-Straße 12', () => {
  let ctx; let smtp; let server; let admin;
  const s = {}; // state carried from step to step

  before(async () => {
    ctx = await startAll();
    ({ smtp, server, admin } = ctx);
  });
  after(async () => { if (ctx) await ctx.stop(); });

  it('the admin logs in', async () => {
    assert.equal(admin.user.email, 'admin@abc.example');
    assert.equal(admin.user.kind, 'employee');
    assert.equal(admin.user.is_admin, true);
    const me = expectStatus(await admin.get('/me'), 200, 'GET /me');
    assert.equal(me.user.email, 'admin@abc.example');
  });

  it('step 1: invites Frau Huber and Herr Schmidt; each gets an invitation e-mail', async () => {
    for (const [key, who] of [['huber', HUBER], ['schmidt', SCHMIDT]]) {
      const r = await admin.post('/employees', { name: who.name, email: who.email });
      const e = expectStatus(r, 201, `POST /employees ${who.email}`);
      assert.equal(typeof e.id, 'number');
      assert.equal(e.name, who.name);
      assert.equal(e.email, who.email);
      assert.equal(e.is_admin, false);
      assert.equal(e.status, 'invited');
      s[key] = e;
    }
    for (const who of [HUBER, SCHMIDT]) {
      const mail = await smtp.waitForMailTo(who.email, (m) => /token=/.test(m.text));
      assert.ok(mail.text.includes(server.base), `invitation link must use the base URL ${server.base}: ${mail.text}`);
      assert.equal(smtp.mailsTo(who.email).length, 1, `exactly one invitation mail to ${who.email}`);
    }
    const rows = await drainOutbox(admin);
    for (const who of [HUBER, SCHMIDT]) {
      const mine = rows.filter((m) => addrOf(m.to) === who.email);
      assert.equal(mine.length, 1, `one outbox row for ${who.email}: ${JSON.stringify(mine)}`);
      assert.equal(mine[0].kind, 'invite_employee');
      assert.equal(mine[0].state, 'sent');
    }
  });

  it('step 1: both accept the invitation via the token from their mail and can log in', async () => {
    for (const [key, who] of [['huber', HUBER], ['schmidt', SCHMIDT]]) {
      const acc = await acceptInvitationFromMail(smtp, server, who.email, PASSWORD);
      const body = expectStatus(acc, 200, `accept invitation ${who.email}`);
      assert.equal(body.user.email, who.email);
      assert.equal(body.user.kind, 'employee');
      s[`${key}Client`] = await server.login(who.email, PASSWORD);
      assert.equal(s[`${key}Client`].user.id, s[key].id);
    }
  });

  it('step 2: the admin defines the roles Buchhaltung and Sachbearbeitung', async () => {
    s.buchhaltung = expectStatus(await admin.post('/roles', { name: 'Buchhaltung' }), 201, 'POST /roles');
    s.sachbearbeitung = expectStatus(await admin.post('/roles', { name: 'Sachbearbeitung' }), 201, 'POST /roles');
    assert.equal(s.buchhaltung.name, 'Buchhaltung');
    assert.equal(s.sachbearbeitung.name, 'Sachbearbeitung');
    const roles = await listAll(admin, '/roles');
    assert.deepEqual(roles.map((r) => r.name).sort(), ['Buchhaltung', 'Sachbearbeitung']);
  });

  it('step 3: Max-Planck-Straße 12 gets Frau Huber/Buchhaltung and Herr Schmidt/Sachbearbeitung', async () => {
    const p = expectStatus(await admin.post('/properties', PROPERTY), 201, 'POST /properties');
    assert.equal(p.name, PROPERTY.name);
    assert.equal(p.street, PROPERTY.street);
    assert.equal(p.postal_code, PROPERTY.postal_code);
    assert.equal(p.city, PROPERTY.city);
    s.property = p;

    const a = expectStatus(await admin.post(`/properties/${p.id}/staff`,
      { employee_id: s.huber.id, role_id: s.buchhaltung.id }), 201, 'staff Huber');
    assert.equal(a.property_id, p.id);
    assert.equal(a.employee_id, s.huber.id);
    assert.equal(a.role_id, s.buchhaltung.id);
    expectStatus(await admin.post(`/properties/${p.id}/staff`,
      { employee_id: s.schmidt.id, role_id: s.sachbearbeitung.id }), 201, 'staff Schmidt');

    const staff = await listAll(admin, `/properties/${p.id}/staff`);
    assert.equal(staff.length, 2, JSON.stringify(staff));
    const text = JSON.stringify(staff);
    for (const w of ['Frau Huber', 'Herr Schmidt', 'Buchhaltung', 'Sachbearbeitung']) {
      assert.ok(text.includes(w), `staff list names ${w}: ${text}`);
    }
  });

  it('step 4: the process types are adjusted: Schadensmeldung → Sachbearbeitung, Frage zur Rechnung → Buchhaltung', async () => {
    s.damageType = expectStatus(await admin.post('/process-types',
      { name: 'Schadensmeldung', role_ids: [], portal: true }), 201, 'POST /process-types');
    s.invoiceType = expectStatus(await admin.post('/process-types',
      { name: 'Frage zur Rechnung', role_ids: [], portal: true }), 201, 'POST /process-types');
    assert.equal(s.damageType.portal, true);
    assert.deepEqual(s.damageType.role_ids, []);

    const d = expectStatus(await admin.patch(`/process-types/${s.damageType.id}`,
      { role_ids: [s.sachbearbeitung.id] }), 200, 'PATCH Schadensmeldung');
    assert.deepEqual(d.role_ids, [s.sachbearbeitung.id]);
    assert.equal(d.name, 'Schadensmeldung');
    const i = expectStatus(await admin.patch(`/process-types/${s.invoiceType.id}`,
      { role_ids: [s.buchhaltung.id] }), 200, 'PATCH Frage zur Rechnung');
    assert.deepEqual(i.role_ids, [s.buchhaltung.id]);

    const types = await listAll(admin, '/process-types');
    const byName = Object.fromEntries(types.map((t) => [t.name, t]));
    assert.deepEqual(byName.Schadensmeldung.role_ids, [s.sachbearbeitung.id]);
    assert.deepEqual(byName['Frage zur Rechnung'].role_ids, [s.buchhaltung.id]);
  });

  it('step 5: Herr Müller, tenant at Max-Planck-Straße 12, is invited to the portal and logs in', async () => {
    const c = expectStatus(await admin.post('/contacts', { name: MUELLER.name, email: MUELLER.email }),
      201, 'POST /contacts');
    assert.equal(c.name, MUELLER.name);
    assert.equal(c.email, MUELLER.email);
    s.mueller = c;
    expectStatus(await admin.post(`/properties/${s.property.id}/residents`,
      { contact_id: c.id, relation: 'tenant' }), 201, 'POST residents');
    expectStatus(await admin.post(`/contacts/${c.id}/invite`), 202, 'POST /contacts/{id}/invite');

    const acc = await acceptInvitationFromMail(smtp, server, MUELLER.email, PASSWORD);
    assert.ok(acc.mail.text.includes(server.base), `portal link uses the base URL: ${acc.mail.text}`);
    const body = expectStatus(acc, 200, 'accept portal invitation');
    assert.equal(body.user.kind, 'contact');
    s.muellerClient = await server.login(MUELLER.email, PASSWORD);
    assert.equal(s.muellerClient.user.kind, 'contact');
    assert.equal(s.muellerClient.user.id, c.id);
    assert.equal(s.muellerClient.user.is_admin, false);

    const rows = await drainOutbox(admin);
    const inv = rows.filter((m) => addrOf(m.to) === MUELLER.email);
    assert.deepEqual(inv.map((m) => m.kind), ['invite_contact']);
  });

  it('step 5: Herr Müller sees both process types in the portal', async () => {
    const types = await listAll(s.muellerClient, '/process-types');
    const names = types.map((t) => t.name).sort();
    assert.deepEqual(names, ['Frage zur Rechnung', 'Schadensmeldung']);
    for (const t of types) assert.equal(t.portal, true);
  });

  it('step 5: Herr Müller files an invoice request and, separately, a damage report', async () => {
    s.before = Date.now();
    s.outboxBefore = new Set((await listAll(admin, '/mail')).map((m) => m.id));

    const inv = expectStatus(await s.muellerClient.post('/processes', {
      type_id: s.invoiceType.id, property_id: s.property.id,
      subject: 'Frage zur Nebenkostenabrechnung 2025',
      description: 'Die Heizkosten in der Abrechnung erscheinen mir zu hoch. Können Sie das prüfen?',
    }), 201, 'file the invoice request');
    const dmg = expectStatus(await s.muellerClient.post('/processes', {
      type_id: s.damageType.id, property_id: s.property.id,
      subject: 'Wasserfleck an der Decke',
      description: 'Im Schlafzimmer ist ein großer Wasserfleck an der Decke.',
    }), 201, 'file the damage report');

    for (const p of [inv, dmg]) {
      assert.match(p.number, /^V-\d{4}-\d{5}$/);
      assert.equal(Number(p.number.slice(2, 6)), new Date(p.created_at).getUTCFullYear(), 'year in the number');
      assert.equal(p.property_id, s.property.id);
      assert.equal(p.status, 'open');
      assert.equal(p.unrouted, false);
      assert.equal(p.reporter.kind, 'contact');
      assert.equal(p.reporter.id, s.mueller.id);
      assert.equal(p.reporter.name, 'Herr Müller');
    }
    assert.notEqual(inv.number, dmg.number);
    assert.equal(inv.type_id, s.invoiceType.id);
    assert.equal(inv.type_name, 'Frage zur Rechnung');
    assert.equal(dmg.type_name, 'Schadensmeldung');
    s.inv = inv; s.dmg = dmg;
  });

  it('step 6: Frau Huber is the only assignee of the invoice request, Herr Schmidt of the damage report', async () => {
    assert.deepEqual(assigneeIds(s.inv), [s.huber.id]);
    assert.equal(s.inv.assignees[0].name, 'Frau Huber');
    assert.equal(s.inv.assignees[0].role_id, s.buchhaltung.id);
    assert.equal(s.inv.assignees[0].role_name, 'Buchhaltung');
    assert.deepEqual(assigneeIds(s.dmg), [s.schmidt.id]);
    assert.equal(s.dmg.assignees[0].role_name, 'Sachbearbeitung');

    const inv = expectStatus(await admin.get(`/processes/${s.inv.id}`), 200, 'GET invoice');
    assert.deepEqual(assigneeIds(inv), [s.huber.id]);
    const dmg = expectStatus(await admin.get(`/processes/${s.dmg.id}`), 200, 'GET damage');
    assert.deepEqual(assigneeIds(dmg), [s.schmidt.id]);
  });

  it('step 6: the routing reasons are in the history', async () => {
    const inv = expectStatus(await admin.get(`/processes/${s.inv.id}`), 200, 'GET invoice');
    assert.ok(Array.isArray(inv.history), 'history is an array');
    const invTexts = inv.history.map((h) => h.text);
    assert.ok(invTexts.includes('Frau Huber: Rolle Buchhaltung in Max-Planck-Straße 12'),
      `history of the invoice request: ${JSON.stringify(inv.history)}`);
    assert.ok(!invTexts.some((t) => /Schmidt/.test(t)), 'Herr Schmidt is not in the invoice history');
    assert.ok(inv.history.some((h) => h.event === 'routed'));

    const dmg = expectStatus(await admin.get(`/processes/${s.dmg.id}`), 200, 'GET damage');
    assert.ok(dmg.history.map((h) => h.text).includes('Herr Schmidt: Rolle Sachbearbeitung in Max-Planck-Straße 12'),
      `history of the damage report: ${JSON.stringify(dmg.history)}`);
  });

  it('step 6: Frau Huber gets exactly one mail (the invoice one), Herr Schmidt exactly one (the damage one), Herr Müller two receipts, nobody else anything', async () => {
    const rows = await drainOutbox(admin);
    const fresh = rows.filter((m) => !s.outboxBefore.has(m.id));

    // outbox: exactly 4 rows, all sent
    const summary = fresh.map((m) => `${m.kind}:${addrOf(m.to)}:${m.process_id}:${m.state}`).sort();
    assert.deepEqual(summary, [
      `assigned:${HUBER.email}:${s.inv.id}:sent`,
      `assigned:${SCHMIDT.email}:${s.dmg.id}:sent`,
      `receipt:${MUELLER.email}:${s.dmg.id}:sent`,
      `receipt:${MUELLER.email}:${s.inv.id}:sent`,
    ].sort());

    // what actually arrived at the SMTP server
    const arrived = smtp.since(s.before);
    assert.equal(arrived.length, 4, `mails after filing: ${arrived.map((m) => `${m.to} ${m.subject}`).join(' | ')}`);
    for (const m of arrived) {
      assert.equal(m.to.length, 1, 'one recipient per message');
      assert.ok([HUBER.email, SCHMIDT.email, MUELLER.email].includes(m.to[0]), `unexpected recipient ${m.to}`);
    }

    const huber = smtp.mailsTo(HUBER.email);
    assert.equal(huber.length, 2, 'Frau Huber: the invitation and exactly one Vorgang mail');
    const hAfter = huber.filter((m) => m.at >= s.before);
    assert.equal(hAfter.length, 1);
    assert.ok(hAfter[0].subject.includes(`[${s.inv.number}]`), `subject names ${s.inv.number}: ${hAfter[0].subject}`);
    assert.ok(!`${hAfter[0].subject}\n${hAfter[0].text}`.includes(s.dmg.number), 'Huber’s mail is not about the damage');

    const schmidt = smtp.mailsTo(SCHMIDT.email);
    assert.equal(schmidt.length, 2, 'Herr Schmidt: the invitation and exactly one Vorgang mail');
    const sAfter = schmidt.filter((m) => m.at >= s.before);
    assert.equal(sAfter.length, 1);
    assert.ok(sAfter[0].subject.includes(`[${s.dmg.number}]`), `subject names ${s.dmg.number}: ${sAfter[0].subject}`);
    assert.ok(!`${sAfter[0].subject}\n${sAfter[0].text}`.includes(s.inv.number), 'Schmidt’s mail is not about the invoice');

    const mueller = smtp.mailsTo(MUELLER.email).filter((m) => m.at >= s.before);
    assert.equal(mueller.length, 2, 'Herr Müller gets exactly two receipts');
    const subj = mueller.map((m) => m.subject).join(' | ');
    assert.ok(subj.includes(`[${s.inv.number}]`) && subj.includes(`[${s.dmg.number}]`), `receipt subjects: ${subj}`);

    assert.equal(smtp.mailsTo('admin@abc.example').length, 0, 'the admin gets no mail about routed requests');
  });

  it('step 6: each of Frau Huber and Herr Schmidt sees their own Vorgang under assignee=me and not the other’s', async () => {
    const h = await listAll(s.huberClient, '/processes?assignee=me');
    assert.deepEqual(ids(h), [s.inv.id]);
    const sc = await listAll(s.schmidtClient, '/processes?assignee=me');
    assert.deepEqual(ids(sc), [s.dmg.id]);
    const mine = expectStatus(await s.huberClient.get(`/processes/${s.inv.id}`), 200, 'Huber GET invoice');
    assert.equal(mine.number, s.inv.number);
  });

  it('step 6: Herr Müller lists exactly his two requests', async () => {
    const items = await listAll(s.muellerClient, '/processes');
    assert.deepEqual(ids(items).sort((a, b) => a - b), [s.inv.id, s.dmg.id].sort((a, b) => a - b));
  });
});
