// SPDX-License-Identifier: MIT
// Search for people and places (issue 13, item 2): GET /contacts?q= and
// GET /properties?q= find by every folded word of q ("Mueller" and
// "muller" find "Müller", "Strasse" finds "Straße") in a contact's name,
// e-mail and phone, or a property's name, street, postal code, city and
// unit labels; paged with limit; only the organisation's; contacts only
// for staff. What the type-ahead pickers call.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSmallOrg, expectStatus, ids, listAll, login, newTenant, newProperty,
} from './harness.js';

const XYZ = { org: 'XYZ Verwaltung', email: 'admin@xyz.example', password: 'xyz-secret-4568' };

describe('search for contacts and properties', () => {
  let ctx; let admin; let huber; let mueller; let weiss; let prop; let prop2; let linden; let other;

  const contacts = async (client, q) => ids(await listAll(client, `/contacts?q=${encodeURIComponent(q)}`));
  const properties = async (client, q) => ids(await listAll(client, `/properties?q=${encodeURIComponent(q)}`));

  before(async () => {
    ctx = await startSmallOrg({ extraOrgs: [XYZ] });
    const { server, smtp } = ctx;
    ({ admin, prop, prop2 } = ctx);
    huber = ctx.emp.client;
    mueller = ctx.tenant; // Herr Müller, mueller@example.org, at Gartenstraße 3
    weiss = await newTenant(server, smtp, admin, prop2.id, { name: 'Frau Weiß', email: 'weiss@example.org' });
    expectStatus(await admin.patch(`/contacts/${weiss.id}`, { phone: '+49 171 2345678' }), 200, 'phone');
    linden = await newProperty(admin, { name: 'Wohnanlage Linde', street: 'Lindenstraße 12', postal_code: '10115',
      city: 'Berlin' });
    expectStatus(await admin.post(`/properties/${linden.id}/units`, { label: 'Dachgeschoss links' }), 201, 'unit');
    other = await login(server.base, XYZ.email, XYZ.password);
    // The other organisation has a Müller at a Gartenstraße of its own.
    expectStatus(await other.post('/contacts', { name: 'Frau Müller', email: 'mueller@xyz.example' }), 201,
      'other org contact');
    expectStatus(await other.post('/properties', { name: 'Gartenstraße 9', street: 'Gartenstraße 9',
      postal_code: '80331', city: 'München' }), 201, 'other org property');
  });
  after(async () => { if (ctx) await ctx.stop(); });

  it('contacts: Müller by Mueller, muller, MÜLLER and his e-mail; Weiß by Weiss and her phone', async () => {
    for (const q of ['Müller', 'Mueller', 'muller', 'MÜLLER', 'Herr Mül', 'mueller@example']) {
      assert.deepEqual(await contacts(admin, q), [mueller.id], q);
    }
    for (const q of ['Weiss', 'weiß', 'weiss@example.org', '2345678', '0171 2345678', '+49 171 234']) {
      assert.deepEqual(await contacts(admin, q), [weiss.id], q);
    }
    assert.deepEqual(await contacts(admin, 'Herr Weiss'), [], 'every word must occur');
    assert.deepEqual(await contacts(admin, 'Xylophon'), []);
    assert.deepEqual(await contacts(admin, '!!!'), []);
    assert.deepEqual(await contacts(huber, 'Mueller'), [mueller.id], 'an employee searches too');
  });

  it('contacts: a change of name is found at once, the old name no more', async () => {
    const c = expectStatus(await admin.post('/contacts', { name: 'Herr Jürgens', email: 'j@example.org' }), 201,
      'contact');
    assert.deepEqual(await contacts(admin, 'Juergens'), [c.id]);
    expectStatus(await admin.patch(`/contacts/${c.id}`, { name: 'Herr Özdemir' }), 200, 'rename');
    assert.deepEqual(await contacts(admin, 'Ozdemir'), [c.id]);
    assert.deepEqual(await contacts(admin, 'Juergens'), []);
  });

  it('contacts: paged with limit and next, without gaps or duplicates', async () => {
    const made = [];
    for (let i = 1; i <= 5; i++) {
      made.push(expectStatus(await admin.post('/contacts', { name: `Frau Seitenweise ${i}` }), 201, 'contact').id);
    }
    const r = expectStatus(await admin.get(`/contacts?q=seitenweise&limit=2`), 200, 'first page');
    assert.equal(r.items.length, 2);
    assert.ok(r.next, 'a next page');
    assert.deepEqual(ids(await listAll(admin, '/contacts?q=Seitenweise', 2)), made);
  });

  it('contacts: another organisation never sees them; a tenant gets 403', async () => {
    const theirs = await contacts(other, 'Mueller');
    assert.equal(theirs.length, 1);
    assert.ok(!theirs.includes(mueller.id));
    assert.deepEqual(await contacts(other, 'Weiss'), []);
    assert.equal((await mueller.client.get('/contacts?q=Mueller')).status, 403);
  });

  it('properties: Straße by Strasse, a city, a postal code and a unit label', async () => {
    assert.deepEqual(await properties(admin, 'Gartenstrasse'), [prop.id]);
    assert.deepEqual(await properties(admin, 'gartenstr'), [prop.id]);
    assert.deepEqual(await properties(admin, 'Bahnhofstraße'), [prop2.id]);
    assert.deepEqual(await properties(admin, 'Lindenstrasse 12'), [linden.id]);
    assert.deepEqual(await properties(admin, 'Berlin'), [linden.id]);
    assert.deepEqual(await properties(admin, '10115'), [linden.id]);
    assert.deepEqual(await properties(admin, 'Dachgeschoss'), [linden.id], 'by a unit label');
    assert.deepEqual(await properties(admin, 'Linde Hamburg'), [], 'every word must occur');
    assert.deepEqual(await properties(huber, 'Gartenstrasse'), [prop.id], 'an employee searches too');
  });

  it('properties: a change of address is found at once, the old one no more', async () => {
    const p = await newProperty(admin, { name: 'Am Anger 1', street: 'Am Anger 1' });
    assert.deepEqual(await properties(admin, 'Anger'), [p.id]);
    expectStatus(await admin.patch(`/properties/${p.id}`, { name: 'Ölmühlweg 7', street: 'Ölmühlweg 7' }), 200,
      'move');
    assert.deepEqual(await properties(admin, 'Olmuhlweg'), [p.id]);
    assert.deepEqual(await properties(admin, 'Oelmuehlweg'), [p.id]);
    assert.deepEqual(await properties(admin, 'Anger'), []);
  });

  it('a search of Vorgänge pages newest first (and oldest first) without gaps or duplicates', async () => {
    const made = [];
    for (let i = 1; i <= 7; i++) {
      made.push(expectStatus(await admin.post('/processes', { type_id: ctx.type.id, property_id: prop.id,
        subject: `Blattlaus ${i}`, description: 'x' }), 201, 'Vorgang').id);
    }
    const desc = [...made].reverse();
    assert.deepEqual(ids(await listAll(admin, '/processes?q=blattlaus', 3)), desc);
    assert.deepEqual(ids(await listAll(admin, '/processes?q=blattlaus&sort=created', 3)), made);
    assert.deepEqual(ids(await listAll(admin, '/processes?q=blattlaus&sort=-activity', 3)), desc);
    assert.equal(expectStatus(await admin.get('/processes/count?q=Blattlaus'), 200, 'count').count, 7);
  });

  it('properties: another organisation finds only its own; a tenant only where they live', async () => {
    const theirs = await properties(other, 'Gartenstrasse');
    assert.equal(theirs.length, 1);
    assert.ok(!theirs.includes(prop.id));
    assert.deepEqual(await properties(other, 'Bahnhofstrasse'), []);
    assert.deepEqual(await properties(mueller.client, 'strasse'), [prop.id], 'Herr Müller lives at Gartenstraße 3');
    assert.deepEqual(await properties(mueller.client, 'Bahnhofstrasse'), []);
  });
});
