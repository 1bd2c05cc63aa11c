// SPDX-License-Identifier: MIT
// Correcting and ending (issue 13, item 4): a Vorgang's type, property,
// unit and subject can be corrected, with the history and a re-routing
// preview; types, properties and contacts can be archived; units and
// residents edited and removed; a resident moves out.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSmallOrg, expectStatus, expectError, newRole, newProperty, newType, addStaff } from './harness.js';

const XYZ = { org: 'XYZ Verwaltung', email: 'admin@xyz.example', password: 'xyz-secret-4567' };

describe('corrections', () => {
  let ctx; let admin; let tenant; let type; let prop; let prop2; let emp; let emp2;
  let xyzAdmin; let hausmeister; let wasser; let unitA; let unitB;

  const file = async (subject, extra = {}) => expectStatus(await tenant.client.post('/processes', {
    type_id: type.id, property_id: prop.id, subject, description: 'Beschreibung', ...extra,
  }), 201, `file ${subject}`);
  const get = async (id) => expectStatus(await admin.get(`/processes/${id}`), 200);

  before(async () => {
    ctx = await startSmallOrg({ extraOrgs: [XYZ] });
    ({ admin, tenant, type, prop, prop2, emp, emp2 } = ctx);
    xyzAdmin = await ctx.server.login(XYZ.email, XYZ.password);
    hausmeister = await newRole(admin, 'Hausmeister');
    await addStaff(admin, prop.id, emp2.id, hausmeister.id);
    wasser = await newType(admin, 'Wasserschaden', [hausmeister.id]);
    unitA = expectStatus(await admin.post(`/properties/${prop.id}/units`, { label: 'EG links' }), 201);
    unitB = expectStatus(await admin.post(`/properties/${prop2.id}/units`, { label: '1. OG' }), 201);
  });
  after(async () => { if (ctx) await ctx.stop(); });

  describe('a Vorgang', () => {
    it('gets a new type, property, unit and subject, each in the history with old → new', async () => {
      const p = await file('Heizung tropft', { unit_id: unitA.id });
      const n0 = (await get(p.id)).history.length;
      const r = expectStatus(await admin.patch(`/processes/${p.id}`, {
        type_id: wasser.id, property_id: prop2.id, unit_id: unitB.id, subject: 'Wasser im Keller',
      }), 200);
      assert.equal(r.type_id, wasser.id);
      assert.equal(r.property_id, prop2.id);
      assert.equal(r.subject, 'Wasser im Keller');
      assert.equal(r.type_name, 'Wasserschaden');
      assert.equal(r.unit_label, '1. OG');
      const added = (await get(p.id)).history.slice(n0).map((h) => h.text);
      assert.deepEqual(added, [
        'Vorgangstyp: Schadensmeldung → Wasserschaden (Administrator)',
        'Liegenschaft: Gartenstraße 3 → Bahnhofstraße 4 (Administrator)',
        'Einheit: EG links → 1. OG (Administrator)',
        'Betreff: Heizung tropft → Wasser im Keller (Administrator)',
      ]);
      const en = expectStatus(await admin.get(`/processes/${p.id}?lang=en`), 200).history.slice(n0).map((h) => h.text);
      assert.match(en[0], /^Case type: Schadensmeldung → Wasserschaden \(/);
      // the assignees stay until re-routed
      assert.deepEqual(r.assignees.map((a) => a.employee_id), [emp.id]);
    });

    it('is found by its new subject and no longer by the old one', async () => {
      const p = await file('Klingelanlage defekt');
      expectStatus(await admin.patch(`/processes/${p.id}`, { subject: 'Briefkasten klemmt' }), 200);
      const hit = expectStatus(await admin.get('/processes?q=Briefkasten'), 200);
      assert.ok(hit.items.some((x) => x.id === p.id), 'new subject found');
      const miss = expectStatus(await admin.get('/processes?q=Klingelanlage'), 200);
      assert.ok(!miss.items.some((x) => x.id === p.id), 'old subject no longer found');
    });

    it('a new property without a unit drops the old unit', async () => {
      const p = await file('Fenster undicht', { unit_id: unitA.id });
      const r = expectStatus(await admin.patch(`/processes/${p.id}`, { property_id: prop2.id }), 200);
      assert.equal(r.unit_id, null);
      assert.equal(r.unit_label, null);
      assert.match(r.history.at(-1).text, /^Einheit: EG links → – /);
    });

    it('bad input changes nothing: unknown, cross-org, archived or mismatched ids, empty subject, null type', async () => {
      const p = await file('Tür klemmt', { unit_id: unitA.id });
      const before = await get(p.id);
      const xyzProp = expectStatus(await xyzAdmin.post('/properties',
        { name: 'Fremd 1', street: 'Fremd 1', postal_code: '10115', city: 'Berlin' }), 201);
      const xyzType = expectStatus(await xyzAdmin.post('/process-types', { name: 'Fremdtyp', role_ids: [] }), 201);
      const cases = [
        [{ type_id: 999999 }, 422, 'type_id'],
        [{ type_id: xyzType.id }, 422, 'type_id'],
        [{ property_id: xyzProp.id }, 422, 'property_id'],
        [{ unit_id: unitB.id }, 422, 'unit_id'],
        [{ property_id: prop2.id, unit_id: unitA.id }, 422, 'unit_id'],
        [{ subject: '' }, 422, 'subject'],
        [{ subject: '   ' }, 422, 'subject'],
        [{ type_id: null }, 422, 'type_id'],
        [{ type_id: 'x' }, 422, 'type_id'],
        // a good change with a bad one: neither is made
        [{ subject: 'Neu', type_id: 999999 }, 422, 'type_id'],
        [{ subject: 'Neu', status: 'in_progress', property_id: 999999 }, 422, 'property_id'],
      ];
      for (const [body, status, field] of cases) {
        const r = await admin.patch(`/processes/${p.id}`, body);
        assert.ok(r.status === status || r.status === 400, `${JSON.stringify(body)}: ${r.status} ${r.text}`);
        expectError(r, r.status, undefined, field);
      }
      const after = await get(p.id);
      assert.deepEqual(after, before, 'nothing changed');
      // another organisation does not see it at all
      expectError(await xyzAdmin.patch(`/processes/${p.id}`, { subject: 'fremd' }), 404);
      expectError(await xyzAdmin.get(`/processes/${p.id}/route-preview`), 404);
    });

    it('a tenant may not correct their own Vorgang nor preview its routing (403)', async () => {
      const p = await file('Rauchmelder piept');
      expectError(await tenant.client.patch(`/processes/${p.id}`, { subject: 'anders' }), 403);
      expectError(await tenant.client.get(`/processes/${p.id}/route-preview`), 403);
      assert.equal((await get(p.id)).subject, 'Rauchmelder piept');
    });

    it('an employee moves a Vorgang only to a property where they hold a role', async () => {
      const p = await file('Treppenlicht');
      // Frau Huber holds a role at Gartenstraße 3 only
      expectError(await emp.client.patch(`/processes/${p.id}`, { property_id: prop2.id }), 403, undefined, 'property_id');
      assert.equal((await get(p.id)).property_id, prop.id);
      const r = expectStatus(await emp.client.patch(`/processes/${p.id}`, { type_id: wasser.id }), 200);
      assert.equal(r.type_id, wasser.id);
    });

    it('previews re-routing after a type change without changing anything, and re-routing applies it', async () => {
      const p = await file('Rohrbruch');
      assert.deepEqual((await get(p.id)).assignees.map((a) => a.employee_id), [emp.id]);
      expectStatus(await admin.patch(`/processes/${p.id}`, { type_id: wasser.id }), 200);
      const before = await get(p.id);
      const pv = expectStatus(await admin.get(`/processes/${p.id}/route-preview`), 200);
      assert.deepEqual(pv.assignees.map((a) => a.employee_id), [emp2.id]);
      assert.equal(pv.assignees[0].name, 'Herr Schmidt');
      assert.match(pv.assignees[0].reason, /Hausmeister/);
      assert.equal(pv.unrouted, false);
      assert.deepEqual(pv.current, [emp.id]);
      assert.equal(pv.changes, true);
      const en = expectStatus(await admin.get(`/processes/${p.id}/route-preview?lang=en`), 200);
      assert.match(en.assignees[0].reason, /role Hausmeister/);
      assert.deepEqual(await get(p.id), before, 'the preview changed nothing');
      const r = expectStatus(await admin.post(`/processes/${p.id}/reroute`), 200);
      assert.deepEqual(r.assignees.map((a) => a.employee_id), [emp2.id]);
      const again = expectStatus(await admin.get(`/processes/${p.id}/route-preview`), 200);
      assert.equal(again.changes, false);
    });

    it('route-preview of an unknown Vorgang is 404', async () => {
      expectError(await admin.get('/processes/999999/route-preview'), 404);
    });
  });
});
