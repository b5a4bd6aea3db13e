# dpagen - GDPR data processing agreements from YAML.
#
#   make demo     install missing packages, build, render the example into out/
#   make check    install missing packages, build, run the whole test suite
#   make check-asan   the suite again under AddressSanitizer + UBSan
#   make deps     install missing Debian packages (tools/deps.sh)
#
# Libraries come from Debian packages only (see README "Dependencies"):
# libyaml (YAML with marks), cmark-gfm (Markdown AST with GFM tables),
# libhpdf (PDF, no .pc file: plain -lhpdf), utf8proc (display width),
# jansson (JSON out), libmd (SHA-256), cmocka (unit tests).

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BUILD    ?= build
CC       ?= cc
CFLAGS   ?= -O2 -g
WARN      = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wwrite-strings -Wvla \
            -Wcast-qual -Wundef -Werror=implicit-function-declaration
PKGS      = yaml-0.1 libcmark-gfm libutf8proc jansson libmd
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -lhpdf -lhyphen -lcsv -pthread
ALL_CFLAGS = -std=c11 -pthread $(WARN) $(CFLAGS) -Iinclude -I$(BUILD)/gen $(PKG_CFLAGS) \
             -DDPAGEN_VERSION='"$(VERSION)"'

-include Makefile.local

# Every src/*.c is part of the build: cmd_*.c and main.c make the command
# line, the rest the library the unit tests link against.
CLI_SRCS = src/main.c $(sort $(wildcard src/cmd_*.c))
LIB_SRCS = $(filter-out $(CLI_SRCS),$(sort $(wildcard src/*.c)))
LIB_OBJS = $(LIB_SRCS:src/%.c=$(BUILD)/%.o) $(BUILD)/gen/templates.o
CLI_OBJS = $(CLI_SRCS:src/%.c=$(BUILD)/%.o)

TEMPLATE_FILES = $(sort $(wildcard templates/da/*.md templates/en/*.md templates/*.yaml))
UNIT_TESTS = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

ifeq ($(V),1)
Q =
else
Q = @
endif

.PHONY: all deps demo check check-run check-asan clean regen docs

all: $(BUILD)/dpagen

deps:
	@tools/deps.sh all

$(BUILD)/%.o: src/%.c $(wildcard include/*.h) Makefile
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/embed: tools/embed.c
	@mkdir -p $(@D)
	$(Q)$(CC) -std=c11 -O1 -o $@ $<

$(BUILD)/gen/templates.c: $(BUILD)/embed $(TEMPLATE_FILES)
	@mkdir -p $(@D)
	$(Q)$(BUILD)/embed $@ templates $(TEMPLATE_FILES)

$(BUILD)/gen/templates.o: $(BUILD)/gen/templates.c include/embedded.h
	$(Q)$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(BUILD)/libdpagen.a: $(LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/dpagen: $(CLI_OBJS) $(BUILD)/libdpagen.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJS) $(BUILD)/libdpagen.a $(PKG_LIBS) -lm

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libdpagen.a
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $$(pkg-config --cflags cmocka) -o $@ $< \
	    $(BUILD)/libdpagen.a $(PKG_LIBS) $$(pkg-config --libs cmocka) -lm

demo: deps
	@$(MAKE) --no-print-directory $(BUILD)/dpagen
	@mkdir -p out
	$(BUILD)/dpagen render examples/minimal.yaml -o out/minimal.md
	$(BUILD)/dpagen render examples/minimal.yaml -o out/minimal.html
	$(BUILD)/dpagen render examples/minimal.yaml -o out/minimal.pdf
	@echo "dpagen: wrote out/minimal.md, out/minimal.html and out/minimal.pdf"

check: deps
	@$(MAKE) --no-print-directory check-run

check-run: $(BUILD)/dpagen $(UNIT_TESTS)
	@BUILD=$(BUILD) sh tests/run.sh

check-asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan \
	    CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" check-run

regen: $(BUILD)/dpagen
	@BUILD=$(BUILD) sh tests/golden/regen.sh

# Generated from the field tables; tests fail when these are stale.
docs: $(BUILD)/dpagen
	$(BUILD)/dpagen schema > dpagen.schema.json
	$(BUILD)/dpagen schema --markdown > docs/config.md
	$(BUILD)/dpagen schema --man > docs/man/dpagen-config.5

# Install into $(DESTDIR)$(PREFIX): the binary (templates and starter
# configs are compiled in, so it reads nothing from this tree), dpagen(1)
# and dpagen-config(5), bash and zsh completion, and the JSON Schema for
# editors.  `make uninstall` with the same PREFIX and DESTDIR removes
# exactly these files.
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
DATADIR     ?= $(PREFIX)/share/dpagen
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
INSTALL     ?= install

INSTALLED = $(BINDIR)/dpagen $(MANDIR)/man1/dpagen.1 $(MANDIR)/man5/dpagen-config.5 \
            $(BASHCOMPDIR)/dpagen $(ZSHCOMPDIR)/_dpagen $(DATADIR)/dpagen.schema.json

.PHONY: install uninstall

install: $(BUILD)/dpagen
	@$(if $(Q),echo "  INSTALL $(DESTDIR)$(PREFIX)")
	$(Q)$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(DATADIR)
	$(Q)$(INSTALL) -m 755 $(BUILD)/dpagen $(DESTDIR)$(BINDIR)/dpagen
	$(Q)$(INSTALL) -m 644 docs/man/dpagen.1 $(DESTDIR)$(MANDIR)/man1/dpagen.1
	$(Q)$(INSTALL) -m 644 docs/man/dpagen-config.5 $(DESTDIR)$(MANDIR)/man5/dpagen-config.5
	$(Q)$(INSTALL) -m 644 tools/completion/dpagen.bash $(DESTDIR)$(BASHCOMPDIR)/dpagen
	$(Q)$(INSTALL) -m 644 tools/completion/_dpagen $(DESTDIR)$(ZSHCOMPDIR)/_dpagen
	$(Q)$(INSTALL) -m 644 dpagen.schema.json $(DESTDIR)$(DATADIR)/dpagen.schema.json

uninstall:
	@$(if $(Q),echo "  UNINSTALL $(DESTDIR)$(PREFIX)")
	$(Q)rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	$(Q)rmdir $(DESTDIR)$(DATADIR) 2>/dev/null || true

clean:
	rm -rf build out
