#!/bin/sh
# SPDX-License-Identifier: MIT
# Paired benchmark runs of two checkouts, interleaved: A, B, A, B, ...
# Each checkout runs its OWN bench/run.py (the harnesses differ between
# versions) with its own build/ and its own data set in its var/bench/.
# The machine's load is noted before every run. The spread between two
# runs of the same binary is the noise a difference between A and B must
# exceed (docs/performance.md, "Issue 11: before and after, paired").
#
# usage: bench/pair.sh A_DIR B_DIR OUT_DIR ROUNDS [run.py args...]
#   e.g. bench/pair.sh /work/wt/before . var/pair 3 --scale 0.1 --duration 10
# writes OUT_DIR/<n>-a.log, <n>-b.log (run.py's output, the load first);
# bench/pair_table.py OUT_DIR prints the comparison.
set -eu

if [ $# -lt 4 ]; then
	echo "usage: bench/pair.sh A_DIR B_DIR OUT_DIR ROUNDS [run.py args...]" >&2
	exit 2
fi
a=$(cd "$1" && pwd)
b=$(cd "$2" && pwd)
out=$3
rounds=$4
shift 4
mkdir -p "$out"

for dir in "$a" "$b"; do
	if [ ! -x "$dir/build/hausdesk" ] || [ ! -x "$dir/build/hausdesk-floor" ]; then
		echo "pair: $dir/build has no hausdesk or hausdesk-floor" >&2
		exit 1
	fi
done

n=1
while [ "$n" -le "$rounds" ]; do
	for side in a b; do
		if [ "$side" = a ]; then dir=$a; else dir=$b; fi
		log="$out/$n-$side.log"
		{
			echo "# dir: $dir"
			echo "# commit: $(git -C "$dir" rev-parse HEAD)"
			echo "# args: $*"
			echo "# start: $(date -u +%FT%TZ)"
			echo "# uptime: $(uptime)"
		} >"$log"
		echo "pair: round $n $side ($(uptime | sed 's/.*load/load/'))" >&2
		(cd "$dir" && python3 bench/run.py "$@") >>"$log" 2>&1 ||
			echo "# run.py failed: $?" >>"$log"
		echo "# end: $(date -u +%FT%TZ)" >>"$log"
		echo "# uptime after: $(uptime)" >>"$log"
	done
	n=$((n + 1))
done
