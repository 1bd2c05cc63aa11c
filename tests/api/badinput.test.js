// SPDX-License-Identifier: MIT
// Bad input (docs/product.md "Bad input"): every bad request gets a clear 4xx
// with a JSON error naming the problem, and changes nothing.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, expectStatus, expectError, hire, newRole, newProperty, addStaff, newType,
  listAll, rawRequest,
} from './harness.js';

describe('bad input', () => {
  let ctx; let smtp; let server; let admin;
  let role; let prop; let type; let emp; let contact; let proc;

  before(async () => {
    ctx = await startAll();
    ({ smtp, server, admin } = ctx);
    role = await newRole(admin, 'Technik');
    prop = await newProperty(admin, { name: 'Rosenstraße 1', street: 'Rosenstraße 1' });
    type = await newType(admin, 'Schadensmeldung', [role.id]);
    emp = await hire(server, smtp, admin, { name: 'Frau Huber', email: 'huber@abc.example' });
    await addStaff(admin, prop.id, emp.id, role.id);
    contact = expectStatus(await admin.post('/contacts', { name: 'Herr Müller', email: 'mueller@example.org' }),
      201, 'contact');
    // on behalf of a tenant or owner of the property only (docs/product.md)
    expectStatus(await admin.post(`/properties/${prop.id}/residents`, { contact_id: contact.id, relation: 'tenant' }),
      201, 'resident');
    proc = expectStatus(await admin.post('/processes', { type_id: type.id, property_id: prop.id,
      subject: 'Ausgangslage', description: 'x', reporter_contact_id: contact.id }), 201, 'process');
  });
  after(async () => { if (ctx) await ctx.stop(); });

  /** A fingerprint of everything the API can list; must not change on a bad request. */
  async function state() {
    const p = expectStatus(await admin.get(`/processes/${proc.id}`), 200, 'GET process');
    return JSON.stringify({
      employees: (await listAll(admin, '/employees')).map((x) => [x.id, x.name, x.email, x.is_admin]),
      roles: (await listAll(admin, '/roles')).map((x) => [x.id, x.name, x.description ?? null]),
      properties: (await listAll(admin, '/properties')).map((x) => [x.id, x.name, x.street, x.city]),
      staff: (await listAll(admin, `/properties/${prop.id}/staff`)).map((x) => x.id),
      types: (await listAll(admin, '/process-types')).map((x) => [x.id, x.name, x.role_ids, x.portal]),
      processes: (await listAll(admin, '/processes')).map((x) => [x.id, x.status, x.subject]),
      proc: [p.status, p.assignees, p.history.length, (p.comments || []).length],
      settings: expectStatus(await admin.get('/settings'), 200, 'settings'),
      mail: (await listAll(admin, '/mail')).length,
    });
  }

  /** Runs fn (which must assert the error), then checks that nothing changed. */
  async function unchanged(fn) {
    const before = await state();
    await fn();
    assert.equal(await state(), before, 'the bad request changed something');
  }

  it('broken JSON → 400 invalid_json', () => unchanged(async () => {
    expectError(await admin.post('/roles', '{"name": "Kaputt",'), 400, 'invalid_json');
    expectError(await admin.post('/roles', '{name: "Kaputt"}'), 400, 'invalid_json');
    expectError(await admin.post('/roles', '{"name": "Kaputt"} trailing'), 400, 'invalid_json');
    expectError(await admin.patch(`/roles/${role.id}`, '{"name":'), 400, 'invalid_json');
    expectError(await admin.post('/processes', '{"type_id": 1, "property_id": }'), 400, 'invalid_json');
  }));

  it('a body that is not a JSON object (array, string, number, null) → 400 invalid_json', () => unchanged(async () => {
    for (const body of ['[{"name": "Array"}]', '"Rolle"', '42', 'null', 'true']) {
      expectError(await admin.post('/roles', body), 400, 'invalid_json');
    }
    expectError(await admin.patch(`/roles/${role.id}`, '[]'), 400, 'invalid_json');
  }));

  it('an empty body where an object is required → 400 invalid_json or 422', () => unchanged(async () => {
    const r = await admin.post('/roles', '');
    assert.ok([400, 422].includes(r.status), `expected 400/422, got ${r.status} ${r.text}`);
    expectError(r, r.status, r.status === 400 ? 'invalid_json' : 'invalid_field');
  }));

  it('invalid UTF-8 in the body → 400 invalid_json', () => unchanged(async () => {
    const bad = Buffer.concat([Buffer.from('{"name": "Stra'), Buffer.from([0xc3, 0x28]), Buffer.from('e"}')]);
    expectError(await admin.post('/roles', bad), 400, 'invalid_json');
    const lone = Buffer.concat([Buffer.from('{"name": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    expectError(await admin.post('/roles', lone), 400, 'invalid_json');
    const overlong = Buffer.concat([Buffer.from('{"name": "'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]);
    expectError(await admin.post('/roles', overlong), 400, 'invalid_json');
    const surrogate = Buffer.concat([Buffer.from('{"name": "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]);
    expectError(await admin.post('/roles', surrogate), 400, 'invalid_json');
  }));

  it('wrong types → 422 invalid_field naming the field', () => unchanged(async () => {
    expectError(await admin.post('/roles', { name: 5 }), 422, 'invalid_field', 'name');
    expectError(await admin.post('/roles', { name: ['Technik2'] }), 422, 'invalid_field', 'name');
    expectError(await admin.post('/roles', { name: 'Gut', description: 7 }), 422, 'invalid_field', 'description');
    expectError(await admin.post('/employees', { name: 'Herr X', email: 42 }), 422, 'invalid_field', 'email');
    expectError(await admin.post('/employees', { name: 'Herr X', email: 'x@abc.example', is_admin: 'yes' }),
      422, 'invalid_field', 'is_admin');
    expectError(await admin.post('/properties', { name: 'X', street: ['X 1'], postal_code: '12345', city: 'Y' }),
      422, 'invalid_field', 'street');
    expectError(await admin.post('/process-types', { name: 'Neu', role_ids: 'Technik' }), 422, 'invalid_field', 'role_ids');
    expectError(await admin.post('/process-types', { name: 'Neu', role_ids: ['1'] }), 422, 'invalid_field', 'role_ids');
    expectError(await admin.post('/process-types', { name: 'Neu', role_ids: [], portal: 'ja' }), 422, 'invalid_field', 'portal');
    expectError(await admin.post('/processes', { type_id: String(type.id), property_id: prop.id, subject: 's',
      description: 'd', reporter_contact_id: contact.id }), 422, 'invalid_field', 'type_id');
    expectError(await admin.post('/processes', { type_id: type.id, property_id: prop.id, subject: { a: 1 },
      description: 'd', reporter_contact_id: contact.id }), 422, 'invalid_field', 'subject');
    expectError(await admin.patch(`/employees/${emp.id}`, { active: 'false' }), 422, 'invalid_field', 'active');
    expectError(await admin.patch(`/processes/${proc.id}`, { assignee_ids: emp.id }), 422, 'invalid_field', 'assignee_ids');
    expectError(await admin.post(`/processes/${proc.id}/comments`, { body: 'x', internal: 'no' }),
      422, 'invalid_field', 'internal');
    expectError(await admin.patch('/settings', { fallback_role_id: 'Technik' }), 422, 'invalid_field', 'fallback_role_id');
  }));

  it('missing and empty fields → 422 invalid_field naming the field', () => unchanged(async () => {
    expectError(await admin.post('/roles', {}), 422, 'invalid_field', 'name');
    expectError(await admin.post('/roles', { name: '' }), 422, 'invalid_field', 'name');
    expectError(await admin.post('/roles', { name: null }), 422, 'invalid_field', 'name');
    expectError(await admin.post('/employees', { email: 'neu@abc.example' }), 422, 'invalid_field', 'name');
    expectError(await admin.post('/employees', { name: 'Herr Neu' }), 422, 'invalid_field', 'email');
    expectError(await admin.post('/employees', { name: 'Herr Neu', email: '' }), 422, 'invalid_field', 'email');
    expectError(await admin.post('/employees', { name: 'Herr Neu', email: 'keine-adresse' }), 422, 'invalid_field', 'email');
    expectError(await admin.post('/properties', { name: 'X', street: 'X 1', postal_code: '12345' }),
      422, 'invalid_field', 'city');
    expectError(await admin.post('/properties', { name: 'X', street: '', postal_code: '12345', city: 'Y' }),
      422, 'invalid_field', 'street');
    expectError(await admin.post(`/properties/${prop.id}/units`, {}), 422, 'invalid_field', 'label');
    expectError(await admin.post('/contacts', { email: 'ohne-name@example.org' }), 422, 'invalid_field', 'name');
    expectError(await admin.post('/process-types', { role_ids: [] }), 422, 'invalid_field', 'name');
    expectError(await admin.post('/processes', { type_id: type.id, property_id: prop.id, description: 'd',
      reporter_contact_id: contact.id }), 422, 'invalid_field', 'subject');
    expectError(await admin.post('/processes', { type_id: type.id, property_id: prop.id, subject: '',
      description: 'd', reporter_contact_id: contact.id }), 422, 'invalid_field', 'subject');
    expectError(await admin.post('/processes', { property_id: prop.id, subject: 's', description: 'd',
      reporter_contact_id: contact.id }), 422, 'invalid_field', 'type_id');
    expectError(await admin.post(`/processes/${proc.id}/comments`, { body: '' }), 422, 'invalid_field', 'body');
    expectError(await admin.post(`/processes/${proc.id}/comments`, {}), 422, 'invalid_field', 'body');
    expectError(await admin.post('/session', { email: 'admin@abc.example' }), 422, 'invalid_field', 'password');
    expectError(await admin.patch(`/roles/${role.id}`, { name: '' }), 422, 'invalid_field', 'name');
  }));

  it('too long values → 422 invalid_field', () => unchanged(async () => {
    const long = 'x'.repeat(20000);
    expectError(await admin.post('/roles', { name: long }), 422, 'invalid_field', 'name');
    expectError(await admin.post('/employees', { name: long, email: 'lang@abc.example' }), 422, 'invalid_field', 'name');
    expectError(await admin.post('/employees', { name: 'Herr Lang', email: `${'a'.repeat(400)}@abc.example` }),
      422, 'invalid_field', 'email');
    expectError(await admin.post('/processes', { type_id: type.id, property_id: prop.id, subject: long,
      description: 'd', reporter_contact_id: contact.id }), 422, 'invalid_field', 'subject');
  }));

  it('bad enum values → 422 invalid_field', () => unchanged(async () => {
    expectError(await admin.post(`/properties/${prop.id}/units`, { label: 'WE 1', kind: 'castle' }), 422, 'invalid_field', 'kind');
    expectError(await admin.post(`/properties/${prop.id}/residents`, { contact_id: contact.id, relation: 'landlord' }),
      422, 'invalid_field', 'relation');
    expectError(await admin.patch(`/processes/${proc.id}`, { status: 'done' }), 422, 'invalid_field', 'status');
    expectError(await admin.patch(`/processes/${proc.id}`, { status: 'OPEN' }), 422, 'invalid_field', 'status');
    expectError(await admin.get('/processes?status=kaputt'), 422, 'invalid_field', 'status');
  }));

  it('unknown ids in the body → 422 invalid_field naming the field', () => unchanged(async () => {
    expectError(await admin.post(`/properties/${prop.id}/staff`, { employee_id: 999999, role_id: role.id }),
      422, 'invalid_field', 'employee_id');
    expectError(await admin.post(`/properties/${prop.id}/staff`, { employee_id: emp.id, role_id: 999999 }),
      422, 'invalid_field', 'role_id');
    expectError(await admin.post('/process-types', { name: 'Neu', role_ids: [999999] }), 422, 'invalid_field', 'role_ids');
    // one good and one unknown id: all or nothing
    expectError(await admin.post('/process-types', { name: 'Halb', role_ids: [role.id, 999999] }), 422, 'invalid_field', 'role_ids');
    expectError(await admin.patch(`/process-types/${type.id}`, { role_ids: [role.id, 999999] }), 422, 'invalid_field', 'role_ids');
    expectError(await admin.post('/processes', { type_id: 999999, property_id: prop.id, subject: 's',
      description: 'd', reporter_contact_id: contact.id }), 422, 'invalid_field', 'type_id');
    expectError(await admin.post('/processes', { type_id: type.id, property_id: 999999, subject: 's',
      description: 'd', reporter_contact_id: contact.id }), 422, 'invalid_field', 'property_id');
    expectError(await admin.post('/processes', { type_id: type.id, property_id: prop.id, subject: 's',
      description: 'd', reporter_contact_id: 999999 }), 422, 'invalid_field', 'reporter_contact_id');
    expectError(await admin.post('/processes', { type_id: type.id, property_id: prop.id, unit_id: 999999,
      subject: 's', description: 'd', reporter_contact_id: contact.id }), 422, 'invalid_field', 'unit_id');
    expectError(await admin.post(`/properties/${prop.id}/residents`, { contact_id: 999999, relation: 'tenant' }),
      422, 'invalid_field', 'contact_id');
    expectError(await admin.patch(`/processes/${proc.id}`, { assignee_ids: [emp.id, 999999] }),
      422, 'invalid_field', 'assignee_ids');
    expectError(await admin.patch('/settings', { fallback_role_id: 999999 }), 422, 'invalid_field', 'fallback_role_id');
  }));

  it('ids that are not positive integers in the body → 422 invalid_field', () => unchanged(async () => {
    for (const bad of [0, -1, 1.5, 1e300, '1', true, null]) {
      expectError(await admin.post(`/properties/${prop.id}/staff`, { employee_id: bad, role_id: role.id }),
        422, 'invalid_field', 'employee_id');
    }
    // 2^63 does not fit a 64-bit id: either a field error or (JSON parser limit) invalid_json
    const r = await admin.post('/processes', `{"type_id": ${type.id}, "property_id": 9223372036854775808,
      "subject": "s", "description": "d", "reporter_contact_id": ${contact.id}}`);
    if (r.status === 400) expectError(r, 400, 'invalid_json');
    else expectError(r, 422, 'invalid_field', 'property_id');
  }));

  it('a unit of another property → 422 invalid_field unit_id', async () => {
    const other = await newProperty(admin, { name: 'Nelkenweg 2', street: 'Nelkenweg 2' });
    const unit = expectStatus(await admin.post(`/properties/${other.id}/units`, { label: 'WE 3', kind: 'apartment' }),
      201, 'unit');
    assert.equal(unit.property_id, other.id);
    assert.equal(unit.label, 'WE 3');
    assert.equal(unit.kind, 'apartment');
    await unchanged(async () => {
      expectError(await admin.post('/processes', { type_id: type.id, property_id: prop.id, unit_id: unit.id,
        subject: 's', description: 'd', reporter_contact_id: contact.id }), 422, 'invalid_field', 'unit_id');
      expectError(await admin.post(`/properties/${prop.id}/residents`, { contact_id: contact.id, unit_id: unit.id,
        relation: 'tenant' }), 422, 'invalid_field', 'unit_id');
    });
  });

  it('deeply nested JSON and NUL characters are refused cleanly (400/422), the server stays up', () => unchanged(async () => {
    const deep = `{"name": ${'['.repeat(100000)}${']'.repeat(100000)}}`;
    let r = await admin.post('/roles', deep);
    assert.ok([400, 422].includes(r.status), `deep nesting: ${r.status} ${r.text.slice(0, 200)}`);
    expectError(r, r.status, r.status === 400 ? 'invalid_json' : 'invalid_field');
    r = await admin.post('/roles', '{"name": "Null\\u0000Byte"}');
    assert.ok([400, 422].includes(r.status), `NUL in a string: ${r.status} ${r.text.slice(0, 200)}`);
    r = await admin.post('/roles', '{"name": "Lone \\ud800 surrogate"}');
    assert.ok([400, 422].includes(r.status), `lone surrogate escape: ${r.status} ${r.text.slice(0, 200)}`);
    expectStatus(await server.anon().get('/healthz'), 200, 'healthz');
  }));

  // Unicode line and paragraph separators, and the bidi embeddings, overrides and isolates that
  // make text display in another order than it is stored ("Trojan Source").
  const SEPARATORS = ['\u2028', '\u2029'];
  const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
  const hex = (ch) => `U+${ch.codePointAt(0).toString(16).toUpperCase()}`;

  it('U+2028, U+2029 and bidi controls in one-line fields → 422 invalid_field naming the field', () => unchanged(async () => {
    for (const ch of [...SEPARATORS, ...BIDI]) {
      const s = `Rechnung${ch}fdp.exe`;
      const tries = [
        ['POST', '/roles', { name: s }, 'name'],
        ['PATCH', `/roles/${role.id}`, { name: s }, 'name'],
        ['POST', '/employees', { name: s, email: 'neu@abc.example' }, 'name'],
        ['PATCH', `/employees/${emp.id}`, { name: s }, 'name'],
        ['POST', '/properties', { name: s, street: 'Weg 1', postal_code: '12345', city: 'Y' }, 'name'],
        ['PATCH', `/properties/${prop.id}`, { street: s }, 'street'],
        ['POST', `/properties/${prop.id}/units`, { label: s }, 'label'],
        ['POST', '/contacts', { name: s, email: 'neu@example.org' }, 'name'],
        ['POST', '/process-types', { name: s, role_ids: [] }, 'name'],
        ['POST', '/processes', { type_id: type.id, property_id: prop.id, subject: s, description: 'd',
          reporter_contact_id: contact.id }, 'subject'],
      ];
      for (const [m, p, b, field] of tries) {
        const r = await admin.api(m, p, b);
        assert.equal(r.status, 422, `${m} ${p} with ${hex(ch)}: ${r.status} ${r.text.slice(0, 200)}`);
        expectError(r, 422, 'invalid_field', field);
      }
      expectError(await admin.get(`/processes?q=${encodeURIComponent(s)}`), 422, 'invalid_field', 'q');
    }
  }));

  it('bidi controls in multi-line fields → 422; U+2028 and U+2029 there are kept as line breaks', async () => {
    await unchanged(async () => {
      for (const ch of BIDI) {
        const s = `Zeile 1\nZeile ${ch}2`;
        const tries = [
          ['POST', '/processes', { type_id: type.id, property_id: prop.id, subject: 's', description: s,
            reporter_contact_id: contact.id }, 'description'],
          ['POST', `/processes/${proc.id}/comments`, { body: s }, 'body'],
          ['PATCH', `/roles/${role.id}`, { description: s }, 'description'],
        ];
        for (const [m, p, b, field] of tries) {
          const r = await admin.api(m, p, b);
          assert.equal(r.status, 422, `${m} ${p} with ${hex(ch)}: ${r.status} ${r.text.slice(0, 200)}`);
          expectError(r, 422, 'invalid_field', field);
        }
      }
    });
    const p = expectStatus(await admin.post('/processes', { type_id: type.id, property_id: prop.id,
      subject: 'Aus Word kopiert', description: 'Zeile 1\u2028Zeile 2\u2029Ende', reporter_contact_id: contact.id }),
    201, 'create');
    assert.equal(p.description, 'Zeile 1\nZeile 2\nEnde');
    assert.equal(expectStatus(await admin.get(`/processes/${p.id}`), 200, 'GET').description, 'Zeile 1\nZeile 2\nEnde');
    const c = expectStatus(await admin.post(`/processes/${p.id}/comments`, { body: 'Danke\u2028Gruß' }), 201, 'comment');
    assert.equal(c.body, 'Danke\nGruß');
    const g = expectStatus(await admin.get(`/processes/${p.id}`), 200, 'GET');
    assert.deepEqual(g.comments.map((x) => x.body), ['Danke\nGruß']);
    assert.ok(!JSON.stringify(g).includes('\u2028') && !g.description.includes('\u2029'));
  });

  it('huge or odd ids in the path → 404 not_found, not 500', () => unchanged(async () => {
    for (const id of ['99999999999999999999999', '-1', '0', '1.0', '1e3', '%00']) {
      const r = await admin.get(`/processes/${id}`);
      assert.equal(r.status, 404, `GET /processes/${id}: ${r.status} ${r.text.slice(0, 200)}`);
    }
  }));

  it('unknown ids in the path → 404 not_found', () => unchanged(async () => {
    expectError(await admin.get('/processes/999999'), 404, 'not_found');
    expectError(await admin.patch('/processes/999999', { status: 'closed' }), 404, 'not_found');
    expectError(await admin.post('/processes/999999/comments', { body: 'x' }), 404, 'not_found');
    expectError(await admin.get('/properties/999999'), 404, 'not_found');
    expectError(await admin.patch('/roles/999999', { name: 'x' }), 404, 'not_found');
    expectError(await admin.del('/roles/999999'), 404, 'not_found');
    expectError(await admin.post('/properties/999999/staff', { employee_id: emp.id, role_id: role.id }), 404, 'not_found');
    expectError(await admin.del(`/properties/${prop.id}/staff/999999`), 404, 'not_found');
    expectError(await admin.get('/employees/999999'), 404, 'not_found');
    expectError(await admin.post('/contacts/999999/invite'), 404, 'not_found');
    expectError(await admin.patch('/process-types/999999', { name: 'x' }), 404, 'not_found');
    expectError(await admin.get('/processes/abc'), 404, 'not_found');
    expectError(await admin.get('/nonexistent-endpoint'), 404, 'not_found');
  }));

  it('duplicate employee e-mail → 409 conflict (also in another letter case); duplicate role name → 409', () => unchanged(async () => {
    expectError(await admin.post('/employees', { name: 'Frau Huber 2', email: 'huber@abc.example' }), 409, 'conflict');
    expectError(await admin.post('/employees', { name: 'Admin 2', email: 'admin@abc.example' }), 409, 'conflict');
    expectError(await admin.post('/employees', { name: 'Frau Huber 3', email: 'HUBER@abc.example' }), 409, 'conflict');
    expectError(await admin.post('/roles', { name: 'Technik' }), 409, 'conflict');
    expectError(await admin.post(`/properties/${prop.id}/staff`, { employee_id: emp.id, role_id: role.id }), 409, 'conflict');
  }));

  it('deleting a role still in use → 409 conflict', () => unchanged(async () => {
    expectError(await admin.del(`/roles/${role.id}`), 409, 'conflict');
  }));

  it('a role used only by a process type is still in use → 409', async () => {
    const r2 = await newRole(admin, 'Nur im Typ');
    const t2 = await newType(admin, 'Typ mit Rolle', [r2.id]);
    await unchanged(async () => {
      expectError(await admin.del(`/roles/${r2.id}`), 409, 'conflict');
    });
    expectStatus(await admin.patch(`/process-types/${t2.id}`, { role_ids: [] }), 200, 'free the role');
    expectStatus(await admin.del(`/roles/${r2.id}`), 204, 'now it can go');
  });

  it('inviting a contact without e-mail → 422 field email and no mail', async () => {
    const c = expectStatus(await admin.post('/contacts', { name: 'Frau Ohnemail', phone: '089 123456' }), 201, 'contact');
    await unchanged(async () => {
      expectError(await admin.post(`/contacts/${c.id}/invite`), 422, 'invalid_field', 'email');
    });
  });

  it('a JSON body of 1 MiB + 1 byte → 413 too_large', () => unchanged(async () => {
    const head = '{"name": "Groß", "description": "';
    const tail = '"}';
    const size = 1024 * 1024 + 1;
    const body = Buffer.from(head + 'x'.repeat(size - Buffer.byteLength(head) - tail.length) + tail);
    assert.equal(body.length, size);
    const r = await rawRequest(server.base, 'POST', '/roles', { body, headers: {
      'content-type': 'application/json', 'content-length': String(body.length),
      cookie: `hd_session=${admin.cookie}`, 'x-csrf-token': admin.csrf } });
    expectError(r, 413, 'too_large');
  }));

  // Each connection's buffers are 16 KiB (src/http/server.c): headers as a
  // browser sends them, with cookies and a long query, fit; far larger ones
  // get a clear 431 and change nothing, and the server goes on answering.
  it('8 KB of request headers are answered; 64 KB get 431, and the next request is served', () => unchanged(async () => {
    const auth = { cookie: `hd_session=${admin.cookie}`, 'x-csrf-token': admin.csrf };
    const ok = await rawRequest(server.base, 'POST', '/roles', {
      body: Buffer.from('{"name": "Lange Kopfzeilen"}'),
      headers: { ...auth, 'content-type': 'application/json', 'x-padding': 'p'.repeat(8000) } });
    const made = expectStatus(ok, 201, 'with 8 KB of headers');
    expectStatus(await admin.del(`/roles/${made.id}`), 204, 'cleanup');
    const big = await rawRequest(server.base, 'POST', '/roles', {
      body: Buffer.from('{"name": "Zu lange Kopfzeilen"}'),
      headers: { ...auth, 'content-type': 'application/json', 'x-padding': 'p'.repeat(64 * 1024) } });
    assert.equal(big.status, 431, `64 KB of headers: ${big.status} ${big.text.slice(0, 200)}`);
    expectStatus(await admin.get('/roles'), 200, 'still serving');
  }));

  it('a body with another Content-Type → 415 unsupported_media_type', () => unchanged(async () => {
    expectError(await admin.post('/roles', '{"name": "Text"}', { contentType: 'text/plain' }), 415, 'unsupported_media_type');
    expectError(await admin.post('/roles', 'name=Formular', { contentType: 'application/x-www-form-urlencoded' }),
      415, 'unsupported_media_type');
    expectError(await admin.post('/roles', '{"name": "Ohne"}', { contentType: null }), 415, 'unsupported_media_type');
    expectError(await admin.patch(`/roles/${role.id}`, '<name>x</name>', { contentType: 'application/xml' }),
      415, 'unsupported_media_type');
  }));

  it('application/json with a charset parameter is accepted (control)', async () => {
    const r = await admin.post('/roles', '{"name": "Mit Charset"}', { contentType: 'application/json; charset=utf-8' });
    const role2 = expectStatus(r, 201, 'charset parameter');
    expectStatus(await admin.del(`/roles/${role2.id}`), 204, 'cleanup');
  });

  it('HTML in text fields is stored and returned verbatim as JSON data', async () => {
    const html = '<script>alert("x")</script> & <b>fett</b> \'quote\'';
    const p = expectStatus(await admin.post('/processes', { type_id: type.id, property_id: prop.id,
      subject: html, description: `<img src=x onerror=alert(1)>${html}`, reporter_contact_id: contact.id }), 201, 'create');
    assert.equal(p.subject, html);
    const g = await admin.get(`/processes/${p.id}`);
    expectStatus(g, 200, 'GET');
    assert.match(g.headers.get('content-type') || '', /^application\/json/);
    assert.equal(g.body.subject, html);
    assert.equal(g.body.description, `<img src=x onerror=alert(1)>${html}`);
    const c = expectStatus(await admin.post(`/processes/${p.id}/comments`, { body: html }), 201, 'comment');
    assert.equal(c.body, html);
    const rn = expectStatus(await admin.post('/roles', { name: '<i>Rolle</i>' }), 201, 'role');
    assert.equal(rn.name, '<i>Rolle</i>');
    assert.ok((await listAll(admin, '/roles')).some((x) => x.name === '<i>Rolle</i>'));
  });

  it('umlauts and other non-ASCII text survive a round trip', async () => {
    const name = 'Größenwahn & Übermut – «ÄÖÜ ß» 🏠';
    const r = expectStatus(await admin.post('/roles', { name }), 201, 'role');
    assert.equal(r.name, name);
    assert.ok((await listAll(admin, '/roles')).some((x) => x.name === name));
  });

  it('bad limit and cursor values → 422 invalid_field', () => unchanged(async () => {
    for (const v of ['0', '-1', 'abc', '1.5', '10abc']) {
      expectError(await admin.get(`/roles?limit=${v}`), 422, 'invalid_field', 'limit');
    }
    expectError(await admin.get('/processes?limit=-5'), 422, 'invalid_field', 'limit');
    for (const v of ['kaputt', '!!!', '999999999999999999999999']) {
      expectError(await admin.get(`/roles?cursor=${encodeURIComponent(v)}`), 422, 'invalid_field', 'cursor');
    }
    const r = await admin.get('/roles?limit=501');
    if (r.status === 200) assert.ok(r.body.items.length <= 500);
    else expectError(r, 422, 'invalid_field', 'limit');
  }));

  it('bad query filters → 422 (ids that are not numbers)', () => unchanged(async () => {
    expectError(await admin.get('/processes?property_id=abc'), 422, 'invalid_field', 'property_id');
    expectError(await admin.get('/processes?type_id=x'), 422, 'invalid_field', 'type_id');
    expectError(await admin.get('/processes?assignee=jemand'), 422, 'invalid_field', 'assignee');
    expectError(await admin.get('/mail?process_id=abc'), 422, 'invalid_field', 'process_id');
  }));

  it('the server is still healthy after all of this', async () => {
    expectStatus(await server.anon().get('/healthz'), 200, 'healthz');
    assert.equal(server.exited, null, `server exited: ${server.log.slice(-2000)}`);
  });
});
