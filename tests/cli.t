#!/bin/bash
# cli.t - the dispatcher, global options, init, and the multicall links.
. "$(dirname "$0")/lib.sh"

must_succeed "apoyo with no command prints usage" "$APOYO"
case "$OUT" in "usage: apoyo "*) ok 0 "usage on stdout" ;; *) ok 1 "usage on stdout" ;; esac
must_succeed "apoyo help" "$APOYO" help
must_succeed "apoyo --version" "$APOYO" --version
stdout_is "apoyo 0.1.0" "version text"

must_fail 2 "unknown command" "$APOYO" frobnicate
stderr_is "apoyo: unknown command 'frobnicate' (see 'apoyo help')" "unknown command message"
must_fail 2 "prefix of a command is not accepted" "$APOYO" ini
must_fail 2 "unknown global option" "$APOYO" --bogus init
stderr_is "apoyo: unknown option '--bogus' (see -h)" "unknown option message"
must_fail 2 "abbreviated long option refused" "$APOYO" init --rul federal

must_fail 3 "a command needing a workspace without one" "$APOYO" tally
stderr_is "apoyo tally: workspace '$TMP/ws.db' not found (create it with 'apoyo init')" \
	"missing workspace message"

must_succeed "init with defaults" "$APOYO" init
stderr_is "apoyo init: created workspace '$TMP/ws.db' (rules federal, utc offset -06:00)" \
	"init summary"
is "$(stat -c %a ws.db)" "600" "workspace created with mode 0600"
is "$(sqlite3 ws.db 'PRAGMA journal_mode')" "wal" "workspace in WAL mode"
is "$(sqlite3 ws.db 'PRAGMA user_version')" "5" "schema version recorded"
is "$(sqlite3 ws.db 'PRAGMA page_size')" "16384" "workspace with 16 KiB pages"
is "$(sqlite3 ws.db "SELECT group_concat(cargo || '=' || porcentaje || '/' || unidad || '/' ||
	unidades_minimas, ' ') FROM rules")" \
	"diputacion_federal=2.00/seccion/1/2 presidencia=1.00/entidad/17 senaduria=2.00/distrito_federal/1/2" \
	"federal rules"
must_fail 2 "init refuses an existing workspace" "$APOYO" init
stderr_is "apoyo init: workspace '$TMP/ws.db' already exists" "exists message"

must_succeed "init -w with jalisco rules and an offset" \
	"$APOYO" -q -w j.db init --rules jalisco-2018 --utc-offset -05:00
stderr_is "" "-q silences the summary"
is "$(sqlite3 j.db "SELECT count(*) FROM rules; SELECT value FROM meta WHERE key =
	'utc_offset_minutes'")" "6
-300" "jalisco rules and offset stored"
must_succeed "-w also works after the command" "$APOYO" init -w k.db
must_fail 2 "bad offset" "$APOYO" -w x.db init --utc-offset 6
stderr_is "apoyo init: option '--utc-offset': expected +HH:MM or -HH:MM, found '6'" \
	"bad offset message"
[ ! -e x.db ]; ok $? "no workspace left after a usage error"

printf 'cargo,porcentaje,unidad,unidades_minimas,porcentaje_unidad\n' >r.csv
printf 'presidencia,1.5,entidad,3,1\nayuntamiento,3,seccion,1/3,0.5\n' >>r.csv
must_succeed "init with a rules file" "$APOYO" -w r.db init --rules r.csv
is "$(sqlite3 r.db "SELECT group_concat(cargo || '=' || porcentaje || '/' ||
	unidades_minimas || '/' || porcentaje_unidad, ' ') FROM rules")" \
	"ayuntamiento=3.00/1/3/0.50 presidencia=1.50/3/1.00" "custom rules stored"

printf 'cargo,porcentaje,unidad,unidades_minimas,porcentaje_unidad\n' >bad.csv
printf 'presidencia,1.5,entidad,3,1\nalcaldia,3,seccion,1/3,0.5\n' >>bad.csv
must_fail 3 "a bad rules file" "$APOYO" -w b.db init --rules bad.csv
stderr_is "apoyo init: bad.csv:3: field 'cargo': expected one of presidencia, senaduria, diputacion_federal, gubernatura, diputacion_local, ayuntamiento, found 'alcaldia'" \
	"bad rule names file, line and field"
[ ! -e b.db ]; ok $? "failed init leaves no workspace"
printf 'cargo,porcentaje,unidad\n' >short.csv
must_fail 3 "rules file missing a column" "$APOYO" -w b.db init --rules short.csv
stderr_is "apoyo init: short.csv:1: field 'unidades_minimas': required column missing" \
	"missing column message"
must_fail 3 "missing rules file" "$APOYO" -w b.db init --rules nope.csv
stderr_is "apoyo init: cannot open 'nope.csv': No such file or directory" "missing file message"

echo "not a database, just text that is long enough to be a header......" >junk.db
must_fail 3 "a file that is not a workspace" "$APOYO" -w junk.db tally
stderr_is "apoyo tally: 'junk.db' is not an apoyo workspace" "not a workspace message"

ln -s "$APOYO" apoyo-init
must_succeed "a link named apoyo-init runs init" ./apoyo-init -w l.db
[ -f l.db ]; ok $? "the link created the workspace"
must_succeed "apoyo-init -h" ./apoyo-init -h
case "$OUT" in "usage: apoyo init"*) ok 0 "link help" ;; *) ok 1 "link help" ;; esac

must_fail 4 "stdout to a full disk is an error" sh -c "'$APOYO' help >/dev/full"
done_testing
