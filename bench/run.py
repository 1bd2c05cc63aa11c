#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""hausdesk benchmark: the real binary on a large data set, loaded by wrk.

Prints one table: requests/s, p50 and p99 latency, the ratio to the ceiling
(GET /healthz at the same number of connections, measured in this run), the
server's peak RSS and the database size; then the mail drain rate into
Postfix's smtp-sink. Absolute numbers on shared machines are noise: the
ratios are the result. Asserts nothing about speed.

--backend sqlite,pg runs the same scenarios on each database in turn, on
the same data (the SQLite data set `demo --scale` generates, copied into
PostgreSQL by `hausdesk migrate-db`, then kept as a pg_dump beside it), and
prints the tables side by side. PostgreSQL is the throw-away cluster of
tests/infra/with-pg.js (`make bench BACKEND=pg` starts it: fsync and
synchronous_commit on, pg_stat_statements loaded), whose URIs come in
HAUSDESK_TEST_PG and HAUSDESK_TEST_PG_SU; after each scenario the
statements that took the server's time are printed.

usage: bench/run.py [--smoke] [--scale N] [--duration S] [--conns 1,16,64]
                    [--backend sqlite|pg|sqlite,pg]
"""
import argparse
import hashlib
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "build", "hausdesk")
FLOOR = os.path.join(ROOT, "build", "hausdesk-floor")
ORG = "Muster Immobilien GmbH"
PG_BIN = "/usr/lib/postgresql/15/bin"


class SQLiteDB:
    """The bench's database as a copy of the data set's SQLite file."""
    name = "SQLite"

    def __init__(self, src_db, work, key):
        self.target = os.path.join(work, "h.db")
        shutil.copy(src_db, self.target)
        # The copy's gigabyte of dirty pages would otherwise be written
        # back during the first scenarios and slow their fsyncs.
        with open(self.target, "rb+") as f:
            os.fsync(f.fileno())
        os.sync()

    def queue_mails(self, n):
        con = sqlite3.connect(self.target)
        con.execute("UPDATE outbox SET state = 'sent' WHERE state = 'queued'")
        org = con.execute("SELECT id FROM orgs WHERE name = ?",
                          (ORG,)).fetchone()[0]
        now = int(time.time())
        con.executemany(
            "INSERT INTO outbox(org_id, to_addr, to_name, subject, body, "
            "kind, message_id, state, next_attempt_at, created_at) VALUES "
            "(?, ?, 'Frau Test', '[V-2026-00001] Neuer Vorgang: "
            "Schadensmeldung', ?, 'assigned', ?, 'queued', 0, ?)",
            ((org, f"m{i}@mieter.example",
              "Guten Tag,\n\nIhnen wurde ein Vorgang zugeordnet.\n" * 10,
              f"<bench.{now}.{i}@muster.example>", now) for i in range(n)))
        con.commit()
        con.close()

    def size_mb(self):
        return sum(os.path.getsize(self.target + s) for s in ("", "-wal")
                   if os.path.exists(self.target + s)) / 2**20

    def stats_reset(self):
        pass

    def stats_top(self, n=5):
        return []


class PostgresDB:
    """The bench's database in the cluster with-pg.js started: the data
    set copied in by migrate-db once, restored from its pg_dump after."""
    name = "PostgreSQL"

    def __init__(self, src_db, work, key):
        self.target = os.environ.get("HAUSDESK_TEST_PG")
        self.su = os.environ.get("HAUSDESK_TEST_PG_SU")
        if not self.target or not self.su:
            sys.exit("bench: --backend pg runs inside tests/infra/with-pg.js "
                     "(make bench BACKEND=pg)")
        dump = os.path.join(os.path.dirname(src_db), key + ".pgdump")
        t0 = time.time()
        if os.path.exists(dump + ".done"):
            subprocess.run([os.path.join(PG_BIN, "pg_restore"), "-d",
                            self.target, "--no-owner", "--exit-on-error",
                            "-j", "2", dump], check=True)
            print(f"restored the PostgreSQL copy in {time.time() - t0:.1f} s",
                  flush=True)
        else:
            subprocess.run([BIN, "migrate-db", "--from", src_db, "--to",
                            self.target], check=True,
                           stdout=subprocess.DEVNULL)
            print(f"copied scale data into PostgreSQL (migrate-db) in "
                  f"{time.time() - t0:.1f} s", flush=True)
            subprocess.run([os.path.join(PG_BIN, "pg_dump"), "-Fc", "-f",
                            dump, self.target], check=True)
            open(dump + ".done", "w").close()
        self.psql("VACUUM ANALYZE")
        self.has_stats = self.psql(
            "SELECT count(*) FROM pg_available_extensions WHERE name = "
            "'pg_stat_statements'", su=True).strip() == "1" and \
            self.psql("SHOW shared_preload_libraries", su=True).find(
                "pg_stat_statements") >= 0
        if self.has_stats:
            self.psql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements",
                      su=True)

    def psql(self, sql, su=False):
        r = subprocess.run([os.path.join(PG_BIN, "psql"), "-X", "-q", "-A",
                            "-t", "-v", "ON_ERROR_STOP=1", "-F", "\t", "-d",
                            self.su if su else self.target, "-c", sql],
                           capture_output=True, text=True, check=True)
        return r.stdout

    def queue_mails(self, n):
        now = int(time.time())
        self.psql(
            "UPDATE outbox SET state = 'sent' WHERE state = 'queued'; "
            "INSERT INTO outbox(org_id, to_addr, to_name, subject, body, "
            "kind, message_id, state, next_attempt_at, created_at) "
            "SELECT o.id, 'm' || g || '@mieter.example', 'Frau Test', "
            "'[V-2026-00001] Neuer Vorgang: Schadensmeldung', "
            "repeat(E'Guten Tag,\\n\\nIhnen wurde ein Vorgang "
            "zugeordnet.\\n', 10), 'assigned', "
            f"'<bench.{now}.' || g || '@muster.example>', 'queued', 0, {now} "
            f"FROM orgs o, generate_series(0, {n - 1}) g "
            f"WHERE o.name = '{ORG}'")

    def size_mb(self):
        return int(self.psql(
            "SELECT pg_database_size(current_database())")) / 2**20

    def stats_reset(self):
        if self.has_stats:
            self.psql("SELECT pg_stat_statements_reset()", su=True)

    def stats_top(self, n=5):
        """The statements that took the server's time since the reset:
        (calls, total ms, mean ms, rows, the query's start)."""
        if not self.has_stats:
            return []
        out = self.psql(
            "SELECT calls, round(total_exec_time), "
            "round(mean_exec_time::numeric, 3), rows, "
            "left(regexp_replace(query, '\\s+', ' ', 'g'), 90) "
            "FROM pg_stat_statements WHERE dbid = (SELECT oid FROM "
            "pg_database WHERE datname = current_database()) "
            f"ORDER BY total_exec_time DESC LIMIT {n}", su=True)
        return [line.split("\t") for line in out.splitlines() if line]


BACKENDS = {"sqlite": SQLiteDB, "pg": PostgresDB}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def get(url, timeout=2.0):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read().decode()


def dataset(scale, cache):
    """Generates (or reuses) the data set; returns (db, tokens file)."""
    # The generator, its words and token files, and the store's bulk load.
    src = [os.path.join(ROOT, p) for p in (
        "src/cli/demo_scale.c", "src/cli/demo_words.c",
        "src/cli/demo_tokens.c", "src/store/bulk.c")]
    # Every dialect's migrations (src/store/migrations/sqlite/, pgsql/).
    src += sorted(os.path.join(d, f) for d, _, fs in
                  os.walk(os.path.join(ROOT, "src/store/migrations"))
                  for f in fs)
    h = hashlib.sha256()
    for p in src:
        with open(p, "rb") as f:
            h.update(f.read())
    key = f"scale-{scale}-{h.hexdigest()[:12]}"
    db = os.path.join(cache, key + ".db")
    tokens = os.path.join(cache, key + ".tokens")
    if not os.path.exists(db + ".done"):
        for f in os.listdir(cache):
            if f.startswith(f"scale-{scale}-"):
                os.remove(os.path.join(cache, f))
        t0 = time.time()
        subprocess.run([BIN, "demo", "--db", db, "--scale", str(scale),
                        "--tokens", tokens], check=True,
                       stdout=subprocess.DEVNULL)
        print(f"generated scale {scale} in {time.time() - t0:.1f} s",
              flush=True)
        open(db + ".done", "w").close()
    return db, tokens


def prepare_inputs(db, tokens, work):
    tenants = os.path.join(work, "tenants.txt")
    employees = os.path.join(work, "employees.txt")
    with open(tokens) as f, open(tenants, "w") as t, open(employees, "w") as e:
        for line in f:
            kind, _uid, tok, prop, unit = line.rstrip("\n").split("\t")
            if kind == "tenant":
                t.write(f"{tok}\t{prop}\t{unit}\n")
            else:
                e.write(f"{tok}\n")
    con = sqlite3.connect(db)
    types = [str(r[0]) for r in con.execute(
        "SELECT t.id FROM process_types t JOIN orgs o ON o.id = t.org_id "
        "WHERE o.name = ? AND t.portal = 1", (ORG,))]
    con.close()
    return tenants, employees, tokens + ".read", ",".join(types)


class Server:
    def __init__(self, db, env, threads, cache_mb=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # wrk, the searcher and the metrics polls all come from
        # 127.0.0.1: no limit per address (--conns may exceed 128).
        args = [BIN, "serve", "--db", db, "--listen",
                f"127.0.0.1:{self.port}", "--conns-per-ip", "0"]
        if threads is not None:
            args += ["--threads", str(threads)]
        if cache_mb is not None:
            args += ["--cache-mb", str(cache_mb)]
        t0 = time.perf_counter()
        # Its log, for when it does not start.
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(args, env=env, stderr=self.log)
        while True:
            try:
                if get(self.url + "/healthz", 0.5)[0] == 200:
                    break
            except OSError:
                pass
            if self.proc.poll() is not None:
                self.log.seek(0)
                tail = self.log.read().decode(errors="replace")[-2000:]
                sys.exit(f"server did not start:\n{tail}")
            time.sleep(0.001)
        self.startup_ms = (time.perf_counter() - t0) * 1000

    def peak_rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return 0

    def queued(self):
        _, text = get(self.url + "/metrics")
        m = re.search(r'hausdesk_outbox_mails\{state="queued"\} (\d+)', text)
        return int(m.group(1)) if m else -1

    def writer(self):
        """(commits, write jobs) so far."""
        _, text = get(self.url + "/metrics")
        c = re.search(r"^hausdesk_db_commits_total (\d+)", text, re.M)
        j = re.search(r"^hausdesk_db_write_jobs_total (\d+)", text, re.M)
        return int(c.group(1)), int(j.group(1))

    def cache(self):
        """(hits, misses) of the answer cache so far."""
        _, text = get(self.url + "/metrics")
        h = re.search(r"^hausdesk_cache_hits_total (\d+)", text, re.M)
        m = re.search(r"^hausdesk_cache_misses_total (\d+)", text, re.M)
        return int(h.group(1)), int(m.group(1))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)


def ms(s):
    """wrk latency ("1.23ms", "850.00us", "1.02s") in milliseconds."""
    m = re.match(r"([\d.]+)(us|ms|s)", s)
    v = float(m.group(1))
    return v / 1000 if m.group(2) == "us" else v * 1000 if m.group(2) == "s" else v


def wrk(url, script, conns, duration, args):
    threads = min(2, conns)
    cmd = ["wrk", "-t", str(threads), "-c", str(conns), "-d", f"{duration}s",
           "--latency", "-s", os.path.join("bench/lua", script), url, "--"]
    out = subprocess.run(cmd + args, cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    bad = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50": p50, "p99": p99, "total": total,
            "errors": bad, "socket": m.group(1) if m else ""}


class Searcher(threading.Thread):
    """One employee searching for a word no Vorgang holds, again and again
    (each search scans the organisation's Vorgänge), beside a scenario."""

    def __init__(self, url, employees):
        super().__init__(daemon=True)
        with open(employees) as f:
            token = f.readline().strip()
        self.req = urllib.request.Request(
            url + "/api/v1/processes?q=zzzselten",
            headers={"Authorization": "Bearer " + token})
        self.halt = threading.Event()
        self.times = []
        self.failed = 0
        self.start()

    def run(self):
        while not self.halt.is_set():
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(self.req, timeout=60) as r:
                    r.read()
            except OSError:  # HTTPError (non-2xx) and connection errors
                self.failed += 1
                continue
            self.times.append(time.perf_counter() - t0)

    def stop(self):
        """(searches answered, their mean ms, failures); a run in which no
        search was answered had no searcher beside it: one failure."""
        self.halt.set()
        self.join()
        n = len(self.times)
        return (n, 1000 * sum(self.times) / n if n else 0,
                self.failed + (n == 0))


def wait_drained(srv, limit=300):
    """Waits (at most limit seconds) until the outbox has no queued mail."""
    t0 = time.time()
    while srv.queued() > 0 and time.time() - t0 < limit:
        time.sleep(0.1)


def mail_drain(bdb, env, n, threads):
    """Queues n mails, starts the server, times the outbox emptying."""
    bdb.queue_mails(n)
    srv = Server(bdb.target, env, threads)
    try:
        t0 = time.perf_counter()
        while srv.queued() > 0:
            time.sleep(0.02)
        secs = time.perf_counter() - t0
    finally:
        srv.stop()  # also when a poll failed: no server left behind
    return n / secs, secs


def floor(db, tokens, types, creates):
    """The create floor without HTTP (bench/floor.c): the server's store
    code with 64 threads, then the rows alone in one thread."""
    out = {}
    for mode in ("store", "rows"):
        r = subprocess.run([FLOOR, mode, "--db", db, "--tokens", tokens,
                            "--types", types, "--creates", str(creates)],
                           capture_output=True, text=True, check=True)
        m = re.search(r": (\d+)/s \((.*)\)", r.stdout)
        out[mode] = (float(m.group(1)), m.group(2))
        print(r.stdout.strip(), flush=True)
    return out


def print_stats(bdb, what):
    top = bdb.stats_top()
    if top:
        print(f"          {bdb.name} statements by time ({what}): "
              "calls, total ms, mean ms, rows, query", flush=True)
        for calls, total, mean, rows, q in top:
            print(f"            {calls:>8} {total:>8} {mean:>8} {rows:>8}  "
                  f"{q}", flush=True)


def run_backend(a, bdb, conns, env, inputs, tokens):
    """The scenarios on one database; returns what the tables print."""
    tenants, employees, reads, types = inputs
    res = {"name": bdb.name, "rows": [], "floors": {}, "ceiling": {}}
    rows, ceiling = res["rows"], res["ceiling"]
    srv = Server(bdb.target, env, a.threads, a.cache_mb)
    scenarios = [("healthz", "healthz.lua", []),
                 ("create", "create.lua", [tenants, types]),
                 ("my queue", "myqueue.lua", [employees]),
                 ("read", "read.lua", [reads]),
                 ("read, one searching", "read.lua", [reads])]
    only = set(a.only.split(",")) if a.only else None
    keys = {"create": "create", "my queue": "queue", "read": "read",
            "read, one searching": "search"}
    for name, script, args in scenarios:
        if only is not None and name in keys and keys[name] not in only:
            continue
        # The mails the creates queued go out before the next
        # scenario is measured, not during it.
        wait_drained(srv)
        for c in conns:
            before = srv.writer()
            bdb.stats_reset()
            searcher = (Searcher(srv.url, employees)
                        if name.endswith("searching") else None)
            r = wrk(srv.url, script, c, a.duration, args)
            if searcher:
                searches = searcher.stop()
                r["errors"] += searches[2]
            after = srv.writer()
            commits = after[0] - before[0]
            r["per_commit"] = ((after[1] - before[1]) / commits
                               if commits and name == "create" else 0)
            if name == "healthz":
                ceiling[c] = r["rps"]
            r.update(name=name, conns=c,
                     ratio=r["rps"] / ceiling[c] if ceiling.get(c) else 0)
            rows.append(r)
            print(f"{bdb.name[:6]:6} {name:9} c={c:<3} {r['rps']:10.0f} req/s  "
                  f"p50 {r['p50']:7.2f} ms  p99 {r['p99']:7.2f} ms  "
                  f"ratio {r['ratio']:.2f}  errors {r['errors']} "
                  f"{r['socket']}", flush=True)
            if searcher:
                print(f"          beside them: {searches[0]} searches, "
                      f"{searches[1]:.0f} ms each, {searches[2]} "
                      "failed", flush=True)
            if name != "healthz" and c == conns[-1]:
                print_stats(bdb, f"{name}, {c} connections")
    res["rss"] = srv.peak_rss_mb()
    res["hits"], res["misses"] = srv.cache()
    res["startup"] = srv.startup_ms
    srv.stop()
    res["size"] = bdb.size_mb()
    res["drain"], res["secs"] = (mail_drain(bdb, env, a.mails, a.threads)
                                 if only is None or "drain" in only
                                 else (0, 0))
    if only is None or "floor" in only:
        bdb.stats_reset()
        res["floors"] = floor(bdb.target, tokens, types, a.floor_creates)
        print_stats(bdb, "the floors")
    return res


def print_result(a, res):
    rows, floors, ceiling = res["rows"], res["floors"], res["ceiling"]
    print()
    print(f"{res['name']}:")
    print()
    print("| scenario | conns | req/s | p50 ms | p99 ms | ratio to ceiling "
          "| non-2xx | jobs per commit |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        pc = f"{r['per_commit']:.1f}" if r["per_commit"] else "–"
        print(f"| {r['name']} | {r['conns']} | {r['rps']:.0f} | {r['p50']:.2f} "
              f"| {r['p99']:.2f} | {r['ratio']:.2f} | {r['errors']} | {pc} |")
    print()
    print(f"- server peak RSS under load: {res['rss']:.1f} MB")
    print(f"- start-up to the first answered request: {res['startup']:.0f} ms")
    hits, misses = res["hits"], res["misses"]
    if hits + misses:
        print(f"- answer cache: {hits} hits, {misses} misses "
              f"({100 * hits / (hits + misses):.1f} % of the Vorgänge "
              "employees read)")
    print(f"- database size after the run: {res['size']:.0f} MB "
          f"(scale {a.scale})")
    if res["secs"]:
        print(f"- mail drain into smtp-sink: {res['drain']:.0f} mails/s "
              f"({a.mails} mails in {res['secs']:.2f} s)")
    if floors:
        create = [r for r in rows if r["name"] == "create"]
        top = create[-1] if create else None
        print(f"- create floor without HTTP: the server's store code "
              f"{floors['store'][0]:.0f}/s ({floors['store'][1]}); the rows "
              f"alone {floors['rows'][0]:.0f}/s ({floors['rows'][1]})")
        if top:
            print(f"- create at {top['conns']} connections: "
                  f"{top['rps'] / floors['store'][0]:.2f} of the store "
                  f"floor, {top['rps'] / floors['rows'][0]:.2f} of the "
                  f"rows alone; 0.20 of the ceiling would be "
                  f"{0.2 * ceiling[top['conns']]:.0f}/s")


def print_side_by_side(results):
    """One row per scenario and connections, each database's req/s and
    p50/p99 beside the others'."""
    print()
    head = "| scenario | conns |"
    rule = "|---|---:|"
    for res in results:
        head += f" {res['name']} req/s | p50 ms | p99 ms |"
        rule += "---:|---:|---:|"
    print(head)
    print(rule)
    for i, r0 in enumerate(results[0]["rows"]):
        line = f"| {r0['name']} | {r0['conns']} |"
        for res in results:
            r = res["rows"][i] if i < len(res["rows"]) else None
            line += (f" {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} |"
                     if r else " – | – | – |")
        print(line)
    for res in results:
        if res["floors"]:
            print(f"- {res['name']} create floor without HTTP (64 threads): "
                  f"{res['floors']['store'][0]:.0f}/s")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true",
                    help="seconds-long run on a tiny data set")
    ap.add_argument("--scale", type=float, default=1)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--conns", default="1,16,64")
    ap.add_argument("--threads", type=int, default=None,
                    help="server --threads (default: the server's default)")
    ap.add_argument("--cache-mb", type=int, default=None,
                    help="server --cache-mb (default: the server's; "
                    "0 measures without the answer cache)")
    ap.add_argument("--mails", type=int, default=20000)
    ap.add_argument("--floor-creates", type=int, default=20000)
    ap.add_argument("--only", default="",
                    help="comma list of scenarios to run besides the "
                    "ceiling (create, queue, read, search, drain, floor)")
    ap.add_argument("--backend", default="sqlite",
                    help="comma list of databases to run on, in turn: "
                    "sqlite, pg (pg: inside tests/infra/with-pg.js)")
    a = ap.parse_args()
    if a.smoke:
        a.scale, a.duration, a.conns, a.mails = 0.005, 1, "1,8", 300
        a.floor_creates = 300
    conns = [int(c) for c in a.conns.split(",")]
    backends = a.backend.split(",")
    for b in backends:
        if b not in BACKENDS:
            sys.exit(f"bench: unknown backend {b} (sqlite, pg)")
    for tool in ("wrk", "smtp-sink"):
        if shutil.which(tool) is None and not os.path.exists("/usr/sbin/" + tool):
            sys.exit(f"bench: {tool} is missing (scripts/install-deps)")

    cache = os.path.join(ROOT, "var", "bench")
    os.makedirs(cache, exist_ok=True)
    src_db, tokens = dataset(a.scale, cache)
    key = os.path.basename(src_db)[:-3]
    inputs_dir = tempfile.mkdtemp(prefix="hd-bench-in-")
    inputs = prepare_inputs(src_db, tokens, inputs_dir)

    sink_port = free_port()
    sink_bin = shutil.which("smtp-sink") or "/usr/sbin/smtp-sink"
    sink_args = [sink_bin, "-c"] + (["-u", "nobody"] if os.geteuid() == 0 else [])
    sink = subprocess.Popen(sink_args + [f"127.0.0.1:{sink_port}", "1000"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = []
    try:
        for b in backends:
            work = tempfile.mkdtemp(prefix="hd-bench-")
            env = dict(os.environ,
                       HAUSDESK_SMTP_URL=f"smtp://127.0.0.1:{sink_port}",
                       HAUSDESK_MAIL_FROM="hausdesk@muster.example",
                       HAUSDESK_MAILDIR=os.path.join(work, "maildir"))
            try:
                bdb = BACKENDS[b](src_db, work, key)
                results.append(run_backend(a, bdb, conns, env, inputs,
                                           tokens))
            finally:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        sink.terminate()
        shutil.rmtree(inputs_dir, ignore_errors=True)

    for res in results:
        print_result(a, res)
    if len(results) > 1:
        print_side_by_side(results)
    bad = sum(r["errors"] for res in results for r in res["rows"])
    if bad:
        print(f"bench: {bad} requests were not answered with 2xx")
        sys.exit(1)


if __name__ == "__main__":
    main()
