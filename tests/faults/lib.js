// SPDX-License-Identifier: MIT
// Shared by the fault tests: a small organisation to file Vorgänge in, a
// load of concurrent creators that records every outcome, and the
// bookkeeping of what was acknowledged, committed, lost and duplicated.

import fs from 'node:fs';
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import {
  startSmtp, startServer, newRole, newProperty, newType, hire, addStaff, newTenant, listAll,
  sleep, waitFor,
} from '../api/harness.js';

/**
 * Starts an SMTP sink and a server (opts go to startServer: smallFs, env)
 * with role Technik, Frau Huber staffing Gartenstraße 3 with it, type
 * Schadensmeldung routed to it, and Herr Müller, tenant there, logged in.
 * Every Vorgang he files goes to Frau Huber and mails her and him.
 */
export async function startFaultOrg(opts = {}) {
  const smtp = await startSmtp();
  let server;
  try {
    server = await startServer({ smtpPort: smtp.port, ...opts });
  } catch (e) {
    await smtp.stop();
    throw e;
  }
  const ctx = {
    smtp, server,
    async stop() {
      await server.stop();
      await smtp.stop();
    },
  };
  try {
    const admin = await server.admin();
    const technik = await newRole(admin, 'Technik');
    const prop = await newProperty(admin, { name: 'Gartenstraße 3', street: 'Gartenstraße 3' });
    const type = await newType(admin, 'Schadensmeldung', [technik.id]);
    const emp = await hire(server, smtp, admin, { name: 'Frau Huber', email: 'huber@abc.example' });
    await addStaff(admin, prop.id, emp.id, technik.id);
    const tenant = await newTenant(server, smtp, admin, prop.id,
      { name: 'Herr Müller', email: 'mueller@example.org' });
    return Object.assign(ctx, { admin, technik, prop, type, emp, tenant });
  } catch (e) {
    await ctx.stop();
    throw e;
  }
}

/**
 * Starts `conns` loops, each filing Vorgänge one after the other with
 * subjects `${tag}-${loop}-${i}` as client, until stop(). Every attempt
 * is recorded: {subject, at (sent), status, code, id, number, err}. A
 * failed connection is tried again after a short pause.
 */
export function fileLoad(client, { type, prop }, { conns, tag }) {
  const results = [];
  let stopped = false;
  const loops = [];
  for (let k = 0; k < conns; k++) {
    loops.push((async () => {
      for (let i = 0; !stopped; i++) {
        const rec = { subject: `${tag}-${k}-${i}`, at: Date.now() };
        results.push(rec);
        try {
          const r = await client.post('/processes', {
            type_id: type.id, property_id: prop.id, subject: rec.subject,
            description: 'Fault test.',
          });
          rec.status = r.status;
          rec.code = r.body?.error?.code;
          rec.message = r.body?.error?.message;
          rec.id = r.body?.id;
          rec.number = r.body?.number;
        } catch (e) {
          rec.err = e.cause?.code || e.message;
        }
        rec.done = Date.now();
        if (rec.err) await sleep(20);
      }
    })());
  }
  return {
    results,
    acked: () => results.filter((r) => r.status === 201),
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/** Every Vorgang in the organisation, as the admin lists them. */
export async function allProcesses(admin) {
  return listAll(admin, '/processes');
}

/**
 * Compares what clients were told (results of fileLoad) with what is in
 * the database (procs): the acknowledged (201) that are missing (lost),
 * subjects filed more than once (duplicated), and those committed without
 * a 201 (unanswered: the client cannot know they exist).
 */
export function reconcile(results, procs) {
  const bySubject = new Map();
  for (const p of procs) {
    if (!bySubject.has(p.subject)) bySubject.set(p.subject, []);
    bySubject.get(p.subject).push(p);
  }
  const sent = new Map(results.map((r) => [r.subject, r]));
  const acked = results.filter((r) => r.status === 201);
  const lost = acked.filter((r) => !bySubject.has(r.subject));
  const duplicated = [...bySubject.entries()].filter(([, ps]) => ps.length > 1).map(([s]) => s);
  const committed = [...bySubject.keys()].filter((s) => sent.has(s));
  const unanswered = committed.filter((s) => sent.get(s).status !== 201);
  const wrongId = acked.filter((r) => bySubject.has(r.subject) &&
    bySubject.get(r.subject)[0].id !== r.id);
  return { acked, lost, duplicated, committed, unanswered, wrongId, bySubject };
}

/** The sequence numbers of V-YYYY-NNNNN by year, each sorted. */
export function numbersByYear(procs) {
  const years = new Map();
  for (const p of procs) {
    const m = /^V-(\d{4})-(\d+)$/.exec(p.number);
    assert.ok(m, `number ${p.number} of Vorgang ${p.id} has the form V-YYYY-NNNNN`);
    if (!years.has(m[1])) years.set(m[1], []);
    years.get(m[1]).push(Number(m[2]));
  }
  for (const seqs of years.values()) seqs.sort((a, b) => a - b);
  return years;
}

/** Numbers missing between 1 and the highest of each year. */
export function numberGaps(procs) {
  const gaps = [];
  for (const [year, seqs] of numbersByYear(procs)) {
    let want = 1;
    for (const n of seqs) {
      while (want < n) gaps.push(`V-${year}-${String(want++).padStart(5, '0')}`);
      want = n + 1;
    }
  }
  return gaps;
}

/** Overwrites pages first..last (1-based, of pageSize bytes) of file with 0xFF. */
export function damagePages(file, first, last, pageSize = 4096) {
  const fd = fs.openSync(file, 'r+');
  try {
    const junk = Buffer.alloc(pageSize, 0xff);
    for (let p = first; p <= last; p++) fs.writeSync(fd, junk, 0, pageSize, (p - 1) * pageSize);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Another process takes the database's write lock (BEGIN IMMEDIATE, as a
 * backup or a second program on the file may): the server's writes wait
 * for it (up to SQLite's 5 s busy timeout). Resolves once held; release()
 * lets go.
 */
export async function holdWriteLock(db) {
  const py = spawn('python3', ['-c', [
    'import sqlite3, sys',
    'c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)',
    'c.execute("BEGIN IMMEDIATE")',
    'print("locked", flush=True)',
    'sys.stdin.read()',
    'c.execute("ROLLBACK")',
  ].join('\n'), db], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  py.stdout.on('data', (d) => { out += d; });
  const exited = new Promise((r) => py.on('exit', r));
  await waitFor(() => out.includes('locked'), 15000, 'the write lock');
  return {
    async release() {
      py.stdin.end();
      await exited;
    },
  };
}

/** Waits for the server process to exit; returns {code, signal}. */
export async function waitExit(server, timeoutMs, what = 'the server to exit') {
  return waitFor(() => server.exited, timeoutMs, what, 20);
}

export { sleep, waitFor };
