// SPDX-License-Identifier: MIT
// The IMAP poller of `serve` (HAUSDESK_IMAP_URL; docs/mail-in.md) against a
// real Dovecot started by the test (tests/infra/dovecot.js): a mail delivered
// to the intake mailbox becomes a Vorgang and is left \Seen, and is
// taken only once.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDovecot } from '../infra/dovecot.js';
import {
  startSmtp, startServer, expectStatus, newRole, newProperty, newType, newTenant, hire, addStaff,
  listAll, waitFor,
} from './harness.js';

const INTAKE = 'eingang@hv-example.de';

function mail({ from, subject, body = 'Hallo.', id }) {
  return [
    `From: ${from}`, `To: ${INTAKE}`, `Subject: ${subject}`,
    'Date: Wed, 02 Dec 2026 10:00:00 +0100', `Message-ID: <${id}@test.example>`,
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, '',
  ].join('\r\n');
}

describe('IMAP poller against Dovecot', () => {
  let imap; let smtp; let server; let admin; let prop;
  const find = async (subject) => (await listAll(admin, '/processes')).find((p) => p.subject === subject);

  before(async () => {
    imap = await startDovecot({ users: [{ user: INTAKE, password: 'pw-imap' }] });
    smtp = await startSmtp();
    server = await startServer({ smtpPort: smtp.port,
      env: { HAUSDESK_IMAP_URL: imap.imapUrl(INTAKE), HAUSDESK_IMAP_POLL: '200ms' } });
    admin = await server.admin();
    const role = await newRole(admin, 'Technik');
    prop = await newProperty(admin, { name: 'Gartenstraße 3' });
    const type = await newType(admin, 'Schadensmeldung', [role.id]);
    const emp = await hire(server, smtp, admin, { name: 'Frau Huber', email: 'huber@abc.example' });
    await addStaff(admin, prop.id, emp.id, role.id);
    await newTenant(server, smtp, admin, prop.id, { name: 'Herr Müller', email: 'mueller@example.org',
      portal: false });
    expectStatus(await admin.post('/mailboxes', { address: INTAKE, type_id: type.id }), 201, 'mailbox');
  });
  after(async () => {
    if (server) await server.stop();
    if (smtp) await smtp.stop();
    if (imap) await imap.stop();
  });

  it('a delivered mail becomes a Vorgang, and only then is it seen', async () => {
    await imap.deliver(INTAKE, mail({ from: 'mueller@example.org', subject: 'Heizung kalt', id: 'imap-1' }));
    const p = await waitFor(() => find('Heizung kalt'), 15000, 'the Vorgang from IMAP');
    assert.equal(p.property_id, prop.id);
    const seen = await waitFor(async () => {
      const l = await imap.list(INTAKE);
      const m = l.find((x) => x.messageId?.includes('imap-1'));
      return m && m.seen && m;
    }, 10000, 'the mail to be \\Seen');
    assert.ok(seen.seen);
    await smtp.waitForMailTo('huber@abc.example', (m) => m.subject.includes(p.number), 10000);
  });

  it('a mail read by someone already (\\Seen) is not fetched', async () => {
    const before = (await listAll(admin, '/processes')).length;
    await imap.deliver(INTAKE, mail({ from: 'mueller@example.org', subject: 'Zweite', id: 'imap-2' }));
    await waitFor(() => find('Zweite'), 15000, 'the second Vorgang');
    // Taken once, though the poller ran many rounds since.
    const rounds = (await listAll(admin, '/processes')).filter((p) => p.subject === 'Zweite');
    assert.equal(rounds.length, 1);
    assert.equal((await listAll(admin, '/processes')).length, before + 1);
  });
});
