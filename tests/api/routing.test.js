// SPDX-License-Identifier: MIT
// Every routing rule of docs/product.md ("Routing rules") over HTTP.
// Each test uses its own property so the tests do not influence each other.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, expectStatus, expectError, hire, newRole, newProperty, addStaff, newType,
  drainOutbox, mailRows, listAll, addrOf, assigneeIds, sorted, ids, ADMIN,
} from './harness.js';

describe('routing rules', () => {
  let ctx; let smtp; let server; let admin;
  const e = {}; const r = {}; const t = {};
  let reporter; // a contact with e-mail, filed for by the admin

  before(async () => {
    ctx = await startAll();
    ({ smtp, server, admin } = ctx);
    for (const k of ['anna', 'bernd', 'clara', 'dora', 'emil', 'fritz', 'gina', 'hans', 'ida', 'jan']) {
      e[k] = await hire(server, smtp, admin, { name: `Frau/Herr ${k[0].toUpperCase()}${k.slice(1)}`,
        email: `${k}@abc.example` });
    }
    // a second admin: "else all admins" must mean both
    e.admin2 = await hire(server, smtp, admin, { name: 'Herr Zweitadmin', email: 'admin2@abc.example',
      is_admin: true });
    e.admin = { id: admin.user.id, email: ADMIN.email };
    for (const k of ['Technik', 'Verwaltung', 'Buchhaltung', 'Hausmeister', 'Reserve']) r[k] = await newRole(admin, k);
    t.techVerw = await newType(admin, 'Heizungsausfall', [r.Technik.id, r.Verwaltung.id]);
    t.tech = await newType(admin, 'Schadensmeldung', [r.Technik.id]);
    t.buch = await newType(admin, 'Frage zur Rechnung', [r.Buchhaltung.id]);
    t.none = await newType(admin, 'Sonstiges', []);
    reporter = expectStatus(await admin.post('/contacts', { name: 'Frau Kunde', email: 'kunde@example.org' }),
      201, 'POST /contacts');
    await drainOutbox(admin);
  });
  after(async () => { if (ctx) await ctx.stop(); });

  const residentAt = new Set(); // properties where the reporter is a tenant

  async function file(type, property, subject = 'Testvorgang') {
    // on behalf of a tenant or owner of the property only (docs/product.md)
    if (!residentAt.has(property.id)) {
      expectStatus(await admin.post(`/properties/${property.id}/residents`,
        { contact_id: reporter.id, relation: 'tenant' }), 201, `reporter resident at ${property.name}`);
      residentAt.add(property.id);
    }
    return expectStatus(await admin.post('/processes', {
      type_id: type.id, property_id: property.id, subject, description: 'Beschreibung',
      reporter_contact_id: reporter.id,
    }), 201, `file ${type.name} at ${property.name}`);
  }

  /** Outbox rows for the process, as sorted "kind:address" strings (after draining). */
  async function mailSummary(p, kinds = ['assigned', 'unrouted']) {
    await drainOutbox(admin);
    const rows = await mailRows(admin, p.id);
    return rows.filter((m) => kinds.includes(m.kind)).map((m) => `${m.kind}:${addrOf(m.to)}`).sort();
  }

  it('several roles on the type and several holders: every active holder of any of the roles is assigned and mailed once; others are not', async () => {
    const p = await newProperty(admin, { name: 'Hauptstraße 1', street: 'Hauptstraße 1', postal_code: '10115', city: 'Berlin' });
    await addStaff(admin, p.id, e.anna.id, r.Technik.id);
    await addStaff(admin, p.id, e.bernd.id, r.Technik.id);
    await addStaff(admin, p.id, e.clara.id, r.Verwaltung.id);
    await addStaff(admin, p.id, e.dora.id, r.Buchhaltung.id); // not responsible
    const v = await file(t.techVerw, p);
    assert.deepEqual(assigneeIds(v), sorted([e.anna.id, e.bernd.id, e.clara.id]));
    assert.equal(v.unrouted, false);
    const byId = Object.fromEntries(v.assignees.map((a) => [a.employee_id, a]));
    assert.equal(byId[e.anna.id].role_id, r.Technik.id);
    assert.equal(byId[e.clara.id].role_id, r.Verwaltung.id);

    assert.deepEqual(await mailSummary(v), [
      `assigned:anna@abc.example`, `assigned:bernd@abc.example`, `assigned:clara@abc.example`,
    ]);
    const full = expectStatus(await admin.get(`/processes/${v.id}`), 200, 'GET process');
    const texts = full.history.map((h) => h.text);
    assert.ok(texts.includes(`${e.anna.name}: Rolle Technik in Hauptstraße 1`), JSON.stringify(full.history));
    assert.ok(texts.includes(`${e.clara.name}: Rolle Verwaltung in Hauptstraße 1`), JSON.stringify(full.history));
    assert.ok(!texts.some((x) => x.includes(e.dora.name)), 'Dora is not in the history');
    // SMTP: exactly one message to each assignee about this number
    for (const k of ['anna', 'bernd', 'clara']) {
      const got = smtp.mailsTo(e[k].email).filter((m) => m.subject.includes(`[${v.number}]`));
      assert.equal(got.length, 1, `${k} gets one mail about ${v.number}`);
    }
    assert.equal(smtp.mailsTo(e.dora.email).filter((m) => m.subject.includes(v.number)).length, 0);
  });

  it('an employee holding two matching roles is assigned and mailed once', async () => {
    const p = await newProperty(admin, { name: 'Lindenallee 2', street: 'Lindenallee 2' });
    await addStaff(admin, p.id, e.emil.id, r.Technik.id);
    await addStaff(admin, p.id, e.emil.id, r.Verwaltung.id);
    const v = await file(t.techVerw, p);
    assert.deepEqual(v.assignees.map((a) => a.employee_id), [e.emil.id]);
    assert.deepEqual(await mailSummary(v), ['assigned:emil@abc.example']);
    const got = smtp.mailsTo(e.emil.email).filter((m) => m.subject.includes(`[${v.number}]`));
    assert.equal(got.length, 1);
  });

  it('a type without roles is unrouted: assigned to all admins, mailed with kind unrouted, listed under unrouted=true', async () => {
    const p = await newProperty(admin, { name: 'Ahornweg 3', street: 'Ahornweg 3' });
    await addStaff(admin, p.id, e.fritz.id, r.Technik.id);
    const v = await file(t.none, p, 'Ohne Rolle');
    assert.equal(v.unrouted, true);
    assert.deepEqual(assigneeIds(v), sorted([e.admin.id, e.admin2.id]));
    assert.deepEqual(await mailSummary(v), ['unrouted:admin2@abc.example', 'unrouted:admin@abc.example']);
    const full = expectStatus(await admin.get(`/processes/${v.id}`), 200, 'GET');
    assert.ok(full.history.length >= 1, 'the fallback decision is written to the history');

    const unrouted = await listAll(admin, '/processes?unrouted=true');
    assert.ok(ids(unrouted).includes(v.id), 'listed under unrouted=true');
    for (const x of unrouted) assert.equal(x.unrouted, true);
  });

  it('nobody holding the type’s role at the property: unrouted to all admins, never dropped', async () => {
    const p = await newProperty(admin, { name: 'Buchenweg 4', street: 'Buchenweg 4' });
    await addStaff(admin, p.id, e.gina.id, r.Technik.id); // a holder of a different role
    const v = await file(t.buch, p, 'Niemand zuständig');
    assert.equal(v.unrouted, true);
    assert.deepEqual(assigneeIds(v), sorted([e.admin.id, e.admin2.id]));
    assert.deepEqual(await mailSummary(v), ['unrouted:admin2@abc.example', 'unrouted:admin@abc.example']);
    assert.equal(smtp.mailsTo(e.gina.email).filter((m) => m.subject.includes(v.number)).length, 0);
    // a routed process is not in the unrouted queue
    const routedP = await newProperty(admin, { name: 'Buchenweg 4a', street: 'Buchenweg 4a' });
    await addStaff(admin, routedP.id, e.gina.id, r.Technik.id);
    const routed = await file(t.tech, routedP);
    assert.equal(routed.unrouted, false);
    const unrouted = ids(await listAll(admin, '/processes?unrouted=true'));
    assert.ok(unrouted.includes(v.id));
    assert.ok(!unrouted.includes(routed.id), 'routed process not in the unrouted queue');
  });

  it('the fallback role from /settings takes unrouted cases at the property (admins are not mailed); without a holder there it falls to the admins', async () => {
    const s0 = expectStatus(await admin.get('/settings'), 200, 'GET /settings');
    assert.equal(s0.fallback_role_id, null);
    expectError(await e.anna.client.patch('/settings', { fallback_role_id: r.Reserve.id }), 403, 'forbidden');
    const s1 = expectStatus(await admin.patch('/settings', { fallback_role_id: r.Reserve.id }), 200, 'PATCH /settings');
    assert.equal(s1.fallback_role_id, r.Reserve.id);
    assert.equal(expectStatus(await admin.get('/settings'), 200, 'GET').fallback_role_id, r.Reserve.id);

    try {
      const p = await newProperty(admin, { name: 'Eichenstraße 5', street: 'Eichenstraße 5' });
      await addStaff(admin, p.id, e.hans.id, r.Reserve.id);
      await addStaff(admin, p.id, e.ida.id, r.Technik.id);
      const v = await file(t.none, p, 'Fallback-Rolle');
      assert.equal(v.unrouted, true, 'still flagged unrouted');
      assert.deepEqual(assigneeIds(v), [e.hans.id]);
      const rows = await mailSummary(v);
      assert.equal(rows.length, 1, `only the fallback holder is mailed: ${rows}`);
      assert.match(rows[0], /^(unrouted|assigned):hans@abc\.example$/);

      // fallback role set, but nobody holds it at this property → all admins
      const q = await newProperty(admin, { name: 'Eichenstraße 6', street: 'Eichenstraße 6' });
      await addStaff(admin, q.id, e.ida.id, r.Technik.id);
      const w = await file(t.none, q, 'Fallback ohne Inhaber');
      assert.equal(w.unrouted, true);
      assert.deepEqual(assigneeIds(w), sorted([e.admin.id, e.admin2.id]));
      assert.deepEqual(await mailSummary(w), ['unrouted:admin2@abc.example', 'unrouted:admin@abc.example']);
    } finally {
      const s2 = expectStatus(await admin.patch('/settings', { fallback_role_id: null }), 200, 'reset /settings');
      assert.equal(s2.fallback_role_id, null);
    }
  });

  it('deactivated holders are skipped; when every holder is deactivated the case goes to the admins', async () => {
    const p = await newProperty(admin, { name: 'Ulmenweg 7', street: 'Ulmenweg 7' });
    const a = await hire(server, smtp, admin, { name: 'Frau Inaktiv', email: 'inaktiv@abc.example' });
    const b = await hire(server, smtp, admin, { name: 'Herr Aktiv', email: 'aktiv@abc.example' });
    await addStaff(admin, p.id, a.id, r.Hausmeister.id);
    await addStaff(admin, p.id, b.id, r.Hausmeister.id);
    const ty = await newType(admin, 'Treppenhausreinigung', [r.Hausmeister.id]);

    const d = expectStatus(await admin.patch(`/employees/${a.id}`, { active: false }), 200, 'deactivate');
    assert.equal(d.active, false);
    const v = await file(ty, p, 'Eine aktive Person');
    assert.deepEqual(assigneeIds(v), [b.id]);
    assert.equal(v.unrouted, false);
    assert.deepEqual(await mailSummary(v), ['assigned:aktiv@abc.example']);

    expectStatus(await admin.patch(`/employees/${b.id}`, { active: false }), 200, 'deactivate b');
    const w = await file(ty, p, 'Alle inaktiv');
    assert.equal(w.unrouted, true);
    assert.deepEqual(assigneeIds(w), sorted([e.admin.id, e.admin2.id]));
    assert.deepEqual(await mailSummary(w), ['unrouted:admin2@abc.example', 'unrouted:admin@abc.example']);
    assert.equal(smtp.mailsTo('inaktiv@abc.example').filter((m) => m.subject.includes(v.number) || m.subject.includes(w.number)).length, 0);
  });

  it('later staff and type changes do not move an existing Vorgang; reroute applies the current rules and mails the new assignees', async () => {
    const p = await newProperty(admin, { name: 'Kastanienplatz 8', street: 'Kastanienplatz 8' });
    const ty = await newType(admin, 'Aufzugstörung', [r.Technik.id]);
    const old = await addStaff(admin, p.id, e.jan.id, r.Technik.id);
    const v = await file(ty, p, 'Aufzug steht');
    assert.deepEqual(assigneeIds(v), [e.jan.id]);
    await drainOutbox(admin);

    // staff change: Jan leaves, Anna takes over Technik; the type also gets Verwaltung (Clara)
    expectStatus(await admin.del(`/properties/${p.id}/staff/${old.id}`), 204, 'DELETE staff');
    await addStaff(admin, p.id, e.anna.id, r.Technik.id);
    await addStaff(admin, p.id, e.clara.id, r.Verwaltung.id);
    expectStatus(await admin.patch(`/process-types/${ty.id}`, { role_ids: [r.Technik.id, r.Verwaltung.id] }), 200, 'PATCH type');

    const still = expectStatus(await admin.get(`/processes/${v.id}`), 200, 'GET');
    assert.deepEqual(assigneeIds(still), [e.jan.id], 'no silent move');
    assert.deepEqual(await mailSummary(v), ['assigned:jan@abc.example'], 'no mail before the reroute');
    const historyBefore = still.history.length;

    const rr = expectStatus(await admin.post(`/processes/${v.id}/reroute`), 200, 'POST reroute');
    assert.deepEqual(assigneeIds(rr), sorted([e.anna.id, e.clara.id]));
    assert.equal(rr.unrouted, false);
    const after = expectStatus(await admin.get(`/processes/${v.id}`), 200, 'GET');
    assert.deepEqual(assigneeIds(after), sorted([e.anna.id, e.clara.id]));
    assert.ok(after.history.length > historyBefore, 'reroute is written to the history');
    const texts = after.history.map((h) => h.text);
    assert.ok(texts.includes(`${e.anna.name}: Rolle Technik in Kastanienplatz 8`), JSON.stringify(after.history));
    assert.ok(texts.includes(`${e.clara.name}: Rolle Verwaltung in Kastanienplatz 8`), JSON.stringify(after.history));

    assert.deepEqual(await mailSummary(v), [
      'assigned:anna@abc.example', 'assigned:clara@abc.example', 'assigned:jan@abc.example',
    ]);
    for (const k of ['anna', 'clara']) {
      assert.equal(smtp.mailsTo(e[k].email).filter((m) => m.subject.includes(`[${v.number}]`)).length, 1);
    }
    assert.equal(smtp.mailsTo(e.jan.email).filter((m) => m.subject.includes(`[${v.number}]`)).length, 1,
      'Jan is not mailed again');
  });

  it('the answers to filing, changing and re-routing are the Vorgang exactly as a following GET shows it', async () => {
    const p = await newProperty(admin, { name: 'Lindenweg 3', street: 'Lindenweg 3', postal_code: '10115', city: 'Berlin' });
    await addStaff(admin, p.id, e.gina.id, r.Technik.id);
    const get = async (id) => expectStatus(await admin.get(`/processes/${id}`), 200, 'GET the Vorgang');
    const v = await file(t.tech, p, 'Tür klemmt "oben" – Flur \\ links');
    assert.equal(v.subject, 'Tür klemmt "oben" – Flur \\ links');
    assert.deepEqual(v, await get(v.id));
    const changed = expectStatus(await admin.patch(`/processes/${v.id}`, { status: 'in_progress' }), 200, 'PATCH');
    assert.equal(changed.status, 'in_progress');
    assert.deepEqual(changed, await get(v.id));
    await addStaff(admin, p.id, e.hans.id, r.Technik.id);
    const rerouted = expectStatus(await admin.post(`/processes/${v.id}/reroute`), 200, 'reroute');
    assert.deepEqual(assigneeIds(rerouted), sorted([e.gina.id, e.hans.id]));
    assert.deepEqual(rerouted, await get(v.id));
  });

  it('reroute of an unknown process is 404', async () => {
    expectError(await admin.post('/processes/999999/reroute'), 404, 'not_found');
  });
});
