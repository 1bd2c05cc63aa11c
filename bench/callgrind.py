#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Instructions per request, counted by callgrind: a steadier figure than
wall-clock time on a shared machine, for comparing two builds.

Starts `hausdesk serve` under valgrind on a copy of a small generated data
set (demo --scale, default 0.01: 10,000 Vorgänge), collecting only inside
run_request (src/http/server.c: the whole request from routing to the
answer, the group commit of a create included; not the mail worker or the
checkpointer). After a warm-up, it sends N requests of each kind, one at
a time, and prints the instructions per request:

  create        POST /processes by a tenant (bearer token)
  queue         GET /processes?assignee=me&status=open by an employee
  queue (cold)  the same with the answer cache off (--cache-mb 0):
                every Vorgang read from the database
  read          GET /processes/{id} of a Vorgang in that queue (cache off)

usage: bench/callgrind.py [--bin build/hausdesk] [--n 200] [--scale 0.01]
"""
import argparse
import glob
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def request(conn, method, path, token, body=None):
    headers = {"Authorization": "Bearer " + token}
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(body)
    conn.request(method, "/api/v1" + path, body=body, headers=headers)
    r = conn.getresponse()
    data = r.read()
    if r.status >= 300:
        sys.exit(f"{method} {path}: {r.status} {data[:200]!r}")
    return json.loads(data) if data else None


def total_ir(path):
    with open(path) as f:
        for line in f:
            if line.startswith("totals:") or line.startswith("summary:"):
                return int(line.split()[1])
    sys.exit(f"no totals in {path}")


class Server:
    def __init__(self, binary, db, work, cache_mb):
        self.port = free_port()
        self.work = work
        self.out = os.path.join(work, "callgrind.out")
        args = ["valgrind", "--tool=callgrind", "--collect-atstart=no",
                "--toggle-collect=run_request",
                f"--callgrind-out-file={self.out}", binary, "serve",
                "--db", db, "--listen", f"127.0.0.1:{self.port}",
                "--threads", "2", "--cache-mb", str(cache_mb)]
        self.proc = subprocess.Popen(args, cwd=work,
                                     stderr=subprocess.DEVNULL)
        for _ in range(600):
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port,
                                               timeout=30)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit("server did not start")
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                               timeout=120)
        self.dumps = 0

    def control(self, *args):
        subprocess.run(["callgrind_control", *args, str(self.proc.pid)],
                       cwd=self.work, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    def measure(self, fn, n):
        """Instructions per call of fn, over n calls."""
        self.control("-z")
        for i in range(n):
            fn(i)
        self.control("-d")
        self.dumps += 1
        files = sorted(glob.glob(self.out + ".*"), key=os.path.getmtime)
        self.last = files[-1]
        return total_ir(files[-1]) / n

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=120)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "hausdesk"))
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--scale", default="0.01")
    ap.add_argument("--keep", help="a directory for the data set, reused")
    ap.add_argument("--dumps", help="copy callgrind's files here "
                    "(for callgrind_annotate)")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="hd-callgrind-")
    try:
        src = os.path.join(a.keep or work, f"scale-{a.scale}.db")
        tokens = src + ".tokens"
        if not os.path.exists(src):
            subprocess.run([a.bin, "demo", "--db", src, "--scale", a.scale,
                            "--tokens", tokens], check=True,
                           stdout=subprocess.DEVNULL)
        tenants, employees = [], []
        with open(tokens) as f:
            for line in f:
                kind, _uid, tok, prop, unit = line.rstrip("\n").split("\t")
                if kind == "tenant":
                    tenants.append((tok, int(prop), int(unit)))
                else:
                    employees.append(tok)
        results = {}
        for cache_mb in (32, 0):
            db = os.path.join(work, "copy.db")
            for p in glob.glob(db + "*"):
                os.remove(p)
            shutil.copy(src, db)
            srv = Server(a.bin, db, work, cache_mb)
            c = srv.conn
            types = [t["id"] for t in request(
                c, "GET", "/process-types", tenants[0][0])["items"]]

            def create(i):
                tok, prop, unit = tenants[(i * 7919) % len(tenants)]
                request(c, "POST", "/processes", tok, {
                    "type_id": types[i % len(types)], "property_id": prop,
                    "unit_id": unit or None,
                    "subject": f"Messung {i}",
                    "description": "Wasserfleck an der Decke im Bad."})

            def queue(i):
                request(c, "GET", "/processes?assignee=me&status=open",
                        employees[i % len(employees)])

            reads = []
            for e in employees[:20]:
                for it in request(c, "GET",
                                  "/processes?assignee=me&status=open&limit=5",
                                  e)["items"]:
                    reads.append((e, it["id"]))

            def read(i):
                e, pid = reads[i % len(reads)]
                request(c, "GET", f"/processes/{pid}", e)

            for i in range(20):  # warm-up: statements prepared, caches
                create(10 ** 6 + i)
                queue(i)
                read(i)
            runs = ([("create", create), ("queue", queue)] if cache_mb else
                    [("queue (cold)", queue), ("read (cold)", read)])
            for name, fn in runs:
                results[name] = srv.measure(fn, a.n)
                if a.dumps:
                    os.makedirs(a.dumps, exist_ok=True)
                    shutil.copy(srv.last, os.path.join(
                        a.dumps, name.replace(" ", "").replace("(", "-")
                        .replace(")", "") + ".out"))
            srv.stop()
        for k, v in results.items():
            print(f"{k:14} {v:12,.0f} instructions per request")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
