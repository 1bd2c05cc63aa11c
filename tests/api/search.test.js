// SPDX-License-Identifier: MIT
// Search (issue 13, item 2): GET /processes?q= finds a Vorgang by any word
// of its subject, description or comments, its reporter's name, e-mail or
// phone, its property's name or street, its unit and any part of its
// number; umlauts and ß fold ("Mueller" finds "Müller", "Strasse" finds
// "Straße"); and it shows only what the list would show.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSmallOrg, expectStatus, ids, listAll, login, newTenant,
} from './harness.js';

const XYZ = { org: 'XYZ Verwaltung', email: 'admin@xyz.example', password: 'xyz-secret-4567' };

describe('search', () => {
  let ctx; let admin; let huber; let schmidt; let mueller; let weiss; let v1; let v2; let v3; let unit;

  const find = async (client, q) => ids(await listAll(client, `/processes?q=${encodeURIComponent(q)}`));

  before(async () => {
    ctx = await startSmallOrg({ extraOrgs: [XYZ] });
    const { server, smtp, prop, prop2, type } = ctx;
    ({ admin } = ctx);
    huber = ctx.emp.client;
    schmidt = ctx.emp2.client;
    mueller = ctx.tenant.client;
    v1 = ctx.proc; // Herr Müller's "Heizung kalt" at Gartenstraße 3
    weiss = await newTenant(server, smtp, admin, prop.id, { name: 'Frau Weiß', email: 'weiss@example.org' });
    expectStatus(await admin.patch(`/contacts/${weiss.id}`, { phone: '+49 171 2345678' }), 200, 'phone');
    unit = expectStatus(await admin.post(`/properties/${prop.id}/units`, { label: 'Dachgeschoss links' }), 201,
      'unit');
    v2 = expectStatus(await admin.post('/processes', {
      type_id: type.id, property_id: prop2.id, subject: 'Schimmel im Schlafzimmer',
      description: 'Die Wand ist feucht.',
    }), 201, 'v2 at Bahnhofstraße 4');
    v3 = expectStatus(await admin.post('/processes', {
      type_id: type.id, property_id: prop.id, unit_id: unit.id, subject: 'Rechnung',
      description: 'Bitte prüfen.', reporter_contact_id: weiss.id,
    }), 201, 'v3 for Frau Weiß');
    expectStatus(await admin.post(`/processes/${v3.id}/comments`, { body: 'Kostenvoranschlag folgt.' }), 201,
      'public comment');
    expectStatus(await admin.post(`/processes/${v1.id}/comments`,
      { body: 'Geheimwort Zaunpfahl', internal: true }), 201, 'internal comment');
  });
  after(async () => { if (ctx) await ctx.stop(); });

  it('finds by a word or the start of a word of the subject, description or a comment', async () => {
    assert.deepEqual(await find(admin, 'Heizung'), [v1.id]);
    assert.deepEqual(await find(admin, 'heiz'), [v1.id]);
    assert.deepEqual(await find(admin, 'feucht'), [v2.id]);
    assert.deepEqual(await find(admin, 'Kostenvoranschlag'), [v3.id]);
    assert.deepEqual(await find(admin, 'Xylophon'), []);
    assert.deepEqual(await find(admin, '!!!'), []);
  });

  it('every word must occur, in any of the fields', async () => {
    assert.deepEqual(await find(admin, 'Schimmel feucht'), [v2.id]);
    assert.deepEqual(await find(admin, 'feucht Schimmel'), [v2.id]);
    assert.deepEqual(await find(admin, 'Schimmel Heizung'), []);
    assert.deepEqual(await find(admin, 'Heizung Gartenstraße'), [v1.id]);
  });

  it('folds umlauts and ß: Mueller, muller and MÜLLER find Müller; Strasse finds Straße', async () => {
    for (const q of ['Müller', 'Mueller', 'muller', 'MÜLLER', 'Herr Mül']) {
      assert.deepEqual(await find(admin, q), [v1.id], q);
    }
    for (const q of ['Weiss', 'weiß', 'WEISS']) assert.deepEqual(await find(admin, q), [v3.id], q);
    assert.deepEqual(await find(admin, 'Gartenstrasse'), [v3.id, v1.id]);
    assert.deepEqual(await find(admin, 'Bahnhofstr'), [v2.id]);
    assert.deepEqual(await find(admin, 'prufen'), [v3.id]);
  });

  it('finds by the reporter’s e-mail address and phone, and by the unit', async () => {
    assert.deepEqual(await find(admin, 'mueller@example.org'), [v1.id]);
    assert.deepEqual(await find(admin, 'weiss@example'), [v3.id]);
    assert.deepEqual(await find(admin, '2345678'), [v3.id]);
    assert.deepEqual(await find(admin, '0171 2345678'), [v3.id]);
    assert.deepEqual(await find(admin, 'Dachgeschoss'), [v3.id]);
  });

  it('finds by the number whole or any part of it', async () => {
    const [, year, seq] = v2.number.split('-');
    for (const q of [v2.number, v2.number.toLowerCase(), `${year}-${seq}`, seq]) {
      assert.ok((await find(admin, q)).includes(v2.id), q);
    }
    assert.deepEqual(await find(admin, v2.number), [v2.id]);
  });

  it('searches internal comments for staff only', async () => {
    assert.deepEqual(await find(admin, 'Zaunpfahl'), [v1.id]);
    assert.deepEqual(await find(huber, 'Zaunpfahl'), [v1.id]);
    assert.deepEqual(await find(mueller, 'Zaunpfahl'), []);
  });

  it('shows only what the list shows: a tenant never finds another tenant’s Vorgang', async () => {
    assert.deepEqual(await find(mueller, 'Gartenstrasse'), [v1.id]);
    assert.deepEqual(await find(mueller, 'Rechnung'), []);
    assert.deepEqual(await find(mueller, 'Weiss'), []);
    assert.deepEqual(await find(weiss.client, 'Rechnung'), [v3.id]);
    assert.deepEqual(await find(weiss.client, 'Heizung'), []);
    assert.deepEqual(await find(huber, 'Schimmel'), []);
    assert.deepEqual(await find(schmidt, 'Schimmel'), [v2.id]);
    assert.deepEqual(await find(schmidt, 'Heizung'), []);
    const count = expectStatus(await admin.get('/processes/count?q=Gartenstrasse'), 200, 'count');
    assert.equal(count.count, 2);
  });

  it('another organisation never finds them', async () => {
    const x = await login(ctx.server.base, XYZ.email, XYZ.password);
    for (const q of ['Heizung', 'Müller', 'Gartenstrasse', v1.number]) assert.deepEqual(await find(x, q), [], q);
  });

  it('follows a renamed contact and a changed property address', async () => {
    expectStatus(await admin.patch(`/contacts/${ctx.tenant.id}`, { name: 'Herr Schulze' }), 200, 'rename');
    assert.deepEqual(await find(admin, 'Schulze'), [v1.id]);
    assert.deepEqual(await find(admin, 'Muller'), [v1.id], 'still by the e-mail address mueller@…');
    expectStatus(await admin.patch(`/properties/${ctx.prop2.id}`, { name: 'Lindenstraße 1', street: 'Lindenstraße 1' }),
      200, 'move');
    assert.deepEqual(await find(admin, 'Lindenstrasse'), [v2.id]);
    assert.deepEqual(await find(admin, 'Bahnhofstr'), []);
  });
});
