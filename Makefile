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
# jansson (JSON out), nettle (SHA-256, MD5), cmocka (unit tests), ICU
# (look-alike letters for check, loaded at run time).

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BUILD    ?= build
CC       ?= cc
CFLAGS   ?= -O2 -g
WARN      = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wwrite-strings -Wvla \
            -Wcast-qual -Wundef -Werror=implicit-function-declaration
PKGS      = yaml-0.1 libcmark-gfm libutf8proc jansson nettle
# ICU (libicu-dev): only its headers at build time.  Linking it cost every
# process ~2 ms (libstdc++ and 30 MB of data), so src/confusable.c loads
# libicui18n with dlopen() when a text needs it (include/confusable.h).
ICU_PKGS  = icu-uc icu-i18n
# libzip (libzip-dev): the DOCX container.  Headers only at build time: it
# brings OpenSSL, bzip2 and zlib, so src/render_docx.c loads libzip.so.4
# with dlopen() when the first DOCX is made, as libharu for PDF.
ZIP_PKGS  = libzip
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(ICU_PKGS) $(ZIP_PKGS) 2>/dev/null)
# Snowball (libstemmer-dev): word stems for check's text rules (src/stem.c).
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -lhpdf -lhyphen -lcsv -lstemmer -pthread
# dpagen runs once per document, and each shared library costs the process
# mapping and relocation (~0.1 ms each, issue 8): the libraries whose Debian
# -dev package ships an archive are linked statically.  libhpdf has none:
# it is loaded with dlopen() by the first PDF (include/hpdf_lazy.h).  The
# executable exports its faster HPDF_MemCpy/HPDF_MemSet, which then take
# the place of libharu's own (render_pdf.c).
STATIC_LIBS = -lyaml -lcmark-gfm-extensions -lcmark-gfm -lutf8proc -ljansson -lnettle -lhyphen -lcsv -lstemmer
LINK_LIBS   = -Wl,-Bstatic $(STATIC_LIBS) -Wl,-Bdynamic -lm -pthread \
              -Wl,--export-dynamic-symbol=HPDF_MemCpy -Wl,--export-dynamic-symbol=HPDF_MemSet
ALL_CFLAGS = -std=c11 -pthread $(WARN) $(CFLAGS) -Iinclude -I$(BUILD)/gen $(PKG_CFLAGS) \
             -DDPAGEN_VERSION='"$(VERSION)"'

-include Makefile.local

# Every src/*.c is part of the build: cmd_*.c and main.c make the command
# line, the rest the library the unit tests link against.
CLI_SRCS = src/main.c $(sort $(wildcard src/cmd_*.c))
LIB_SRCS = $(filter-out $(CLI_SRCS),$(sort $(wildcard src/*.c)))
LIB_OBJS = $(LIB_SRCS:src/%.c=$(BUILD)/%.o) $(BUILD)/gen/templates.o $(BUILD)/gen/hyph_data.o $(BUILD)/gen/srgb_icc.o
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
	$(Q)$(CC) -std=c11 -O1 $$(pkg-config --cflags nettle) -o $@ $< $$(pkg-config --libs nettle)

$(BUILD)/gen/templates.c: $(BUILD)/embed $(TEMPLATE_FILES)
	@mkdir -p $(@D)
	$(Q)$(BUILD)/embed $@ templates $(TEMPLATE_FILES)

$(BUILD)/gen/templates.o: $(BUILD)/gen/templates.c include/embedded.h
	$(Q)$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

# The sRGB ICC profile of the PDF/A output intent, from Debian's
# icc-profiles-free, compiled in (render_pdf.c): no file to find at run time.
SRGB_ICC = /usr/share/color/icc/sRGB.icc

$(BUILD)/gen/srgb_icc.c: $(SRGB_ICC)
	@mkdir -p $(@D)
	$(Q){ echo '/* generated from $(SRGB_ICC) (icc-profiles-free) */'; \
	  echo '#include <stddef.h>'; \
	  echo 'extern const unsigned char dpa_srgb_icc[]; extern const size_t dpa_srgb_icc_len;'; \
	  echo 'const unsigned char dpa_srgb_icc[] = {'; \
	  od -An -v -tu1 $(SRGB_ICC) | sed 's/^ *//; s/ *$$//; s/  */, /g; /^$$/d; s/$$/,/'; \
	  echo '};'; echo 'const size_t dpa_srgb_icc_len = sizeof dpa_srgb_icc;'; } > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/srgb_icc.o: $(BUILD)/gen/srgb_icc.c
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Hyphenation patterns, compiled by libhyphen's parser at build time
# (tools/hyphgen.c, include/hyph.h): parsing them cost each PDF up to 37 M
# instructions.  From Debian's hyphen-da and hyphen-en-us.
HYPH_DICS = da=/usr/share/hyphen/hyph_da_DK.dic en=/usr/share/hyphen/hyph_en_US.dic

$(BUILD)/hyphgen: tools/hyphgen.c
	@mkdir -p $(@D)
	$(Q)$(CC) -std=c11 -O1 -o $@ $< -lhyphen

$(BUILD)/gen/hyph_data.c: $(BUILD)/hyphgen $(filter /%,$(subst =, ,$(HYPH_DICS)))
	@mkdir -p $(@D)
	$(Q)$(BUILD)/hyphgen $@ $(HYPH_DICS)

$(BUILD)/gen/hyph_data.o: $(BUILD)/gen/hyph_data.c include/hyph.h
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libdpagen.a: $(LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/dpagen: $(CLI_OBJS) $(BUILD)/libdpagen.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJS) $(BUILD)/libdpagen.a $(LINK_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libdpagen.a
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $$(pkg-config --cflags cmocka) -o $@ $< \
	    $(BUILD)/libdpagen.a $(LINK_LIBS) $$(pkg-config --libs cmocka)

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
	sh tools/legal-numbers.sh $(BUILD)/dpagen docs/legal.md

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

# ---- fuzzing ---------------------------------------------------------------
# libFuzzer harnesses (tests/fuzz/fuzz_*.c) built with clang into
# build/fuzz/, linked with the library compiled for coverage under ASan and
# UBSan.  `make fuzz` runs each for FUZZ_SECONDS on build/fuzz/corpus/NAME
# plus its seed corpus tests/fuzz/corpus/NAME; a crash stops it, with the
# input in build/fuzz/crashes/.  Only our code is instrumented (Debian's
# libyaml and cmark-gfm are not), so coverage counts dpagen's edges.
# Needs clang and libclang-rt-14-dev (tools/deps.sh fuzz), not make check.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_NAMES   ?= load tmpl csv render font mdvalue batchname
FUZZ_DIR      = build/fuzz
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all
# clang, unlike gcc, asks for a format attribute on buf_vprintf's va_list.
FUZZ_CFLAGS   = -std=c11 -pthread $(WARN) -Wno-format-nonliteral -g -O1 -fno-omit-frame-pointer \
                $(FUZZ_SAN) -Iinclude -I$(BUILD)/gen $(PKG_CFLAGS) -DDPAGEN_VERSION='"$(VERSION)"'
FUZZ_OBJS     = $(LIB_SRCS:src/%.c=$(FUZZ_DIR)/obj/%.o) $(FUZZ_DIR)/obj/templates.o \
                $(FUZZ_DIR)/obj/hyph_data.o $(FUZZ_DIR)/obj/srgb_icc.o
# Longest input per harness: a few times the largest seed.
FUZZ_MAXLEN_load = 16384
FUZZ_MAXLEN_tmpl = 16384
FUZZ_MAXLEN_csv = 8192
FUZZ_MAXLEN_render = 16384
FUZZ_MAXLEN_font = 4096
FUZZ_MAXLEN_mdvalue = 4096
FUZZ_MAXLEN_batchname = 512

.PHONY: fuzz fuzz-build fuzz-run
.SECONDARY: $(FUZZ_OBJS)

fuzz:
	@tools/deps.sh fuzz
	@$(MAKE) --no-print-directory fuzz-run

fuzz-build: $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)

$(FUZZ_DIR)/obj/%.o: src/%.c $(wildcard include/*.h) Makefile
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/obj/hyph_data.o: $(BUILD)/gen/hyph_data.c include/hyph.h
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_DIR)/obj/srgb_icc.o: $(BUILD)/gen/srgb_icc.c
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_DIR)/obj/templates.o: $(BUILD)/gen/templates.c include/embedded.h
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJS)
	@$(if $(Q),echo "  FUZZLD  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -DFUZZ_SRCDIR='"$(CURDIR)"' -o $@ $< \
	    $(FUZZ_OBJS) $(PKG_LIBS) -lm

fuzz-run: fuzz-build
	@mkdir -p $(FUZZ_DIR)/crashes
	@for n in $(FUZZ_NAMES); do \
	    mkdir -p $(FUZZ_DIR)/corpus/$$n; \
	    case $$n in load) max=$(FUZZ_MAXLEN_load) d=load;; tmpl) max=$(FUZZ_MAXLEN_tmpl) d=tmpl;; \
	        csv) max=$(FUZZ_MAXLEN_csv) d=csv;; font) max=$(FUZZ_MAXLEN_font) d=;; \
	        mdvalue) max=$(FUZZ_MAXLEN_mdvalue) d=mdvalue;; \
	        batchname) max=$(FUZZ_MAXLEN_batchname) d=;; \
	        *) max=$(FUZZ_MAXLEN_render) d=load;; esac; \
	    dict=$${d:+-dict=tests/fuzz/$$d.dict}; \
	    echo "fuzz $$n: $(FUZZ_SECONDS) s, -max_len=$$max"; \
	    $(FUZZ_DIR)/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) -max_len=$$max -timeout=10 \
	        -rss_limit_mb=2048 -print_final_stats=1 $$dict \
	        -artifact_prefix=$(FUZZ_DIR)/crashes/$$n- \
	        $(FUZZ_DIR)/corpus/$$n tests/fuzz/corpus/$$n || exit 1; \
	done

# ---- valgrind ----------------------------------------------------------------
# The CLI suites again under memcheck: tests/cli/lib.sh puts $VALGRIND before
# each command a check runs, so an error or a leak (exit 99) fails that check.
# All of them fit in CI (about 4 minutes here; pdf.sh 30 s, batch.sh 15 s).
# The suppressions cover tools the suites run besides dpagen (script, zsh).
VALGRIND_CMD    = valgrind -q --leak-check=full --error-exitcode=99 \
                  --suppressions=$(CURDIR)/tests/hostile/valgrind.supp
# Suites run two at a time: memcheck is single-threaded and CI has two cores.
VALGRIND_JOBS   ?= 2
VALGRIND_SUITES ?= tests/cli/cli.sh tests/cli/check.sh tests/cli/pdf.sh tests/cli/docx.sh tests/cli/batch.sh tests/cli/notice.sh tests/cli/diff.sh \
                   tests/cli/package.sh tests/golden/golden.sh tests/hostile/hostile.sh

.PHONY: check-valgrind check-valgrind-run bench

check-valgrind: deps
	@tools/deps.sh valgrind
	@$(MAKE) --no-print-directory check-valgrind-run

check-valgrind-run: $(BUILD)/dpagen
	@VALGRIND="$(VALGRIND_CMD)" BUILD=$(BUILD) DPAGEN=$(BUILD)/dpagen JOBS=$(VALGRIND_JOBS) \
	    sh tools/valgrind-suites.sh $(VALGRIND_SUITES)

# ---- benchmark ---------------------------------------------------------------
# A table, not a test: tools/bench.sh (BENCH_RUNS, BENCH_CUSTOMERS, ...).
bench: $(BUILD)/dpagen
	@DPAGEN=$(BUILD)/dpagen sh tools/bench.sh
