# SPDX-License-Identifier: MIT
# The front door: `make run` starts hausdesk with demo data, `make check`
# passes every test. Both install what is missing first.

BUILD   ?= build
ASAN    ?= build-asan
DB      ?= var/hausdesk.db
LISTEN  ?= 127.0.0.1:8080
# Debian 12's own Node.js (18) lacks --test-concurrency: use it when known.
NODE_PAR = $(shell node --test-concurrency=2 -e 0 >/dev/null 2>&1 && \
	     echo --test-concurrency=2)
NODE_SEQ = $(shell node --test-concurrency=1 -e 0 >/dev/null 2>&1 && \
	     echo --test-concurrency=1)

.PHONY: all deps build run check unit asan api api-asan faults e2e bench bench-smoke lint \
	format clean

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

check: build lint unit asan api api-asan faults e2e bench-smoke

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

api: build
	node --test $(NODE_PAR) tests/api/*.test.js

# The black-box tests once more against the server built with
# AddressSanitizer + UndefinedBehaviorSanitizer: a memory error aborts it.
api-asan: asan
	HAUSDESK_BIN=$(CURDIR)/$(ASAN)/hausdesk \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    node --test $(NODE_PAR) tests/api/*.test.js

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
bench: build
	python3 bench/run.py

bench-smoke: build
	python3 bench/run.py --smoke

lint: $(BUILD)/build.ninja
	@BUILD=$(BUILD) scripts/lint

format:
	clang-format -i $$(git ls-files 'src/*.[ch]' 'tests/unit/*.[ch]' 'bench/*.c')

clean:
	rm -rf $(BUILD) $(ASAN)

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
