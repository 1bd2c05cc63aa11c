// SPDX-License-Identifier: MIT
// Connection exhaustion, black box: many slow connections from one address
// (127.0.0.1) — headers a byte at a time, a body a byte at a time, idle
// keep-alives — must not lock out a client from another address
// (127.0.0.2, also loopback), must leave /healthz answering, and are closed
// by the server. The deadlines are set short (1 s) so this runs in seconds.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { startServer, waitFor, ADMIN } from '../api/harness.js';

const ATTACKER = '127.0.0.1';
const USER = '127.0.0.2';

/**
 * A connection from localAddress that sends first, then one byte of rest
 * every everyMs (until rest runs out). Tracks what the server sends and
 * whether it closed the connection.
 */
function slowConnection(port, localAddress, first, rest = '', everyMs = 200) {
  const s = net.connect({ host: '127.0.0.1', port, localAddress });
  const c = { socket: s, data: '', closed: false, timer: null };
  let i = 0;
  const done = () => {
    c.closed = true;
    clearInterval(c.timer);
  };
  s.on('connect', () => {
    if (first) s.write(first);
    if (rest) {
      c.timer = setInterval(() => {
        if (i < rest.length && !s.destroyed) s.write(rest[i++]);
      }, everyMs);
    }
  });
  s.on('data', (d) => { c.data += d.toString('latin1'); });
  s.on('end', done);
  s.on('close', done);
  s.on('error', done);
  return c;
}

/** One request from localAddress on a connection of its own. */
function request(port, localAddress, method, path, body = null) {
  return new Promise((resolve, reject) => {
    const headers = body ? { 'content-type': 'application/json' } : {};
    const req = http.request({ host: '127.0.0.1', port, localAddress, method, path, headers,
      agent: false }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, body: json });
      });
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

/** The counter hausdesk_http_connections_closed_total{reason} of /metrics. */
async function closedTotal(port, reason) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, localAddress: USER, path: '/metrics', agent: false }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        const m = new RegExp(`^hausdesk_http_connections_closed_total\\{reason="${reason}"\\} (\\d+)$`, 'm')
          .exec(text);
        resolve(m ? Number(m[1]) : -1);
      });
    }).on('error', reject);
  });
}

const closeAll = (conns) => conns.forEach((c) => c.socket.destroy());

describe('slow connections from one address lock nobody out', () => {
  let server;
  const conns = [];

  before(async () => {
    server = await startServer({ env: {
      HAUSDESK_CONNS_PER_IP: '20',
      HAUSDESK_HEADER_TIMEOUT_MS: '1000',
      HAUSDESK_BODY_TIMEOUT_MS: '1000',
      HAUSDESK_BODY_MIN_RATE: '100',
      HAUSDESK_KEEPALIVE_MS: '1000',
    } });
  });
  after(async () => {
    closeAll(conns);
    await server?.stop();
  });

  it('headers sent a byte at a time: refused beyond the per-address limit, the rest cut at the deadline', async () => {
    const slow = Array.from({ length: 60 }, () => slowConnection(server.port, ATTACKER,
      'GET /healthz HTTP/1.1\r\nHost: x\r\n', 'X-Slow: ' + 'a'.repeat(200)));
    conns.push(...slow);
    // Another address is answered while they trickle.
    await waitFor(() => slow.some((c) => c.closed), 5000, 'the first refused connection');
    const h = await request(server.port, USER, 'GET', '/healthz');
    assert.equal(h.status, 200);
    const login = await request(server.port, USER, 'POST', '/api/v1/session',
      { email: ADMIN.email, password: ADMIN.password });
    assert.equal(login.status, 200);
    // Every slow connection is closed by the server, none answered but
    // with 408; at most 20 of them were let in at all.
    await waitFor(() => slow.every((c) => c.closed), 10000, 'all 60 slow connections closed');
    const timedOut = slow.filter((c) => c.data.startsWith('HTTP/1.1 408 '));
    assert.ok(timedOut.length >= 1 && timedOut.length <= 20,
      `${timedOut.length} connections were let in and cut off (1 to 20)`);
    assert.ok(slow.every((c) => c.data === '' || c.data.startsWith('HTTP/1.1 408 ')));
    assert.ok(await closedTotal(server.port, 'headers') >= timedOut.length);
  });

  it('a body sent a byte at a time is cut once it falls below the minimum rate', async () => {
    const c = slowConnection(server.port, ATTACKER,
      'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Content-Length: 2000\r\n\r\n', ' '.repeat(2000));
    conns.push(c);
    const h = await request(server.port, USER, 'GET', '/healthz');
    assert.equal(h.status, 200);
    await waitFor(() => c.closed, 10000, 'the slow body to be cut off');
    assert.match(c.data, /^HTTP\/1\.1 408 /);
    assert.ok(await closedTotal(server.port, 'body') >= 1);
  });

  it('idle keep-alive connections are closed', async () => {
    const idle = Array.from({ length: 10 }, () => slowConnection(server.port, ATTACKER,
      'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
    conns.push(...idle);
    await waitFor(() => idle.every((c) => c.data.includes('{"status":"ok"}')), 5000,
      'the 10 answers');
    assert.match(idle[0].data, /\r\nKeep-Alive: timeout=1\r\n/i);
    await waitFor(() => idle.every((c) => c.closed), 10000, 'the idle connections closed');
  });
});

describe('/healthz and /metrics keep their slots when all others are taken', () => {
  let server;
  const conns = [];

  before(async () => {
    // 24 slots, 8 of them for /healthz; no limit per address, so that one
    // address can take all 16 others; long header deadline, so they stay.
    server = await startServer({ env: {
      HAUSDESK_MAX_CONNS: '24',
      HAUSDESK_CONNS_PER_IP: '0',
      HAUSDESK_HEADER_TIMEOUT_MS: '20000',
    } });
  });
  after(async () => {
    closeAll(conns);
    await server?.stop();
  });

  it('others get 503 server_busy, /healthz 200, and all works again once they go', async () => {
    conns.push(...Array.from({ length: 16 }, () => slowConnection(server.port, ATTACKER, '')));
    const busy = await waitFor(async () => {
      const r = await request(server.port, USER, 'GET', '/api/v1/me');
      return r.status === 503 && r;
    }, 5000, 'a request to be refused with 503 while the slots are taken');
    assert.equal(busy.body.error.code, 'server_busy');
    assert.equal(busy.headers.connection, 'close');
    const h = await request(server.port, USER, 'GET', '/healthz');
    assert.equal(h.status, 200);
    assert.deepEqual(h.body, { status: 'ok' });
    // The metrics too (on those slots), counting the refusal.
    assert.ok(await closedTotal(server.port, 'busy') >= 1);
    closeAll(conns);
    await waitFor(async () => (await request(server.port, USER, 'GET', '/api/v1/me')).status === 401,
      5000, 'normal answers once the slots are free');
  });
});
