#!/bin/bash
# robust.t - bad input found by trying to break apoyo: NUL bytes, escape
# sequences, JSON numbers, outputs that fail, rules given twice, an
# aspirant outside the geography, a writer killed mid-transaction.
. "$(dirname "$0")/lib.sh"

"$APOYO" -q init --rules jalisco-2018
printf 'entidad,distrito_federal,distrito_local,municipio,seccion,lista_nominal\n' >geo.csv
printf '14,1,1,1,1,100\n14,1,1,1,2,0\n' >>geo.csv
"$APOYO" -q import geo geo.csv

printf 'entidad,distrito_federal,distrito_local,municipio,seccion,lista_nominal\n' >nul.csv
printf '14,1,1,1,1\0007,5\n' >>nul.csv
must_fail 1 "a NUL byte in a CSV field rejects the row" "$APOYO" import geo nul.csv
stderr_has "read 1, imported 0, unchanged 0, updated 0, rejected 1" "row accounted as rejected"
is "$(sqlite3 ws.db 'SELECT lista_nominal FROM geo WHERE seccion = 1')" "100" \
	"the existing row is untouched"
is "$(cut -d, -f1-3 nul.csv.rejects.csv | tail -1)" '2,,NUL byte in a field' "reason recorded"

printf 'id,nombre,cargo,entidad,inicio,fin\nG1,ANA,gubernatura,14,2018-01-01,2018-02-01\n' >a.csv
printf 'A9,LUIS,ayuntamiento,14,2018-01-01,2018-02-01\n' >>a.csv
sed -i '1s/$/,municipio/; 2s/$/,/; 3s/$/,99/' a.csv
"$APOYO" -q import aspirants a.csv
printf '{"id":"J1\\u0000X","aspirante":"G1","auxiliar":"x","fecha_captura":"2018-01-05",' >s.jsonl
printf '"clave_elector":"GOMEZA80010114H001"}\n' >>s.jsonl
printf '{"id":1e3,"aspirante":"G1","auxiliar":"x","fecha_captura":"2018-01-05",' >>s.jsonl
printf '"clave_elector":"GOMEZA80010114H001"}\n' >>s.jsonl
must_fail 1 "JSON Lines: \\u0000 and reals are rejected" "$APOYO" import supports s.jsonl
stderr_has "read 2, imported 0, unchanged 0, updated 0, rejected 2" "both rows rejected"
is "$(sqlite3 ws.db 'SELECT count(*) FROM support')" "0" "nothing stored"

printf 'entidad,seccion,\033[31mRED\a\n' >esc.csv
must_fail 3 "a header with an escape sequence" "$APOYO" import geo esc.csv
stderr_has "ignoring unknown column '\\x1B[31mRED\\x07'" "control bytes shown as \\xNN"

run "$APOYO" tally --format json --aspirant A9
is "$(printf '%s' "$OUT" | grep -o '"lista_nominal":[0-9]*,.*"cumple":[a-z]*')" \
	'"lista_nominal":0,"requeridos":0,"validos":0,"unidad":"seccion","unidades":0,"unidades_requeridas":0,"unidades_cumplidas":0,"cumple":false' \
	"an aspirant whose territory is not in geo never meets the threshold"
must_fail 1 "tally --check counts it as short" "$APOYO" tally --check --aspirant A9

echo previous >out.csv
must_succeed "export replaces an existing file" "$APOYO" export supports -o out.csv
is "$(cat out.csv | head -1 | cut -c1-20)" "id,aspirante,auxilia" "with the new content"
ln -s /dev/full full.csv
must_fail 4 "export to a device that fails" "$APOYO" export supports -o full.csv
[ -L full.csv ]; ok $? "the link to the device is not removed"
is "$(ls | grep -c '\.tmp\.')" "0" "no temporary file left behind"

printf 'cargo,porcentaje,unidad,unidades_minimas,porcentaje_unidad\n' >dup.csv
printf 'ayuntamiento,1,seccion,1/2,1\nayuntamiento,2,seccion,1/2,1\n' >>dup.csv
must_fail 3 "a cargo given twice in a rules file" "$APOYO" -w d.db init --rules dup.csv
stderr_is "apoyo init: dup.csv:3: field 'cargo': expected one row per cargo, found 'ayuntamiento' again" \
	"names the second row"
head -1 dup.csv >empty.csv
must_fail 3 "a rules file with no rules" "$APOYO" -w d.db init --rules empty.csv
stderr_is "apoyo init: empty.csv: no rules: expected one row per cargo after the header" \
	"says there are no rules"
[ ! -e d.db ]; ok $? "no workspace left behind"

# A writer killed inside a rollback-journal transaction leaves a hot journal.
"$APOYO" -q -w h.db init
printf 'PRAGMA journal_mode=DELETE;\nPRAGMA cache_size=10;\nBEGIN;\n%s\n.shell kill -9 $PPID\n' \
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
	 INSERT INTO geo SELECT 14, i, 1, 1, 1, 100, NULL, NULL, NULL FROM n;" |
	sqlite3 h.db >/dev/null 2>&1
[ -e h.db-journal ]; ok $? "the killed writer left a hot journal"
must_succeed "a reading command still works" "$APOYO" -w h.db tally
stderr_has "rolling back an interrupted command" "and says it rolled back"
is "$(sqlite3 h.db 'SELECT count(*) FROM geo; PRAGMA journal_mode')" "0
wal" "the workspace is as before, in WAL mode"

must_fail 4 "usage to a full stdout" sh -c "'$APOYO' -h >/dev/full"
stderr_has "write to standard output failed" "and says so"
done_testing
