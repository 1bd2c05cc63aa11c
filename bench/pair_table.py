#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The comparison of bench/pair.sh's runs: one Markdown table.

usage: bench/pair_table.py [--p99] OUT_DIR

For every scenario and connection count both harnesses ran, and for a
figure (req/s or the ratio to the ceiling): A's runs, B's runs, the noise
and a verdict. The noise is the spread between runs of the same binary,
(max - min) / median, the larger of A's and B's. B is slower beyond the
noise when its median is below A's by more than the noise and every run of
B is below every run of A; faster likewise; anything else is within it.
A noise above NOISE_TOO_LARGE means the pair cannot tell a change of that
size from the machine's load, and the verdict says so.
"""
import glob
import os
import re
import statistics
import sys

NOISE_TOO_LARGE = 0.25  # a spread of a quarter between twins: no verdict
# The line run.py prints as each scenario ends (kept when a later step,
# the drain or the floor, fails): "[SQLite ]name c=N R req/s p50 X ms p99
# Y ms ...".
ROW = re.compile(r"^(?:SQLite )?(\S.*?)\s+c=(\d+)\s+(\d+) req/s\s+"
                 r"p50\s+([\d.]+) ms\s+p99\s+([\d.]+) ms")
DRAIN = re.compile(r"mail drain into smtp-sink: (\d+) mails/s")
FLOOR = re.compile(r"the server's store code (\d+)/s .*the rows alone "
                   r"(\d+)/s")
RSS = re.compile(r"server peak RSS under load: ([\d.]+) MB")
SEARCHING = re.compile(r"read, one searching\s+c=(\d+)")
BESIDE = re.compile(r"beside them: (\d+) searches, (\d+) ms each")
LOAD = re.compile(r"^# uptime: .*load average: ([\d.]+)")


def parse(path):
    """{(scenario, conns, figure): value} and the 1-minute load before."""
    vals, load, searching = {}, None, None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = SEARCHING.search(line)
            searching = int(m.group(1)) if m else searching
            m = BESIDE.search(line)
            if m and searching is not None:
                vals[("the search beside them", searching, "ms each")] = \
                    float(m.group(2))
            m = LOAD.match(line)
            if m:
                load = float(m.group(1))
            m = ROW.match(line)
            if m:
                key = (m.group(1), int(m.group(2)))
                vals[key + ("req/s",)] = float(m.group(3))
                vals[key + ("p99 ms",)] = float(m.group(5))
            m = DRAIN.search(line)
            if m:
                vals[("mail drain", 0, "mails/s")] = float(m.group(1))
            m = FLOOR.search(line)
            if m:
                vals[("floor: store code", 64, "creates/s")] = float(m.group(1))
                vals[("floor: rows alone", 1, "creates/s")] = float(m.group(2))
            m = RSS.search(line)
            if m:
                vals[("peak RSS", 0, "MB")] = float(m.group(1))
    # The ratio to the ceiling from the req/s themselves: run.py prints
    # it with two decimals, too coarse for create (0.01-0.05).
    for (name, conns, fig), v in list(vals.items()):
        ceiling = vals.get(("healthz", conns, "req/s"))
        if fig == "req/s" and name != "healthz" and ceiling:
            vals[(name, conns, "ratio")] = v / ceiling
    return vals, load


def spread(xs):
    return (max(xs) - min(xs)) / statistics.median(xs) if len(xs) > 1 else 0


def verdict(a, b, noise, higher_is_better, words):
    ma, mb = statistics.median(a), statistics.median(b)
    change = (mb - ma) / ma if ma else 0
    diff = change if higher_is_better else -change
    apart_worse = max(b) < min(a) if higher_is_better else min(b) > max(a)
    apart_better = min(b) > max(a) if higher_is_better else max(b) < min(a)
    worse, better = words
    if diff < -noise and apart_worse:
        v = f"**{worse} beyond the noise**"
    elif diff > noise and apart_better:
        v = f"{better} beyond the noise"
    else:
        v = "within the noise"
    if noise > NOISE_TOO_LARGE and v == "within the noise":
        v += " (too noisy to conclude)"
    return change, v


def keys_names(keys):
    out = []
    for k in keys:
        if k[:2] not in out:
            out.append(k[:2])
    return out


def fmt(x, fig):
    if fig == "ratio":
        return f"{x:.3f}" if x < 0.1 else f"{x:.2f}"
    return f"{x:.1f}" if fig in ("MB", "p99 ms") else f"{x:,.0f}"


def main():
    args = sys.argv[1:]
    p99 = "--p99" in args
    out = [x for x in args if x != "--p99"][0]
    runs = {"a": [], "b": []}
    loads = {"a": [], "b": []}
    for path in sorted(glob.glob(os.path.join(out, "*-[ab].log")),
                       key=lambda p: int(os.path.basename(p).split("-")[0])):
        side = path[-5]
        with open(path, encoding="utf-8", errors="replace") as f:
            if "\n# end: " not in f.read():
                print(f"(still running: {path})", file=sys.stderr)
                continue
        vals, load = parse(path)
        if ("healthz", 1, "req/s") not in vals:
            print(f"(no figures in {path})", file=sys.stderr)
            continue
        runs[side].append(vals)
        loads[side].append(load)
    print(f"A: {len(runs['a'])} runs, load before each "
          f"{', '.join(str(x) for x in loads['a'])}")
    print(f"B: {len(runs['b'])} runs, load before each "
          f"{', '.join(str(x) for x in loads['b'])}")
    print()
    print("| scenario | conns | figure | before (A) | after (B) | B vs A "
          "(medians) | noise | verdict |")
    print("|---|---:|---|---|---|---:|---:|---|")
    keys = []
    for r in runs["a"] + runs["b"]:
        for k in r:
            if k not in keys:
                keys.append(k)
    figures = ["req/s", "ratio", "p99 ms"]
    names = []
    for k in keys:
        if k[:2] not in names:
            names.append(k[:2])
    search = ("the search beside them", 0)
    if "read, one searching" in [n[0] for n in names]:
        names = [n for n in names if n[0] != search[0]]
        i = max(j for j, n in enumerate(names)
                if n[0] == "read, one searching")
        names[i + 1:i + 1] = [n for n in keys_names(keys) if n[0] == search[0]]
    keys.sort(key=lambda k: (names.index(k[:2]), figures.index(k[2])
                             if k[2] in figures else 0))
    for k in keys:
        a = [r[k] for r in runs["a"] if k in r]
        b = [r[k] for r in runs["b"] if k in r]
        if not a or not b:
            continue
        noise = max(spread(a), spread(b))
        better_high = k[2] not in ("p99 ms", "MB", "ms each")
        words = (("higher", "lower") if k[2] in ("p99 ms", "MB")
                 else ("slower", "faster"))
        diff, v = verdict(a, b, noise, better_high, words)
        if k[0] == "healthz" and k[2] == "ratio":
            continue
        if k[2] == "p99 ms" and not p99:
            continue
        conns = str(k[1]) if k[1] else ""
        print(f"| {k[0]} | {conns} | {k[2]} | {' / '.join(fmt(x, k[2]) for x in a)}"
              f" | {' / '.join(fmt(x, k[2]) for x in b)} | {100 * diff:+.0f} % "
              f"| {100 * noise:.0f} % | {v} |")


if __name__ == "__main__":
    main()
