// SPDX-License-Identifier: MIT
// Mail that cannot be delivered for now is retried for days, as an MTA
// does, not for a number of attempts; a 5xx still fails it at once; an
// admin sends failed mail again — one, or all of the organisation — with
// the same Message-ID (issue 10, item 7).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, expectStatus, expectError, newRole, newProperty, newType, mailRows, listAll,
  addrOf, waitFor, hire,
} from './harness.js';

const OTHER = { org: 'XYZ Immobilien', email: 'admin@xyz.example', password: 'xyz-secret-1234' };

describe('mail retries and resending', () => {
  let ctx; let smtp; let server; let admin; let other;
  let type; let prop; let n = 0;

  before(async () => {
    ctx = await startAll({
      extraOrgs: [OTHER],
      // No attempt cap (an empty value leaves the default), retries from
      // 10 ms doubling: ten attempts take about ten seconds.
      env: { HAUSDESK_MAIL_MAX_ATTEMPTS: '', HAUSDESK_MAIL_RETRY_MS: '10' },
    });
    ({ smtp, server, admin } = ctx);
    other = await server.login(OTHER.email, OTHER.password);
    const role = await newRole(admin, 'Technik');
    prop = await newProperty(admin, { name: 'Postweg 2', street: 'Postweg 2' });
    // Nobody holds the role: the Vorgang goes to the admin; its contact
    // gets a receipt.
    type = await newType(admin, 'Schadensmeldung', [role.id]);
  });
  after(async () => { if (ctx) await ctx.stop(); });

  /** Files a Vorgang for a new contact with address to; returns it. */
  const fileFor = async (to) => {
    n++;
    const c = expectStatus(await admin.post('/contacts', { name: `Kontakt ${n}`, email: to }), 201, 'contact');
    expectStatus(await admin.post(`/properties/${prop.id}/residents`, { contact_id: c.id, relation: 'tenant' }),
      201, 'resident');
    return expectStatus(await admin.post('/processes', { type_id: type.id, property_id: prop.id,
      subject: `Meldung ${n}`, description: 'Bitte prüfen.', reporter_contact_id: c.id }), 201, 'file');
  };
  /** The outbox row of the receipt to address to about p, once it is done. */
  const doneRow = (p, to, timeoutMs = 10000) => waitFor(async () => {
    const row = (await mailRows(admin, p.id)).find((m) => addrOf(m.to) === to);
    return row && row.state !== 'queued' && row;
  }, timeoutMs, `the mail to ${to} to be done`, 50);
  const triesTo = (to) => smtp.attempts.filter((a) => a.to.includes(to));

  it('a temporary failure is retried beyond the old limit of 8 attempts and delivered once; a 5xx fails at once', async () => {
    const slow = 'geduld@example.org';
    const bad = 'unbekannt@example.org';
    smtp.failNext(9, { to: slow, code: 451 });
    smtp.failNext(1, { to: bad, code: 550 });
    const p = await fileFor(slow);
    const q = await fileFor(bad);

    const refused = await doneRow(q, bad);
    assert.equal(refused.state, 'failed', JSON.stringify(refused));
    assert.equal(refused.attempts, 1, 'a 5xx is not retried');
    assert.match(refused.last_error, /550/);

    const row = await doneRow(p, slow, 60000);
    assert.equal(row.state, 'sent', JSON.stringify(row));
    assert.equal(row.attempts, 10);
    const tries = triesTo(slow);
    assert.deepEqual(tries.map((a) => a.accepted), [...Array(9).fill(false), true]);
    assert.equal(new Set(tries.map((a) => a.messageId)).size, 1, 'the same Message-ID on every attempt');
    assert.equal(smtp.mailsTo(slow).length, 1, 'delivered exactly once');
    // The refused mail was never tried again meanwhile.
    assert.equal(triesTo(bad).length, 1);
  });

  it('an admin sends one failed mail again: the same Message-ID, due at once; another organisation gets 404', async () => {
    const to = 'nochmal@example.org';
    smtp.failNext(1, { to, code: 554 });
    const p = await fileFor(to);
    const failed = await doneRow(p, to);
    assert.equal(failed.state, 'failed');
    const first = triesTo(to);
    assert.equal(first.length, 1);
    assert.equal(smtp.mailsTo(to).length, 0);

    // Not the other organisation's admin, nor an unknown id.
    expectError(await other.post(`/mail/${failed.id}/resend`), 404, 'not_found');
    expectError(await admin.post('/mail/999999/resend'), 404, 'not_found');
    assert.equal((await doneRow(p, to)).state, 'failed', 'the failed attempt of 404 changed nothing');

    const r = expectStatus(await admin.post(`/mail/${failed.id}/resend`), 200, 'resend');
    assert.equal(r.id, failed.id);
    assert.ok(['queued', 'sent'].includes(r.state), JSON.stringify(r));
    const sent = await doneRow(p, to);
    assert.equal(sent.state, 'sent', JSON.stringify(sent));
    assert.equal(sent.attempts, 1, 'attempts count from the resend');
    const got = smtp.mailsTo(to);
    assert.equal(got.length, 1, 'delivered once');
    assert.equal(got[0].messageId, first[0].messageId, 'the same Message-ID as the failed attempt');

    // Sent mail is not sent again.
    expectError(await admin.post(`/mail/${failed.id}/resend`), 409, 'conflict');
  });

  it('an admin sends all failed mail of the organisation again, and only of it', async () => {
    const mine = ['alle1@example.org', 'alle2@example.org'];
    const theirs = 'fremd@example.org';
    for (const to of [...mine, theirs]) smtp.failNext(1, { to, code: 550 });
    const ps = [];
    for (const to of mine) ps.push(await fileFor(to));
    // The other organisation's failed mail.
    const orole = expectStatus(await other.post('/roles', { name: 'Technik' }), 201, 'role');
    const oprop = expectStatus(await other.post('/properties', { name: 'Fremdweg 1', street: 'Fremdweg 1',
      postal_code: '10115', city: 'Berlin' }), 201, 'property');
    const otype = expectStatus(await other.post('/process-types', { name: 'Schaden', role_ids: [orole.id] }), 201, 'type');
    const oc = expectStatus(await other.post('/contacts', { name: 'Fremd', email: theirs }), 201, 'contact');
    expectStatus(await other.post(`/properties/${oprop.id}/residents`, { contact_id: oc.id, relation: 'tenant' }),
      201, 'resident');
    const op = expectStatus(await other.post('/processes', { type_id: otype.id, property_id: oprop.id,
      subject: 'Fremd', description: 'x', reporter_contact_id: oc.id }), 201, 'file');
    const theirRow = await waitFor(async () => {
      const row = (await listAll(other, `/mail?process_id=${op.id}`)).find((m) => addrOf(m.to) === theirs);
      return row && row.state !== 'queued' && row;
    }, 10000, 'their mail to fail', 50);
    assert.equal(theirRow.state, 'failed');
    for (const [i, to] of mine.entries()) assert.equal((await doneRow(ps[i], to)).state, 'failed');
    const failedBefore = (await listAll(admin, '/mail')).filter((m) => m.state === 'failed');

    const r = expectStatus(await admin.post('/mail/resend'), 200, 'resend all');
    assert.equal(r.resent, failedBefore.length, JSON.stringify(r));
    for (const [i, to] of mine.entries()) {
      const row = await waitFor(async () => {
        const x = (await mailRows(admin, ps[i].id)).find((m) => addrOf(m.to) === to);
        return x && x.state === 'sent' && x;
      }, 10000, `the mail to ${to} to be sent`, 50);
      assert.equal(row.state, 'sent');
      const got = smtp.mailsTo(to);
      assert.equal(got.length, 1, `one delivery to ${to}`);
      assert.equal(got[0].messageId, triesTo(to)[0].messageId);
    }
    // Everything of this organisation went out again; nothing of the other.
    assert.deepEqual((await listAll(admin, '/mail')).filter((m) => m.state === 'failed'), []);
    const still = (await listAll(other, `/mail?process_id=${op.id}`)).find((m) => addrOf(m.to) === theirs);
    assert.equal(still.state, 'failed', 'the other organisation’s mail stays failed');
    assert.equal(smtp.mailsTo(theirs).length, 0);

    // Nothing left: resent 0. The other organisation resends its own.
    assert.equal(expectStatus(await admin.post('/mail/resend'), 200, 'again').resent, 0);
    assert.equal(expectStatus(await other.post('/mail/resend'), 200, 'theirs').resent, 1);
    await waitFor(() => smtp.mailsTo(theirs).length === 1, 10000, 'their mail to be sent');
  });

  it('resending is for admins only', async () => {
    const emp = await hire(server, smtp, admin, { name: 'Frau Nicht', email: 'nicht@abc.example' });
    const mail = (await listAll(admin, '/mail'))[0];
    expectError(await emp.client.post('/mail/resend'), 403, 'forbidden');
    expectError(await emp.client.post(`/mail/${mail.id}/resend`), 403, 'forbidden');
    const anon = server.anon();
    expectError(await anon.post('/mail/resend'), 401, 'unauthenticated');
    expectError(await anon.post(`/mail/${mail.id}/resend`), 401, 'unauthenticated');
    // A cookie session needs the CSRF header like every change.
    expectError(await admin.post('/mail/resend', undefined, { csrf: false }), 403, 'csrf_failed');
  });
});
