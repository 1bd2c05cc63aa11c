#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Ranges (min–max over the repeated runs) of the spike's results, as the
# tables in docs/attachments.md show them: python3 summarize.py results/*.txt
import re, sys
from collections import defaultdict

groups = defaultdict(list)
for f in sys.argv[1:]:
    for line in open(f):
        if ':' not in line or line.startswith('#'):
            continue
        key, rest = line.split(':', 1)
        # Numbers of the line, labelled by the words before them.
        nums = re.findall(r'([^|,(]*?)[\s(]*(?<![\w.])(-?\d+(?:\.\d+)?)(?![\w.])', rest)
        groups[key.strip()].append([float(v) for _, v in nums])
        groups[key.strip() + ' #labels'] = [l.strip() for l, _ in nums]

def rng(vals):
    lo, hi = min(vals), max(vals)
    fmt = (lambda v: f'{v:.0f}') if hi >= 100 else (lambda v: f'{v:.1f}') if hi >= 1 else (lambda v: f'{v:.2f}')
    return fmt(lo) if fmt(lo) == fmt(hi) else f'{fmt(lo)}–{fmt(hi)}'

for key, runs in groups.items():
    if key.endswith('#labels'):
        continue
    labels = groups[key + ' #labels']
    n = min(len(r) for r in runs)
    cols = [rng([r[i] for r in runs]) for i in range(n)]
    print(f'{key} [{len(runs)} runs]: ' + ', '.join(f'{labels[i]} {cols[i]}' for i in range(n)))
