#!/bin/bash
# install.t - "make install" puts the binary, one link per command and the
# man pages under PREFIX, and the links work.
. "$(dirname "$0")/lib.sh"

make -s -C "$TOP" install PREFIX="$TMP/inst" >/dev/null 2>"$TMP/install.err"
ok $? "make install PREFIX=..."
file "$TMP/inst/bin/apoyo" | grep -q 'statically linked'
ok $? "the installed binary is statically linked"
for c in $(sed -n 's/^\t{ "\([a-z]*\)", cmd_.*/\1/p' "$TOP/cmd/main.c"); do
	[ -L "$TMP/inst/bin/apoyo-$c" ] && [ -f "$TMP/inst/share/man/man1/apoyo-$c.1" ]
	ok $? "apoyo-$c link and man page installed"
done
[ -f "$TMP/inst/share/man/man5/apoyo-formats.5" ]; ok $? "section 5 pages installed"
must_succeed "a link runs its command" "$TMP/inst/bin/apoyo-init" -w "$TMP/i.db"
[ -f "$TMP/i.db" ]; ok $? "and the command did its work"
done_testing
