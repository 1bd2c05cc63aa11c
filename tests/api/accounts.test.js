// SPDX-License-Identifier: MIT
// Accounts: login, session cookie, /me, invitations, password reset, and the
// command line (--help, --version, init twice, init of a second organisation).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, expectStatus, expectError, hire, newRole, listAll, drainOutbox, extractToken,
  acceptInvitationFromMail, login, cookieFrom, runCli, addrOf, ADMIN, PASSWORD,
} from './harness.js';

describe('accounts', () => {
  let ctx; let smtp; let server; let admin;

  before(async () => {
    ctx = await startAll();
    ({ smtp, server, admin } = ctx);
  });
  after(async () => { if (ctx) await ctx.stop(); });

  describe('login and session', () => {
    it('a wrong password or an unknown e-mail is 401 with the same answer, and sets no cookie', async () => {
      const anon = server.anon();
      const a = await anon.post('/session', { email: ADMIN.email, password: 'falsches-passwort' });
      expectError(a, 401, 'unauthenticated');
      assert.equal(cookieFrom(a.setCookies), null);
      const b = await anon.post('/session', { email: 'niemand@abc.example', password: 'falsches-passwort' });
      expectError(b, 401, 'unauthenticated');
      assert.equal(cookieFrom(b.setCookies), null);
      assert.equal(a.body.error.message, b.body.error.message, 'no account enumeration');
    });

    it('the session cookie is HttpOnly and SameSite=Lax; login answers user and csrf_token', async () => {
      const r = await server.anon().post('/session', { email: ADMIN.email, password: ADMIN.password });
      const body = expectStatus(r, 200, 'login');
      const c = cookieFrom(r.setCookies);
      assert.ok(c, `hd_session cookie set: ${JSON.stringify(r.setCookies)}`);
      assert.ok(c.value.length >= 20, 'session id is long');
      assert.match(c.header, /;\s*HttpOnly/i);
      assert.match(c.header, /;\s*SameSite=Lax/i);
      assert.equal(typeof body.csrf_token, 'string');
      assert.ok(body.csrf_token.length >= 16);
      for (const k of ['id', 'name', 'email', 'kind', 'is_admin']) assert.ok(k in body.user, `user.${k}`);
      assert.equal(body.user.email, ADMIN.email);
      assert.equal(body.user.kind, 'employee');
      assert.equal(body.user.is_admin, true);
      assert.ok(!('password' in body.user) && !('password_hash' in body.user), 'no password in the answer');
      assert.ok(!r.text.includes(ADMIN.password));
    });

    it('GET /me answers the user with a session and 401 without', async () => {
      const me = expectStatus(await admin.get('/me'), 200, 'GET /me');
      assert.equal(me.user.id, admin.user.id);
      assert.equal(me.user.email, ADMIN.email);
      assert.equal(me.user.kind, 'employee');
      assert.equal(me.user.is_admin, true);
      expectError(await server.anon().get('/me'), 401, 'unauthenticated');
      expectError(await server.client({ cookie: 'erfunden-1234567890abcdef' }).get('/me'), 401, 'unauthenticated');
    });

    it('after 10 wrong passwords for an address, logins for it are refused with 429 — even the right one; other addresses are unaffected', async () => {
      const e = await hire(server, smtp, admin, { name: 'Frau Rate', email: 'rate@abc.example' });
      const anon = server.anon();
      for (let i = 0; i < 10; i++) {
        expectError(await anon.post('/session', { email: e.email, password: `falsch-${i}-xxxxxx` }), 401, 'unauthenticated');
      }
      const r = await anon.post('/session', { email: e.email, password: e.password });
      expectError(r, 429, 'too_many_requests');
      assert.equal(cookieFrom(r.setCookies), null, 'no session while throttled');
      expectStatus(await anon.post('/session', { email: ADMIN.email, password: ADMIN.password }), 200, 'another address');
      // The session started before is untouched.
      expectStatus(await e.client.get('/me'), 200, 'existing session');
    });

    it('GET /me tells a cookie session its CSRF token (a new tab needs it), a bearer token none', async () => {
      const me = expectStatus(await admin.get('/me'), 200, 'GET /me');
      assert.equal(me.csrf_token, admin.csrf);
      const tok = expectStatus(await admin.post('/tokens', { name: 'me-test' }), 201, 'token');
      const bearer = expectStatus(await server.client({ bearer: tok.token }).get('/me'), 200, 'GET /me bearer');
      assert.ok(!('csrf_token' in bearer), 'no CSRF token for a bearer token');
    });
  });

  describe('invitations', () => {
    it('an invited employee cannot log in before accepting', async () => {
      expectStatus(await admin.post('/employees', { name: 'Frau Wartend', email: 'wartend@abc.example' }), 201, 'POST');
      await smtp.waitForMailTo('wartend@abc.example');
      expectError(await server.anon().post('/session', { email: 'wartend@abc.example', password: PASSWORD }), 401, 'unauthenticated');
    });

    it('a password shorter than 10 characters is refused with 422 and the token stays usable; 10 characters work', async () => {
      expectStatus(await admin.post('/employees', { name: 'Herr Kurz', email: 'kurz@abc.example' }), 201, 'POST');
      const mail = await smtp.waitForMailTo('kurz@abc.example', (m) => /token=/.test(m.text));
      assert.ok(mail.text.includes(server.base), 'link uses HAUSDESK_BASE_URL');
      const token = extractToken(mail.text);
      expectError(await server.anon().post('/invitations/accept', { token, password: '123456789' }), 422, 'invalid_field', 'password');
      expectError(await server.anon().post('/invitations/accept', { token, password: '' }), 422, 'invalid_field', 'password');
      expectError(await server.anon().post('/invitations/accept', { token }), 422, 'invalid_field', 'password');
      const ok = await server.anon().post('/invitations/accept', { token, password: '1234567890' });
      const body = expectStatus(ok, 200, 'accept with 10 characters');
      assert.equal(body.user.email, 'kurz@abc.example');
      await login(server.base, 'kurz@abc.example', '1234567890');
    });

    it('an invitation token is single use: the second accept is 410 token_used; an unknown token is 400 invalid_token', async () => {
      expectStatus(await admin.post('/employees', { name: 'Frau Einmal', email: 'einmal@abc.example' }), 201, 'POST');
      const first = await acceptInvitationFromMail(smtp, server, 'einmal@abc.example', PASSWORD);
      expectStatus(first, 200, 'first accept');
      const again = await server.anon().post('/invitations/accept', { token: first.token, password: 'anderes-passwort-1' });
      expectError(again, 410, 'token_used');
      // the second attempt did not change the password
      await login(server.base, 'einmal@abc.example', PASSWORD);
      expectError(await server.anon().post('/session', { email: 'einmal@abc.example', password: 'anderes-passwort-1' }),
        401, 'unauthenticated');
      expectError(await server.anon().post('/invitations/accept', { token: 'gibt-es-nicht_123', password: PASSWORD }),
        400, 'invalid_token');
      const e = (await listAll(admin, '/employees')).find((x) => x.email === 'einmal@abc.example');
      assert.notEqual(e.status, 'invited', 'status is no longer invited after accepting');
    });

    it('an invitation mail has kind invite_employee and is addressed to the employee only', async () => {
      const rows = await drainOutbox(admin);
      const inv = rows.filter((m) => addrOf(m.to) === 'einmal@abc.example');
      assert.deepEqual(inv.map((m) => m.kind), ['invite_employee']);
      assert.equal(inv[0].process_id, null);
    });

    it('a contact without e-mail cannot be invited (422 field email)', async () => {
      const c = expectStatus(await admin.post('/contacts', { name: 'Herr Ohne' }), 201, 'contact');
      expectError(await admin.post(`/contacts/${c.id}/invite`), 422, 'invalid_field', 'email');
    });

    it('a deactivated employee can no longer log in and their open session ends (401)', async () => {
      const e = await hire(server, smtp, admin, { name: 'Herr Weg', email: 'weg@abc.example' });
      expectStatus(await e.client.get('/me'), 200, 'before deactivation');
      const r = expectStatus(await admin.patch(`/employees/${e.id}`, { active: false }), 200, 'deactivate');
      assert.equal(r.active, false);
      expectError(await server.anon().post('/session', { email: e.email, password: PASSWORD }), 401, 'unauthenticated');
      expectError(await e.client.get('/me'), 401, 'unauthenticated');
      // re-activation restores the login
      expectStatus(await admin.patch(`/employees/${e.id}`, { active: true }), 200, 'reactivate');
      await login(server.base, e.email, PASSWORD);
    });

    it('a deactivated admin’s API token is refused on the very next request (401), and stays revoked after re-activation', async () => {
      const e = await hire(server, smtp, admin, { name: 'Frau Schnittstelle', email: 'schnitt@abc.example', is_admin: true });
      const tok = expectStatus(await e.client.post('/tokens', { name: 'ERP' }), 201, 'POST /tokens');
      const b = server.bearer(tok.token);
      // Twice: the second answer may come from the server's credential cache.
      expectStatus(await b.get('/me'), 200, 'bearer before deactivation');
      expectStatus(await b.get('/employees'), 200, 'bearer before deactivation');
      expectStatus(await admin.patch(`/employees/${e.id}`, { active: false }), 200, 'deactivate');
      expectError(await b.get('/employees'), 401, 'unauthenticated');
      expectError(await b.get('/me'), 401, 'unauthenticated');
      expectError(await e.client.get('/me'), 401, 'unauthenticated');
      // Deactivation revoked the token: re-activation gives back the
      // login, not the token (issue 10, item 12).
      expectStatus(await admin.patch(`/employees/${e.id}`, { active: true }), 200, 'reactivate');
      expectError(await b.get('/me'), 401, 'unauthenticated');
      assert.ok(!(await listAll(admin, '/tokens')).some((t) => t.id === tok.id), 'the token is gone from GET /tokens');
      const again = await login(server.base, e.email, PASSWORD);
      const tok2 = expectStatus(await again.post('/tokens', { name: 'ERP neu' }), 201, 'a new token');
      expectStatus(await server.bearer(tok2.token).get('/me'), 200, 'the new token works');
    });

    it('a renamed employee’s next /me carries the new name, with a cookie session and a bearer token', async () => {
      const e = await hire(server, smtp, admin, { name: 'Herr Alt', email: 'umbenannt@abc.example', is_admin: true });
      const b = server.bearer(expectStatus(await e.client.post('/tokens', { name: 'n' }), 201, 'token').token);
      for (const c of [e.client, b]) {
        assert.equal(expectStatus(await c.get('/me'), 200, 'me').user.name, 'Herr Alt');
        assert.equal(expectStatus(await c.get('/me'), 200, 'me').user.name, 'Herr Alt');
      }
      expectStatus(await admin.patch(`/employees/${e.id}`, { name: 'Herr Neu-Name' }), 200, 'rename');
      for (const c of [e.client, b]) {
        assert.equal(expectStatus(await c.get('/me'), 200, 'me after rename').user.name, 'Herr Neu-Name');
      }
    });
  });

  describe('password reset', () => {
    let emp;
    before(async () => {
      emp = await hire(server, smtp, admin, { name: 'Frau Vergesslich', email: 'vergesslich@abc.example' });
    });

    it('an unknown address gets 202 and no mail is written', async () => {
      const before = (await listAll(admin, '/mail')).length;
      const t0 = Date.now();
      const r = await server.anon().post('/password-reset', { email: 'unbekannt@abc.example' });
      assert.equal(r.status, 202, `${r.status} ${r.text}`);
      const known = await server.anon().post('/password-reset', { email: emp.email });
      assert.equal(known.status, 202);
      assert.equal(r.text, known.text, 'same answer for known and unknown addresses');
      await smtp.waitForMailTo(emp.email, (m) => m.at >= t0);
      const rows = await drainOutbox(admin);
      assert.equal(rows.length, before + 1, 'only the known address got a mail row');
      assert.ok(!rows.some((m) => addrOf(m.to) === 'unbekannt@abc.example'));
      assert.equal(smtp.mailsTo('unbekannt@abc.example').length, 0);
      const reset = rows.filter((m) => addrOf(m.to) === emp.email && m.kind === 'password_reset');
      assert.equal(reset.length, 1);
    });

    it('the reset link works once; a second use is 410; the new password works and the old one does not', async () => {
      const t0 = Date.now();
      expect202(await server.anon().post('/password-reset', { email: emp.email }));
      const mail = await smtp.waitForMailTo(emp.email, (m) => m.at >= t0 && /token=/.test(m.text));
      assert.ok(mail.text.includes(server.base), 'reset link uses HAUSDESK_BASE_URL');
      const token = extractToken(mail.text);
      assert.ok(token);
      // too short: refused, token not consumed
      expectError(await server.anon().post('/password-reset/confirm', { token, password: 'kurz' }), 422, 'invalid_field', 'password');
      expectStatus(await emp.client.get('/me'), 200, 'the session from before the reset');
      expectStatus(await server.anon().post('/password-reset/confirm', { token, password: 'neues-passwort-99' }), 200, 'confirm');
      // A new password ends the sessions started with the old one.
      expectError(await emp.client.get('/me'), 401, 'unauthenticated');
      expectError(await server.anon().post('/password-reset/confirm', { token, password: 'noch-ein-passwort-1' }), 410, 'token_used');
      await login(server.base, emp.email, 'neues-passwort-99');
      expectError(await server.anon().post('/session', { email: emp.email, password: PASSWORD }), 401, 'unauthenticated');
      expectError(await server.anon().post('/session', { email: emp.email, password: 'noch-ein-passwort-1' }), 401, 'unauthenticated');
    });

    it('an unknown reset token is 400 invalid_token; an invitation token is not a reset token', async () => {
      expectError(await server.anon().post('/password-reset/confirm', { token: 'voellig-unbekannt_42', password: 'neues-passwort-99' }),
        400, 'invalid_token');
      expectStatus(await admin.post('/employees', { name: 'Herr Neu', email: 'neu@abc.example' }), 201, 'POST');
      const inv = await smtp.waitForMailTo('neu@abc.example', (m) => /token=/.test(m.text));
      const r = await server.anon().post('/password-reset/confirm', { token: extractToken(inv.text), password: 'neues-passwort-99' });
      assert.ok([400, 410].includes(r.status), `invitation token used as reset token: ${r.status} ${r.text}`);
      expectError(await server.anon().post('/session', { email: 'neu@abc.example', password: 'neues-passwort-99' }), 401);
    });

    it('a contact can reset their portal password too', async () => {
      const c = expectStatus(await admin.post('/contacts', { name: 'Frau Portal', email: 'portal@example.org' }), 201, 'contact');
      expectStatus(await admin.post(`/contacts/${c.id}/invite`), 202, 'invite');
      expectStatus(await acceptInvitationFromMail(smtp, server, 'portal@example.org', PASSWORD), 200, 'accept');
      const t0 = Date.now();
      expect202(await server.anon().post('/password-reset', { email: 'portal@example.org' }));
      const mail = await smtp.waitForMailTo('portal@example.org', (m) => m.at >= t0 && /token=/.test(m.text));
      expectStatus(await server.anon().post('/password-reset/confirm',
        { token: extractToken(mail.text), password: 'portal-neu-12345' }), 200, 'confirm');
      const cl = await login(server.base, 'portal@example.org', 'portal-neu-12345');
      assert.equal(cl.user.kind, 'contact');
    });
  });

  describe('command line', () => {
    it('hausdesk --help, CMD --help and --version exit 0', async () => {
      const h = await runCli(['--help']);
      assert.equal(h.code, 0, `--help: ${h.error || ''}${h.stderr}`);
      assert.match(h.stdout + h.stderr, /init/);
      assert.match(h.stdout + h.stderr, /serve/);
      const v = await runCli(['--version']);
      assert.equal(v.code, 0, `--version: ${v.stderr}`);
      assert.match(v.stdout, /\d+\.\d+\.\d+/);
      for (const cmd of ['init', 'serve', 'demo']) {
        const r = await runCli([cmd, '--help']);
        assert.equal(r.code, 0, `${cmd} --help: ${r.stderr}`);
        assert.match(r.stdout + r.stderr, /--db/);
      }
    });

    it('an unknown command or missing option exits non-zero with a message', async () => {
      const r = await runCli(['gibtsnicht']);
      assert.notEqual(r.code, 0);
      assert.ok((r.stderr + r.stdout).trim().length > 0);
      const i = await runCli(['init']);
      assert.notEqual(i.code, 0, 'init without --db fails');
    });

    it('init twice on the live database is safe: exit 0, data and password kept', async () => {
      const role = await newRole(admin, 'Vor dem zweiten init');
      const r = await server.init(ADMIN.org, ADMIN.email, ADMIN.password);
      assert.equal(r.code, 0, `second init: ${r.stdout}${r.stderr}`);
      const a = await login(server.base, ADMIN.email, ADMIN.password);
      assert.ok((await listAll(a, '/roles')).some((x) => x.id === role.id && x.name === role.name));
      const emps = await listAll(a, '/employees');
      assert.equal(emps.filter((x) => x.email === ADMIN.email).length, 1, 'no duplicate admin');
      expectStatus(await admin.get('/me'), 200, 'existing sessions survive');
    });

    it('init of a second organisation while the server runs: its admin logs in and sees an empty organisation', async () => {
      const r = await server.init('XYZ Verwaltung', 'admin@xyz.example', 'xyz-secret-789');
      assert.equal(r.code, 0, `init second org: ${r.stdout}${r.stderr}`);
      const x = await login(server.base, 'admin@xyz.example', 'xyz-secret-789');
      assert.equal(x.user.is_admin, true);
      assert.deepEqual(await listAll(x, '/roles'), []);
      assert.deepEqual((await listAll(x, '/employees')).map((e) => e.email), ['admin@xyz.example']);
      // and org A is untouched
      assert.ok(!(await listAll(admin, '/employees')).some((e) => e.email === 'admin@xyz.example'));
    });
  });

  function expect202(r) {
    assert.equal(r.status, 202, `${r.status} ${r.text}`);
  }
});
