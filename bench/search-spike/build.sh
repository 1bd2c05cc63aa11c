#!/bin/sh
# Builds the spike into $1 (default /tmp/search-spike/spike).
set -eu
out=${1:-/tmp/search-spike/spike}
dir=$(dirname "$0")
src="$dir/../../src"
# The folding is hausdesk's own (src/core/fold.c), which began here.
cc -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -I"$src" \
    -o "$out" "$dir/spike.c" "$src/core/fold.c" -lsqlite3
