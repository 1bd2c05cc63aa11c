#!/bin/sh
# Builds the spike into $1 (default /tmp/search-spike/spike).
set -eu
out=${1:-/tmp/search-spike/spike}
dir=$(dirname "$0")
cc -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
    -o "$out" "$dir/spike.c" "$dir/fold.c" -lsqlite3
