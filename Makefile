# ipt-tools: build, test, install.  GNU make; see README.md.
.POSIX:
.SUFFIXES:
.SECONDARY:

VERSION   = 0.1.0
PREFIX    = /usr/local
MANPREFIX = $(PREFIX)/share/man
DESTDIR   =

CC      = cc
WARN    = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wvla \
          -Wformat=2 -Wmissing-prototypes
CFLAGS  = -std=c11 -O2 -g $(WARN)
CPPFLAGS = -D_POSIX_C_SOURCE=200809L -DIPT_VERSION='"$(VERSION)"' -Icommon
LDFLAGS =
LDLIBS  = -lcsv -lcjson -lm

# Where objects and binaries go; the sanitizer pass overrides both.
O   = build
BIN = bin

TOOLS  = ipt-score ipt-screen ipt-plan ipt-report
COMMON_SRC = $(wildcard common/*.c)
COMMON_OBJ = $(COMMON_SRC:common/%.c=$(O)/common/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
MANS = man/ipt-score.1 man/ipt-screen.1 man/ipt-plan.1 man/ipt-report.1 \
       man/ipt-tools.7

SAN_FLAGS = -std=c11 -O1 -g -fno-omit-frame-pointer $(WARN) \
            -fsanitize=address,undefined -fno-sanitize-recover=all

.PHONY: all deps check test unit cli html-check man-lint check-san fuzz \
        fuzz-smoke bench demo report-png install uninstall clean

all: $(TOOLS:%=$(BIN)/%)

$(O)/common/%.o: common/%.c common/*.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(O)/libipt.a: $(COMMON_OBJ)
	rm -f $@
	$(AR) rcs $@ $(COMMON_OBJ)

$(O)/cmd/%.o: cmd/%.c common/*.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BIN)/%: $(O)/cmd/%.o $(O)/libipt.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/libipt.a $(LDLIBS)

$(O)/tests/%: tests/unit/%.c tests/unit/*.h $(O)/libipt.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(O)/libipt.a $(LDLIBS)

# Install the two libraries (and the test tools) when missing.
deps:
	@sh tests/deps.sh

unit: $(UNIT_BIN)
	@sh tests/run-unit.sh $(UNIT_BIN)

cli: all
	@IPT_BIN=$(CURDIR)/$(BIN) IPT_O=$(O) sh tests/run-cli.sh

test: unit cli html-check

# Every HTML report parses strictly as HTML5, with well-formed inline SVG.
html-check: all $(O)/tests/test_rdoc
	@sh tests/html-check.sh $(O) $(BIN)

# The sample weekly report as a PNG, rendered by headless Chromium, for a
# person to look at: build/report/report.png.
report-png: all
	@sh tests/deps.sh png
	@sh tests/report-png.sh build/report

man-lint:
	@sh tests/man-lint.sh $(MANS)

# The whole suite again, built with AddressSanitizer and UBSan.
check-san:
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	$(MAKE) O=build/san BIN=build/san/bin CFLAGS='$(SAN_FLAGS)' \
	    LDFLAGS='-fsanitize=address,undefined' test

check: deps
	$(MAKE) all
	$(MAKE) test
	$(MAKE) man-lint
	$(MAKE) check-san
	$(MAKE) fuzz-smoke

fuzz: deps
	@sh tests/fuzz/build.sh

fuzz-smoke: fuzz
	@sh tests/fuzz/smoke.sh

bench: deps all
	@sh tests/bench/run.sh

demo: deps all
	@sh tests/demo.sh

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 \
	    $(DESTDIR)$(MANPREFIX)/man7
	for t in $(TOOLS); do cp -f $(BIN)/$$t $(DESTDIR)$(PREFIX)/bin/$$t; \
	    chmod 755 $(DESTDIR)$(PREFIX)/bin/$$t; done
	for m in $(MANS); do s=$${m##*.}; \
	    cp -f $$m $(DESTDIR)$(MANPREFIX)/man$$s/; \
	    chmod 644 $(DESTDIR)$(MANPREFIX)/man$$s/$${m##*/}; done

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(PREFIX)/bin/$$t; done
	for m in $(MANS); do s=$${m##*.}; \
	    rm -f $(DESTDIR)$(MANPREFIX)/man$$s/$${m##*/}; done

clean:
	rm -rf build bin
