# SPDX-License-Identifier: MIT
# The front door: `make run` starts hausdesk with demo data, `make check`
# passes every test. Both install what is missing first.

BUILD   ?= build
ASAN    ?= build-asan
FUZZ    ?= build-fuzz
DB      ?= var/hausdesk.db
LISTEN  ?= 127.0.0.1:8080
# Debian 12's own Node.js (18) lacks --test-concurrency: use it when known.
NODE_PAR = $(shell node --test-concurrency=2 -e 0 >/dev/null 2>&1 && \
	     echo --test-concurrency=2)
NODE_SEQ = $(shell node --test-concurrency=1 -e 0 >/dev/null 2>&1 && \
	     echo --test-concurrency=1)

.PHONY: all deps build run check unit asan api api-asan api-pg faults e2e e2e-pg bench \
	bench-smoke lint format clean fuzz fuzz-smoke fuzz-long

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

run: build
	@mkdir -p $(dir $(DB))
	$(BUILD)/hausdesk demo --db $(DB)
	@echo "hausdesk: open http://$(LISTEN)/ (Ctrl-C stops)"
	exec $(BUILD)/hausdesk serve --db $(DB) --listen $(LISTEN)

# The phases below in two lanes side by side, a log each, a table of times
# (scripts/check; `scripts/check PHASE…` runs some in a row).
check: build
	@scripts/check

unit: build
	meson test -C $(BUILD) --print-errorlogs

$(ASAN)/build.ninja:
	meson setup $(ASAN) --buildtype=debug -Db_sanitize=address,undefined \
	    -Db_lundef=false

asan: deps $(ASAN)/build.ninja
	ninja -C $(ASAN)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    meson test -C $(ASAN) --print-errorlogs

# The API test files, the longest first (each suite runs two files at a
# time: started last, the longest would finish alone).
API_SLOW = tests/api/migrate-db.test.js tests/api/throttle.test.js \
	tests/api/inbound.test.js tests/api/accounts.test.js
API_FILES = $(API_SLOW) $(filter-out $(API_SLOW),$(sort $(wildcard tests/api/*.test.js)))

api: build
	node --test $(NODE_PAR) $(API_FILES)

# The black-box tests once more against the server built with
# AddressSanitizer + UndefinedBehaviorSanitizer: a memory error aborts it.
# migrate-db copies a demo --scale 0.002 set here (0.01 in `api`): the
# same code, minutes less under ASan.
api-asan: asan
	HAUSDESK_BIN=$(CURDIR)/$(ASAN)/hausdesk HD_TEST_MIGRATE_SCALE=0.002 \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    node --test $(NODE_PAR) $(API_FILES)

# The same black-box tests against PostgreSQL (docs/postgresql.md): one
# throw-away PostgreSQL 15 cluster for the run (tests/infra/with-pg.js),
# each test file's server on a database of its own in it, which
# tests/api/harness.js creates and drops. The normal build only (not
# ASan), files in parallel as above. Needs root (initdb as postgres).
api-pg: build
	node tests/infra/with-pg.js node --test $(NODE_PAR) $(API_FILES)

# The seed scenario in a real browser, against PostgreSQL.
e2e-pg: build
	node tests/infra/with-pg.js node --test $(NODE_SEQ) tests/e2e/seed.test.js

# Fault tests (tests/faults/): kill -9, a full disk on a small filesystem
# mounted in a private namespace, a silent SMTP server, SIGTERM under load.
# They need root (unshare -m, mount).
faults: build
	@if ls tests/faults/*.test.js >/dev/null 2>&1; then \
	    node --test $(NODE_SEQ) tests/faults/*.test.js; fi

e2e: build
	@if ls tests/e2e/*.test.js >/dev/null 2>&1; then \
	    node --test $(NODE_SEQ) tests/e2e/*.test.js; fi

# The benchmark (docs/performance.md); `make check` runs it once in a
# seconds-long smoke mode so that it cannot rot (it asserts no speed).
# BACKEND=pg runs it on SQLite and then on PostgreSQL, on the same data,
# in a throw-away cluster (tests/infra/with-pg.js: fsync and
# synchronous_commit on, pg_stat_statements loaded), tables side by side.
# BENCH_ARGS passes options (--scale, --conns, --only) to bench/run.py.
BACKEND ?= sqlite
PG_BENCH_SETTINGS = {"shared_preload_libraries": "pg_stat_statements", \
	"shared_buffers": "1GB", "max_connections": 400}
bench: build
ifeq ($(BACKEND),pg)
	WITH_PG_SETTINGS='$(PG_BENCH_SETTINGS)' node tests/infra/with-pg.js \
	    python3 bench/run.py --backend sqlite,pg $(BENCH_ARGS)
else
	python3 bench/run.py --backend $(BACKEND) $(BENCH_ARGS)
endif

bench-smoke: build
	python3 bench/run.py --smoke

# libFuzzer targets (tests/fuzz/, docs/fuzzing.md), built with clang-16
# and ASan+UBSan in $(FUZZ). fuzz-smoke runs each for a few seconds from
# the committed seeds (new inputs go to a scratch directory, findings to
# $(FUZZ)/); fuzz-long runs each for FUZZ_RUNS executions, keeping what it
# finds interesting in $(FUZZ)/corpus-<target>/.
FUZZ_TARGETS = body url mime
FUZZ_SECONDS ?= 5
FUZZ_RUNS ?= 10000000
FUZZ_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	ASAN_SYMBOLIZER_PATH=$(shell command -v llvm-symbolizer)

$(FUZZ)/build.ninja:
	CC=clang-16 meson setup $(FUZZ) --buildtype=debugoptimized -Dfuzz=true \
	    -Db_sanitize=address,undefined -Db_lundef=false \
	    -Dc_args=-fsanitize=fuzzer-no-link

fuzz: deps $(FUZZ)/build.ninja
	ninja -C $(FUZZ) $(addprefix fuzz_,$(FUZZ_TARGETS))

fuzz-smoke: fuzz
	@for t in $(FUZZ_TARGETS); do \
	    scratch=$$(mktemp -d) && \
	    $(FUZZ_ENV) $(FUZZ)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
		-print_final_stats=1 -artifact_prefix=$(FUZZ)/ \
		-dict=tests/fuzz/$$t.dict $$scratch tests/fuzz/corpus/$$t \
		2>$(FUZZ)/fuzz_$$t.log; rc=$$?; rm -rf $$scratch; \
	    grep -E '^stat::number_of_executed_units|^Done' \
		$(FUZZ)/fuzz_$$t.log | tr '\n' ' '; echo "fuzz_$$t"; \
	    if [ $$rc -ne 0 ]; then tail -40 $(FUZZ)/fuzz_$$t.log; \
		exit 1; fi; \
	done

fuzz-long: fuzz
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FUZZ)/corpus-$$t && \
	    $(FUZZ_ENV) $(FUZZ)/fuzz_$$t -runs=$(FUZZ_RUNS) \
		-print_final_stats=1 -artifact_prefix=$(FUZZ)/ \
		-dict=tests/fuzz/$$t.dict $(FUZZ)/corpus-$$t \
		tests/fuzz/corpus/$$t 2>$(FUZZ)/fuzz_$$t.long.log; rc=$$?; \
	    tail -20 $(FUZZ)/fuzz_$$t.long.log; \
	    [ $$rc -eq 0 ] || exit 1; \
	done

lint: $(BUILD)/build.ninja
	@BUILD=$(BUILD) scripts/lint

format:
	clang-format -i $$(git ls-files 'src/*.[ch]' 'tests/unit/*.[ch]' 'bench/*.c' \
	    'tests/fuzz/*.[ch]')

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZ)

# The test infrastructure of tests/infra/ (a throw-away PostgreSQL 15,
# HAProxy, Dovecot) proves itself. Not part of `check`: the suites that use
# it will be. Needs root (initdb as postgres, Dovecot's mail user).
.PHONY: infra-selftest
infra-selftest: deps
	node --test $(NODE_SEQ) tests/infra/*.test.js

# docs/operations.md's settings section, made from src/util/settings_table.c
# (`make lint` fails while it is behind the table).
.PHONY: settings-doc
settings-doc: $(BUILD)/build.ninja
	ninja -C $(BUILD) hausdesk-settings-md
	$(BUILD)/hausdesk-settings-md --write docs/operations.md
