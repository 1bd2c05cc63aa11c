// SPDX-License-Identifier: MIT
// For selftest.test.js: starts PostgreSQL, HAProxy and Dovecot, prints one
// JSON line {pids, dirs} (pids: every daemon process and its children), then
// ends as argv[2] says, without calling any stop():
//   throw   — an uncaught exception (as a failing test without after hook)
//   wait    — waits to be killed (the test sends SIGTERM or SIGKILL)

import fs from 'node:fs';
import http from 'node:http';
import { startPostgres } from './pg.js';
import { startHaproxy } from './haproxy.js';
import { startDovecot } from './dovecot.js';

/** pid and all its descendants, from /proc. */
function tree(pid) {
  const children = new Map();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const s = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(e));
    } catch { /* gone meanwhile */ }
  }
  const out = [];
  const walk = (p) => { out.push(p); for (const c of children.get(p) ?? []) walk(c); };
  walk(pid);
  return out;
}

const mode = process.argv[2];
const backend = http.createServer((req, res) => res.end('ok'));
await new Promise((r) => backend.listen(0, '127.0.0.1', r));
const pg = await startPostgres();
const lb = await startHaproxy({ backends: [{ port: backend.address().port }] });
const imap = await startDovecot({ users: [{ user: 'u', password: 'p' }] });
await pg.psql('SELECT 1'); // a backend has run
process.stdout.write(`${JSON.stringify({
  pids: [...tree(pg.pid), ...tree(lb.pid), ...tree(imap.pid)],
  dirs: [pg.dir, lb.dir, imap.dir],
})}\n`);
backend.unref();
if (mode === 'throw') throw new Error('selftest-child: a test failed here on purpose');
setInterval(() => {}, 1000);
