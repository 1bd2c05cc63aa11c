// SPDX-License-Identifier: MIT
// Who may see what (docs/product.md): every boundary is tried — other tenant,
// other property, other organisation, admin-only endpoints, CSRF, tokens, logout.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, expectStatus, expectError, hire, newRole, newProperty, addStaff, newType,
  newTenant, listAll, ids, login, cookieFrom, PASSWORD,
} from './harness.js';

const XYZ = { org: 'XYZ Verwaltung', email: 'admin@xyz.example', password: 'xyz-secret-4567' };

describe('permissions', () => {
  let ctx; let smtp; let server; let admin;
  let p1; let p2; let technik; let schaden; let intern;
  let e1; let e2; let tenantA; let tenantB; let tenantC; let pA; let pC;
  const SECRET_SUBJECT = 'Schimmel im Bad von Frau Anders';
  const INTERNAL = 'Interne Notiz: Mieterin zahlt unpünktlich';

  before(async () => {
    ctx = await startAll({ extraOrgs: [XYZ] }); // second organisation initialised before serve
    ({ smtp, server, admin } = ctx);
    technik = await newRole(admin, 'Technik');
    p1 = await newProperty(admin, { name: 'Lindenweg 5', street: 'Lindenweg 5' });
    p2 = await newProperty(admin, { name: 'Birkenallee 9', street: 'Birkenallee 9' });
    schaden = await newType(admin, 'Schadensmeldung', [technik.id], true);
    intern = await newType(admin, 'Interne Prüfung', [technik.id], false);
    e1 = await hire(server, smtp, admin, { name: 'Herr Eins', email: 'eins@abc.example' });
    e2 = await hire(server, smtp, admin, { name: 'Frau Zwei', email: 'zwei@abc.example' });
    await addStaff(admin, p1.id, e1.id, technik.id);
    await addStaff(admin, p2.id, e2.id, technik.id);
    tenantA = await newTenant(server, smtp, admin, p1.id, { name: 'Frau Anders', email: 'anders@example.org' });
    tenantB = await newTenant(server, smtp, admin, p1.id, { name: 'Herr Berger', email: 'berger@example.org' });
    tenantC = await newTenant(server, smtp, admin, p2.id, { name: 'Frau Claus', email: 'claus@example.org' });
    pA = expectStatus(await tenantA.client.post('/processes', {
      type_id: schaden.id, property_id: p1.id, subject: SECRET_SUBJECT, description: 'Seit Wochen.',
    }), 201, 'tenant A files');
    pC = expectStatus(await tenantC.client.post('/processes', {
      type_id: schaden.id, property_id: p2.id, subject: 'Klingel defekt', description: 'Geht nicht.',
    }), 201, 'tenant C files');
  });
  after(async () => { if (ctx) await ctx.stop(); });

  const processCount = async () => (await listAll(admin, '/processes')).length;
  const commentCount = async (id) =>
    (expectStatus(await admin.get(`/processes/${id}`), 200, 'admin GET').comments || []).length;

  function assertNoLeak(r) {
    assert.ok(!r.text.includes(SECRET_SUBJECT), `response leaks the subject: ${r.text.slice(0, 300)}`);
    assert.ok(!r.text.includes('anders@example.org'), 'response leaks the reporter');
  }

  describe('other tenant', () => {
    it('tenant A sees their own process (control)', async () => {
      const r = await tenantA.client.get(`/processes/${pA.id}`);
      expectStatus(r, 200, 'own process');
      assert.deepEqual(ids(await listAll(tenantA.client, '/processes')), [pA.id]);
    });

    it('tenant B cannot read, list, comment on or patch tenant A’s process (404, nothing leaks)', async () => {
      const before = await commentCount(pA.id);
      let r = await tenantB.client.get(`/processes/${pA.id}`);
      expectError(r, 404, 'not_found'); assertNoLeak(r);
      const list = await tenantB.client.get('/processes?limit=500');
      expectStatus(list, 200, 'list'); assertNoLeak(list);
      assert.deepEqual(list.body.items, []);
      r = await tenantB.client.get(`/processes?q=${encodeURIComponent('Schimmel')}`);
      expectStatus(r, 200, 'search'); assert.deepEqual(r.body.items, []); assertNoLeak(r);
      r = await tenantB.client.get(`/processes?property_id=${p1.id}`);
      expectStatus(r, 200, 'filter by property'); assert.deepEqual(r.body.items, []);
      r = await tenantB.client.post(`/processes/${pA.id}/comments`, { body: 'Hallo?' });
      expectError(r, 404, 'not_found'); assertNoLeak(r);
      r = await tenantB.client.patch(`/processes/${pA.id}`, { status: 'closed' });
      expectError(r, 404, 'not_found'); assertNoLeak(r);
      assert.equal(await commentCount(pA.id), before, 'no comment was added');
      assert.equal(expectStatus(await admin.get(`/processes/${pA.id}`), 200, 'GET').status, 'open');
    });

    it('a contact cannot change the status of, reassign or reroute their own process (403)', async () => {
      let r = await tenantA.client.patch(`/processes/${pA.id}`, { status: 'closed' });
      expectError(r, 403, 'forbidden');
      r = await tenantA.client.patch(`/processes/${pA.id}`, { assignee_ids: [e2.id] });
      expectError(r, 403, 'forbidden');
      r = await tenantA.client.post(`/processes/${pA.id}/reroute`);
      expectError(r, 403, 'forbidden');
      assert.deepEqual(expectStatus(await admin.get(`/processes/${pA.id}`), 200, 'GET').assignees
        .map((a) => a.employee_id), [e1.id]);
      assert.equal(expectStatus(await admin.get(`/processes/${pA.id}`), 200, 'GET').status, 'open');
    });
  });

  describe('other property', () => {
    it('the employee holding a role at the property sees the process (control)', async () => {
      expectStatus(await e1.client.get(`/processes/${pA.id}`), 200, 'e1 GET');
      assert.ok(ids(await listAll(e1.client, '/processes')).includes(pA.id));
    });

    it('an employee without a role at the property cannot see, list, comment on, patch or reroute it', async () => {
      const before = await commentCount(pA.id);
      let r = await e2.client.get(`/processes/${pA.id}`);
      expectError(r, 404, 'not_found'); assertNoLeak(r);
      const list = await listAll(e2.client, '/processes');
      assert.deepEqual(ids(list), [pC.id], 'e2 lists only the process at their own property');
      r = await e2.client.post(`/processes/${pA.id}/comments`, { body: 'Ich schaue mal', internal: true });
      expectError(r, 404, 'not_found');
      r = await e2.client.patch(`/processes/${pA.id}`, { status: 'in_progress' });
      expectError(r, 404, 'not_found');
      r = await e2.client.patch(`/processes/${pA.id}`, { assignee_ids: [e2.id] });
      expectError(r, 404, 'not_found');
      r = await e2.client.post(`/processes/${pA.id}/reroute`);
      expectError(r, 404, 'not_found');
      const now = expectStatus(await admin.get(`/processes/${pA.id}`), 200, 'GET');
      assert.equal(now.status, 'open');
      assert.deepEqual(now.assignees.map((a) => a.employee_id), [e1.id]);
      assert.equal(await commentCount(pA.id), before);
    });
  });

  describe('admin-only endpoints', () => {
    const calls = () => [
      ['POST', '/employees', { name: 'Herr Neu', email: 'neu@abc.example' }],
      ['PATCH', `/employees/${e2.id}`, { is_admin: true }],
      ['POST', '/roles', { name: 'Hacker' }],
      ['PATCH', `/roles/${technik.id}`, { name: 'Umbenannt' }],
      ['DELETE', `/roles/${technik.id}`],
      ['POST', '/properties', { name: 'X', street: 'X 1', postal_code: '12345', city: 'Y' }],
      ['PATCH', `/properties/${p1.id}`, { name: 'Umbenannt' }],
      ['POST', `/properties/${p1.id}/units`, { label: 'WE 99' }],
      ['POST', `/properties/${p1.id}/staff`, { employee_id: e2.id, role_id: technik.id }],
      ['POST', '/contacts', { name: 'Herr X', email: 'x@example.org' }],
      ['POST', `/properties/${p1.id}/residents`, { contact_id: tenantC.id, relation: 'tenant' }],
      ['POST', `/contacts/${tenantB.id}/invite`],
      ['POST', '/process-types', { name: 'Neu', role_ids: [] }],
      ['PATCH', `/process-types/${schaden.id}`, { role_ids: [] }],
      ['GET', '/mail'],
      ['POST', '/tokens', { name: 'geklaut' }],
      ['PATCH', '/settings', { fallback_role_id: technik.id }],
    ];

    async function snapshot() {
      return JSON.stringify({
        employees: (await listAll(admin, '/employees')).map((x) => [x.id, x.name, x.is_admin]),
        roles: (await listAll(admin, '/roles')).map((x) => [x.id, x.name]),
        properties: (await listAll(admin, '/properties')).map((x) => [x.id, x.name]),
        staff: (await listAll(admin, `/properties/${p1.id}/staff`)).map((x) => x.id),
        types: (await listAll(admin, '/process-types')).map((x) => [x.id, x.role_ids]),
        settings: expectStatus(await admin.get('/settings'), 200, 'settings'),
        mail: (await listAll(admin, '/mail')).length,
      });
    }

    it('an employee gets 403 on every admin endpoint and nothing changes', async () => {
      const before = await snapshot();
      for (const [m, p, b] of calls()) {
        const r = await e1.client.api(m, p, b);
        expectError(r, 403, 'forbidden');
      }
      assert.equal(await snapshot(), before);
    });

    it('a contact gets 403 on every admin endpoint (and GET /employees) and nothing changes', async () => {
      const before = await snapshot();
      for (const [m, p, b] of [...calls(), ['GET', '/employees']]) {
        const r = await tenantA.client.api(m, p, b);
        expectError(r, 403, 'forbidden');
      }
      assert.equal(await snapshot(), before);
    });
  });

  describe('portal filing', () => {
    it('a contact cannot file for a property they do not live in (403), nothing is created', async () => {
      const before = await processCount();
      const r = await tenantA.client.post('/processes', {
        type_id: schaden.id, property_id: p2.id, subject: 'Fremd', description: 'x',
      });
      expectError(r, 403, 'forbidden');
      assert.equal(await processCount(), before);
    });

    it('an owner (relation owner) may file for the property they own', async () => {
      const owner = await newTenant(server, smtp, admin, p2.id,
        { name: 'Herr Eigner', email: 'eigner@example.org', relation: 'owner' });
      const r = await owner.client.post('/processes', {
        type_id: schaden.id, property_id: p2.id, subject: 'Dach undicht', description: 'x',
      });
      const v = expectStatus(r, 201, 'owner files');
      assert.equal(v.reporter.id, owner.id);
      expectError(await owner.client.post('/processes', {
        type_id: schaden.id, property_id: p1.id, subject: 'Fremd', description: 'x',
      }), 403, 'forbidden');
      assert.deepEqual(ids(await listAll(owner.client, '/processes')), [v.id]);
    });

    it('a contact cannot use a non-portal type (422 or 403) and does not see it listed', async () => {
      const before = await processCount();
      const r = await tenantA.client.post('/processes', {
        type_id: intern.id, property_id: p1.id, subject: 'Intern', description: 'x',
      });
      assert.ok(r.status === 422 || r.status === 403, `expected 422/403, got ${r.status} ${r.text}`);
      if (r.status === 422) expectError(r, 422, 'invalid_field', 'type_id');
      else expectError(r, 403, 'forbidden');
      assert.equal(await processCount(), before);
      const types = await listAll(tenantA.client, '/process-types');
      assert.deepEqual(types.map((x) => x.name), ['Schadensmeldung']);
    });

    it('a contact cannot file on behalf of another contact', async () => {
      const r = await tenantA.client.post('/processes', {
        type_id: schaden.id, property_id: p1.id, subject: 'Für Berger', description: 'x',
        reporter_contact_id: tenantB.id,
      });
      if (r.status === 201) {
        assert.equal(r.body.reporter.id, tenantA.id, 'a contact always files as themselves');
      } else {
        assert.ok([403, 422].includes(r.status), `expected 201 as self, 403 or 422, got ${r.status}`);
      }
      assert.deepEqual((await listAll(tenantB.client, '/processes')).map((p) => p.subject), []);
    });
  });

  describe('filing on behalf (staff)', () => {
    // docs/product.md "Who may see what": an employee files only at a property where they hold a
    // role (admins: anywhere in their organisation), and on behalf only of a tenant or owner there.
    let dora; let emil;
    before(async () => {
      dora = await newTenant(server, smtp, admin, p1.id, { name: 'Frau Dora', email: 'dora@example.org', portal: false });
      emil = await newTenant(server, smtp, admin, p2.id,
        { name: 'Herr Emil', email: 'emil@example.org', portal: false, relation: 'owner' });
    });

    const mailCount = async () => (await listAll(admin, '/mail')).length;
    const body = (property, reporter, subject) => ({
      type_id: schaden.id, property_id: property.id, subject, description: 'Telefonisch gemeldet.',
      ...(reporter ? { reporter_contact_id: reporter.id } : {}),
    });

    it('an employee without a role at the property cannot file there, for a resident or for themselves (403), nothing is created or mailed', async () => {
      const before = [await processCount(), await mailCount(), ids(await listAll(e2.client, '/processes'))];
      let r = await e2.client.post('/processes', body(p1, dora, 'Im Namen von Frau Dora'));
      const err = expectError(r, 403, 'forbidden', 'property_id');
      assert.match(err.message, /hold a role/);
      r = await e2.client.post('/processes', body(p1, null, 'Für mich selbst'));
      expectError(r, 403, 'forbidden', 'property_id');
      assert.deepEqual([await processCount(), await mailCount(), ids(await listAll(e2.client, '/processes'))], before);
      const all = await listAll(admin, '/processes');
      assert.ok(!all.some((p) => /Frau Dora|für mich/i.test(p.subject)), 'nothing was filed');
    });

    it('an employee files at their own property only for one of its tenants or owners (422 otherwise)', async () => {
      const before = [await processCount(), await mailCount()];
      // Frau Dora lives at p1, not at p2 where Frau Zwei holds her role
      let r = await e2.client.post('/processes', body(p2, dora, 'Im Namen von Frau Dora'));
      const err = expectError(r, 422, 'invalid_field', 'reporter_contact_id');
      assert.match(err.message, /tenant or owner/);
      // an employee is not a contact to file for
      r = await e2.client.post('/processes', { ...body(p2, null, 'Für Herrn Eins'), reporter_contact_id: e1.id });
      expectError(r, 422, 'invalid_field', 'reporter_contact_id');
      assert.deepEqual([await processCount(), await mailCount()], before);
      // control: the owner at p2, and Frau Zwei herself, at her property
      const v = expectStatus(await e2.client.post('/processes', body(p2, emil, 'Für Herrn Emil')), 201, 'on behalf');
      assert.equal(v.reporter.id, emil.id);
      assert.equal(v.property_id, p2.id);
      const own = expectStatus(await e2.client.post('/processes', body(p2, null, 'Selbst bemerkt')), 201, 'for herself');
      assert.equal(own.reporter.id, e2.id);
    });

    it('an admin files at any property of the organisation, but on behalf only of its tenants or owners', async () => {
      const before = [await processCount(), await mailCount()];
      expectError(await admin.post('/processes', body(p1, emil, 'Herr Emil wohnt nicht hier')),
        422, 'invalid_field', 'reporter_contact_id');
      expectError(await admin.post('/processes', body(p2, dora, 'Frau Dora wohnt nicht hier')),
        422, 'invalid_field', 'reporter_contact_id');
      assert.deepEqual([await processCount(), await mailCount()], before);
      for (const [prop, who] of [[p1, dora], [p2, emil]]) {
        const v = expectStatus(await admin.post('/processes', body(prop, who, `Für ${who.name}`)), 201, 'admin files');
        assert.equal(v.reporter.id, who.id);
      }
    });
  });

  describe('comments', () => {
    it('a contact cannot post an internal comment (403 or 422), nothing is stored', async () => {
      const before = await commentCount(pA.id);
      const r = await tenantA.client.post(`/processes/${pA.id}/comments`, { body: 'Geheim', internal: true });
      assert.ok(r.status === 403 || r.status === 422, `expected 403/422, got ${r.status} ${r.text}`);
      expectError(r, r.status, r.status === 403 ? 'forbidden' : 'invalid_field');
      assert.equal(await commentCount(pA.id), before);
    });

    it('contacts never see internal comments; employees do', async () => {
      const ic = expectStatus(await e1.client.post(`/processes/${pA.id}/comments`,
        { body: INTERNAL, internal: true }), 201, 'internal comment');
      const pc = expectStatus(await e1.client.post(`/processes/${pA.id}/comments`,
        { body: 'Wir kümmern uns darum.', internal: false }), 201, 'public comment');
      const asEmp = expectStatus(await e1.client.get(`/processes/${pA.id}`), 200, 'employee GET');
      assert.ok(asEmp.comments.some((c) => c.body === INTERNAL && c.internal === true));
      const r = await tenantA.client.get(`/processes/${pA.id}`);
      const asTenant = expectStatus(r, 200, 'tenant GET');
      assert.ok(Array.isArray(asTenant.comments));
      assert.ok(asTenant.comments.some((c) => c.id === pc.id), 'public comment visible');
      assert.ok(!asTenant.comments.some((c) => c.id === ic.id || c.internal), 'internal comment hidden');
      assert.ok(!r.text.includes('unpünktlich'), 'the internal text appears nowhere in the answer');
      const list = await tenantA.client.get('/processes?limit=500');
      assert.ok(!list.text.includes('unpünktlich'));
    });
  });

  describe('other organisation', () => {
    let x;
    before(async () => { x = await login(server.base, XYZ.email, XYZ.password); });

    it('the second organisation’s admin is an admin and sees none of the first’s data', async () => {
      assert.equal(x.user.is_admin, true);
      assert.deepEqual(await listAll(x, '/processes'), []);
      assert.deepEqual(await listAll(x, '/roles'), []);
      assert.deepEqual(await listAll(x, '/properties'), []);
      assert.deepEqual(await listAll(x, '/process-types'), []);
      const emps = await listAll(x, '/employees');
      assert.deepEqual(emps.map((m) => m.email), [XYZ.email]);
      const mail = await x.get('/mail?limit=500');
      expectStatus(mail, 200, 'GET /mail');
      assert.ok(!/abc\.example|example\.org/.test(mail.text), `mail log leaks org A: ${mail.text.slice(0, 300)}`);
      expectStatus(await x.get('/settings'), 200, 'settings');
      assert.equal((await x.get('/settings')).body.fallback_role_id, null);
    });

    it('org A’s objects by id answer 404 to org B and stay unchanged', async () => {
      const tries = [
        ['GET', `/processes/${pA.id}`],
        ['PATCH', `/processes/${pA.id}`, { status: 'closed' }],
        ['POST', `/processes/${pA.id}/comments`, { body: 'Hallo' }],
        ['POST', `/processes/${pA.id}/reroute`],
        ['GET', `/properties/${p1.id}`],
        ['PATCH', `/properties/${p1.id}`, { name: 'Übernommen' }],
        ['GET', `/properties/${p1.id}/staff`],
        ['POST', `/properties/${p1.id}/units`, { label: 'WE 1' }],
        ['GET', `/employees/${e1.id}`],
        ['PATCH', `/employees/${e1.id}`, { active: false }],
        ['PATCH', `/roles/${technik.id}`, { name: 'Weg' }],
        ['DELETE', `/roles/${technik.id}`],
        ['PATCH', `/process-types/${schaden.id}`, { name: 'Weg' }],
        ['POST', `/contacts/${tenantA.id}/invite`],
      ];
      for (const [m, p, b] of tries) {
        const r = await x.api(m, p, b);
        assert.equal(r.status, 404, `${m} ${p}: expected 404, got ${r.status} ${r.text.slice(0, 200)}`);
        expectError(r, 404, 'not_found');
        assertNoLeak(r);
      }
      const now = expectStatus(await admin.get(`/processes/${pA.id}`), 200, 'GET');
      assert.equal(now.status, 'open');
      assert.equal(expectStatus(await admin.get(`/properties/${p1.id}`), 200, 'GET').name, 'Lindenweg 5');
      const emp = expectStatus(await admin.get(`/employees/${e1.id}`), 200, 'GET');
      assert.notEqual(emp.active, false);
      assert.deepEqual((await listAll(admin, '/roles')).map((r) => r.name), ['Technik']);
      const types = await listAll(admin, '/process-types');
      assert.equal(types.find((t) => t.id === schaden.id).name, 'Schadensmeldung');
    });

    it('org A’s ids inside org B’s request bodies are rejected (422/404) and nothing is created', async () => {
      const bRole = expectStatus(await x.post('/roles', { name: 'Technik' }), 201, 'org B role (same name is fine)');
      const bProp = expectStatus(await x.post('/properties',
        { name: 'Seestraße 1', street: 'Seestraße 1', postal_code: '20095', city: 'Hamburg' }), 201, 'org B property');
      const bType = expectStatus(await x.post('/process-types', { name: 'Schaden', role_ids: [bRole.id] }), 201, 'type');
      const bContact = expectStatus(await x.post('/contacts', { name: 'Herr See', email: 'see@example.net' }), 201, 'contact');
      const tries = [
        ['POST', `/properties/${bProp.id}/staff`, { employee_id: e1.id, role_id: bRole.id }, 'employee_id'],
        ['POST', `/properties/${bProp.id}/staff`, { employee_id: x.user.id, role_id: technik.id }, 'role_id'],
        ['POST', '/process-types', { name: 'Fremdrolle', role_ids: [technik.id] }, 'role_ids'],
        ['PATCH', `/process-types/${bType.id}`, { role_ids: [technik.id] }, 'role_ids'],
        ['POST', '/processes', { type_id: schaden.id, property_id: bProp.id, subject: 'x', description: 'x',
          reporter_contact_id: bContact.id }, 'type_id'],
        ['POST', '/processes', { type_id: bType.id, property_id: p1.id, subject: 'x', description: 'x',
          reporter_contact_id: bContact.id }, 'property_id'],
        ['POST', '/processes', { type_id: bType.id, property_id: bProp.id, subject: 'x', description: 'x',
          reporter_contact_id: tenantA.id }, 'reporter_contact_id'],
        ['PATCH', '/settings', { fallback_role_id: technik.id }, 'fallback_role_id'],
        ['POST', `/properties/${bProp.id}/residents`, { contact_id: tenantA.id, relation: 'tenant' }, 'contact_id'],
      ];
      for (const [m, p, b, field] of tries) {
        const r = await x.api(m, p, b);
        assert.ok(r.status === 422 || r.status === 404,
          `${m} ${p} ${JSON.stringify(b)}: expected 422/404, got ${r.status} ${r.text.slice(0, 200)}`);
        if (r.status === 422) expectError(r, 422, 'invalid_field', field);
        else expectError(r, 404, 'not_found');
      }
      assert.deepEqual(await listAll(x, `/properties/${bProp.id}/staff`), []);
      assert.deepEqual(await listAll(x, '/processes'), []);
      assert.deepEqual((await listAll(x, '/process-types')).map((t) => t.role_ids), [[bRole.id]]);
      assert.equal((await x.get('/settings')).body.fallback_role_id, null);
      assert.equal(expectStatus(await admin.get(`/processes/${pA.id}`), 200, 'GET').status, 'open');
    });

    it('org A’s admin sees nothing of org B', async () => {
      const props = await listAll(admin, '/properties');
      assert.ok(!props.some((p) => p.name === 'Seestraße 1'));
      const emps = await listAll(admin, '/employees');
      assert.ok(!emps.some((m) => m.email === XYZ.email));
      expectError(await admin.get(`/employees/${x.user.id}`), 404, 'not_found');
    });
  });

  describe('sessions, CSRF and tokens', () => {
    it('unauthenticated calls answer 401', async () => {
      const anon = server.anon();
      expectError(await anon.get('/processes'), 401, 'unauthenticated');
      expectError(await anon.get('/me'), 401, 'unauthenticated');
      expectError(await anon.post('/roles', { name: 'Anonym' }), 401, 'unauthenticated');
      expectError(await anon.get(`/processes/${pA.id}`), 401, 'unauthenticated');
    });

    it('a cookie-authenticated state change without or with a wrong X-CSRF-Token is 403 csrf_failed and creates nothing', async () => {
      const before = (await listAll(admin, '/roles')).length;
      expectError(await admin.post('/roles', { name: 'Ohne CSRF' }, { csrf: false }), 403, 'csrf_failed');
      expectError(await admin.post('/roles', { name: 'Falsches CSRF' }, { csrf: 'falsch-123' }), 403, 'csrf_failed');
      expectError(await admin.patch(`/roles/${technik.id}`, { name: 'Umbenannt' }, { csrf: false }), 403, 'csrf_failed');
      expectError(await admin.del(`/roles/${technik.id}`, { csrf: false }), 403, 'csrf_failed');
      expectError(await tenantA.client.post('/processes', { type_id: schaden.id, property_id: p1.id,
        subject: 'csrf', description: 'x' }, { csrf: false }), 403, 'csrf_failed');
      // another session's token is not this session's token
      const other = await server.admin();
      expectError(await admin.post('/roles', { name: 'Fremdes CSRF' }, { csrf: other.csrf }), 403, 'csrf_failed');
      // logout is a state change too
      expectError(await admin.del('/session', { csrf: false }), 403, 'csrf_failed');
      expectStatus(await admin.get('/me'), 200, 'session still valid after the refused logout');
      const roles = await listAll(admin, '/roles');
      assert.equal(roles.length, before);
      assert.deepEqual(roles.map((r) => r.name), ['Technik']);
      // control: with the right header it works
      const ok = expectStatus(await admin.post('/roles', { name: 'Mit CSRF' }), 201, 'with CSRF');
      expectStatus(await admin.del(`/roles/${ok.id}`), 204, 'delete unused role');
    });

    it('a bearer token (POST /tokens) works without CSRF; a wrong token is 401', async () => {
      const tok = expectStatus(await admin.post('/tokens', { name: 'ERP-Schnittstelle' }), 201, 'POST /tokens');
      assert.equal(tok.name, 'ERP-Schnittstelle');
      assert.equal(typeof tok.token, 'string');
      assert.ok(tok.token.length >= 20, 'token is long enough');
      const b = server.bearer(tok.token);
      const role = expectStatus(await b.post('/roles', { name: 'Über API' }), 201, 'bearer POST without CSRF');
      assert.ok((await listAll(b, '/roles')).some((r) => r.id === role.id));
      expectStatus(await b.del(`/roles/${role.id}`), 204, 'bearer DELETE');
      expectError(await server.bearer(`${tok.token}x`).get('/roles'), 401, 'unauthenticated');
      expectError(await server.bearer('').get('/roles'), 401, 'unauthenticated');
      // the token lists nothing of other organisations either
      assert.ok(!(await listAll(b, '/properties')).some((p) => p.name === 'Seestraße 1'));
    });

    it('logout invalidates the session', async () => {
      const c = await login(server.base, e1.email, PASSWORD);
      expectStatus(await c.get('/me'), 200, 'me before logout');
      const r = await c.del('/session');
      assert.equal(r.status, 204, `DELETE /session: ${r.status} ${r.text}`);
      const cleared = cookieFrom(r.setCookies);
      if (cleared) assert.ok(cleared.value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(cleared.header));
      expectError(await c.get('/me'), 401, 'unauthenticated');
      expectError(await c.get('/processes'), 401, 'unauthenticated');
      expectError(await c.post(`/processes/${pA.id}/comments`, { body: 'nach Logout' }), 401, 'unauthenticated');
      // other sessions of the same user stay valid
      expectStatus(await e1.client.get('/me'), 200, 'the other session');
    });

    it('taking away is_admin is obeyed by the very next request (403), with a cookie session and a bearer token', async () => {
      const boss = await hire(server, smtp, admin, { name: 'Frau Chefin', email: 'chefin@abc.example', is_admin: true });
      const b = server.bearer(expectStatus(await boss.client.post('/tokens', { name: 'Chefin' }), 201, 'token').token);
      for (const c of [boss.client, b]) {
        // Twice: the second answer may come from the server's credential cache.
        // (GET /mail: admin-only; GET /employees is open to every employee since issue 13's pickers)
        expectStatus(await c.get('/mail'), 200, 'admin GET /mail');
        expectStatus(await c.get('/mail'), 200, 'admin GET /mail again');
      }
      expectStatus(await admin.patch(`/employees/${boss.id}`, { is_admin: false }), 200, 'is_admin false');
      for (const c of [boss.client, b]) {
        expectError(await c.get('/mail'), 403, 'forbidden');
        expectError(await c.post('/roles', { name: 'Nicht mehr' }), 403, 'forbidden');
        assert.equal(expectStatus(await c.get('/me'), 200, 'still an employee').user.is_admin, false);
      }
    });
  });
});
