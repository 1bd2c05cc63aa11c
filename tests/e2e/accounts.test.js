// SPDX-License-Identifier: MIT
// Accounts in the browser (issue 10): the admin page API-Tokens (create
// with a name and an expiry, the token shown once, last use, revoke), the
// choice of Hausverwaltung when a login fits accounts in two, and a
// slowed-down address: a fresh browser is told to wait, the owner's own
// browser (its device cookie) logs in.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, launchBrowser, newPage, onPages, expectHeading, expectVisible, expectHidden, expectText,
  loginUi, passwordInput, statusMessage, expectAccessible, waitFor, ADMIN,
} from './harness.js';
import { expectStatus, hire, extractToken, login } from '../api/harness.js';

const XYZ = { org: 'XYZ Verwaltung', email: 'admin@xyz.example', password: 'xyz-secret-4567' };

describe('accounts in the browser', () => {
  let env; let browser;

  before(async () => {
    env = await startAll({ extraOrgs: [XYZ] });
    browser = await launchBrowser();
  });

  after(async () => {
    if (browser) await browser.close();
    if (env) await env.stop();
  });

  it('Administration → API-Tokens: create one with a name and an expiry, see it once, see its use, revoke it', async () => {
    const page = await newPage(browser);
    page.who = 'admin';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, ADMIN.email, ADMIN.password);
      await page.getByRole('link', { name: 'Administration', exact: true }).click();
      await page.getByRole('link', { name: 'API-Tokens', exact: true }).click();
      await expectHeading(page, 'API-Tokens');
      await expectVisible(page.getByText('Noch keine API-Tokens.'), 'the empty list');
      await expectAccessible(page, 'the API-Tokens page');

      await page.getByRole('button', { name: 'Neues API-Token' }).click();
      const dlg = page.getByRole('dialog');
      await dlg.getByLabel('Bezeichnung').fill('ERP-Schnittstelle');
      await dlg.getByLabel(/Gültig bis/).fill('2099-12-31');
      await dlg.getByRole('button', { name: 'Token anlegen' }).click();
      const shown = await expectVisible(page.getByRole('dialog').getByLabel('Token', { exact: true }), 'the new token');
      const token = await shown.inputValue();
      assert.match(token, /^[A-Za-z0-9_-]{40,}$/);
      await expectAccessible(page, 'the dialog showing the token');
      await page.getByRole('dialog').getByRole('button', { name: 'Schließen' }).click();
      await expectHidden(page.getByRole('dialog'), 'the dialog');

      const row = page.getByRole('row').filter({ hasText: 'ERP-Schnittstelle' });
      await expectText(row, (s) => s.includes('31.12.2099') && s.includes('Noch nie') && s.includes('Administrator'),
        'the row with expiry, creator and no use yet');
      assert.ok(!(await page.locator('main').innerText()).includes(token), 'the list does not show the token');

      // An integration uses it; the page shows when.
      expectStatus(await env.server.bearer(token).get('/me'), 200, 'the token works');
      await waitFor(async () => {
        await page.reload();
        await expectHeading(page, 'API-Tokens');
        const text = await page.getByRole('row').filter({ hasText: 'ERP-Schnittstelle' }).innerText();
        return !text.includes('Noch nie');
      }, 10000, 'the last use to show');

      await page.getByRole('row').filter({ hasText: 'ERP-Schnittstelle' }).getByRole('button', { name: 'Widerrufen' }).click();
      await expectVisible(page.getByRole('dialog').getByText('API-Token „ERP-Schnittstelle“ widerrufen?'), 'the question');
      await page.getByRole('dialog').getByRole('button', { name: 'Widerrufen' }).click();
      await expectVisible(statusMessage(page, 'Token widerrufen'), 'the confirmation');
      await expectVisible(page.getByText('Noch keine API-Tokens.'), 'the empty list again');
      const r = await env.server.bearer(token).get('/me');
      assert.equal(r.status, 401, `the revoked token: ${r.status} ${r.text}`);
    });
    await page.context().close();
  });

  it('a tenant of two Hausverwaltungen with one password chooses which one on the login page', async () => {
    const { smtp, server, admin } = env;
    const x = await login(server.base, XYZ.email, XYZ.password);
    const email = 'zweimal@example.org';
    const pw = 'ein-passwort-fuer-beide';
    for (const [by, org] of [[admin, ADMIN.org], [x, XYZ.org]]) {
      const c = expectStatus(await by.post('/contacts', { name: 'Frau Zweimal', email }), 201, 'contact');
      const t0 = Date.now();
      expectStatus(await by.post(`/contacts/${c.id}/invite`), 202, 'invite');
      const mail = await waitFor(() => smtp.mailsTo(email).filter((m) => m.at >= t0 && m.subject.includes(org)).at(-1),
        5000, `invitation from ${org}`);
      expectStatus(await server.anon().post('/invitations/accept', { token: extractToken(mail.text), password: pw }),
        200, 'accept');
    }
    const page = await newPage(browser);
    page.who = 'Frau Zweimal';
    await onPages(page, async () => {
      await page.goto(`${server.base}/portal/login`);
      await expectHeading(page, 'Anmelden im Kundenportal');
      await page.getByLabel('E-Mail-Adresse').fill(email);
      await passwordInput(page, 'Passwort').fill(pw);
      await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
      const group = page.getByRole('group', { name: 'Hausverwaltung' });
      await expectVisible(group, 'the choice of Hausverwaltung');
      await expectVisible(group.getByRole('radio', { name: ADMIN.org }), ADMIN.org);
      await expectAccessible(page, 'the login page with the choice');
      await group.getByRole('radio', { name: XYZ.org }).check();
      await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
      await expectHeading(page, 'Meine Anfragen');
      const me = await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).user);
      assert.equal(me.org_id, x.user.org_id, 'logged in at XYZ');
    });
    await page.context().close();
  });

  it('a slowed-down address: a new browser is told how long to wait; the owner’s browser logs in', async () => {
    const { smtp, server, admin } = env;
    const e = await hire(server, smtp, admin, { name: 'Frau Gebremst', email: 'gebremst@abc.example' });
    const own = await newPage(browser);
    own.who = 'her own browser';
    const other = await newPage(browser);
    other.who = 'a new browser';
    await onPages([own, other], async () => {
      await loginUi(own, server.base, e.email, e.password);
      await own.getByRole('button', { name: 'Abmelden' }).click();
      await expectHeading(own, 'Anmelden');
      // Somebody guesses her password ten times.
      for (let i = 0; i < 10; i++) {
        const r = await server.anon().post('/session', { email: e.email, password: `geraten-${i}-xxxxx` });
        assert.equal(r.status, 401);
      }
      await other.goto(`${server.base}/login`);
      await other.getByLabel('E-Mail-Adresse').fill(e.email);
      await passwordInput(other, 'Passwort').fill(e.password);
      await other.getByRole('button', { name: 'Anmelden', exact: true }).click();
      await expectVisible(other.getByRole('alert').filter({ hasText: /Zu viele fehlgeschlagene Anmeldungen\. Bitte versuchen Sie es in \d+ Min\. erneut/ }),
        'the message to wait');
      await expectAccessible(other, 'the login page telling to wait');
      // Her own browser carries the device cookie of her last login.
      await own.getByLabel('E-Mail-Adresse').fill(e.email);
      await passwordInput(own, 'Passwort').fill(e.password);
      await own.getByRole('button', { name: 'Anmelden', exact: true }).click();
      await expectHeading(own, 'Meine Vorgänge');
    });
    await own.context().close();
    await other.context().close();
  });
});
