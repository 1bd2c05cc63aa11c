// SPDX-License-Identifier: MIT
// API tokens (issue 10, item 12): listed and revoked by the organisation's
// admins, an optional expiry, when each was last used — written at most
// once a minute per token, not on every request — and revoked for good
// when their user is deactivated.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, expectStatus, expectError, hire, listAll, drainOutbox, login, waitFor,
} from './harness.js';

const XYZ = { org: 'XYZ Verwaltung', email: 'admin@xyz.example', password: 'xyz-secret-4567' };

/** The value of a counter in /metrics. */
async function metric(server, name) {
  const r = await fetch(`${server.base}/metrics`);
  const text = await r.text();
  const m = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
  assert.ok(m, `${name} in /metrics`);
  return Number(m[1]);
}

describe('API tokens', () => {
  let ctx; let smtp; let server; let admin; let x;

  before(async () => {
    ctx = await startAll({ extraOrgs: [XYZ] });
    ({ smtp, server, admin } = ctx);
    x = await login(server.base, XYZ.email, XYZ.password);
  });
  after(async () => { if (ctx) await ctx.stop(); });

  it('GET /tokens lists the organisation’s tokens with creator, creation, expiry and last use — never the token itself', async () => {
    const created = expectStatus(await admin.post('/tokens', { name: 'ERP-Schnittstelle' }), 201, 'create');
    assert.equal(typeof created.token, 'string');
    assert.equal(created.name, 'ERP-Schnittstelle');
    assert.equal(created.expires_at, null);
    assert.equal(created.last_used_at, null);
    assert.equal(created.user.id, admin.user.id);
    assert.match(created.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const r = await admin.get('/tokens');
    const body = expectStatus(r, 200, 'GET /tokens');
    const t = body.items.find((i) => i.id === created.id);
    assert.ok(t, 'listed');
    assert.deepEqual(Object.keys(t).sort(), ['created_at', 'expires_at', 'id', 'last_used_at', 'name', 'scope', 'user']);
    assert.equal(t.scope, 'all', 'a token acts as its user unless made an intake token');
    assert.equal(t.user.name, admin.user.name);
    assert.ok(!r.text.includes(created.token), 'the token is shown only when created');
    // Another organisation sees none of them, and its own only.
    const xt = expectStatus(await x.post('/tokens', { name: 'XYZ-Import' }), 201, 'XYZ token');
    assert.deepEqual((await listAll(x, '/tokens')).map((i) => i.id), [xt.id]);
    assert.ok(!(await listAll(admin, '/tokens')).some((i) => i.id === xt.id));
  });

  it('only admins list and revoke tokens', async () => {
    const e = await hire(server, smtp, admin, { name: 'Herr Kein-Admin', email: 'keinadmin@abc.example' });
    expectError(await e.client.get('/tokens'), 403, 'forbidden');
    const t = expectStatus(await admin.post('/tokens', { name: 'bleibt' }), 201, 'token');
    expectError(await e.client.del(`/tokens/${t.id}`), 403, 'forbidden');
    expectStatus(await server.bearer(t.token).get('/me'), 200, 'still works');
  });

  it('DELETE /tokens/{id} revokes at once — the very next request is 401, also after cached ones; another organisation’s id is 404 and keeps working', async () => {
    const t = expectStatus(await admin.post('/tokens', { name: 'weg damit' }), 201, 'token');
    const b = server.bearer(t.token);
    // Twice: the second answer may come from the credential cache.
    expectStatus(await b.get('/roles'), 200, 'before');
    expectStatus(await b.get('/roles'), 200, 'before, cached');
    const xt = expectStatus(await x.post('/tokens', { name: 'fremd' }), 201, 'XYZ token');
    expectError(await admin.del(`/tokens/${xt.id}`), 404, 'not_found');
    expectStatus(await server.bearer(xt.token).get('/me'), 200, 'the other organisation’s token works');
    expectStatus(await admin.del(`/tokens/${t.id}`), 204, 'revoke');
    expectError(await b.get('/roles'), 401, 'unauthenticated');
    expectError(await b.get('/me'), 401, 'unauthenticated');
    assert.ok(!(await listAll(admin, '/tokens')).some((i) => i.id === t.id), 'gone from the list');
    expectError(await admin.del(`/tokens/${t.id}`), 404, 'not_found');
    // A token can revoke itself.
    const self = expectStatus(await admin.post('/tokens', { name: 'selbst' }), 201, 'token');
    expectStatus(await server.bearer(self.token).del(`/tokens/${self.id}`), 204, 'revokes itself');
    expectError(await server.bearer(self.token).get('/me'), 401, 'unauthenticated');
  });

  it('a token with expires_at works until then and not after; a past, malformed or non-string expiry is 422 and creates nothing', async () => {
    const n = (await listAll(admin, '/tokens')).length;
    const past = new Date(Date.now() - 60000).toISOString();
    expectError(await admin.post('/tokens', { name: 'alt', expires_at: past }), 422, 'invalid_field', 'expires_at');
    expectError(await admin.post('/tokens', { name: 'kaputt', expires_at: '31.12.2030' }), 422, 'invalid_field', 'expires_at');
    expectError(await admin.post('/tokens', { name: 'zahl', expires_at: 1900000000 }), 422, 'invalid_field', 'expires_at');
    assert.equal((await listAll(admin, '/tokens')).length, n, 'nothing created');
    const later = expectStatus(await admin.post('/tokens', { name: 'Jahr', expires_at: '2099-12-31T23:59:59Z' }), 201, 'long');
    assert.equal(later.expires_at, '2099-12-31T23:59:59Z');
    // Whole seconds: two or three from now.
    const soon = new Date(Math.ceil((Date.now() + 2000) / 1000) * 1000);
    const t = expectStatus(await admin.post('/tokens', { name: 'kurz', expires_at: soon.toISOString() }), 201, 'short');
    assert.equal(t.expires_at, soon.toISOString().replace('.000Z', 'Z'));
    const b = server.bearer(t.token);
    expectStatus(await b.get('/me'), 200, 'before the expiry');
    await waitFor(async () => (await b.get('/me')).status === 401, 10000, 'the token to expire');
    assert.ok(Date.now() >= soon.getTime(), 'refused only from its expiry on');
    expectError(await b.get('/roles'), 401, 'unauthenticated');
    expectStatus(await server.bearer(later.token).get('/me'), 200, 'the long one still works');
  });

  it('last_used_at shows a token’s use; fifty more requests within the minute do not write it again', async () => {
    const t = expectStatus(await admin.post('/tokens', { name: 'Zähler' }), 201, 'token');
    const b = server.bearer(t.token);
    const t0 = Math.floor(Date.now() / 1000) * 1000;
    expectStatus(await b.get('/me'), 200, 'first use');
    const seen = await waitFor(async () => (await listAll(admin, '/tokens')).find((i) => i.id === t.id && i.last_used_at),
      5000, 'last_used_at to be written');
    assert.ok(Date.parse(seen.last_used_at) >= t0, `${seen.last_used_at} is the use just made`);
    await drainOutbox(admin);
    const jobs = await metric(server, 'hausdesk_db_write_jobs_total');
    for (let i = 0; i < 50; i++) expectStatus(await b.get('/roles'), 200, `use ${i}`);
    // Another token's first use is written: once that shows, whatever the
    // fifty requests had to write has been written too.
    const other = expectStatus(await x.post('/tokens', { name: 'Marker' }), 201, 'marker');
    expectStatus(await server.bearer(other.token).get('/me'), 200, 'marker use');
    await waitFor(async () => (await listAll(x, '/tokens')).find((i) => i.id === other.id && i.last_used_at),
      5000, 'the marker’s last_used_at');
    const after = await metric(server, 'hausdesk_db_write_jobs_total');
    // Creating the marker is one job, writing its use another.
    assert.ok(after - jobs <= 3, `fifty bearer GETs and the marker took ${after - jobs} write jobs`);
    const again = (await listAll(admin, '/tokens')).find((i) => i.id === t.id);
    assert.equal(again.last_used_at, seen.last_used_at, 'not written again within the minute');
  });

  it('deactivating an employee revokes their tokens (gone from the list) and sessions; reactivating does not bring them back', async () => {
    const e = await hire(server, smtp, admin, { name: 'Frau Abgang', email: 'abgang@abc.example', is_admin: true });
    const t1 = expectStatus(await e.client.post('/tokens', { name: 'A1' }), 201, 'token 1');
    const t2 = expectStatus(await e.client.post('/tokens', { name: 'A2', expires_at: '2099-01-01T00:00:00Z' }), 201, 'token 2');
    const mine = expectStatus(await admin.post('/tokens', { name: 'bleibt' }), 201, 'the admin’s own');
    expectStatus(await server.bearer(t1.token).get('/me'), 200, 'before');
    expectStatus(await admin.patch(`/employees/${e.id}`, { active: false }), 200, 'deactivate');
    const ids = (await listAll(admin, '/tokens')).map((i) => i.id);
    assert.ok(!ids.includes(t1.id) && !ids.includes(t2.id), 'both revoked');
    assert.ok(ids.includes(mine.id), 'other users’ tokens stay');
    expectError(await e.client.get('/me'), 401, 'unauthenticated');
    expectStatus(await admin.patch(`/employees/${e.id}`, { active: true }), 200, 'reactivate');
    for (const t of [t1, t2]) expectError(await server.bearer(t.token).get('/me'), 401, 'unauthenticated');
    expectStatus(await server.bearer(mine.token).get('/me'), 200, 'the admin’s token works');
  });
});
