#!/bin/sh
# The spike's measurements, in the order docs/search.md reports them.
# Needs a scale-1 data set: build/hausdesk demo --db $DIR/scale1.db --scale 1
# Takes ~30 minutes on the shared 2-core machine; writes into $DIR only.
set -eu
DIR=${DIR:-/tmp/search-spike}
case "$DIR" in /tmp/?*) ;; *) echo "DIR must be under /tmp" >&2; exit 2;; esac
S=$DIR/spike
DB=$DIR/scale1.db
"$(dirname "$0")/build.sh" "$S"
"$S" fold-test

# Candidate indexes (each ~1.5-3.5 min): sizes and build times.
"$S" build --db "$DB" --table ps_full --detail full --prefix '2 3'
"$S" build --db "$DB" --table ps_col --detail column --prefix '2 3' --content view
"$S" build --db "$DB" --table ps_col_np --detail column --prefix '' --content view
# The chosen one, and its vocabulary.
"$S" build --db "$DB" --table process_search --detail column --prefix 3 --content view
"$S" vocab --db "$DB" --table process_search

# An employee with a role at 40 properties (the data set's have 83-105).
sqlite3 "$DB" <<'SQL'
INSERT OR IGNORE INTO users(id, org_id, kind, name, email, created_at)
    VALUES (900001, 1, 'employee', 'Frau Vierzig Spike', 'spike40@muster.example', 0);
INSERT OR IGNORE INTO staff(org_id, property_id, employee_id, role_id)
    SELECT 1, id, 900001, 1 FROM properties WHERE id % 50 = 7 ORDER BY id LIMIT 40;
SQL

# Searches: without and with prefix expansion, admin, employees.
"$S" query --db "$DB" --table ps_full --viewer admin --reps 10
"$S" query --db "$DB" --table process_search --viewer admin --reps 20 --expand 64
"$S" query --db "$DB" --table process_search --viewer admin --reps 20 --expand 64 --org-token
"$S" query --db "$DB" --table process_search --viewer 5 --reps 20 --expand 64
"$S" query --db "$DB" --table process_search --viewer 5 --reps 10 --expand 64 --mode join
"$S" query --db "$DB" --table process_search --viewer 900001 --reps 20 --expand 64
"$S" query --db "$DB" --table process_search --viewer 900001 --reps 10 --expand 64 --mode join
"$S" walk --db "$DB" --table process_search --viewer 6 --reps 10
"$S" walk --db "$DB" --table process_search --viewer 900001 --reps 10
"$S" render --db "$DB" --table process_search --expand 64
"$S" count --db "$DB" --table process_search
"$S" like --db "$DB"

# Creates on a copy: without the search row, with it, with it by trigger,
# and re-indexing existing Vorgänge (a reassignment).
cp "$DB" "$DIR/create.db"
"$S" verify --db "$DIR/create.db"
for v in none explicit trigger update none explicit trigger none explicit trigger; do
	"$S" create --db "$DIR/create.db" --table process_search --fts $v --n 10000 --batch 32
done
