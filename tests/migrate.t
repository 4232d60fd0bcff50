#!/bin/bash
# migrate.t - an older workspace is brought to the current schema in place:
# testdata/workspace-v4.sql is a schema-4 workspace (roll_datos keyed by
# clave) that apoyo itself wrote; after the migration every citizen reads
# the same through roll_v, verification gives the same statuses, and a
# new roll cut-off lands as it would in a new workspace.
. "$(dirname "$0")/lib.sh"

DATA="$TOP/testdata/import"

sqlite3 v4.db <"$TOP/testdata/workspace-v4.sql"
is "$(sqlite3 v4.db 'PRAGMA user_version')" "4" "the fixture is schema 4"
roll_before=$(sqlite3 v4.db "SELECT * FROM roll_v ORDER BY clave_elector")
status_before=$(sqlite3 v4.db "SELECT id, estatus, motivos FROM support ORDER BY id")
ok "$([ -n "$roll_before" ] && [ -n "$status_before" ]; echo $?)" \
	"the fixture has roll rows and verified supports"

must_fail 1 "verify migrates the workspace (and finds problems)" \
	"$APOYO" -w v4.db verify
is "$(sqlite3 v4.db 'PRAGMA user_version')" "5" "now schema 5"
is "$(sqlite3 v4.db "SELECT * FROM roll_v ORDER BY clave_elector")" "$roll_before" \
	"roll_v shows every citizen as before"
is "$(sqlite3 v4.db "SELECT count(*) FROM roll WHERE datos IS NULL
	OR datos NOT IN (SELECT n FROM roll_datos)")" "0" \
	"every roll row points at its roll_datos row"
is "$(sqlite3 v4.db "SELECT (SELECT count(*) FROM roll_datos) - (SELECT count(*) FROM roll)")" \
	"0" "no roll_datos row is left without its citizen"
is "$(sqlite3 v4.db "SELECT id, estatus, motivos FROM support ORDER BY id")" "$status_before" \
	"verify gives the same statuses after the migration"
is "$(sqlite3 v4.db "SELECT count(*) FROM sqlite_schema WHERE name = 'roll_datos_v4'")" "0" \
	"the old table is gone"

# The same cut-off into the migrated workspace and into a new one.
"$APOYO" -q init --rules jalisco-2018 -w new.db
# Copies, so that the rejects files land here and not in testdata.
cp "$DATA/geo.csv" "$DATA/roll.csv" "$DATA/roll_cut2.tsv" .
for f in geo.csv roll.csv; do
	"$APOYO" -q -w new.db import "${f%%.*}" "$f" 2>/dev/null
done
"$APOYO" -q -w new.db import roll roll_cut2.tsv
printf 'clave_elector\tnombre\tapellido_paterno\tapellido_materno\tentidad\tseccion\temision\tvigencia\tsituacion\tmotivo_baja\n' >cut3.tsv
printf 'GOMZJN80010114H100\tJUANA\tGOMEZ\tZUÑIGA\t14\t1001\t2015\t2025\tlista_nominal\t\n' >>cut3.tsv
printf 'NUEVOA99010114H900\tNUEVO\tCIUDADANO\t\t14\t1001\t2019\t2029\tlista_nominal\t\n' >>cut3.tsv
for db in v4.db new.db; do
	must_succeed "a cut-off into $db" "$APOYO" -w $db import roll cut3.tsv
	stderr_is "apoyo import: cut3.tsv: read 2, imported 1, unchanged 0, updated 1, rejected 0" \
		"$db: one new citizen, one changed"
done
is "$(sqlite3 v4.db "SELECT * FROM roll_v ORDER BY clave_elector")" \
	"$(sqlite3 new.db "SELECT * FROM roll_v ORDER BY clave_elector")" \
	"the migrated roll equals one loaded into a new workspace"
is "$(sqlite3 v4.db "SELECT nombre, situacion FROM roll_v
	WHERE clave_elector = 'GOMZJN80010114H100'")" "JUANA|lista_nominal" \
	"the changed citizen's names and situation"

done_testing
