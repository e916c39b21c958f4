# karpgen - see README.md.  Targets: all check install uninstall dist release clean deps demo bench
#   fuzz fuzz-run fuzz-cov schemas.
#   make DEVELOPER=1                  -Werror and the strict warnings
#   make SANITIZE=address,undefined check
.SUFFIXES:
.DEFAULT_GOAL := all

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
DESTDIR ?=
CC ?= cc
INSTALL ?= install

# The one place the version is written: VERSION (tags, the tarball, --version, the kit).
VERSION := $(shell cat VERSION)

VARIANT := $(if $(SANITIZE),san,$(if $(DEVELOPER),dev,rel))
B := build/$(VARIANT)

CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -g -O2 -Wall -Wextra -Isrc -I$(B)/gen -DKARPGEN_VERSION='"$(VERSION)"'
ifdef DEVELOPER
CFLAGS_BASE += -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wundef -Wvla -Wcast-align -Wnull-dereference -Wno-unused-parameter
endif
ifdef SANITIZE
CFLAGS_BASE += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all -O1
LDFLAGS += -fsanitize=$(SANITIZE)
endif

# Flags found by scripts/deps.sh (which installs what is missing when run as root).
ifeq ($(filter clean,$(MAKECMDGOALS)),)
-include build/config.mk
endif
build/config.mk: scripts/deps.sh
	@mkdir -p build
	sh scripts/deps.sh > $@.tmp && mv $@.tmp $@

ALL_CFLAGS = $(CFLAGS_BASE) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)

SRCS := $(wildcard src/*.c)
GEN := $(B)/gen/catalog.c $(B)/gen/docs.c $(B)/gen/embed.c $(B)/gen/schemas.c
OBJS := $(SRCS:src/%.c=$(B)/%.o) $(GEN:$(B)/gen/%.c=$(B)/gen/%.o)
LIBOBJS := $(filter-out $(B)/main.o,$(OBJS))
HDRS := $(wildcard src/*.h src/*.def) VERSION

all: karpgen

karpgen: $(B)/karpgen
	cp $< $@

$(B)/karpgen: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(PKG_LIBS) -lm

$(B)/%.o: src/%.c $(HDRS) build/config.mk
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/gen/%.o: $(B)/gen/%.c $(HDRS)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The instance-type catalogue, generated from the reference TSV kept in data/.
$(B)/gen/catalog.c: data/instance-types.tsv scripts/gen-catalog.sh
	@mkdir -p $(@D)
	sh scripts/gen-catalog.sh $< > $@.tmp && mv $@.tmp $@

# docs/rules/*.md embedded for `karpgen explain`.
$(B)/gen/docs.c: $(wildcard docs/rules/*.md) scripts/gen-docs.sh
	@mkdir -p $(@D)
	sh scripts/gen-docs.sh docs/rules > $@.tmp && mv $@.tmp $@

# The official IAM data, the AMI releases and the output templates, embedded in the binary.
EMBED := $(sort $(wildcard data/iam/*.json) $(wildcard templates/*)) data/ami-releases.tsv
$(B)/gen/embed.c: $(EMBED) scripts/gen-embed.sh
	@mkdir -p $(@D)
	sh scripts/gen-embed.sh $(EMBED) > $@.tmp && mv $@.tmp $@

# The CRD schemas (schemas/, committed) embedded for `karpgen validate`.
$(B)/gen/schemas.c: $(wildcard schemas/*/*.json) scripts/gen-schemas-c.sh
	@mkdir -p $(@D)
	sh scripts/gen-schemas-c.sh schemas > $@.tmp && mv $@.tmp $@

# Regenerate schemas/ and the CEL rule table src/cel_rules.def from the reference CRDs
# (needs python3-yaml; the result is committed).  docs/versions.md: adding a version.
REFERENCE ?= ../shared/reference/karpenter
schemas:
	python3 scripts/gen-schemas.py $(REFERENCE) schemas src/cel_rules.def

# ---------------------------------------------------------------- tests
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)

$(B)/tests/%: tests/unit/%.c $(LIBOBJS) $(wildcard tests/unit/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(LIBOBJS) $(PKG_LIBS) $(TEST_LIBS) -lm

$(B)/tests/json_equal: tests/json_equal.c build/config.mk
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(PKG_LIBS) -lm

# Drives the JSON and YAML loaders end to end (hostile-input suite, bench/).
$(B)/tests/loadtool: tests/loadtool.c $(LIBOBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBOBJS) $(PKG_LIBS) -lm

# Peak RSS of a command (tests/t-limits.sh, bench/rss.sh).
$(B)/tests/rss: tests/rss.c
	@mkdir -p $(@D)
	$(CC) -O2 -o $@ $<

TEST_TOOLS := $(B)/tests/json_equal $(B)/tests/loadtool $(B)/tests/rss

# `make check`: unit tests, golden tests, corpus agreement, format checks.
check: test-deps $(B)/karpgen $(UNIT_BINS) $(TEST_TOOLS)
	@KARPGEN=$(CURDIR)/$(B)/karpgen BUILD=$(CURDIR)/$(B) sh tests/run.sh $(UNIT_BINS)

test-deps:
	@KARPGEN_TEST_DEPS=1 sh scripts/deps.sh > /dev/null

# ---------------------------------------------------------------- fuzzing
# `make fuzz` builds every fuzz/fuzz_*.c with clang's libFuzzer + ASan/UBSan;
# `make fuzz-run FUZZ_SECONDS=60` runs each one (seeds from testdata/ and the corpus).
FUZZ_CC ?= clang
FB := build/fuzz
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -Isrc -I$(FB)/gen -DKARPGEN_VERSION='"$(VERSION)"' $(PKG_CFLAGS) \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -DKARPGEN_FUZZ
FUZZ_OBJS := $(filter-out $(FB)/main.o,$(SRCS:src/%.c=$(FB)/%.o)) $(FB)/gen/catalog.o $(FB)/gen/docs.o \
	$(patsubst $(B)/gen/%.c,$(FB)/gen/%.o,$(filter-out $(B)/gen/catalog.c $(B)/gen/docs.c,$(GEN)))
FUZZ_BINS := $(patsubst fuzz/%.c,$(FB)/%,$(wildcard fuzz/fuzz_*.c))

$(FB)/%.o: src/%.c $(HDRS) build/config.mk
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<
$(FB)/gen/%.c: $(B)/gen/%.c
	@mkdir -p $(@D)
	cp $< $@
$(FB)/gen/%.o: $(FB)/gen/%.c $(HDRS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<
$(FB)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) $(PKG_LIBS) -lm

fuzz: fuzz-deps $(FUZZ_BINS)
fuzz-deps:
	@KARPGEN_FUZZ_DEPS=1 sh scripts/deps.sh > /dev/null
fuzz-run: fuzz
	sh fuzz/run.sh $(or $(FUZZ_SECONDS),60) $(FUZZ_BINS)

# `make fuzz-cov`: the same targets built for source coverage (clang's
# -fprofile-instr-generate, no sanitizers), each run once over its corpus and
# seeds; prints how much of src/ each target reaches (docs/reliability.md).
FCB := build/fuzzcov
FCOV_CFLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -Isrc -I$(FB)/gen -DKARPGEN_VERSION='"$(VERSION)"' $(PKG_CFLAGS) \
	-fprofile-instr-generate -fcoverage-mapping -fsanitize=fuzzer-no-link -DKARPGEN_FUZZ
FCOV_OBJS := $(FUZZ_OBJS:$(FB)/%=$(FCB)/%)
FCOV_BINS := $(FUZZ_BINS:$(FB)/%=$(FCB)/%)

$(FCB)/%.o: src/%.c $(HDRS) build/config.mk
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FCOV_CFLAGS) -c -o $@ $<
$(FCB)/gen/%.o: $(FB)/gen/%.c $(HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FCOV_CFLAGS) -c -o $@ $<
$(FCB)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h $(FCOV_OBJS)
	$(FUZZ_CC) $(FCOV_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FCOV_OBJS) $(PKG_LIBS) -lm

# kept between builds, not removed as intermediates of the pattern rules
.SECONDARY: $(FUZZ_OBJS) $(FCOV_OBJS) $(GEN:$(B)/gen/%=$(FB)/gen/%)

fuzz-cov: fuzz-deps $(FCOV_BINS)
	sh fuzz/coverage.sh $(FCOV_BINS)

# ---------------------------------------------------------------- bench
bench: karpgen $(B)/tests/loadtool
	@KARPGEN_BENCH_DEPS=1 sh scripts/deps.sh > /dev/null
	sh bench/run.sh $(CURDIR)/$(B)/karpgen $(CURDIR)/$(B)/tests/loadtool

# ---------------------------------------------------------------- misc
demo: karpgen
	./karpgen compile --cluster-name plantest002 examples/domino/infra.tfvars examples/domino/cluster.tfvars -o build/demo-kit
	@echo "karpgen wrote the migration kit to build/demo-kit/ (start with build/demo-kit/REPORT.md)"

# install(1) with explicit modes; uninstall removes exactly what install wrote
INSTALLED := $(BINDIR)/karpgen $(MANDIR)/man1/karpgen.1 \
	$(DATADIR)/bash-completion/completions/karpgen $(DATADIR)/zsh/site-functions/_karpgen
install: karpgen
	$(INSTALL) -d -m 755 $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(DATADIR)/bash-completion/completions $(DESTDIR)$(DATADIR)/zsh/site-functions
	$(INSTALL) -m 755 karpgen $(DESTDIR)$(BINDIR)/karpgen
	$(INSTALL) -m 644 docs/karpgen.1 $(DESTDIR)$(MANDIR)/man1/karpgen.1
	$(INSTALL) -m 644 completions/karpgen.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/karpgen
	$(INSTALL) -m 644 completions/_karpgen $(DESTDIR)$(DATADIR)/zsh/site-functions/_karpgen

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))

# `make dist`: the committed tree of HEAD as build/karpgen-VERSION.tar.gz and its
# SHA-256.  Reproducible: git archive stamps every entry with the commit's time
# and gzip -n leaves out the name and time, so one commit gives the same bytes.
DIST := build/karpgen-$(VERSION).tar.gz
dist:
	@mkdir -p build
	git archive --format=tar --prefix=karpgen-$(VERSION)/ HEAD | gzip -n -9 > $(DIST).tmp
	mv $(DIST).tmp $(DIST)
	cd build && sha256sum karpgen-$(VERSION).tar.gz > karpgen-$(VERSION).tar.gz.sha256
	@cat $(DIST).sha256

# `make release`: tag HEAD v$(VERSION) (the rev the README's pre-commit snippet names), then dist.
release:
	@git diff --quiet HEAD || { echo "release: the work tree has changes" >&2; exit 1; }
	git tag -a v$(VERSION) -m "karpgen $(VERSION)"
	$(MAKE) dist

deps: build/config.mk
	@KARPGEN_TEST_DEPS=1 sh scripts/deps.sh > /dev/null

clean:
	rm -rf build karpgen

.PHONY: all check test-deps demo install uninstall dist release deps clean fuzz fuzz-deps fuzz-run fuzz-cov bench schemas
