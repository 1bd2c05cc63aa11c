// SPDX-License-Identifier: MIT
// Login throttling and reset-mail limits (issue 10, items 9, 10 and 18).
//
// Loopback is all of 127.0.0.0/8: requests are sent from 127.0.X.Y
// (node http.request localAddress) to be different clients. The server
// treats loopback like any IPv4 address: 127.0.4.2 and 127.0.4.3 are two
// clients of the network 127.0.4.0/24. Each test uses /24s of its own, so
// that the counters of one do not slow another.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  startAll, expectStatus, hire, listAll, drainOutbox, extractToken, cookieFrom, waitFor, ADMIN, PASSWORD,
} from './harness.js';

const PROXY = '127.0.9.9'; // the one trusted reverse proxy of this server

/** POST /api/v1{path} with a JSON body from local address `from`. */
function postFrom(base, from, path, body, headers = {}) {
  const u = new URL(`/api/v1${path}`, base);
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(u, {
      method: 'POST',
      localAddress: from,
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = JSON.parse(text); } catch { json = null; }
        resolve({ status: res.statusCode, headers: res.headers, text, body: json,
          setCookies: res.headers['set-cookie'] || [] });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** A login from `from`, optionally with a device cookie (value of hd_device). */
function loginFrom(base, from, email, password, { device = null, org, headers = {} } = {}) {
  const h = { ...headers };
  if (device) h.cookie = `hd_device=${device}`;
  const body = { email, password };
  if (org !== undefined) body.org = org;
  return postFrom(base, from, '/session', body, h);
}

function expect429(r, what, maxWait = 15 * 60) {
  assert.equal(r.status, 429, `${what}: expected 429, got ${r.status} ${r.text}`);
  assert.equal(r.body?.error?.code, 'too_many_requests', `${what}: ${r.text}`);
  const ra = Number(r.headers['retry-after']);
  assert.ok(Number.isInteger(ra) && ra > 0 && ra <= maxWait, `${what}: Retry-After ${r.headers['retry-after']}`);
  assert.equal(cookieFrom(r.setCookies), null, `${what}: no session while slowed`);
  return ra;
}

/** Only that it was refused (429): the old server knew no Retry-After. */
function expectSlowed(r, what) {
  assert.equal(r.status, 429, `${what}: expected 429, got ${r.status} ${r.text}`);
  assert.equal(cookieFrom(r.setCookies), null, `${what}: no session while slowed`);
}

function expect401(r, what) {
  assert.equal(r.status, 401, `${what}: expected 401, got ${r.status} ${r.text}`);
  assert.equal(r.body?.error?.code, 'unauthenticated', `${what}: ${r.text}`);
}

/** FNV-1a (64 bit) of the lower-cased address, as the old in-memory
 * throttle hashed it (its offset basis lacked a digit of the standard one). */
function fnv1a(s) {
  let h = 1469598103934665603n;
  for (const b of Buffer.from(s.toLowerCase(), 'latin1')) {
    h ^= BigInt(b);
    h = (h * 1099511628211n) & 0xffffffffffffffffn;
  }
  return h === 0n ? 1n : h;
}

describe('login throttling', () => {
  let ctx; let smtp; let server; let admin; let base;

  before(async () => {
    ctx = await startAll({ env: { HAUSDESK_TRUSTED_PROXIES: `10.99.0.1, ${PROXY}` } });
    ({ smtp, server, admin } = ctx);
    base = server.base;
  });
  after(async () => { if (ctx) await ctx.stop(); });

  it('filling the counters with other addresses does not make the server forget an address’s failures (the old table let 8 colliding addresses evict it)', async () => {
    // The victim's failures are counted for the quiet time (15 minutes),
    // so the test does not depend on how fast this machine is: nine
    // failures, then the flood, then the tenth, which must slow the
    // address down — it would not if the flood had evicted the nine.
    const victim = await hire(server, smtp, admin, { name: 'Frau Opfer', email: 'opfer@abc.example' });
    for (let i = 0; i < 9; i++) {
      expect401(await loginFrom(base, '127.0.6.1', victim.email, `falsch-${i}-xxxxxxx`), `failure ${i + 1}`);
    }
    // Addresses that fell into the victim's window of the old table
    // (FNV-1a modulo 1024), and others besides, fail once each.
    const slot = fnv1a(victim.email) % 1024n;
    const colliding = [];
    for (let n = 0; colliding.length < 12; n++) {
      const a = `k${n}@evil.example`;
      if (fnv1a(a) % 1024n === slot) colliding.push(a);
    }
    const others = Array.from({ length: 40 }, (_, i) => `anders${i}@evil.example`);
    let i = 0;
    for (const a of [...colliding, ...others]) {
      const r = await loginFrom(base, `127.0.7.${1 + (i++ % 20)}`, a, 'irgendein-passwort');
      expect401(r, `failure for ${a}`);
    }
    expect401(await loginFrom(base, '127.0.6.1', victim.email, 'falsch-9-xxxxxxx'), 'failure 10');
    expectSlowed(await loginFrom(base, '127.0.6.3', victim.email, victim.password), 'the right password after ten failures, slowed');
  });

  it('ten wrong passwords slow an address down for every browser without a device cookie — not for its owner’s browser, which has one', async () => {
    const owner = await hire(server, smtp, admin, { name: 'Herr Eigner', email: 'eigner@abc.example' });
    // The owner's usual browser: its login sets the device cookie.
    const first = await loginFrom(base, '127.0.1.1', owner.email, owner.password);
    expectStatus(first, 200, 'first login');
    const dev = cookieFrom(first.setCookies, 'hd_device');
    assert.ok(dev, `hd_device cookie set: ${JSON.stringify(first.setCookies)}`);
    assert.match(dev.header, /;\s*HttpOnly/i);
    assert.match(dev.header, /;\s*SameSite=Strict/i);
    assert.match(dev.header, /;\s*Path=\/api\/v1\/session/i);
    assert.match(dev.header, /;\s*Max-Age=\d{6,}/i);

    // Somebody who only knows the address.
    for (let i = 0; i < 10; i++) {
      expect401(await loginFrom(base, '127.0.1.2', owner.email, `rate-${i}-xxxxxxxx`), `failure ${i + 1}`);
    }
    const ra = expect429(await loginFrom(base, '127.0.1.2', owner.email, owner.password), 'right password, attacker');
    // Per address, not per client: another browser without the cookie waits too…
    expect429(await loginFrom(base, '127.0.1.3', owner.email, owner.password), 'right password, another client');
    // …a refused attempt does not make the wait longer…
    const again = expect429(await loginFrom(base, '127.0.1.3', owner.email, 'noch-ein-versuch-1'), 'refused again');
    assert.ok(again <= ra, `Retry-After grew from ${ra} to ${again} without a checked attempt`);
    // …and neither a forged cookie nor one of another address helps.
    const forged = `${'0'.repeat(32)}.${'a'.repeat(64)}`;
    expect429(await loginFrom(base, '127.0.1.3', owner.email, owner.password, { device: forged }), 'forged cookie');
    const other = await loginFrom(base, '127.0.1.4', ADMIN.email, ADMIN.password);
    expectStatus(other, 200, 'admin login');
    const otherDev = cookieFrom(other.setCookies, 'hd_device').value;
    expect429(await loginFrom(base, '127.0.1.4', owner.email, owner.password, { device: otherDev }),
      'device cookie of another address');

    // The owner's browser is slowed only by its own failures.
    expect401(await loginFrom(base, '127.0.1.1', owner.email, 'vertippt-1234', { device: dev.value }), 'owner mistypes');
    const ok = await loginFrom(base, '127.0.1.1', owner.email, owner.password, { device: dev.value });
    expectStatus(ok, 200, 'owner with the device cookie');
    // A successful login renews the device cookie.
    const renewed = cookieFrom(ok.setCookies, 'hd_device');
    assert.ok(renewed && renewed.value !== dev.value, 'a new device cookie');
    expectStatus(await loginFrom(base, '127.0.1.1', owner.email, owner.password, { device: renewed.value }),
      200, 'with the renewed cookie');
  });

  it('a device cookie that fails ten times is trusted no more', async () => {
    const u = await hire(server, smtp, admin, { name: 'Frau Gerät', email: 'geraet@abc.example' });
    const first = await loginFrom(base, '127.0.11.1', u.email, u.password);
    const dev = cookieFrom(first.setCookies, 'hd_device').value;
    for (let i = 0; i < 10; i++) {
      expect401(await loginFrom(base, '127.0.11.1', u.email, `geraet-${i}-xxxxxx`, { device: dev }), `failure ${i + 1}`);
    }
    // The cookie is spent; the address itself has no failures, so a
    // login without the cookie still works.
    const r = await loginFrom(base, '127.0.11.1', u.email, `geraet-x-xxxxxx`, { device: dev });
    expect401(r, 'counted as a login without a cookie');
    expectStatus(await loginFrom(base, '127.0.11.2', u.email, u.password), 200, 'without the cookie');
  });

  it('one password sprayed over 40 addresses from one client is slowed after 30; another client is not', async () => {
    const results = [];
    for (let i = 0; i < 40; i++) {
      results.push(await loginFrom(base, '127.0.2.1', `spray${i}@abc.example`, 'Sommer2024!!'));
    }
    results.slice(0, 30).forEach((r, i) => expect401(r, `attempt ${i + 1}`));
    results.slice(30).forEach((r, i) => expect429(r, `attempt ${31 + i}`));
    // The sprayed addresses themselves are not slowed (one failure each),
    // nor is a client elsewhere.
    expectStatus(await loginFrom(base, '127.0.3.1', ADMIN.email, ADMIN.password), 200, 'another client');
    expect401(await loginFrom(base, '127.0.3.1', 'spray0@abc.example', 'Sommer2024!!'), 'a sprayed address from elsewhere');
  });

  it('32 clients of one /24 together are slowed after 100 failures; a client of another /24 is not', async () => {
    const clients = Array.from({ length: 32 }, (_, i) => `127.0.4.${i + 2}`);
    const statuses = [];
    // Four rounds over the clients, each attempt for an address of its own:
    // no client and no address comes near its own limit.
    for (let round = 0; round < 4; round++) {
      for (const [i, c] of clients.entries()) {
        const r = await loginFrom(base, c, `netz-${i}-${round}@abc.example`, 'passwort-raten');
        assert.ok([401, 429].includes(r.status), `${c}: ${r.status} ${r.text}`);
        if (r.status === 429) expect429(r, c);
        statuses.push(r.status);
      }
    }
    assert.equal(statuses.filter((s) => s === 401).length, 100, 'exactly the first 100 were checked');
    assert.ok(statuses.slice(100).every((s) => s === 429), 'all later ones were slowed');
    expect429(await loginFrom(base, '127.0.4.200', 'netz-neu@abc.example', 'passwort-raten'), 'a new client of that /24');
    expectStatus(await loginFrom(base, '127.0.5.2', ADMIN.email, ADMIN.password), 200, 'a client of another /24');
  });

  it('X-Forwarded-For counts only from a trusted proxy', async () => {
    // An untrusted client cannot escape its counter with made-up headers.
    for (let i = 0; i < 30; i++) {
      expect401(await loginFrom(base, '127.0.10.1', `xff${i}@abc.example`, 'passwort-raten',
        { headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } }), `untrusted ${i + 1}`);
    }
    expect429(await loginFrom(base, '127.0.10.1', 'xff-neu@abc.example', 'passwort-raten',
      { headers: { 'x-forwarded-for': '198.51.100.200' } }), 'untrusted, new header');
    // Through the trusted proxy, the client is the address it appended.
    for (let i = 0; i < 30; i++) {
      expect401(await loginFrom(base, PROXY, `proxy${i}@abc.example`, 'passwort-raten',
        { headers: { 'x-forwarded-for': '203.0.113.1, 192.0.2.10' } }), `via proxy ${i + 1}`);
    }
    expect429(await loginFrom(base, PROXY, 'proxy-neu@abc.example', 'passwort-raten',
      { headers: { 'x-forwarded-for': '192.0.2.10' } }), 'that client via the proxy');
    expectStatus(await loginFrom(base, PROXY, ADMIN.email, ADMIN.password,
      { headers: { 'x-forwarded-for': '192.0.3.10' } }), 200, 'another client via the proxy');
  });

  it('answers tell nothing about accounts: an unknown address is counted and slowed like a known one', async () => {
    const known = await hire(server, smtp, admin, { name: 'Frau Bekannt', email: 'bekannt@abc.example' });
    const a = []; const b = [];
    for (let i = 0; i < 10; i++) {
      a.push(await loginFrom(base, '127.0.14.1', known.email, `bekannt-${i}-xxxxx`));
      b.push(await loginFrom(base, '127.0.14.2', 'unbekannt@abc.example', `bekannt-${i}-xxxxx`));
    }
    a.forEach((r, i) => { expect401(r, `known ${i}`); assert.equal(r.text, b[i].text, 'same answer'); });
    const ra = await loginFrom(base, '127.0.14.3', known.email, 'irgendwas-123');
    const rb = await loginFrom(base, '127.0.14.3', 'unbekannt@abc.example', 'irgendwas-123');
    expect429(ra, 'known');
    expect429(rb, 'unknown');
    assert.equal(ra.body.error.message.replace(/\d+/g, 'N'), rb.body.error.message.replace(/\d+/g, 'N'));
  });

  it('the counters and the device cookies survive a restart of the server', async () => {
    const u = await hire(server, smtp, admin, { name: 'Herr Neustart', email: 'neustart@abc.example' });
    const first = await loginFrom(base, '127.0.15.1', u.email, u.password);
    const dev = cookieFrom(first.setCookies, 'hd_device');
    for (let i = 0; i < 10; i++) {
      expect401(await loginFrom(base, '127.0.15.2', u.email, `neustart-${i}-xxxx`), `failure ${i + 1}`);
    }
    expectSlowed(await loginFrom(base, '127.0.15.3', u.email, u.password), 'before the restart');
    await server.restart();
    admin = await server.admin();
    expectSlowed(await loginFrom(base, '127.0.15.3', u.email, u.password), 'after the restart');
    expect429(await loginFrom(base, '127.0.15.3', u.email, u.password), 'after the restart, with Retry-After');
    assert.ok(dev, 'a device cookie from the first login');
    expectStatus(await loginFrom(base, '127.0.15.1', u.email, u.password, { device: dev.value }), 200,
      'the device cookie from before the restart');
  });
});

describe('password reset limits', () => {
  let ctx; let smtp; let server; let admin; let base;

  before(async () => {
    ctx = await startAll();
    ({ smtp, server, admin } = ctx);
    base = server.base;
  });
  after(async () => { if (ctx) await ctx.stop(); });

  const resetRows = async (email) => (await listAll(admin, '/mail'))
    .filter((m) => m.kind === 'password_reset' && String(m.to).toLowerCase().includes(email));

  it('30 reset requests for one address send 3 mails; every answer is 202; the last link works', async () => {
    const e = await hire(server, smtp, admin, { name: 'Frau Bombe', email: 'bombe@abc.example' });
    const t0 = Date.now();
    const answers = [];
    for (let i = 0; i < 30; i++) {
      // From three clients, so that the cap per client is not what stops it.
      answers.push(await postFrom(base, `127.0.20.${1 + (i % 3)}`, '/password-reset', { email: e.email }));
    }
    for (const r of answers) assert.equal(r.status, 202, `${r.status} ${r.text}`);
    assert.equal(new Set(answers.map((r) => r.text)).size, 1, 'all answers alike');
    await drainOutbox(admin);
    assert.equal((await resetRows(e.email)).length, 3, 'three reset mails in the outbox');
    const mails = await waitFor(() => {
      const m = smtp.mailsTo(e.email).filter((x) => x.at >= t0 && /token=/.test(x.text));
      return m.length >= 3 && m;
    }, 5000, 'three reset mails at the SMTP server');
    assert.equal(mails.length, 3, 'three mails at the SMTP server');
    // Each new mail voids the link of the one before; the last one works.
    // Mail goes out on several connections at once, so the order of
    // arrival is not the order of writing: the Message-ID carries, after
    // the Vorgang's "v0.", the time it was written (19 digits), which is.
    const newest = [...mails].sort((a, b) => (a.messageId < b.messageId ? -1 : 1)).at(-1);
    expectStatus(await server.anon().post('/password-reset/confirm',
      { token: extractToken(newest.text), password: 'nach-der-flut-1' }), 200, 'the last link');
    // An unknown address answers alike and gets nothing.
    const u = await postFrom(base, '127.0.20.4', '/password-reset', { email: 'niemand@abc.example' });
    assert.equal(u.text, answers[0].text);
  });

  it('one client may ask for 10 resets an hour; the 11th is 429 and sends nothing; another client is not limited', async () => {
    const addrs = [];
    for (let i = 0; i < 11; i++) {
      const email = `kunde${i}@example.org`;
      expectStatus(await admin.post('/contacts', { name: `Kunde ${i}`, email }), 201, 'contact');
      addrs.push(email);
    }
    for (let i = 0; i < 10; i++) {
      const r = await postFrom(base, '127.0.21.1', '/password-reset', { email: addrs[i] });
      assert.equal(r.status, 202, `request ${i + 1}: ${r.status} ${r.text}`);
    }
    const r = await postFrom(base, '127.0.21.1', '/password-reset', { email: addrs[10] });
    expect429(r, 'the 11th request', 3600);
    // The answer came after the job that would have queued the mail.
    assert.equal((await resetRows(addrs[10])).length, 0, 'no mail for the 11th');
    const other = await postFrom(base, '127.0.22.1', '/password-reset', { email: addrs[10] });
    assert.equal(other.status, 202);
    await drainOutbox(admin);
    assert.equal((await resetRows(addrs[10])).length, 1, 'from another client it goes out');
    for (const a of addrs) {
      await waitFor(() => smtp.mailsTo(a).length === 1, 5000, `one mail to ${a}`);
    }
  });

  it('the login page’s own address keeps working: reset limits and login counters are apart', async () => {
    expectStatus(await loginFrom(base, '127.0.21.1', ADMIN.email, ADMIN.password), 200, 'login from the capped client');
    assert.ok(PASSWORD.length >= 10);
  });
});
