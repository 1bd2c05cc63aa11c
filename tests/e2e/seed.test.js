// SPDX-License-Identifier: MIT
// The seed scenario (../shared/seed/000_*.txt, docs/product.md) in a real
// browser, clicking the buttons the seed names: the admin invites Frau Huber and
// Herr Schmidt, defines the Mitarbeiterrollen, staffs Max-Planck-Straße 12,
// adjusts the Vorgangstypen; everybody accepts the invitation from their own
// mail; Herr Müller files an invoice question and a damage report in the
// Kundenportal; the right person gets the right mail and sees the Vorgang with
// the routing reason; Herr Müller sees public messages and nothing internal.
// Screenshots of the main pages go to tests/e2e/screenshots/.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  startAll, launchBrowser, newPage, onPages, expectVisible, expectHidden, expectHeading, expectText,
  passwordInput, selectByText, chooseInTypeahead, selectedText, statusMessage, loginUi, expectPlacement, invitationLink,
  mailsTo, mailList, mailAbout, shoot, drainOutbox, waitFor, submitForm, ADMIN, PASSWORD,
  HUBER, SCHMIDT, MUELLER, PROPERTY, DAMAGE, INVOICE, NUMBER_RE, UI_TIMEOUT,
} from './harness.js';

const PASSWORDS = {
  [HUBER.email]: 'huber-passwort-2026',
  [SCHMIDT.email]: 'schmidt-passwort-2026',
  [MUELLER.email]: PASSWORD,
};

const INVOICE_REQ = {
  subject: 'Nebenkostenabrechnung 2025: Position Hausmeister',
  description: 'Guten Tag,\nin der Nebenkostenabrechnung 2025 ist der Hausmeister doppelt berechnet. Bitte prüfen Sie das.',
};
const DAMAGE_REQ = {
  subject: 'Wasserfleck an der Decke im Bad',
  description: 'Seit gestern ist an der Badezimmerdecke ein großer Wasserfleck, er wird größer.',
};
const INTERNAL = 'INTERN: Dachdecker Maier beauftragen, Kostenrahmen 400 Euro, Mieter nichts zusagen.';
const PUBLIC = 'Sehr geehrter Herr Müller, am Montag zwischen 8 und 10 Uhr kommt ein Handwerker vorbei.';

describe('seed scenario in the browser: ABC Hausverwaltung, Max-Planck-Straße 12', () => {
  let env; let browser;
  let admin; // the admin's page
  const people = {}; // email -> page
  const s = { shots: [] }; // state carried from step to step
  let broken = null;

  /** A test step; after a failed step the later ones are skipped (they build on it). */
  function step(name, fn) {
    it(name, async (t) => {
      if (broken) {
        t.skip(`an earlier step failed: ${broken}`);
        return;
      }
      try {
        await fn(t);
      } catch (e) {
        broken = name;
        if (env && /server|ECONNREFUSED|exited/i.test(e.message)) e.message += `\n--- server log ---\n${env.server.log.slice(-3000)}`;
        throw e;
      }
    });
  }

  const allPages = () => [admin, ...Object.values(people)].filter(Boolean);

  async function personPage(who) {
    const p = await newPage(browser);
    p.who = who.name;
    people[who.email] = p;
    return p;
  }

  before(async () => {
    env = await startAll();
    browser = await launchBrowser();
    admin = await newPage(browser);
    admin.who = `admin ${ADMIN.email}`;
  });

  after(async () => {
    if (browser) await browser.close();
    if (env) await env.stop();
  });

  step('the admin logs in through the login page', () => onPages(admin, async () => {
    await admin.goto(`${env.server.base}/`);
    await expectHeading(admin, 'Anmelden');
    s.shots.push(...await shoot(admin, 'login'));
    await admin.getByLabel('E-Mail-Adresse').fill(ADMIN.email);
    await passwordInput(admin, 'Passwort').fill(ADMIN.password);
    await admin.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await expectHeading(admin, 'Meine Vorgänge');
    await expectVisible(admin.getByRole('banner').getByText('Abmelden'), 'the "Abmelden" button in the header');
  }));

  step('Schritt 1: Administration → Mitarbeiterverwaltung → "Neuer Mitarbeiter" invites Frau Huber and Herr Schmidt', () => onPages(admin, async () => {
    await admin.getByRole('link', { name: 'Administration', exact: true }).click();
    await admin.getByRole('link', { name: 'Mitarbeiterverwaltung', exact: true }).click();
    await expectHeading(admin, 'Mitarbeiterverwaltung');
    const newBtn = admin.getByRole('button', { name: 'Neuer Mitarbeiter', exact: true });
    await expectVisible(newBtn, 'the button "Neuer Mitarbeiter"');
    await expectPlacement(newBtn, { right: true, top: true, blue: true }, 'the button "Neuer Mitarbeiter" ("rechts oben", "blauen Button")');
    for (const who of [HUBER, SCHMIDT]) {
      await newBtn.click();
      const dlg = admin.getByRole('dialog', { name: 'Neuer Mitarbeiter' });
      await expectVisible(dlg, 'the dialog "Neuer Mitarbeiter"');
      await dlg.getByLabel('Name', { exact: true }).fill(who.name);
      await dlg.getByLabel('E-Mail-Adresse').fill(who.email);
      const adminBox = dlg.getByRole('checkbox', { name: 'Administrator' });
      assert.equal(await adminBox.isChecked(), false, '"Administrator" must not be preselected for a new employee');
      await dlg.getByRole('button', { name: 'Einladung senden' }).click();
      await expectHidden(dlg, 'the dialog after "Einladung senden"');
      await expectVisible(statusMessage(admin, 'Einladung gesendet'), 'the confirmation "Einladung gesendet"');
      const row = admin.getByRole('row').filter({ hasText: who.email });
      await expectText(row, (t) => t.includes(who.name) && t.includes('Eingeladen'),
        `the employee list to show ${who.name} (${who.email}) as "Eingeladen"`);
    }
    s.shots.push(...await shoot(admin, 'mitarbeiterverwaltung'));
  }));

  step('Schritt 2: Mitarbeiterverwaltung → Mitarbeiterrollen → "Neue Mitarbeiterrolle" creates Buchhaltung and Sachbearbeitung', () => onPages(admin, async () => {
    await admin.getByRole('link', { name: 'Administration', exact: true }).click();
    await admin.getByRole('link', { name: 'Mitarbeiterverwaltung', exact: true }).click();
    await expectHeading(admin, 'Mitarbeiterverwaltung');
    await admin.getByRole('link', { name: 'Mitarbeiterrollen', exact: true }).click();
    await expectHeading(admin, 'Mitarbeiterrollen');
    const newBtn = admin.getByRole('button', { name: 'Neue Mitarbeiterrolle', exact: true });
    await expectVisible(newBtn, 'the button "Neue Mitarbeiterrolle"');
    await expectPlacement(newBtn, { right: true, top: true, blue: true }, 'the button "Neue Mitarbeiterrolle" ("rechts oben", "blauen Button")');
    for (const role of ['Buchhaltung', 'Sachbearbeitung']) {
      await newBtn.click();
      const dlg = admin.getByRole('dialog', { name: 'Neue Mitarbeiterrolle' });
      await expectVisible(dlg, 'the dialog "Neue Mitarbeiterrolle"');
      await dlg.getByLabel('Name', { exact: true }).fill(role);
      await dlg.getByRole('button', { name: 'Anlegen' }).click();
      await expectHidden(dlg, 'the dialog after "Anlegen"');
      await expectVisible(admin.getByRole('main').getByRole('row').filter({ hasText: role }),
        `the role ${role} in the list of Mitarbeiterrollen`);
    }
  }));

  step('Liegenschaften: the admin creates Max-Planck-Straße 12 and, on its Details page, adds Herr Müller as Mieter with a portal invitation', () => onPages(admin, async () => {
    await admin.getByRole('link', { name: 'Liegenschaften', exact: true }).click();
    await expectHeading(admin, 'Liegenschaften');
    await admin.getByRole('button', { name: 'Neue Liegenschaft', exact: true }).click();
    const dlg = admin.getByRole('dialog', { name: 'Neue Liegenschaft' });
    await expectVisible(dlg, 'the dialog "Neue Liegenschaft"');
    await dlg.getByLabel('Name', { exact: true }).fill(PROPERTY.name);
    await dlg.getByLabel('Straße und Hausnummer').fill(PROPERTY.street);
    await dlg.getByLabel('PLZ').fill(PROPERTY.postal_code);
    await dlg.getByLabel('Ort', { exact: true }).fill(PROPERTY.city);
    await dlg.getByRole('button', { name: 'Anlegen' }).click();
    await expectHidden(dlg, 'the dialog after "Anlegen"');

    // "Klicken Sie hierfür je Liegenschaft in Details": from the list.
    await admin.getByRole('link', { name: 'Liegenschaften', exact: true }).click();
    await expectHeading(admin, 'Liegenschaften');
    const row = admin.getByRole('row').filter({ hasText: PROPERTY.name });
    await expectVisible(row, `the row of ${PROPERTY.name} in the list of Liegenschaften`);
    await row.getByRole('link', { name: 'Details' }).click();
    await expectHeading(admin, PROPERTY.name);
    s.propertyUrl = admin.url();
    assert.match(s.propertyUrl, /\/liegenschaften\/\d+$/);

    await admin.getByRole('button', { name: 'Mieter/Eigentümer hinzufügen' }).click();
    const rd = admin.getByRole('dialog', { name: 'Mieter/Eigentümer hinzufügen' });
    await expectVisible(rd, 'the dialog "Mieter/Eigentümer hinzufügen"');
    await selectByText(rd.getByLabel('Kontakt', { exact: true }), /Neuen Kontakt anlegen/, '"Neuen Kontakt anlegen …"');
    await rd.getByLabel('Name', { exact: true }).fill(MUELLER.name);
    await rd.getByLabel(/^E-Mail-Adresse/).fill(MUELLER.email);
    await rd.getByRole('radio', { name: 'Mieter', exact: true }).check();
    await rd.getByRole('checkbox', { name: 'Zum Kundenportal einladen' }).check();
    await rd.getByRole('button', { name: 'Hinzufügen' }).click();
    await expectHidden(rd, 'the dialog after "Hinzufügen"');
    await expectVisible(statusMessage(admin, 'Einladung gesendet'), 'the confirmation "Einladung gesendet"');
    const res = admin.getByRole('region', { name: 'Mieter/Eigentümer' });
    await expectText(res.getByRole('row').filter({ hasText: MUELLER.email }),
      (t) => t.includes(MUELLER.name) && /\bMieter\b/.test(t),
      'Herr Müller listed as Mieter under "Mieter/Eigentümer"');
  }));

  step('Schritt 3: on the Details page of Max-Planck-Straße 12 "Mitarbeiter hinzufügen": Frau Huber/Buchhaltung, Herr Schmidt/Sachbearbeitung', () => onPages(admin, async () => {
    await admin.getByRole('link', { name: 'Liegenschaften', exact: true }).click();
    await admin.getByRole('row').filter({ hasText: PROPERTY.name }).getByRole('link', { name: 'Details' }).click();
    await expectHeading(admin, PROPERTY.name);
    const staff = admin.getByRole('region', { name: 'Zuständige Mitarbeiter' });
    const addBtn = admin.getByRole('button', { name: 'Mitarbeiter hinzufügen', exact: true });
    await expectVisible(addBtn, 'the button "Mitarbeiter hinzufügen"');
    for (const who of [HUBER, SCHMIDT]) {
      await addBtn.click();
      const dlg = admin.getByRole('dialog', { name: 'Mitarbeiter hinzufügen' });
      await expectVisible(dlg, 'the dialog "Mitarbeiter hinzufügen"');
      await chooseInTypeahead(dlg, 'Mitarbeiter', who.name);
      await selectByText(dlg.getByLabel('Mitarbeiterrolle', { exact: true }), who.role, who.role);
      await dlg.getByRole('button', { name: 'Hinzufügen' }).click();
      await expectHidden(dlg, 'the dialog after "Hinzufügen"');
      await expectText(staff.getByRole('row').filter({ hasText: who.name }), (t) => t.includes(who.role),
        `${who.name} with the role ${who.role} in "Zuständige Mitarbeiter"`);
    }
    // "unten rechts auf den Button Mitarbeiter hinzufügen"
    await expectPlacement(addBtn, { right: true, belowOf: staff.getByRole('table') },
      'the button "Mitarbeiter hinzufügen" ("unten rechts")');
    s.shots.push(...await shoot(admin, 'liegenschaft-details'));
  }));

  step('Schritt 4: Administration → Vorgangstypen: Schadensmeldung → Sachbearbeitung, Frage zur Rechnung → Buchhaltung', () => onPages(admin, async () => {
    const toOverview = async () => {
      await admin.getByRole('link', { name: 'Administration', exact: true }).click();
      await admin.getByRole('link', { name: 'Vorgangstypen', exact: true }).click();
      await expectHeading(admin, 'Vorgangstypen');
    };
    const types = [
      { name: DAMAGE, role: 'Sachbearbeitung', description: 'Schäden am Gebäude oder in Ihrer Wohnung melden.' },
      { name: INVOICE, role: 'Buchhaltung', description: 'Fragen zu Ihrer Nebenkostenabrechnung oder einer Rechnung.' },
    ];
    // A fresh installation has none: create those that are missing.
    for (const ty of types) {
      await toOverview();
      const link = admin.getByRole('main').getByRole('link', { name: ty.name, exact: true });
      if (await link.count()) continue;
      await admin.getByRole('button', { name: 'Neuer Vorgangstyp' }).click();
      await expectHeading(admin, 'Neuer Vorgangstyp');
      await admin.getByLabel('Name', { exact: true }).fill(ty.name);
      await admin.getByRole('textbox', { name: /^Beschreibung/ }).fill(ty.description);
      const portal = admin.getByRole('checkbox', { name: 'Im Kundenportal wählbar' });
      if (!(await portal.isChecked())) await portal.check();
      await submitForm(admin.getByRole('button', { name: 'Anlegen' }), `"Neuer Vorgangstyp" ${ty.name}`);
      await expectHeading(admin, 'Vorgangstypen');
      await expectVisible(admin.getByRole('main').getByRole('link', { name: ty.name, exact: true }), `${ty.name} in the overview`);
    }
    // "Klicken Sie in der Übersicht auf den entsprechenden Vorgangstyp und ändern Sie dort die Mitarbeiterrollen"
    for (const ty of types) {
      await toOverview();
      await admin.getByRole('main').getByRole('link', { name: ty.name, exact: true }).click();
      await expectHeading(admin, ty.name);
      const roles = admin.getByRole('group', { name: 'Mitarbeiterrollen' });
      await expectVisible(roles, 'the group of checkboxes "Mitarbeiterrollen"');
      await roles.getByRole('checkbox', { name: ty.role, exact: true }).check();
      const other = ty.role === 'Buchhaltung' ? 'Sachbearbeitung' : 'Buchhaltung';
      await roles.getByRole('checkbox', { name: other, exact: true }).uncheck();
      await submitForm(admin.getByRole('button', { name: 'Speichern', exact: true }), `the Vorgangstyp ${ty.name}`);
      await expectVisible(statusMessage(admin, 'Gespeichert'), 'the confirmation "Gespeichert"');
    }
    await toOverview();
    for (const ty of types) {
      const row = admin.getByRole('row').filter({ has: admin.getByRole('link', { name: ty.name, exact: true }) });
      await expectText(row, (t) => t.includes(ty.role) && !t.includes(ty.role === 'Buchhaltung' ? 'Sachbearbeitung' : 'Buchhaltung'),
        `the overview to show ${ty.name} with the Mitarbeiterrolle ${ty.role} only`);
    }
    s.shots.push(...await shoot(admin, 'vorgangstypen'));
  }));

  step('Frau Huber, Herr Schmidt and Herr Müller each open the link in the invitation mail they received, set a password and are logged in', () => onPages(allPages(), async () => {
    for (const who of [HUBER, SCHMIDT, MUELLER]) {
      const { url } = await invitationLink(env.smtp, who.email);
      assert.ok(url.startsWith(`${env.server.base}/`), `the invitation link must point to the server (${env.server.base}): ${url}`);
      const mine = mailsTo(env.smtp, who.email);
      assert.equal(mine.length, 1, `${who.name} should have received exactly the invitation so far:\n${mailList(mine)}`);
      const page = await personPage(who);
      await page.goto(url);
      const portal = who === MUELLER;
      await expectHeading(page, portal ? 'Willkommen im Kundenportal' : 'Willkommen bei hausdesk');
      await passwordInput(page, 'Neues Passwort').fill(PASSWORDS[who.email]);
      await page.getByRole('button', { name: 'Passwort festlegen' }).click();
      await expectHeading(page, portal ? 'Meine Anfragen' : 'Meine Vorgänge', UI_TIMEOUT * 2);
      await expectVisible(page.getByRole('banner').getByText(who.name, { exact: true }), `${who.name}'s name in the header (logged in)`);
      if (portal) {
        await expectHidden(page.getByRole('link', { name: 'Administration' }), 'a link "Administration" in the Kundenportal');
      }
    }
  }));

  step('Herr Müller files "Frage zur Rechnung" and, separately, "Schadensmeldung" under "Neue Anfrage"; each confirmation shows the number', () => onPages(people[MUELLER.email], async () => {
    const page = people[MUELLER.email];
    await page.getByRole('button', { name: 'Neue Anfrage', exact: true }).click();
    await expectHeading(page, 'Neue Anfrage');
    const types = page.getByRole('group', { name: 'Worum geht es?' });
    await expectVisible(types.getByRole('radio', { name: DAMAGE }), `the choice "${DAMAGE}"`);
    await expectVisible(types.getByText('Schäden am Gebäude oder in Ihrer Wohnung melden.'), `the description of "${DAMAGE}"`);
    assert.equal(await selectedText(page.getByLabel('Liegenschaft', { exact: true })), PROPERTY.name,
      'his only Liegenschaft must be preselected');
    s.shots.push(...await shoot(page, 'portal-neue-anfrage'));

    const year = new Date().getFullYear();
    for (const [key, type, req] of [['invoice', INVOICE, INVOICE_REQ], ['damage', DAMAGE, DAMAGE_REQ]]) {
      await expectHeading(page, 'Neue Anfrage');
      await page.getByRole('group', { name: 'Worum geht es?' }).getByRole('radio', { name: type, exact: true }).check();
      await page.getByRole('textbox', { name: 'Betreff' }).fill(req.subject);
      await page.getByRole('textbox', { name: 'Beschreibung' }).fill(req.description);
      await page.getByRole('button', { name: 'Anfrage senden' }).click();
      const done = page.getByRole('status').filter({ hasText: /Ihre Anfrage V-\d{4}-\d{5} ist eingegangen/ });
      const text = await expectText(done, (t) => NUMBER_RE.test(t), 'the confirmation "Ihre Anfrage V-YYYY-NNNNN ist eingegangen."');
      const number = NUMBER_RE.exec(text)[0];
      assert.equal(number.slice(2, 6), String(year), `the number ${number} should carry this year`);
      s[key] = { number, ...req, type };
      if (key === 'invoice') {
        await page.getByRole('button', { name: 'Neue Anfrage', exact: true }).click();
      }
    }
    assert.notEqual(s.invoice.number, s.damage.number, 'two requests, two numbers');
  }));

  step('mail: Frau Huber got only the invoice notification, Herr Schmidt only the damage one, Herr Müller his two receipts; nobody else', async () => {
    const { smtp } = env;
    const inv = s.invoice.number;
    const dmg = s.damage.number;
    await waitFor(() => mailsTo(smtp, HUBER.email).some((m) => mailAbout(m, inv)), 5000, `the notification ${inv} to Frau Huber`)
      .catch((e) => { throw new Error(`${e.message}\nall mails:\n${mailList(smtp.mails)}`); });
    await waitFor(() => mailsTo(smtp, SCHMIDT.email).some((m) => mailAbout(m, dmg)), 5000, `the notification ${dmg} to Herr Schmidt`)
      .catch((e) => { throw new Error(`${e.message}\nall mails:\n${mailList(smtp.mails)}`); });
    await drainOutbox(env.admin);
    const all = smtp.mails;
    const show = `\nall mails:\n${mailList(all)}`;

    const huber = mailsTo(smtp, HUBER.email).filter((m) => !/token=/.test(m.text));
    assert.equal(huber.length, 1, `Frau Huber: exactly one mail besides her invitation${show}`);
    assert.ok(huber[0].subject.includes(inv), `Frau Huber's mail must name the invoice request ${inv}: ${huber[0].subject}`);
    assert.ok(!mailAbout(huber[0], dmg), `Frau Huber's mail must not be about the damage report ${dmg}`);

    const schmidt = mailsTo(smtp, SCHMIDT.email).filter((m) => !/token=/.test(m.text));
    assert.equal(schmidt.length, 1, `Herr Schmidt: exactly one mail besides his invitation${show}`);
    assert.ok(schmidt[0].subject.includes(dmg), `Herr Schmidt's mail must name the damage report ${dmg}: ${schmidt[0].subject}`);
    assert.ok(!mailAbout(schmidt[0], inv), `Herr Schmidt's mail must not be about the invoice request ${inv}`);

    const mueller = mailsTo(smtp, MUELLER.email);
    assert.equal(mueller.length, 3, `Herr Müller: his invitation and two receipts${show}`);
    assert.equal(mueller.filter((m) => /token=/.test(m.text)).length, 1, `Herr Müller: one invitation${show}`);
    assert.equal(mueller.filter((m) => m.subject.includes(inv)).length, 1, `Herr Müller: one receipt for ${inv}${show}`);
    assert.equal(mueller.filter((m) => m.subject.includes(dmg)).length, 1, `Herr Müller: one receipt for ${dmg}${show}`);

    const allowed = new Set([HUBER.email, SCHMIDT.email, MUELLER.email]);
    const strays = all.filter((m) => (mailAbout(m, inv) || mailAbout(m, dmg)) && m.to.some((a) => !allowed.has(a)));
    assert.deepEqual(strays.map((m) => `${m.to} | ${m.subject}`), [], `nobody else may get mail about the requests${show}`);
    assert.equal(mailsTo(smtp, ADMIN.email).length, 0, `the admin gets no mail in the seed${show}`);
    assert.equal(all.length, 7, `3 invitations + 2 notifications + 2 receipts${show}`);
  });

  for (const [who, key, other] of [[HUBER, 'invoice', 'damage'], [SCHMIDT, 'damage', 'invoice']]) {
    step(`${who.name} sees the ${key === 'invoice' ? 'invoice request' : 'damage report'} under "Meine Vorgänge" and, on its page, the routing reason "${who.name}: Rolle ${who.role} in ${PROPERTY.name}"`, () => onPages(people[who.email], async () => {
      const page = people[who.email];
      if (who === SCHMIDT) {
        // He also logs out and in again with the password he chose.
        await page.getByRole('button', { name: 'Abmelden' }).click();
        await expectHeading(page, 'Anmelden');
        await loginUi(page, env.server.base, who.email, PASSWORDS[who.email]);
      }
      await page.getByRole('link', { name: 'Vorgänge', exact: true }).click();
      await page.getByRole('link', { name: 'Meine Vorgänge', exact: true }).click();
      await expectHeading(page, 'Meine Vorgänge');
      const p = s[key];
      const list = page.getByRole('table', { name: 'Meine Vorgänge' });
      const row = list.getByRole('row').filter({ hasText: p.number });
      await expectText(row, (t) => t.includes(p.subject) && t.includes(p.type) && t.includes(PROPERTY.name) && t.includes('Neu'),
        `the row of ${p.number} under "Meine Vorgänge" (subject, type, property, status "Neu")`);
      const rows = await list.getByRole('row').allInnerTexts();
      assert.equal(rows.length, 2, `${who.name} should have exactly one Vorgang (plus the header row): ${JSON.stringify(rows)}`);
      assert.ok(!rows.join('\n').includes(s[other].number), `${who.name} must not have ${s[other].number} under "Meine Vorgänge"`);
      if (who === HUBER) s.shots.push(...await shoot(page, 'vorgaenge-liste'));

      await row.getByRole('link', { name: p.subject }).click();
      await expectHeading(page, p.subject);
      const reason = `${who.name}: Rolle ${who.role} in ${PROPERTY.name}`;
      await expectVisible(page.getByText(reason), `the routing reason "${reason}"`);
      await expectText(page.getByRole('region', { name: 'Zuständig' }), (t) => t.includes(who.name) && t.includes(reason),
        `"Zuständig" to list ${who.name} with the reason`);
    }));
  }

  step('Herr Schmidt writes an internal and a public comment on the damage report and sets it "In Bearbeitung"', () => onPages(people[SCHMIDT.email], async () => {
    const page = people[SCHMIDT.email];
    await expectHeading(page, s.damage.subject);
    const form = page.getByRole('form', { name: 'Neuer Kommentar' });
    for (const [text, vis, badge] of [[INTERNAL, /^Intern/, 'Intern'], [PUBLIC, /^Öffentlich/, 'Öffentlich']]) {
      await form.getByRole('textbox', { name: 'Kommentar' }).fill(text);
      await form.getByRole('radio', { name: vis }).check();
      await form.getByRole('button', { name: 'Kommentar speichern' }).click();
      const item = page.getByRole('region', { name: 'Kommentare' }).getByRole('listitem').filter({ hasText: text });
      await expectText(item, (t) => t.includes(badge), `the comment marked "${badge}"`);
    }
    const status = page.getByRole('combobox', { name: 'Status' });
    await status.selectOption({ label: 'In Bearbeitung' });
    await submitForm(page.getByRole('button', { name: 'Status speichern' }), 'the status change');
    await expectVisible(statusMessage(page, 'Gespeichert'), 'the confirmation "Gespeichert"');
    await page.reload();
    await expectHeading(page, s.damage.subject);
    await waitFor(async () => (await selectedText(page.getByRole('combobox', { name: 'Status' }))) === 'In Bearbeitung',
      UI_TIMEOUT, 'the status "In Bearbeitung" to be kept after reloading the page');
    await expectText(page.getByRole('region', { name: 'Kommentare' }), (t) => t.includes(INTERNAL) && t.includes(PUBLIC),
      'both comments after reloading the page');
    s.shots.push(...await shoot(page, 'vorgang'));
  }));

  step('Herr Müller sees both requests with their status under "Meine Anfragen", the public message, and nothing of the internal comment', () => onPages(people[MUELLER.email], async () => {
    const page = people[MUELLER.email];
    await page.getByRole('link', { name: 'Meine Anfragen', exact: true }).click();
    await expectHeading(page, 'Meine Anfragen');
    const main = page.getByRole('main');
    for (const [p, status] of [[s.invoice, 'Neu'], [s.damage, 'In Bearbeitung']]) {
      const item = main.getByRole('listitem').filter({ has: page.getByRole('link', { name: p.subject }) });
      await expectText(item, (t) => t.includes(p.number) && t.includes(status),
        `"Meine Anfragen" to list ${p.number} "${p.subject}" with the status "${status}"`);
    }
    assert.ok(!(await main.innerText()).includes(INTERNAL), 'the internal comment must not appear under "Meine Anfragen"');
    s.shots.push(...await shoot(page, 'portal-meine-anfragen'));

    await main.getByRole('link', { name: s.damage.subject }).click();
    await expectHeading(page, s.damage.subject);
    await expectVisible(page.getByText(PUBLIC), 'the public message of Herr Schmidt');
    await expectText(main, (t) => t.includes('In Bearbeitung') && t.includes(s.damage.number), 'the number and status "In Bearbeitung"');
    const body = await page.locator('body').innerText();
    assert.ok(!body.includes(INTERNAL), 'the internal comment must not be shown to Herr Müller');
    assert.ok(!body.includes('Dachdecker'), 'no part of the internal comment may be shown to Herr Müller');
    s.shots.push(...await shoot(page, 'portal-anfrage'));
  }));

  step('no page had an uncaught script error', () => {
    const errs = allPages().flatMap((p) => p.diag.pageErrors.map((e) => `${p.who}: ${e}`));
    assert.deepEqual(errs, [], 'uncaught script errors');
  });

  step('screenshots of the main pages (desktop 1280×800 and phone 390×844) are saved under tests/e2e/screenshots/', () => {
    const names = ['login', 'vorgaenge-liste', 'vorgang', 'mitarbeiterverwaltung', 'liegenschaft-details',
      'vorgangstypen', 'portal-neue-anfrage', 'portal-meine-anfragen'];
    for (const n of names) {
      for (const v of ['desktop', 'phone']) {
        const f = s.shots.find((x) => x.endsWith(`/${n}-${v}.png`));
        assert.ok(f, `screenshot ${n}-${v}.png missing`);
        assert.ok(fs.statSync(f).size > 2000, `screenshot ${f} is suspiciously small`);
      }
    }
  });
});
