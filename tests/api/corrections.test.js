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
  describe('archiving', () => {
    it('an archived type is hidden from lists, refused for new Vorgänge, kept on old ones, and can be restored', async () => {
      const t = await newType(admin, 'Sperrmüll', [ctx.technik.id]);
      const p = await file('Sofa im Hof', { type_id: t.id });
      const a = expectStatus(await admin.patch(`/process-types/${t.id}`, { archived: true }), 200);
      assert.equal(a.archived, true);
      const ids = async (c, q = '') => expectStatus(await c.get(`/process-types?limit=200${q}`), 200).items.map((x) => x.id);
      assert.ok(!(await ids(admin)).includes(t.id), 'hidden by default');
      assert.ok((await ids(admin, '&archived=true')).includes(t.id), 'shown with ?archived=true');
      assert.ok(!(await ids(tenant.client, '&archived=true')).includes(t.id), 'never offered in the portal');
      expectError(await tenant.client.post('/processes', { type_id: t.id, property_id: prop.id, subject: 'x', description: 'y' }),
        422, undefined, 'type_id');
      expectError(await admin.post('/processes', { type_id: t.id, property_id: prop.id, subject: 'x', description: 'y' }),
        422, undefined, 'type_id');
      const other = await file('Anderes');
      expectError(await admin.patch(`/processes/${other.id}`, { type_id: t.id }), 422, undefined, 'type_id');
      assert.equal((await get(p.id)).type_name, 'Sperrmüll', 'kept on the existing Vorgang');
      assert.equal(expectStatus(await admin.patch(`/process-types/${t.id}`, { archived: false }), 200).archived, false);
      await file('Wieder da', { type_id: t.id });
    });

    it('an archived property is hidden, refused for new Vorgänge and moves, and kept on old ones', async () => {
      const pr = await newProperty(admin, { name: 'Alte Mühle 1', street: 'Alte Mühle 1' });
      await addStaff(admin, pr.id, emp.id, ctx.technik.id);
      const old = expectStatus(await admin.post('/processes', { type_id: type.id, property_id: pr.id, subject: 'Dach', description: 'd' }), 201);
      assert.equal(expectStatus(await admin.patch(`/properties/${pr.id}`, { archived: true }), 200).archived, true);
      const list = async (q = '') => expectStatus(await admin.get(`/properties?limit=200${q}`), 200).items.map((x) => x.id);
      assert.ok(!(await list()).includes(pr.id));
      assert.ok((await list('&archived=true')).includes(pr.id));
      expectError(await admin.post('/processes', { type_id: type.id, property_id: pr.id, subject: 'x', description: 'y' }),
        422, undefined, 'property_id');
      const p = await file('Umzug');
      expectError(await admin.patch(`/processes/${p.id}`, { property_id: pr.id }), 422, undefined, 'property_id');
      assert.equal((await get(old.id)).property_name, 'Alte Mühle 1');
      expectStatus(await admin.get(`/properties/${pr.id}`), 200);
    });

    it('an archived contact is hidden from the contact list and cannot be named as reporter', async () => {
      const c = expectStatus(await admin.post('/contacts', { name: 'Frau Alt', email: 'alt@example.org' }), 201);
      expectStatus(await admin.post(`/properties/${prop.id}/residents`, { contact_id: c.id, relation: 'tenant' }), 201);
      assert.equal(expectStatus(await admin.patch(`/contacts/${c.id}`, { archived: true }), 200).archived, true);
      const list = async (q) => expectStatus(await admin.get(`/contacts?limit=200${q}`), 200).items.map((x) => x.id);
      assert.ok(!(await list('')).includes(c.id));
      assert.ok((await list('&archived=true')).includes(c.id));
      expectError(await admin.post('/processes', { type_id: type.id, property_id: prop.id, subject: 'x', description: 'y',
        reporter_contact_id: c.id }), 422, undefined, 'reporter_contact_id');
    });

    it('refuses archived with other fields, a non-boolean, other organisations and tenants', async () => {
      expectError(await admin.patch(`/properties/${prop.id}`, { archived: true, name: 'x' }), 422, undefined, 'archived');
      expectError(await admin.patch(`/process-types/${type.id}`, { archived: 'yes' }), 422, undefined, 'archived');
      expectError(await admin.get('/properties?archived=maybe'), 422, undefined, 'archived');
      expectError(await xyzAdmin.patch(`/properties/${prop.id}`, { archived: true }), 404);
      expectError(await xyzAdmin.patch(`/process-types/${type.id}`, { archived: true }), 404);
      expectError(await xyzAdmin.patch(`/contacts/${tenant.id}`, { archived: true }), 404);
      expectError(await tenant.client.patch(`/properties/${prop.id}`, { archived: true }), 403);
      assert.equal(expectStatus(await admin.get(`/properties/${prop.id}`), 200).archived, false);
      assert.equal(expectStatus(await admin.get(`/process-types/${type.id}`), 200).archived, false);
    });
  });

  describe('units and residents', () => {
    it('a unit is renamed, refused a taken label, and removed only when nothing names it', async () => {
      const u1 = expectStatus(await admin.post(`/properties/${prop2.id}/units`, { label: 'DG' }), 201);
      const u2 = expectStatus(await admin.post(`/properties/${prop2.id}/units`, { label: 'Keller' }), 201);
      const r = expectStatus(await admin.patch(`/properties/${prop2.id}/units/${u1.id}`, { label: 'Dachgeschoss', kind: 'other' }), 200);
      assert.equal(r.label, 'Dachgeschoss');
      assert.equal(r.kind, 'other');
      expectError(await admin.patch(`/properties/${prop2.id}/units/${u1.id}`, { label: 'Keller' }), 409, undefined, 'label');
      expectError(await admin.patch(`/properties/${prop.id}/units/${u1.id}`, { label: 'x' }), 404);
      expectError(await xyzAdmin.patch(`/properties/${prop2.id}/units/${u1.id}`, { label: 'x' }), 404);
      expectStatus(await admin.post('/processes', { type_id: type.id, property_id: prop2.id, unit_id: u2.id, subject: 'K', description: 'd' }), 201);
      expectError(await admin.del(`/properties/${prop2.id}/units/${u2.id}`), 409);
      expectStatus(await admin.del(`/properties/${prop2.id}/units/${u1.id}`), 204);
      const units = expectStatus(await admin.get(`/properties/${prop2.id}/units`), 200).items.map((x) => x.id);
      assert.ok(!units.includes(u1.id) && units.includes(u2.id));
    });

    it('a resident who moved out files nothing new there, is no longer offered the property, and keeps their Vorgänge', async () => {
      const mine = await file('Vor dem Auszug');
      const rows = expectStatus(await admin.get(`/properties/${prop.id}/residents?limit=200`), 200).items;
      const row = rows.find((x) => x.contact_id === tenant.id);
      const r = expectStatus(await admin.patch(`/properties/${prop.id}/residents/${row.id}`,
        { relation: 'owner', moved_out_on: '2020-01-31' }), 200);
      assert.equal(r.relation, 'owner');
      assert.equal(r.moved_out_on, '2020-01-31');
      const e = expectError(await tenant.client.post('/processes',
        { type_id: type.id, property_id: prop.id, subject: 'Nach dem Auszug', description: 'd' }), 403, undefined, 'property_id');
      assert.match(e.message, /moved out/);
      const offered = expectStatus(await tenant.client.get('/properties'), 200).items.map((x) => x.id);
      assert.ok(!offered.includes(prop.id), 'the portal no longer offers it');
      const still = expectStatus(await tenant.client.get(`/processes/${mine.id}`), 200);
      assert.equal(still.subject, 'Vor dem Auszug');
      const listed = expectStatus(await tenant.client.get('/processes'), 200).items.map((x) => x.id);
      assert.ok(listed.includes(mine.id));
      // a move-out date in the future still lets them file until then
      const future = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);
      expectStatus(await admin.patch(`/properties/${prop.id}/residents/${row.id}`, { moved_out_on: future, relation: 'tenant' }), 200);
      await file('Noch da');
      expectError(await admin.patch(`/properties/${prop.id}/residents/${row.id}`, { moved_out_on: '31.01.2020' }), 422, undefined, 'moved_out_on');
      expectError(await admin.patch(`/properties/${prop.id}/residents/${row.id}`, { unit_id: unitB.id }), 422, undefined, 'unit_id');
      expectError(await xyzAdmin.patch(`/properties/${prop.id}/residents/${row.id}`, { relation: 'owner' }), 404);
      expectError(await tenant.client.patch(`/properties/${prop.id}/residents/${row.id}`, { moved_out_on: null }), 403);
      const back = expectStatus(await admin.patch(`/properties/${prop.id}/residents/${row.id}`, { moved_out_on: null }), 200);
      assert.equal(back.moved_out_on, null);
    });

    it('a resident row is removed; an existing contact is linked again by id', async () => {
      const c = expectStatus(await admin.post('/contacts', { name: 'Herr Neu', email: 'neu@example.org' }), 201);
      const row = expectStatus(await admin.post(`/properties/${prop.id}/residents`, { contact_id: c.id, relation: 'tenant', unit_id: unitA.id }), 201);
      expectError(await xyzAdmin.del(`/properties/${prop.id}/residents/${row.id}`), 404);
      expectStatus(await admin.del(`/properties/${prop.id}/residents/${row.id}`), 204);
      expectError(await admin.del(`/properties/${prop.id}/residents/${row.id}`), 404);
      const rows = expectStatus(await admin.get(`/properties/${prop.id}/residents?limit=200`), 200).items;
      assert.ok(!rows.some((x) => x.id === row.id));
      expectStatus(await admin.post(`/properties/${prop.id}/residents`, { contact_id: c.id, relation: 'owner' }), 201);
      const xyzContact = expectStatus(await xyzAdmin.post('/contacts', { name: 'Fremd', email: 'fremd@xyz.example' }), 201);
      expectError(await admin.post(`/properties/${prop.id}/residents`, { contact_id: xyzContact.id, relation: 'owner' }), 422, undefined, 'contact_id');
    });
  });
});
