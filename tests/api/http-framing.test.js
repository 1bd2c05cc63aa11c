// SPDX-License-Identifier: MIT
// HTTP framing, black box over raw sockets (node:net): requests whose
// length or headers two HTTP parsers could read differently (the ground of
// request smuggling behind a proxy) get 400 and a closed connection, an
// unknown transfer coding 501 instead of a connection read until the client
// gives up; well-formed requests, chunked bodies and keep-alive still work.
// A 405 names the methods the path has.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, ADMIN } from './harness.js';

let server;

before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

/**
 * Sends bytes on a fresh connection and collects what comes back until the
 * server closes it, or waitMs passes without a close.
 * Returns {text, closed, statuses: [status of each answer]}.
 */
function exchange(bytes, { waitMs = 3000 } = {}) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port: server.port });
    const chunks = [];
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ text, closed, statuses: statusesOf(text) });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    s.on('data', (d) => chunks.push(d));
    s.on('end', () => finish(true));
    s.on('close', () => finish(true));
    s.on('error', (e) => (e.code === 'ECONNRESET' ? finish(true) : reject(e)));
    s.write(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1'));
  });
}

/** The status of each answer in text (answers one after another, each
 * with a Content-Length); a trailing part that is no answer counts as 0. */
function statusesOf(text) {
  const out = [];
  let at = 0;
  while (at < text.length) {
    const m = /^HTTP\/1\.[01] (\d{3}) [^\r]*\r\n/.exec(text.slice(at));
    const end = text.indexOf('\r\n\r\n', at);
    if (!m || end < 0) {
      out.push(0);
      break;
    }
    const head = text.slice(at, end);
    const len = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    out.push(Number(m[1]));
    at = end + 4 + len;
  }
  return out;
}

const json = (r) => JSON.parse(r.text.slice(r.text.indexOf('\r\n\r\n') + 4));
const LOGIN = JSON.stringify({ email: ADMIN.email, password: ADMIN.password });
// What a second parser would take for the next request, were the framing
// read differently: it must never be answered.
const SMUGGLED = 'GET /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n';

/** Expects exactly one answer with status (and error code), then a close. */
function expectRefused(r, status, code = status === 501 ? 'not_implemented' : 'bad_request') {
  assert.deepEqual(r.statuses, [status], `one ${status} answer, got:\n${r.text}`);
  assert.equal(r.closed, true, 'the server closes the connection');
  assert.match(r.text, /\r\nconnection: close\r\n/i);
  assert.equal(json(r).error.code, code);
}

describe('malformed framing is refused and the connection closed', () => {
  it('Content-Length together with Transfer-Encoding', async () => {
    const r = await exchange('POST /api/v1/session HTTP/1.1\r\nHost: x\r\n' +
      'Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n' +
      `0\r\n\r\n${SMUGGLED}`);
    expectRefused(r, 400);
  });

  it('two different Content-Length headers', async () => {
    const r = await exchange('POST /api/v1/session HTTP/1.1\r\nHost: x\r\n' +
      'Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n' +
      `{}${SMUGGLED}`);
    expectRefused(r, 400);
  });

  it('two equal Content-Length headers', async () => {
    const r = await exchange('POST /api/v1/session HTTP/1.1\r\nHost: x\r\n' +
      'Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}');
    expectRefused(r, 400);
  });

  it('"Content-Length :" with a space before the colon', async () => {
    // Read as no length at all, the body would be the next request.
    const body = SMUGGLED;
    const r = await exchange('POST /api/v1/session HTTP/1.1\r\nHost: x\r\n' +
      `Content-Type: application/json\r\nContent-Length : ${body.length}\r\n\r\n${body}`);
    expectRefused(r, 400);
  });

  it('a folded header line (obs-fold)', async () => {
    const r = await exchange('GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n b\r\nX-B: 2\r\n\r\n');
    expectRefused(r, 400);
  });

  it('a folded last header line, folded with a tab', async () => {
    const r = await exchange('GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n\tb\r\n\r\n');
    expectRefused(r, 400);
  });

  it('no Host header in HTTP/1.1', async () => {
    const r = await exchange('GET /healthz HTTP/1.1\r\nX-A: 1\r\n\r\n');
    expectRefused(r, 400);
  });

  it('two Host headers', async () => {
    const r = await exchange('GET /healthz HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n');
    expectRefused(r, 400);
  });

  it('a NUL in the request target', async () => {
    const r = await exchange('GET /healthz\0/../api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n');
    expectRefused(r, 400);
  });

  it('a NUL in the method', async () => {
    const r = await exchange('GE\0T /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expectRefused(r, 400);
  });

  it('a NUL in a header value', async () => {
    const r = await exchange('GET /healthz HTTP/1.1\r\nHost: x\0y\r\nX-A: 1\r\n\r\n');
    expectRefused(r, 400);
  });

  it('a bare CR in a header value', async () => {
    const r = await exchange('GET /healthz HTTP/1.1\r\nHost: x\rX-A: 1\r\n\r\n');
    expectRefused(r, 400);
  });

  it('a space in the request target', async () => {
    const r = await exchange('GET /healthz  HTTP/1.1\r\nHost: x\r\n\r\n');
    expectRefused(r, 400);
  });

  it('an unknown transfer coding gets 501 at once, not a hang', async () => {
    const r = await exchange('POST /api/v1/session HTTP/1.1\r\nHost: x\r\n' +
      'Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\nabc');
    expectRefused(r, 501);
  });

  it('a transfer coding before chunked gets 501', async () => {
    const r = await exchange('POST /api/v1/session HTTP/1.1\r\nHost: x\r\n' +
      'Content-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n');
    expectRefused(r, 501);
  });

  it('two Transfer-Encoding headers', async () => {
    const r = await exchange('POST /api/v1/session HTTP/1.1\r\nHost: x\r\n' +
      'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n' +
      '0\r\n\r\n');
    expectRefused(r, 400);
  });

  it('Transfer-Encoding in HTTP/1.0', async () => {
    const r = await exchange('POST /api/v1/session HTTP/1.0\r\n' +
      'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
    expectRefused(r, 400);
  });
});

describe('well-formed requests still work', () => {
  it('two requests on one kept-alive connection, sent at once', async () => {
    const r = await exchange('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n' +
      'GET /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n', { waitMs: 1500 });
    assert.deepEqual(r.statuses, [200, 401], r.text);
    assert.equal(r.closed, false, 'the connection stays open for more');
  });

  it('a chunked JSON body logs in', async () => {
    const parts = [LOGIN.slice(0, 10), LOGIN.slice(10)];
    const chunked = parts.map((p) => `${p.length.toString(16)}\r\n${p}\r\n`).join('') + '0\r\n\r\n';
    const r = await exchange('POST /api/v1/session HTTP/1.1\r\nHost: x\r\n' +
      `Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}`, { waitMs: 1500 });
    assert.deepEqual(r.statuses, [200], r.text);
    assert.ok(json(r).csrf_token, r.text);
  });

  it('a body with Content-Length, then a second request on the connection', async () => {
    const r = await exchange('POST /api/v1/session HTTP/1.1\r\nHost: x\r\n' +
      `Content-Type: application/json\r\nContent-Length: ${LOGIN.length}\r\n\r\n${LOGIN}` +
      'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', { waitMs: 1500 });
    assert.deepEqual(r.statuses, [200, 200], r.text);
  });

  it('HTTP/1.0 without Host, with a query string, and bare LF line ends', async () => {
    const a = await exchange('GET /healthz HTTP/1.0\r\n\r\n');
    assert.deepEqual(a.statuses, [200], a.text);
    const b = await exchange('GET /api/v1/processes?limit=5&q=a%20b HTTP/1.1\r\nHost: x\r\n\r\n',
      { waitMs: 1500 });
    assert.deepEqual(b.statuses, [401], b.text);
    const c = await exchange('GET /healthz HTTP/1.1\nHost: x\nX-Empty:\nX-A:  1 \n\n', { waitMs: 1500 });
    assert.deepEqual(c.statuses, [200], c.text);
  });
});

describe('405', () => {
  it('a method the path does not have: method_not_allowed and an Allow header', async () => {
    const r = await exchange('PUT /api/v1/roles/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n',
      { waitMs: 1500 });
    assert.deepEqual(r.statuses, [405], r.text);
    assert.equal(json(r).error.code, 'method_not_allowed');
    const allow = /\r\nallow: ([^\r]*)\r\n/i.exec(r.text)?.[1];
    assert.equal(allow, 'GET, HEAD, PATCH, DELETE');
  });

  it('a web UI path with POST: 405 with Allow: GET, HEAD', async () => {
    const r = await exchange('POST /assets/app.js HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n',
      { waitMs: 1500 });
    assert.deepEqual(r.statuses, [405], r.text);
    assert.equal(/\r\nallow: ([^\r]*)\r\n/i.exec(r.text)?.[1], 'GET, HEAD');
  });
});
