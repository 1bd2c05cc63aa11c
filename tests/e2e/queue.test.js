// SPDX-License-Identifier: MIT
// The work queue in the browser (issue 13, item 1): "Meine Vorgänge" shows
// "Offen" by default with its total and unread marks, assignees as chips,
// Back from a Vorgang returns to the loaded pages and the same place, bulk
// status change of selected rows, the property type-ahead, and the search
// box with its words marked; at desktop
// and phone size, without serious accessibility violations.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, launchBrowser, newPage, onPages, loginUi, expectHeading, expectVisible, expectText,
  expectAccessible, waitFor, shoot, PASSWORD, PHONE,
} from './harness.js';
import {
  expectStatus, newRole, newProperty, newType, hire, listAll,
} from '../api/harness.js';

const N_OPEN = 60; // more than a page (50)

describe('the work queue in the browser', () => {
  let env; let browser; let huber; let prop; let other; let done;

  before(async () => {
    env = await startAll();
    const { admin, smtp, server } = env;
    const role = await newRole(admin, 'Technik');
    prop = await newProperty(admin, { name: 'Lindenstraße 5', street: 'Lindenstraße 5' });
    other = await newProperty(admin, { name: 'Ahornweg 9', street: 'Ahornweg 9' });
    const type = await newType(admin, 'Schadensmeldung', [role.id]);
    huber = await hire(server, smtp, admin, { name: 'Frau Huber', email: 'huber@abc.example' });
    const kurz = await hire(server, smtp, admin, { name: 'Herr Kurz', email: 'kurz@abc.example' });
    const lang = await hire(server, smtp, admin, { name: 'Frau Lang', email: 'lang@abc.example' });
    for (const p of [prop, other]) {
      for (const e of [huber, kurz, lang]) {
        expectStatus(await admin.post(`/properties/${p.id}/staff`, { employee_id: e.id, role_id: role.id }), 201);
      }
    }
    const tenant = expectStatus(await admin.post('/contacts', { name: 'Frau Yilmaz', email: 'yilmaz@example.org' }), 201);
    for (const p of [prop, other]) {
      expectStatus(await admin.post(`/properties/${p.id}/residents`, { contact_id: tenant.id, relation: 'tenant' }), 201);
    }
    for (let i = 1; i <= N_OPEN; i++) {
      expectStatus(await admin.post('/processes', { type_id: type.id, property_id: i % 2 ? prop.id : other.id,
        subject: `Meldung ${i}`, description: 'x', reporter_contact_id: tenant.id }), 201);
    }
    done = expectStatus(await admin.post('/processes', { type_id: type.id, property_id: prop.id,
      subject: 'Längst erledigt', description: 'x', reporter_contact_id: tenant.id }), 201);
    expectStatus(await admin.patch(`/processes/${done.id}`, { status: 'resolved' }), 200);
    browser = await launchBrowser();
  });
  after(async () => {
    if (browser) await browser.close();
    if (env) await env.stop();
  });

  it('"Meine Vorgänge": Offen by default, total, chips, unread; Back keeps the loaded pages and place', async () => {
    const page = await newPage(browser);
    page.who = 'Frau Huber';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, huber.email, PASSWORD);
      await page.goto(`${env.server.base}/vorgaenge`);
      await expectHeading(page, 'Meine Vorgänge');
      const status = page.getByLabel('Status', { exact: true });
      assert.equal(await status.inputValue(), 'open,in_progress,waiting', 'the status filter says "Offen"');
      await expectVisible(page.getByRole('status').filter({ hasText: `${N_OPEN} Vorgänge` }), 'the total');
      const rows = page.locator('table.queue tbody tr');
      await waitFor(async () => (await rows.count()) === 50, 5000, 'the first page of 50');
      assert.equal(await page.getByText('Längst erledigt').count(), 0, 'a resolved Vorgang is not "Offen"');
      // three assignees: two chips by name and "+1"
      const first = rows.first();
      assert.equal(await first.locator('.achip').count(), 3);
      await expectText(first.locator('.achip-more'), (s) => s === '+1', 'the "+1" chip');
      assert.equal(await page.getByText('Neu für Sie').count(), 50, 'never opened: all unread');
      await shoot(page, 'queue'); // desktop and phone
      await expectAccessible(page, 'Meine Vorgänge');

      await page.getByRole('button', { name: 'Mehr laden' }).click();
      await waitFor(async () => (await rows.count()) === N_OPEN, 5000, 'all rows after "Mehr laden"');
      await waitFor(() => page.url().includes(`shown=${N_OPEN}`), 5000, 'the loaded pages in the URL');
      const link = page.getByRole('link', { name: 'Meldung 2', exact: true });
      await link.scrollIntoViewIfNeeded();
      const y = await page.evaluate(() => window.scrollY);
      assert.ok(y > 0, 'scrolled down');
      await link.click();
      await expectHeading(page, 'Meldung 2');
      await page.goBack();
      await expectHeading(page, 'Meine Vorgänge');
      await waitFor(async () => (await rows.count()) === N_OPEN, 5000, 'all loaded rows again after Back');
      // the place: scrolled down again, with the row of the Vorgang opened on screen
      await waitFor(async () => (await page.evaluate(() => window.scrollY)) > y / 2 &&
        page.getByRole('link', { name: 'Meldung 2', exact: true }).evaluate((a) => {
          const r = a.getBoundingClientRect();
          return r.top >= 0 && r.bottom <= window.innerHeight;
        }), 5000, 'the same place after Back (the row of the Vorgang opened on screen)');
      // the Vorgang opened is no longer unread
      assert.equal(await page.getByText('Neu für Sie').count(), N_OPEN - 1);
    });
    await page.context().close();
  });

  it('bulk status change of selected rows, and the property filter by type-ahead', async () => {
    const page = await newPage(browser);
    page.who = 'Frau Huber';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, huber.email, PASSWORD);
      await page.goto(`${env.server.base}/vorgaenge`);
      await expectHeading(page, 'Meine Vorgänge');
      const mine = await listAll(huber.client, '/processes?assignee=me&status=open');
      const [a, b] = mine.slice(0, 2);
      await page.getByRole('checkbox', { name: `${a.number} auswählen` }).check();
      await page.getByRole('checkbox', { name: `${b.number} auswählen` }).check();
      await expectVisible(page.getByText('2 ausgewählt'), 'the selection count');
      await page.getByLabel('Status wählen').selectOption('in_progress');
      await page.getByRole('button', { name: 'Status setzen' }).click();
      await expectVisible(page.getByText('2 Vorgänge geändert.'), 'the confirmation');
      for (const p of [a, b]) {
        assert.equal(expectStatus(await huber.client.get(`/processes/${p.id}`), 200).status, 'in_progress');
      }

      const prop = page.getByRole('combobox', { name: 'Liegenschaft' });
      await prop.fill('Linden');
      const options = page.getByRole('listbox', { name: 'Liegenschaft' }).getByRole('option');
      await waitFor(async () => (await options.count()) === 1, 5000, 'one suggestion for "Linden"');
      await expectText(options.first(), (s) => s.includes('Lindenstraße 5'), 'the suggestion');
      await prop.press('ArrowDown');
      await prop.press('Enter');
      await waitFor(() => page.url().includes('property_id='), 5000, 'the property in the URL');
      await expectVisible(page.getByRole('status').filter({ hasText: `${N_OPEN / 2} Vorgänge` }), 'the filtered total');
    });
    await page.context().close();
  });

  it('the search box searches after a pause and marks the words found', async () => {
    const page = await newPage(browser);
    page.who = 'Frau Huber';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, huber.email, PASSWORD);
      await page.goto(`${env.server.base}/vorgaenge`);
      await expectHeading(page, 'Meine Vorgänge');
      const rows = page.locator('table.queue tbody tr');
      await page.locator('#flt-q').fill('MELDUNG 12');
      await waitFor(async () => (await rows.count()) === 1, 5000, 'one row for "MELDUNG 12"');
      const link = rows.first().getByRole('link');
      await expectText(link, (s) => s === 'Meldung 12', 'the subject');
      assert.deepEqual(await link.locator('mark').allTextContents(), ['Meldung', '12'], 'the words marked');
      await page.locator('#flt-q').fill('Yilmaz Lindenstrasse');
      await waitFor(() => page.url().includes('q=Yilmaz'), 5000, 'the search in the URL');
      await waitFor(async () => (await rows.count()) === N_OPEN / 2, 5000, 'the rows at Lindenstraße 5');
    });
    await page.context().close();
  });

  it('on a phone: the queue fits the width', async () => {
    const page = await newPage(browser, { phone: true });
    page.who = 'Frau Huber (phone)';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, huber.email, PASSWORD);
      await page.goto(`${env.server.base}/vorgaenge`);
      await expectHeading(page, 'Meine Vorgänge');
      await expectVisible(page.getByRole('status').filter({ hasText: 'Vorgänge' }), 'the total');
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= PHONE.width, `no sideways scrolling (${wide} px)`);
      await expectAccessible(page, 'Meine Vorgänge on a phone');
    });
    await page.context().close();
  });
});
