// SPDX-License-Identifier: MIT
// SIGTERM under load (24 connections filing Vorgänge): the server stops
// accepting, answers every request begun, and exits 0 within its bound
// (--shutdown-timeout, 10 s). Every Vorgang committed was answered 201; a
// request refused (503 shutting_down) or never taken (connection refused)
// changed nothing. Compared with the database after a restart.
//
// So that the signal finds many requests in flight every time (not only
// on a slow disk), another process holds the write lock for a moment: the
// creates queue up behind it, SIGTERM arrives, then the lock goes.

import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from '../api/harness.js';
import {
  startFaultOrg, fileLoad, allProcesses, reconcile, waitFor, waitExit, holdWriteLock,
} from './lib.js';

const BOUND_S = 10;

describe('SIGTERM under load', () => {
  let ctx;
  let other;
  after(async () => {
    if (ctx) await ctx.stop();
    if (other) await other.stop();
  });

  it('answers every committed create with 201 and exits cleanly', async (t) => {
    ctx = await startFaultOrg();
    const { server, tenant } = ctx;
    const load = fileLoad(tenant.client, ctx, { conns: 24, tag: 'term' });
    await waitFor(() => load.acked().length >= 150, 30000, '150 creates answered 201');
    const lock = await holdWriteLock(server.db);
    await waitFor(() => load.results.filter((r) => !r.done).length >= 20, 10000,
      '20 creates waiting for the write lock');
    const waiting = load.results.filter((r) => !r.done).length;
    server.proc.kill('SIGTERM');
    await waitFor(() => /stopping \(signal 15\)/.test(server.log), 10000, 'the server to take the signal');
    await lock.release();
    // The bound, and time to write the last checkpoint and stop the
    // mail worker.
    const ex = await waitExit(server, (BOUND_S + 10) * 1000, 'the server to exit after SIGTERM');
    await load.stop();
    assert.deepEqual(ex, { code: 0, signal: null }, `exits 0\n${server.log.slice(-3000)}`);
    const stopLog = server.log;

    await server.restart();
    const procs = (await allProcesses(await server.admin())).filter((p) => p.subject.startsWith('term-'));
    const rec = reconcile(load.results, procs);
    const refused = load.results.filter((r) => r.status === 503);
    const other = load.results.filter((r) => r.status && r.status !== 201 && r.status !== 503);
    const cutOff = load.results.filter((r) => r.err);
    t.diagnostic(JSON.stringify({
      waitingAtSignal: waiting, attempts: load.results.length, answered201: rec.acked.length, committed: rec.committed.length,
      committedUnanswered: rec.unanswered.length, refused503: refused.length,
      connectionFailed: cutOff.length, lost: rec.lost.length,
    }));
    assert.deepEqual(rec.unanswered, [], 'every Vorgang committed was answered 201');
    assert.deepEqual(rec.lost.map((r) => r.subject), [], 'every 201 is in the database');
    assert.deepEqual(rec.duplicated, [], 'nothing twice');
    assert.deepEqual(other.map((r) => `${r.status} ${r.code}`), [], 'only 201 or 503');
    for (const r of refused) {
      assert.equal(r.code, 'shutting_down', `503 is shutting_down: ${r.message}`);
      assert.ok(!rec.bySubject.has(r.subject), `refused ${r.subject} was not carried out`);
    }
    assert.match(stopLog, /every request begun was answered/, 'says it answered everything');
  });

  it('cuts off a request that does not finish within the bound, and exits 0', async () => {
    other = await startServer({ env: { HAUSDESK_SHUTDOWN_TIMEOUT: '1' } });
    // Headers and a tenth of the body: the request has begun and waits.
    const sock = net.connect(other.port, '127.0.0.1');
    sock.on('error', () => {});
    sock.write('POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Content-Length: 100\r\n\r\n{"email":');
    for (let i = 0; i < 3; i++) assert.equal((await other.anon().get('/healthz')).status, 200);
    other.proc.kill('SIGTERM');
    const ex = await waitExit(other, 15000, 'the server to exit after its bound');
    sock.destroy();
    assert.deepEqual(ex, { code: 0, signal: null });
    assert.match(other.log, /waiting up to 1 s for [1-9]\d* requests begun/, other.log);
    assert.match(other.log, /still running after 1 s are cut off/, other.log);
  });
});
