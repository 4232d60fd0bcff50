#!/bin/bash
# docs.t - every command in the table has a man page, a test and a working
# -h; every man page passes mandoc's lint at warning level.
. "$(dirname "$0")/lib.sh"

commands=$(sed -n 's/^\t{ "\([a-z]*\)", cmd_.*/\1/p' "$TOP/cmd/main.c")
[ -n "$commands" ]; ok $? "the command table is readable"

for c in $commands; do
	[ -f "$TOP/man/apoyo-$c.1" ]; ok $? "$c has man/apoyo-$c.1"
	grep -lq -- "\"\\?\$APOYO\"\\? $c\\b\|apoyo $c\\b\|APOYO.* $c " "$TOP"/tests/*.t
	ok $? "$c is exercised by a test"
	run "$APOYO" "$c" -h
	[ "$RC" = 0 ] && case "$OUT" in "usage: apoyo $c"*) true ;; *) false ;; esac
	ok $? "$c -h prints usage and exits 0"
	grep -qi '^\.sh EXIT STATUS' "$TOP/man/apoyo-$c.1" 2>/dev/null
	ok $? "apoyo-$c.1 documents the exit status"
done

for page in "$TOP"/man/*.[15]; do
	lint=$(mandoc -Tlint -W warning "$page" 2>&1)
	is "$lint" "" "$(basename "$page") is clean under mandoc -Tlint"
done
done_testing
