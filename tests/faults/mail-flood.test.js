// SPDX-License-Identifier: MIT
// A full disk must not turn the mail worker into a flood (issue 10, item 1).
//
// The database lives on a small ext4 filesystem of its own. While the SMTP
// sink refuses every message (451), 40 Vorgänge queue 80 mails, which are
// tried once and wait for their retry. Then the filesystem is filled, and
// filing more Vorgänge with long descriptions uses up what room the WAL had
// left, until the database refuses writes (a create answers 5xx). Then the
// sink accepts again, and the mails fall due while the database still
// refuses writes.
//
// Counted at the sink: deliveries per Message-ID. The promise: a mail whose
// attempt cannot be recorded is not sent again before it can be (the worker
// claims before it sends, and keeps an unrecorded result until it can write
// it). The crash window — a mail accepted by SMTP whose "sent" could not be
// recorded before the process died is sent again after its lease — needs a
// crash, and this test has none: so no duplicate at all is allowed. After
// the filesystem is freed, every mail of the outbox arrives exactly once.
//
// Before the fix the worker sent the batch, failed to record it and sent it
// again at once, many times a second.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSmtp, startServer, expectStatus, newRole, newProperty, newType, listAll,
  waitFor, sleep,
} from '../api/harness.js';

const MAILS_PER_VORGANG = 2; // the receipt to the contact, the unrouted mail to the admin
const QUEUED = 40;

/** Message-IDs delivered (accepted) more than once: [[id, count]]. */
function duplicates(smtp) {
  const n = new Map();
  for (const m of smtp.mails) n.set(m.messageId, (n.get(m.messageId) || 0) + 1);
  return [...n].filter(([, c]) => c > 1);
}

describe('mail worker on a full disk', () => {
  let smtp; let server; let admin;

  before(async () => {
    smtp = await startSmtp();
    server = await startServer({
      smtpPort: smtp.port,
      smallFs: { sizeMB: 16 },
      // Retries every 200 ms, doubling; far from any cap.
      env: { HAUSDESK_MAIL_RETRY_MS: '200', HAUSDESK_MAIL_MAX_ATTEMPTS: '100' },
    });
    admin = await server.admin();
  });
  after(async () => {
    if (server) {
      await server.unfill().catch(() => {});
      await server.stop();
    }
    if (smtp) await smtp.stop();
  });

  it('sends no mail twice while the database refuses writes, and every mail exactly once after it accepts them again', async () => {
    // Nobody holds the role: every Vorgang is unrouted, mailed to the admin,
    // and its contact gets a receipt.
    const role = await newRole(admin, 'Technik');
    const prop = await newProperty(admin, { name: 'Vollweg 1', street: 'Vollweg 1' });
    const type = await newType(admin, 'Schadensmeldung', [role.id]);
    const contacts = [];
    for (let i = 0; i < QUEUED; i++) {
      contacts.push(expectStatus(await admin.post('/contacts',
        { name: `Mieter ${i}`, email: `mieter${i}@example.org` }), 201, 'contact'));
      expectStatus(await admin.post(`/properties/${prop.id}/residents`,
        { contact_id: contacts[i].id, relation: 'tenant' }), 201, 'resident');
    }
    const file = (i, description = 'Bitte prüfen.') => admin.post('/processes', {
      type_id: type.id, property_id: prop.id, subject: `Meldung ${i}`, description,
      reporter_contact_id: contacts[i % QUEUED].id,
    });

    // 1. Queue the mails while the sink refuses them: each is tried once
    //    (recorded while the disk still has room) and waits for its retry.
    smtp.hold(451);
    for (let i = 0; i < QUEUED; i++) expectStatus(await file(i), 201, `file ${i}`);
    await waitFor(async () => {
      const rows = await listAll(admin, '/mail');
      return rows.length === QUEUED * MAILS_PER_VORGANG && rows.every((m) => m.attempts >= 1);
    }, 30000, 'every mail to have been tried once', 50);

    // 2. Fill the filesystem, then use up the room left in the WAL until the
    //    database refuses a write.
    await server.fill();
    const long = 'Wasser tritt aus. '.repeat(1000);
    let refused = 0; let tries = 0;
    const t0 = Date.now();
    while (refused === 0 && Date.now() - t0 < 60000) {
      const r = await file(QUEUED + tries, long);
      tries++;
      if (r.status >= 500) refused++;
    }
    assert.ok(refused > 0, `the database never refused a write (${tries} creates after fill())`);

    // 3. Let the sink accept: the mails fall due while writes are refused.
    //    Keep the pressure on so that no write finds room again.
    const beforeRelease = smtp.mails.length;
    smtp.release();
    const met = () => /mail: the database refuses writes/.test(server.log);
    const end = Date.now() + 30000;
    while (!met() && duplicates(smtp).length === 0 && Date.now() < end) {
      const r = await file(QUEUED + tries++, long);
      if (r.status >= 500) refused++;
      await sleep(20);
    }
    // A few seconds more of refused writes while the mails are due: the
    // old worker resent them many times a second.
    const more = Date.now() + 3000;
    while (Date.now() < more) {
      await file(QUEUED + tries++, long);
      await sleep(20);
    }
    const dups = duplicates(smtp);
    assert.deepEqual(dups, [],
      `mails delivered more than once while writes were refused (${smtp.mails.length - beforeRelease} ` +
      `deliveries, ${new Set(smtp.mails.map((m) => m.messageId)).size} distinct)`);
    assert.match(server.log, /mail: the database refuses writes/,
      'the worker met a refused write (what this test is about)');

    // 4. Free the room: every mail of the outbox arrives, each exactly once.
    await server.unfill();
    let rows = [];
    await waitFor(async () => {
      rows = await listAll(admin, '/mail');
      return rows.every((m) => m.state === 'sent');
    }, 90000, 'every mail to be sent after unfill()', 200);
    assert.ok(rows.length >= QUEUED * MAILS_PER_VORGANG, `${rows.length} mails in the outbox`);
    assert.deepEqual(duplicates(smtp), [], 'no Message-ID delivered twice');
    const ids = new Set(smtp.mails.map((m) => m.messageId));
    assert.equal(ids.size, rows.length, 'one delivery per outbox mail');
    for (const m of rows) {
      const got = smtp.mails.filter((x) => x.to.includes(m.to.toLowerCase()) && x.subject === m.subject);
      assert.equal(got.length, 1, `mail ${m.id} to ${m.to} (${m.subject}): ${got.length} deliveries`);
    }
  });
});
