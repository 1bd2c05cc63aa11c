// SPDX-License-Identifier: MIT
// Absences (Abwesenheiten) with a substitute (Vertretung) over HTTP:
// docs/routing.md, section 1, and api.md "Absences and how a role picks
// its holders". Each test uses its own property so that they do not
// influence each other. Days are Berlin days, as the server counts them.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, expectStatus, expectError, hire, newRole, newProperty, addStaff, newType,
  drainOutbox, mailRows, addrOf, assigneeIds, sorted,
} from './harness.js';

/** Today in Europe/Berlin plus offset days, as "YYYY-MM-DD". */
export function berlinDay(offset = 0) {
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit',
  }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}
/** "YYYY-MM-DD" as the German "DD.MM.YYYY". */
export const de = (iso) => iso.split('-').reverse().join('.');

describe('absences and substitutes', () => {
  let ctx; let smtp; let server; let admin; let adminName;
  const e = {}; const r = {}; const t = {};
  let reporter;
  let n = 0;

  before(async () => {
    ctx = await startAll();
    ({ smtp, server, admin } = ctx);
    for (const k of ['huber', 'meier', 'berg', 'lang', 'kurz', 'voss']) {
      e[k] = await hire(server, smtp, admin, { name: `Frau ${k[0].toUpperCase()}${k.slice(1)}`,
        email: `${k}@abc.example` });
    }
    adminName = expectStatus(await admin.get('/me'), 200, 'GET /me').user.name;
    for (const k of ['Buchhaltung', 'Verwaltung']) r[k] = await newRole(admin, k);
    t.buch = await newType(admin, 'Rechnungsfrage', [r.Buchhaltung.id]);
    reporter = expectStatus(await admin.post('/contacts', { name: 'Herr Müller', email: 'mueller@example.org' }),
      201, 'POST /contacts');
    await drainOutbox(admin);
  });
  after(async () => { if (ctx) await ctx.stop(); });

  /** A new property "Max-Planck-Straße 12 (n)" with the reporter as tenant. */
  async function property() {
    n += 1;
    const name = `Max-Planck-Straße 12 (${n})`;
    const p = await newProperty(admin, { name, street: 'Max-Planck-Straße 12', postal_code: '80331', city: 'München' });
    expectStatus(await admin.post(`/properties/${p.id}/residents`, { contact_id: reporter.id, relation: 'tenant' }),
      201, 'resident');
    return p;
  }
  async function file(p, type = t.buch) {
    return expectStatus(await admin.post('/processes', {
      type_id: type.id, property_id: p.id, subject: 'Nebenkosten', description: 'Frage',
      reporter_contact_id: reporter.id,
    }), 201, 'file');
  }
  async function away(who, starts_on, ends_on, substitute, client = admin) {
    const body = { starts_on, ends_on };
    if (substitute) body.substitute_id = substitute.id;
    return expectStatus(await client.post(`/employees/${who.id}/absences`, body), 201, 'POST absence');
  }
  async function clear(who) {
    const list = expectStatus(await admin.get(`/employees/${who.id}/absences`), 200, 'GET absences').items;
    for (const a of list) expectStatus(await admin.del(`/absences/${a.id}`), 204, 'DELETE absence');
  }
  const reasons = (v) => v.assignees.map((a) => a.reason);

  it('enters, lists and deletes an absence; the answer has the contract\'s fields', async () => {
    const a = await away(e.huber, berlinDay(0), berlinDay(9), e.meier);
    assert.equal(a.employee_id, e.huber.id);
    assert.equal(a.starts_on, berlinDay(0));
    assert.equal(a.ends_on, berlinDay(9));
    assert.equal(a.substitute_id, e.meier.id);
    const list = expectStatus(await admin.get(`/employees/${e.huber.id}/absences`), 200, 'list').items;
    assert.deepEqual(list.map((x) => x.id), [a.id]);
    const cur = expectStatus(await e.berg.client.get('/absences'), 200, 'GET /absences').items;
    const mine = cur.find((x) => x.id === a.id);
    assert.equal(mine.employee_name, e.huber.name);
    assert.equal(mine.ends_on, berlinDay(9));
    expectStatus(await admin.del(`/absences/${a.id}`), 204, 'delete');
    expectError(await admin.del(`/absences/${a.id}`), 404);
    assert.deepEqual(expectStatus(await admin.get(`/employees/${e.huber.id}/absences`), 200, 'list').items, []);
  });

  it('refuses what cannot be: ends before it starts, oneself or a deactivated colleague as substitute, overlaps, bad dates', async () => {
    expectError(await admin.post(`/employees/${e.huber.id}/absences`,
      { starts_on: berlinDay(3), ends_on: berlinDay(2) }), 422, undefined, 'ends_on');
    expectError(await admin.post(`/employees/${e.huber.id}/absences`,
      { starts_on: berlinDay(1), ends_on: berlinDay(2), substitute_id: e.huber.id }), 422, undefined, 'substitute_id');
    expectError(await admin.post(`/employees/${e.huber.id}/absences`,
      { starts_on: '2026-02-30', ends_on: berlinDay(2) }), 422, undefined, 'starts_on');
    expectError(await admin.post(`/employees/${e.huber.id}/absences`,
      { starts_on: berlinDay(1), ends_on: berlinDay(2), substitute_id: 999999 }), 422, undefined, 'substitute_id');
    const x = await hire(server, smtp, admin, { name: 'Frau Weg', email: 'weg@abc.example' });
    expectStatus(await admin.patch(`/employees/${x.id}`, { active: false }), 200, 'deactivate');
    expectError(await admin.post(`/employees/${e.huber.id}/absences`,
      { starts_on: berlinDay(1), ends_on: berlinDay(2), substitute_id: x.id }), 422, undefined, 'substitute_id');
    const a = await away(e.huber, berlinDay(10), berlinDay(12));
    expectError(await admin.post(`/employees/${e.huber.id}/absences`,
      { starts_on: berlinDay(12), ends_on: berlinDay(14) }), 409, undefined, 'starts_on');
    expectError(await admin.post('/employees/999999/absences',
      { starts_on: berlinDay(1), ends_on: berlinDay(2) }), 404);
    expectStatus(await admin.del(`/absences/${a.id}`), 204, 'delete');
  });

  it('an employee enters and deletes their own absence, but not a colleague\'s', async () => {
    const own = await away(e.kurz, berlinDay(20), berlinDay(21), e.voss, e.kurz.client);
    expectStatus(await e.kurz.client.get(`/employees/${e.kurz.id}/absences`), 200, 'own list');
    expectError(await e.kurz.client.post(`/employees/${e.voss.id}/absences`,
      { starts_on: berlinDay(20), ends_on: berlinDay(21) }), 403);
    expectError(await e.kurz.client.get(`/employees/${e.voss.id}/absences`), 403);
    const other = await away(e.voss, berlinDay(30), berlinDay(31));
    expectError(await e.kurz.client.del(`/absences/${other.id}`), 403);
    expectStatus(await e.kurz.client.del(`/absences/${own.id}`), 204, 'own delete');
    expectStatus(await admin.del(`/absences/${other.id}`), 204, 'admin delete');
  });

  it('while Frau Huber is away, Frau Meier stands in; the reason names both, and only she is mailed', async () => {
    const p = await property();
    await addStaff(admin, p.id, e.huber.id, r.Buchhaltung.id);
    await away(e.huber, berlinDay(-2), berlinDay(8), e.meier);
    const v = await file(p);
    assert.deepEqual(assigneeIds(v), [e.meier.id]);
    assert.equal(v.unrouted, false);
    assert.deepEqual(reasons(v), [`Frau Meier: Vertretung für Frau Huber (abwesend bis ${de(berlinDay(8))})`]);
    await drainOutbox(admin);
    const to = (await mailRows(admin, v.id)).filter((m) => m.kind === 'assigned').map((m) => addrOf(m.to));
    assert.deepEqual(to, ['meier@abc.example']);
    await clear(e.huber);
  });

  it('an absence that ends today still counts; one that ended yesterday does not', async () => {
    const p = await property();
    await addStaff(admin, p.id, e.huber.id, r.Buchhaltung.id);
    const a = await away(e.huber, berlinDay(-5), berlinDay(0), e.meier);
    let v = await file(p);
    assert.deepEqual(assigneeIds(v), [e.meier.id]);
    assert.deepEqual(reasons(v), [`Frau Meier: Vertretung für Frau Huber (abwesend bis ${de(berlinDay(0))})`]);
    expectStatus(await admin.del(`/absences/${a.id}`), 204, 'delete');
    await away(e.huber, berlinDay(-5), berlinDay(-1), e.meier);
    v = await file(p);
    assert.deepEqual(assigneeIds(v), [e.huber.id]);
    await clear(e.huber);
  });

  it('an absence that starts today counts; one that starts tomorrow does not yet', async () => {
    const p = await property();
    await addStaff(admin, p.id, e.huber.id, r.Buchhaltung.id);
    const a = await away(e.huber, berlinDay(1), berlinDay(4), e.meier);
    let v = await file(p);
    assert.deepEqual(assigneeIds(v), [e.huber.id]);
    expectStatus(await admin.del(`/absences/${a.id}`), 204, 'delete');
    await away(e.huber, berlinDay(0), berlinDay(4), e.meier);
    v = await file(p);
    assert.deepEqual(assigneeIds(v), [e.meier.id]);
    await clear(e.huber);
  });

  it('"abwesend bis" runs to the end of absences that follow on', async () => {
    const p = await property();
    await addStaff(admin, p.id, e.huber.id, r.Buchhaltung.id);
    await away(e.huber, berlinDay(0), berlinDay(3), e.meier);
    await away(e.huber, berlinDay(4), berlinDay(6));
    const v = await file(p);
    assert.deepEqual(reasons(v), [`Frau Meier: Vertretung für Frau Huber (abwesend bis ${de(berlinDay(6))})`]);
    await clear(e.huber);
  });

  it('without a substitute the absent holder is skipped: the other holders, else the fallback, flagged unrouted', async () => {
    const p = await property();
    await addStaff(admin, p.id, e.huber.id, r.Buchhaltung.id);
    await addStaff(admin, p.id, e.berg.id, r.Buchhaltung.id);
    await addStaff(admin, p.id, e.lang.id, r.Verwaltung.id);
    expectStatus(await admin.patch('/settings', { fallback_role_id: r.Verwaltung.id }), 200, 'fallback');
    await away(e.huber, berlinDay(0), berlinDay(2));
    let v = await file(p);
    assert.deepEqual(assigneeIds(v), [e.berg.id]);
    await away(e.berg, berlinDay(-1), berlinDay(0));
    v = await file(p);
    assert.deepEqual(assigneeIds(v), [e.lang.id]);
    assert.equal(v.unrouted, true);
    assert.deepEqual(reasons(v), [`Frau Lang: Ersatzzuständigkeit (Rolle Verwaltung) in ${p.name} – `
      + `Alle Mitarbeiter mit der Rolle Buchhaltung in ${p.name} sind abwesend und nicht vertreten`]);
    await clear(e.huber);
    await clear(e.berg);
  });

  it('a substitute who is away themself counts as none, and their own substitute is not followed', async () => {
    const p = await property();
    await addStaff(admin, p.id, e.huber.id, r.Buchhaltung.id);
    await addStaff(admin, p.id, e.lang.id, r.Verwaltung.id);
    expectStatus(await admin.patch('/settings', { fallback_role_id: r.Verwaltung.id }), 200, 'fallback');
    await away(e.huber, berlinDay(0), berlinDay(5), e.meier);
    await away(e.meier, berlinDay(-3), berlinDay(1), e.kurz);
    let v = await file(p);
    assert.deepEqual(assigneeIds(v), [e.lang.id], 'neither Frau Meier nor her substitute Frau Kurz');
    assert.equal(v.unrouted, true);
    // a loop (Huber -> Meier -> Huber) does not form either
    await clear(e.meier);
    await away(e.meier, berlinDay(0), berlinDay(1), e.huber);
    v = await file(p);
    assert.deepEqual(assigneeIds(v), [e.lang.id]);
    await clear(e.meier);
    await clear(e.huber);
  });

  it('a substitute deactivated after the absence was entered counts as none', async () => {
    const p = await property();
    const sub = await hire(server, smtp, admin, { name: 'Frau Bald', email: 'bald@abc.example' });
    await addStaff(admin, p.id, e.huber.id, r.Buchhaltung.id);
    await addStaff(admin, p.id, e.berg.id, r.Buchhaltung.id);
    await away(e.huber, berlinDay(0), berlinDay(2), sub);
    let v = await file(p);
    assert.deepEqual(assigneeIds(v), sorted([sub.id, e.berg.id]));
    expectStatus(await admin.patch(`/employees/${sub.id}`, { active: false }), 200, 'deactivate');
    v = await file(p);
    assert.deepEqual(assigneeIds(v), [e.berg.id], 'Frau Huber skipped, her substitute counts as none');
    await clear(e.huber);
  });

  it('the hand-over gives Frau Ernst\'s open Vorgänge to Frau Meier in one action, with a history entry on each', async () => {
    // Frau Ernst: a Buchhalterin with no Vorgänge of the other tests
    const ernst = await hire(server, smtp, admin, { name: 'Frau Ernst', email: 'ernst@abc.example' });
    const p = await property();
    await addStaff(admin, p.id, ernst.id, r.Buchhaltung.id);
    const v1 = await file(p);
    const v2 = await file(p);
    const done = await file(p);
    expectStatus(await admin.patch(`/processes/${done.id}`, { status: 'resolved' }), 200, 'resolve');
    const a = await away(ernst, berlinDay(0), berlinDay(7), e.meier);
    await drainOutbox(admin);
    const h = expectStatus(await admin.post(`/absences/${a.id}/handover`, { note: 'Bitte bis Freitag klären' }),
      200, 'handover');
    assert.equal(h.handed_over, 2);
    const text = `Frau Meier: übergeben von ${adminName}, Vertretung für Frau Ernst `
      + `(abwesend bis ${de(berlinDay(7))}) – „Bitte bis Freitag klären“`;
    for (const v of [v1, v2]) {
      const full = expectStatus(await admin.get(`/processes/${v.id}`), 200, 'GET');
      assert.deepEqual(assigneeIds(full), [e.meier.id]);
      assert.ok(full.history.some((x) => x.text === text), JSON.stringify(full.history));
    }
    const still = expectStatus(await admin.get(`/processes/${done.id}`), 200, 'GET resolved');
    assert.deepEqual(assigneeIds(still), [ernst.id], 'a resolved Vorgang stays as it was');
    await drainOutbox(admin);
    const mails = [...await mailRows(admin, v1.id), ...await mailRows(admin, v2.id)]
      .filter((m) => m.kind === 'assigned' && addrOf(m.to) === 'meier@abc.example');
    assert.equal(mails.length, 2, 'one mail to Frau Meier per Vorgang handed over');
    // Frau Meier may do it for her own absence only
    expectError(await e.meier.client.post(`/absences/${a.id}/handover`, {}), 403);
    const again = expectStatus(await ernst.client.post(`/absences/${a.id}/handover`, {}), 200, 'again');
    assert.equal(again.handed_over, 0);
    await clear(ernst);
  });

  it('an absence without a substitute cannot be handed over; an absence that is over cannot either', async () => {
    const a = await away(e.voss, berlinDay(0), berlinDay(1));
    expectError(await admin.post(`/absences/${a.id}/handover`, {}), 422, undefined, 'substitute_id');
    const old = await away(e.voss, berlinDay(-9), berlinDay(-8), e.meier);
    expectError(await admin.post(`/absences/${old.id}/handover`, {}), 409);
    await clear(e.voss);
  });
});
