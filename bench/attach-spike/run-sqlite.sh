#!/bin/sh
# SPDX-License-Identifier: MIT
# The SQLite half of the spike (docs/attachments.md): every store at every
# size, then the create latency while uploads run. Each line of output is
# one run; results/ keeps them. Takes about 20 minutes on the shared VM.
set -eu
cd "$(dirname "$0")"
make -s sqlite_attach
REPS=${REPS:-3}
OUT=${OUT:-results/sqlite-$(date +%Y%m%d-%H%M).txt}
mkdir -p results
D=$(mktemp -d /tmp/attach-spike-XXXXXX)
trap 'case "$D" in /tmp/attach-spike-?*) rm -rf -- "$D";; esac' EXIT
n=0
run() {
	n=$((n + 1))
	./sqlite_attach "$@" --dir "$D/r$n" | tee -a "$OUT"
	case "$D" in /tmp/attach-spike-?*) rm -rf -- "$D/r$n";; esac
}
./sqlite_attach hash --size 20971520 | tee -a "$OUT"
ONLY=${ONLY:-single mixed}
case " $ONLY " in *" single "*)
for rep in $(seq "$REPS"); do
	for size in 524288 1048576 5242880 20971520; do
		for s in bind incr chunks file; do
			run single --store "$s" --size "$size" --count 5
		done
	done
done
esac
case " $ONLY " in *" mixed "*)
for rep in $(seq "$REPS"); do
	run mixed --store file --uploaders 0 --seconds 10
	for s in bind incr chunks file; do
		# A 1 MB photo every 200 ms, and a 20 MiB file every 500 ms.
		run mixed --store "$s" --size 1048576 --uploaders 1 --upload-every-ms 200 --seconds 10
		run mixed --store "$s" --size 20971520 --uploaders 1 --upload-every-ms 500 --seconds 10
	done
done
# The worst case once: 20 MiB uploads back to back.
for s in bind incr chunks file; do
	run mixed --store "$s" --size 20971520 --uploaders 1 --seconds 10
done
# Dedup: the same 20 MiB body again and again.
run mixed --store file --size 20971520 --uploaders 1 --upload-every-ms 500 --seconds 10 --dup
# A download of a blob holds a read transaction (1 MB photos every 200 ms).
run mixed --store bind --size 1048576 --uploaders 1 --upload-every-ms 200 --seconds 20 --slow-reader
run mixed --store bind --size 1048576 --uploaders 1 --upload-every-ms 200 --seconds 20
esac
