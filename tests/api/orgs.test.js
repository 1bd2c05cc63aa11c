// SPDX-License-Identifier: MIT
// Logins per organisation (issue 10, item 15): one address may have an
// account in each Hausverwaltung of an installation; no answer to one
// organisation reveals another's; login and password reset find the
// organisation (docs/operations.md, "Logins and organisations").

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, expectStatus, expectError, listAll, drainOutbox, extractToken, login, waitFor, ADMIN,
} from './harness.js';

const XYZ = { org: 'XYZ Verwaltung', email: 'admin@xyz.example', password: 'xyz-secret-4567' };

describe('logins per organisation', () => {
  let ctx; let smtp; let server; let admin; let x;
  let abcOrg; let xyzOrg;

  before(async () => {
    ctx = await startAll({ extraOrgs: [XYZ] });
    ({ smtp, server, admin } = ctx);
    x = await login(server.base, XYZ.email, XYZ.password);
    abcOrg = admin.user.org_id;
    xyzOrg = x.user.org_id;
  });
  after(async () => { if (ctx) await ctx.stop(); });

  /** Invites contact id of `by`, accepts the mail whose subject names orgName. */
  async function accept(by, id, email, orgName, password) {
    const t0 = Date.now();
    expectStatus(await by.post(`/contacts/${id}/invite`), 202, `invite ${email}`);
    const mail = await waitFor(() => smtp.mailsTo(email)
      .filter((m) => m.at >= t0 && m.subject.includes(orgName) && /token=/.test(m.text)).at(-1),
    5000, `invitation of ${orgName} to ${email}`);
    const r = await server.anon().post('/invitations/accept', { token: extractToken(mail.text), password });
    return expectStatus(r, 200, `accept ${orgName}`);
  }

  it('the login answer names the organisation (user.org_id), and the two differ', () => {
    assert.ok(Number.isInteger(abcOrg) && Number.isInteger(xyzOrg));
    assert.notEqual(abcOrg, xyzOrg);
  });

  it('an address used in one organisation can be used in another, as employee or contact; in the same one it is still 409', async () => {
    expectStatus(await admin.post('/employees', { name: 'Frau Doppelt', email: 'doppelt@example.org' }), 201, 'ABC employee');
    // Org B's answer says nothing about org A: no 409.
    const c = await x.post('/contacts', { name: 'Frau Doppelt', email: 'Doppelt@Example.org' });
    expectStatus(c, 201, 'XYZ contact with the same address');
    const e = await x.post('/employees', { name: 'Herr Admin', email: ADMIN.email });
    expectStatus(e, 201, 'XYZ employee with ABC’s admin address');
    // Within one organisation an address is still one login.
    expectError(await x.post('/contacts', { name: 'Noch einmal', email: 'doppelt@example.org' }), 409, 'conflict', 'email');
    expectError(await admin.post('/contacts', { name: 'Noch einmal', email: 'DOPPELT@example.org' }), 409, 'conflict', 'email');
    // Changing an address to one of another organisation works as well.
    const other = expectStatus(await x.post('/contacts', { name: 'Herr Wechsel' }), 201, 'contact');
    expectStatus(await x.patch(`/contacts/${other.id}`, { email: 'huber-wechsel@abc.example' }), 200, 'no address yet');
    expectStatus(await admin.post('/employees', { name: 'Frau Wechsel', email: 'wechsel@abc.example' }), 201, 'ABC');
    expectStatus(await x.patch(`/contacts/${other.id}`, { email: 'wechsel@abc.example' }), 200, 'an address ABC uses');
    // Neither list shows the other's account.
    assert.ok(!(await listAll(admin, '/contacts')).some((k) => k.email === 'wechsel@abc.example'));
    assert.equal((await listAll(x, '/employees')).filter((k) => k.email === ADMIN.email).length, 1);
  });

  describe('a tenant of two Hausverwaltungen', () => {
    const EMAIL = 'mieterin@example.org';
    let inA; let inB;

    before(async () => {
      inA = expectStatus(await admin.post('/contacts', { name: 'Frau Mieterin', email: EMAIL }), 201, 'ABC contact');
      inB = expectStatus(await x.post('/contacts', { name: 'Frau Mieterin', email: EMAIL }), 201, 'XYZ contact');
    });

    it('accepts each invitation into its own organisation’s account', async () => {
      const a = await accept(admin, inA.id, EMAIL, ADMIN.org, 'passwort-bei-abc-1');
      const b = await accept(x, inB.id, EMAIL, XYZ.org, 'passwort-bei-xyz-1');
      assert.equal(a.user.id, inA.id);
      assert.equal(a.user.org_id, abcOrg);
      assert.equal(b.user.id, inB.id);
      assert.equal(b.user.org_id, xyzOrg);
    });

    it('without org, the password picks the account; with org, that organisation’s account only', async () => {
      const a = await login(server.base, EMAIL, 'passwort-bei-abc-1');
      assert.equal(a.user.id, inA.id);
      const b = await login(server.base, EMAIL, 'passwort-bei-xyz-1');
      assert.equal(b.user.id, inB.id);
      assert.equal(expectStatus(await b.get('/me'), 200, 'me').user.org_id, xyzOrg);
      // Each session sees its own organisation only.
      const types = (await listAll(b, '/process-types')).map((t) => t.id);
      const abcTypes = (await listAll(a, '/process-types')).map((t) => t.id);
      assert.ok(!types.some((id) => abcTypes.includes(id)));
      const withOrg = await server.anon().post('/session', { email: EMAIL, password: 'passwort-bei-xyz-1', org: xyzOrg });
      assert.equal(expectStatus(withOrg, 200, 'with org').user.id, inB.id);
      // The other organisation's password with org is just wrong.
      const wrong = await server.anon().post('/session', { email: EMAIL, password: 'passwort-bei-xyz-1', org: abcOrg });
      expectError(wrong, 401, 'unauthenticated');
      const unknown = await server.anon().post('/session', { email: 'niemand@example.org', password: 'passwort-bei-xyz-1' });
      assert.equal(wrong.text, unknown.text, 'the same answer as for an unknown address');
      expectError(await server.anon().post('/session', { email: EMAIL, password: 'x'.repeat(12), org: 'abc' }),
        422, 'invalid_field', 'org');
    });

    it('the same password in both: 409 org_required names both organisations, and org then decides', async () => {
      // Frau Mieterin sets the same password at XYZ (reset from ABC's side is independent).
      const t0 = Date.now();
      expectStatus(await server.anon().post('/password-reset', { email: EMAIL, org: xyzOrg }), 202, 'reset at XYZ');
      const mail = await waitFor(() => smtp.mailsTo(EMAIL).filter((m) => m.at >= t0 && /token=/.test(m.text)).at(-1),
        5000, 'reset mail');
      assert.ok(mail.subject.includes(XYZ.org), `the reset with org is XYZ's: ${mail.subject}`);
      expectStatus(await server.anon().post('/password-reset/confirm',
        { token: extractToken(mail.text), password: 'passwort-bei-abc-1' }), 200, 'same password at XYZ');
      const r = await server.anon().post('/session', { email: EMAIL, password: 'passwort-bei-abc-1' });
      const err = expectError(r, 409, 'org_required', 'org');
      assert.deepEqual(err.orgs.map((o) => o.id).sort(), [abcOrg, xyzOrg].sort());
      assert.deepEqual(err.orgs.map((o) => o.name).sort(), [ADMIN.org, XYZ.org].sort());
      assert.ok(!r.setCookies.some((c) => c.startsWith('hd_session=')), 'no session yet');
      for (const [org, id] of [[abcOrg, inA.id], [xyzOrg, inB.id]]) {
        const ok = await server.anon().post('/session', { email: EMAIL, password: 'passwort-bei-abc-1', org });
        assert.equal(expectStatus(ok, 200, `org ${org}`).user.id, id);
      }
    });

    it('a reset without org sends one mail per account, each naming its organisation; each link resets its own account only', async () => {
      const before = (await drainOutbox(admin)).length;
      const t0 = Date.now();
      expectStatus(await server.anon().post('/password-reset', { email: EMAIL }), 202, 'reset');
      const mails = await waitFor(() => {
        const m = smtp.mailsTo(EMAIL).filter((y) => y.at >= t0 && /token=/.test(y.text));
        return m.length >= 2 && m;
      }, 5000, 'two reset mails');
      assert.equal(mails.length, 2);
      const forA = mails.find((m) => m.subject.includes(ADMIN.org));
      const forB = mails.find((m) => m.subject.includes(XYZ.org));
      assert.ok(forA && forB, `one mail per organisation: ${mails.map((m) => m.subject)}`);
      // Org A's outbox shows its mail only.
      const rows = await drainOutbox(admin);
      assert.equal(rows.length, before + 1, 'ABC’s mail log has one new mail');
      const b = expectStatus(await server.anon().post('/password-reset/confirm',
        { token: extractToken(forB.text), password: 'neu-bei-xyz-22' }), 200, 'reset B');
      assert.equal(b.user.id, inB.id);
      // A's password is unchanged; B's is the new one.
      assert.equal((await login(server.base, EMAIL, 'passwort-bei-abc-1')).user.id, inA.id);
      assert.equal((await login(server.base, EMAIL, 'neu-bei-xyz-22')).user.id, inB.id);
      const a = expectStatus(await server.anon().post('/password-reset/confirm',
        { token: extractToken(forA.text), password: 'neu-bei-abc-22' }), 200, 'reset A');
      assert.equal(a.user.id, inA.id);
    });

    it('org B’s admin sees only org B’s account of the address; org A’s contact is 404 to org B', async () => {
      const inXyz = await listAll(x, '/contacts');
      assert.deepEqual(inXyz.filter((k) => k.email === EMAIL).map((k) => k.id), [inB.id]);
      expectError(await x.get(`/contacts/${inA.id}`), 404, 'not_found');
    });
  });

  it('hausdesk init of another organisation whose admin has an account elsewhere gives them a second account', async () => {
    const r = await server.init('QRS Immobilien', ADMIN.email, 'qrs-secret-1234');
    assert.equal(r.code, 0, `init: ${r.stdout}${r.stderr}`);
    const q = await login(server.base, ADMIN.email, 'qrs-secret-1234');
    assert.equal(q.user.is_admin, true);
    assert.notEqual(q.user.org_id, abcOrg);
    assert.deepEqual((await listAll(q, '/employees')).map((e) => e.email), [ADMIN.email]);
    // ABC's admin still logs in with ABC's password, into ABC.
    assert.equal((await login(server.base, ADMIN.email, ADMIN.password)).user.org_id, abcOrg);
  });
});
