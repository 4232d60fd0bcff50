# apoyo - plain Makefile. "make" builds the static binary; "make check" runs
# every test; "make demo" runs the bundled Jalisco 2018 scenario end to end.
# "make check" and "make demo" first install missing Debian packages when run
# as root (scripts/deps), and otherwise print the command to run.

CC ?= cc
CFLAGS ?= -O2 -g
PREFIX ?= /usr/local
DESTDIR ?=

APOYO_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra -Werror -I/usr/include/stb
LDLIBS = -lsqlite3 -lsodium -lstb -lz -lm -lpthread -ldl
STATIC = -static

SRC = $(sort $(wildcard src/*.c))
CMD = $(sort $(wildcard cmd/*.c))
HDR = $(wildcard src/*.h cmd/*.h)
LIB_OBJ = $(patsubst %.c,build/%.o,$(SRC))
CMD_OBJ = $(patsubst %.c,build/%.o,$(CMD))
UNIT_SRC = $(sort $(wildcard tests/unit/*.c))
UNIT_BIN = $(patsubst tests/unit/%.c,tests/bin/%,$(UNIT_SRC))
COMMANDS = $(shell sed -n 's/^\t{ "\([a-z]*\)", cmd_.*/\1/p' cmd/main.c)

.PHONY: all deps check unit demo bench imgbench install clean

all: apoyo

apoyo: $(LIB_OBJ) $(CMD_OBJ)
	$(CC) $(STATIC) $(LDFLAGS) -o $@ $(CMD_OBJ) $(LIB_OBJ) $(LDLIBS) 2>build/link.log \
		|| { cat build/link.log; exit 1; }

build/%.o: %.c $(HDR)
	@mkdir -p $(dir $@)
	$(CC) $(APOYO_CFLAGS) $(CFLAGS) -c -o $@ $<

tests/bin/%: tests/unit/%.c tests/unit/tap.h $(LIB_OBJ)
	@mkdir -p tests/bin
	$(CC) $(APOYO_CFLAGS) $(CFLAGS) -o $@ $< $(LIB_OBJ) $(LDLIBS)

unit: $(UNIT_BIN)

deps:
	@scripts/deps

check: deps
	$(MAKE) apoyo unit
	prove -f -e bash tests/*.t

demo: deps
	$(MAKE) apoyo
	scripts/demo

bench: deps
	$(MAKE) apoyo
	scripts/bench

# The image-check benchmark and calibration tool (scripts/imgbench.c).
imgbench: build/imgbench
	build/imgbench speed

build/imgbench: scripts/imgbench.c $(LIB_OBJ)
	@mkdir -p build
	$(CC) $(APOYO_CFLAGS) $(CFLAGS) -o $@ $< $(LIB_OBJ) $(LDLIBS)

install: apoyo
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man5
	install -m 755 apoyo $(DESTDIR)$(PREFIX)/bin/apoyo
	for c in $(COMMANDS); do ln -sf apoyo $(DESTDIR)$(PREFIX)/bin/apoyo-$$c; done
	install -m 644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 man/*.5 $(DESTDIR)$(PREFIX)/share/man/man5/

clean:
	rm -rf build tests/bin apoyo
