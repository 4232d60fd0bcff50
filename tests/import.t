#!/bin/bash
# import.t - apoyo import end to end: geo, roll, aspirants and supports from
# the hand-made files in testdata/import/, copied to a temporary folder so
# that the rejects files land there. Every expected count and reject below
# was worked out from the fixture by hand.
. "$(dirname "$0")/lib.sh"

cp -R "$TOP/testdata/import" "$TMP/in"
cd "$TMP/in" || exit 1
HERE=$(pwd -P)

sql() { sqlite3 "$APOYO_WORKSPACE" "$1"; }

# file_is FILE NAME <<EOF: FILE holds exactly the here-document, newlines included.
file_is() {
	local want got
	want=$(cat; echo .)
	if [ -f "$1" ]; then got=$(cat "$1"; echo .); else got="(no file $1)."; fi
	is "${got%.}" "${want%.}" "$2"
}

no_file() {
	[ ! -e "$1" ]
	ok $? "$2"
}

must_succeed "init a federal workspace" "$APOYO" init -q

# ---- usage and unusable input ----------------------------------------------

must_fail 2 "no kind" "$APOYO" import
stderr_is "apoyo import: expected the kind first: aspirants, auxiliaries, geo, packages, roll or supports (see -h)" \
	"no kind: message"
must_fail 2 "unknown kind" "$APOYO" import packets x.csv
stderr_is "apoyo import: unknown kind 'packets': expected aspirants, auxiliaries, geo, packages, roll or supports" \
	"unknown kind: message"
must_fail 2 "no file" "$APOYO" import geo
stderr_is "apoyo import: expected at least one FILE after 'geo' (see -h)" "no file: message"
must_fail 2 "bad delimiter" "$APOYO" import geo --delimiter : geo.csv
stderr_is "apoyo import: option '--delimiter': expected , ; | or tab, found ':'" \
	"bad delimiter: message"
must_fail 2 "bad encoding" "$APOYO" import geo --encoding ascii geo.csv
must_fail 2 "--format is for supports" "$APOYO" import geo --format jsonl geo.csv
stderr_is "apoyo import: option '--format': only 'import supports' reads JSON Lines; geo files are CSV" \
	"--format for geo: message"
must_fail 2 "latin1 JSON Lines" "$APOYO" import supports --encoding latin1 supports.jsonl
stderr_is "apoyo import: 'supports.jsonl': JSON Lines files must be UTF-8; --encoding latin1 applies to CSV only" \
	"latin1 JSON Lines: message"
must_succeed "import -h" "$APOYO" import -h
case "$OUT" in *"roll       the electoral roll"*) ok 0 "-h lists the kinds" ;; *) ok 1 "-h lists the kinds" ;; esac

must_fail 3 "missing file" "$APOYO" import geo nothere.csv
stderr_is "apoyo import: cannot open 'nothere.csv': No such file or directory" "missing file: message"
must_fail 3 "missing required column" "$APOYO" import geo geo_missing.csv
stderr_is "apoyo import: geo_missing.csv:1: field 'lista_nominal': required column missing" \
	"missing required column: exact message"
is "$(sql 'SELECT count(*) FROM import_log')" "0" "unusable files leave no trace in import_log"

# ---- geo: BOM, CRLF, quoted commas and newlines, rejects --------------------

must_fail 1 "geo with bad rows exits 1" "$APOYO" import geo geo.csv
stderr_is "apoyo import: geo.csv:1: ignoring unknown column 'notas'
apoyo import: geo.csv: read 6, imported 3, unchanged 0, updated 0, rejected 3
apoyo import: geo.csv: rejected rows written to 'geo.csv.rejects.csv'" "geo: summary"
file_is geo.csv.rejects.csv "geo: rejects file" <<'EOF'
linea,campo,motivo,entidad,seccion,distrito_federal,distrito_local,municipio,lista_nominal,padron,entidad_nombre,municipio_nombre,notas
6,lista_nominal,"expected a whole number of 0 or more, found '-5'",14,1004,2,4,97,-5,,JALISCO,TLAJOMULCO DE ZÚÑIGA,
7,entidad,"expected a whole number from 1 to 32, found '40'",40,1005,2,4,97,100,,JALISCO,X,
8,,"expected 10 fields as in the header, found 8",14,1006,2,4,97,100,,JALISCO
EOF
is "$(sql "SELECT seccion, lista_nominal, quote(padron), municipio_nombre FROM geo ORDER BY seccion")" \
"1001|1200|1250|GUADALAJARA
1002|800|NULL|GUADALAJARA, CENTRO
1003|0|10|TLAJOMULCO$(printf '\r')
DE ZÚÑIGA" "geo: stored values, quoted newline kept"

must_fail 1 "geo again" "$APOYO" -q import geo geo.csv
is "$(sql "SELECT importados, sin_cambio, rechazados FROM import_log ORDER BY n DESC LIMIT 1")" \
	"0|3|3" "geo again: all unchanged (import_log)"

touch geo_semicolon.csv.rejects.csv
must_succeed "geo with ';' and columns in another order" "$APOYO" import geo geo_semicolon.csv
stderr_is "apoyo import: geo_semicolon.csv: read 1, imported 1, unchanged 0, updated 0, rejected 0" \
	"geo ';': summary"
no_file geo_semicolon.csv.rejects.csv "a clean import removes a stale rejects file"

must_succeed "geo update with '|', -q before the kind" "$APOYO" import -q geo geo_update.csv
is "$ERR" "" "geo update: -q silences the summary"
is "$(sql "SELECT importados, sin_cambio, actualizados FROM import_log ORDER BY n DESC LIMIT 1")" \
	"0|1|1" "geo update: counted in import_log"
sql "UPDATE geo SET lista_nominal = 1200 WHERE seccion = 1001"
must_succeed "geo update again, -w before the kind" "$APOYO" import -w "$APOYO_WORKSPACE" geo geo_update.csv
stderr_is "apoyo import: geo_update.csv: read 2, imported 0, unchanged 1, updated 1, rejected 0" \
	"geo update: summary"
is "$(sql "SELECT lista_nominal FROM geo WHERE seccion = 1001")" "1300" "geo update: new value stored"

# ---- roll: --strict, rejects, normalized claves, a new cut-off, Latin-1 ------

must_fail 1 "roll --strict stops at the first bad row" "$APOYO" import roll --strict roll.csv
stderr_is "apoyo import: roll.csv:6: field 'clave_elector': expected a clave de elector (6 letters, 8 digits, H, M or X, 3 digits), found 'XXXX12345678H000'
apoyo import: roll.csv: stopped at the first rejected row (--strict), nothing imported" \
	"roll --strict: message names file, line and field"
is "$(sql "SELECT (SELECT count(*) FROM roll) + (SELECT count(*) FROM roll_datos)")" "0" \
	"roll --strict: nothing committed"
no_file roll.csv.rejects.csv "roll --strict: no rejects file"

must_fail 1 "roll with bad rows" "$APOYO" import roll roll.csv
stderr_is "apoyo import: roll.csv: read 9, imported 4, unchanged 1, updated 0, rejected 4
apoyo import: roll.csv: rejected rows written to 'roll.csv.rejects.csv'" \
	"roll: summary (a repeated clave in the file is unchanged)"
file_is roll.csv.rejects.csv "roll: rejects file" <<'EOF'
linea,campo,motivo,clave_elector,nombre,apellido_paterno,apellido_materno,entidad,seccion,emision,vigencia,situacion,motivo_baja,curp
6,clave_elector,"expected a clave de elector (6 letters, 8 digits, H, M or X, 3 digits), found 'XXXX12345678H000'",XXXX12345678H000,MAL,CLAVE,,14,1001,2015,2025,lista_nominal,,
7,situacion,"expected lista_nominal, padron or baja, found 'vigente'",TORRES70010114H500,PEDRO,TORRES,,14,1001,2015,2025,vigente,,
8,emision,"expected a year of four digits, found '15'",LOPEZA85010114X600,ALEX,LOPEZ,,14,1001,15,2025,lista_nominal,,
9,seccion,"expected a whole number of 1 or more, found '0'",SILVAR90010114H700,RAUL,SILVA,,14,0,2015,2025,lista_nominal,,
EOF
is "$(sql "SELECT clave_elector, situacion, seccion, quote(motivo_baja), quote(apellido_materno) FROM roll_v")" \
"GOMZJN80010114H100|lista_nominal|1001|NULL|'ZUÑIGA'
MUÑOZA80020214M200|lista_nominal|1001|NULL|'ALVAREZ'
PEREZL75050514H300|padron|1002|NULL|NULL
ROJASM60121214M400|baja|1003|'defuncion'|'SOTO'" "roll: stored, ñ upper-cased in the clave"

must_succeed "roll: a new cut-off, tab-separated" "$APOYO" import roll roll_cut2.tsv
stderr_is "apoyo import: roll_cut2.tsv: read 3, imported 1, unchanged 1, updated 1, rejected 0" \
	"roll cut-off: a citizen who became a baja counts as updated"
is "$(sql "SELECT situacion, motivo_baja FROM roll_v WHERE clave_elector = 'GOMZJN80010114H100'")" \
	"baja|defuncion" "roll cut-off: the baja is stored"
is "$(sql "SELECT count(*) FROM roll_datos")" "5" "roll cut-off: roll_datos has the new citizen"
is "$(sql "PRAGMA journal_mode")" "wal" "roll: the workspace is back in WAL mode after the load"

must_fail 1 "Latin-1 file read as UTF-8" "$APOYO" import roll roll_latin1.csv
stderr_is "apoyo import: roll_latin1.csv: read 1, imported 0, unchanged 0, updated 0, rejected 1
apoyo import: roll_latin1.csv: rejected rows written to 'roll_latin1.csv.rejects.csv'" \
	"Latin-1 as UTF-8: summary"
printf '%s\n%s\n' \
	'linea,campo,motivo,clave_elector,nombre,apellido_paterno,apellido_materno,entidad,seccion,emision,vigencia,situacion' \
	"2,clave_elector,\"expected UTF-8 text, found invalid bytes (for a Latin-1 or Windows-1252 file use --encoding latin1)\",$(printf 'IBA\321EZ50010114H900,JOS\311,IBA\321EZ,PE\321A'),14,1002,2014,2024,lista_nominal" \
	>expected-latin1
cmp -s expected-latin1 roll_latin1.csv.rejects.csv
ok $? "Latin-1 as UTF-8: the reason suggests --encoding latin1, the bytes are kept"
must_succeed "Latin-1 file with --encoding latin1" "$APOYO" import roll --encoding latin1 roll_latin1.csv
is "$(sql "SELECT clave_elector, nombre, apellido_materno FROM roll_v WHERE nombre = 'JOSÉ'")" \
	"IBAÑEZ50010114H900|JOSÉ|PEÑA" "Latin-1: Ñ and É converted to UTF-8"
no_file roll_latin1.csv.rejects.csv "Latin-1: the stale rejects file is gone"

# A roll is read ahead in blocks of 4096 records by a second thread: bad
# rows in a later block and at the end keep their line numbers and fields.
awk 'BEGIN {
	print "clave_elector,nombre,apellido_paterno,apellido_materno,entidad,seccion,emision,vigencia,situacion"
	for (i = 2; i <= 10001; i++) {
		if (i == 4098)
			print "VRGSJN80010114H800,ANA,VARGAS,LUNA,14,1001,2015,2025,vigente"
		else if (i == 10001)
			print "VRGSJN80010114H800,ANA"
		else
			print "VRGSJN80010114H800,ANA,VARGAS,LUNA,14,1001,2015,2025,lista_nominal"
	}
}' >roll_blocks.csv
must_fail 1 "roll over several read-ahead blocks" "$APOYO" import roll roll_blocks.csv
stderr_is "apoyo import: roll_blocks.csv: read 10000, imported 1, unchanged 9997, updated 0, rejected 2
apoyo import: roll_blocks.csv: rejected rows written to 'roll_blocks.csv.rejects.csv'" \
	"read-ahead: counts"
file_is roll_blocks.csv.rejects.csv "read-ahead: rejects keep line numbers and fields" <<'EOF'
linea,campo,motivo,clave_elector,nombre,apellido_paterno,apellido_materno,entidad,seccion,emision,vigencia,situacion
4098,situacion,"expected lista_nominal, padron or baja, found 'vigente'",VRGSJN80010114H800,ANA,VARGAS,LUNA,14,1001,2015,2025,vigente
10001,,"expected 9 fields as in the header, found 2",VRGSJN80010114H800,ANA
EOF

# ---- aspirants: cargo, territory, rules, period ----------------------------

must_fail 1 "aspirants with bad rows" "$APOYO" import aspirants aspirants.csv
stderr_is "apoyo import: aspirants.csv: read 9, imported 3, unchanged 0, updated 0, rejected 6
apoyo import: aspirants.csv: rejected rows written to 'aspirants.csv.rejects.csv'" \
	"aspirants: summary"
file_is aspirants.csv.rejects.csv "aspirants: rejects file" <<'EOF'
linea,campo,motivo,id,nombre,cargo,entidad,distrito_federal,distrito_local,municipio,inicio,fin
5,distrito_federal,"expected a value for cargo diputacion_federal, found nothing",D2,Sin Distrito,diputacion_federal,14,,,,2018-01-01,2018-02-19
6,cargo,"expected a cargo with a threshold rule in this workspace (see apoyo init --rules), found 'gubernatura'",G1,Gobernador,gubernatura,14,,,,2018-01-01,2018-02-19
7,cargo,"expected presidencia, senaduria, diputacion_federal, gubernatura, diputacion_local or ayuntamiento, found 'alcaldia'",X1,Cargo Raro,alcaldia,14,,,,2018-01-01,2018-02-19
8,inicio,"expected a date YYYY-MM-DD, found '2018-02-30'",F1,Fechas Malas,senaduria,14,,,,2018-02-30,2018-03-01
9,fin,"expected a date on or after inicio 2018-03-01, found '2018-02-01'",F2,Al Reves,senaduria,14,,,,2018-03-01,2018-02-01
10,id,"expected a value, found nothing",,Sin Id,senaduria,14,,,,2018-01-01,2018-02-19
EOF
is "$(sql "SELECT id, cargo, quote(entidad), quote(distrito_federal), fin FROM aspirant")" \
"D1|diputacion_federal|14|1|2018-02-19
P1|presidencia|NULL|NULL|2018-02-19
S1|senaduria|14|NULL|2018-02-19" "aspirants: territory the cargo does not use is not stored"
must_succeed "aspirants update" "$APOYO" import aspirants aspirants_update.csv
stderr_is "apoyo import: aspirants_update.csv: read 2, imported 0, unchanged 1, updated 1, rejected 0" \
	"aspirants update: summary"

# ---- supports: received as written, conflicts, JSON Lines, stdin ------------

must_fail 1 "supports CSV" "$APOYO" import supports supports.csv
stderr_is "apoyo import: supports.csv:1: image columns missing: frente, reverso; every support of this file lacks those images and will be inconsistencia (imagen_faltante)
apoyo import: supports.csv: read 5, imported 4, unchanged 0, updated 0, rejected 1
apoyo import: supports.csv: rejected rows written to 'supports.csv.rejects.csv'" \
	"supports: only the row without id is rejected"
file_is supports.csv.rejects.csv "supports: rejects file" <<'EOF'
linea,campo,motivo,id,aspirante,auxiliar,fecha_captura,clave_elector,nombre,apellido_paterno,foto,firma,modalidad
5,id,"expected a value, found nothing",,D1,aux2,2018-01-15,PEREZL75050514H300,,,,,
EOF
# 10:30 at -06:00 is 16:30Z; 03:00Z is still the 14th at -06:00.
is "$(sql "SELECT id, aspirante, quote(instante), quote(fecha_local), clave_elector, estatus, origen, linea FROM support ORDER BY n")" \
"S-1|D1|1516033800|'2018-01-15'|GOMZJN80010114H100|pendiente|supports.csv|2
S-2|D1|1515985200|'2018-01-14'|MUÑOZA80020214M200|pendiente|supports.csv|3
S-3|D1|NULL|NULL|BAD|pendiente|supports.csv|4
S-4|ZZ|1516167000|'2018-01-16'|PéREZL75050514H300|pendiente|supports.csv|6" \
	"supports: derived instant, local date and clave"
is "$(sql "SELECT foto, firma, quote(frente) FROM support WHERE id = 'S-1'")" \
	"$HERE/img/s1.jpg|/abs/firma.png|NULL" "supports: image paths against the file's folder"

must_fail 1 "supports again" "$APOYO" import supports supports.csv
stderr_is "apoyo import: supports.csv:1: image columns missing: frente, reverso; every support of this file lacks those images and will be inconsistencia (imagen_faltante)
apoyo import: supports.csv: read 5, imported 0, unchanged 4, updated 0, rejected 1
apoyo import: supports.csv: rejected rows written to 'supports.csv.rejects.csv'" \
	"supports again: unchanged"

must_fail 1 "supports as JSON Lines" "$APOYO" import supports supports.jsonl
stderr_is "apoyo import: supports.jsonl:3: ignoring unknown key 'extra'
apoyo import: supports.jsonl: read 8, imported 2, unchanged 1, updated 0, rejected 5
apoyo import: supports.jsonl: rejected rows written to 'supports.jsonl.rejects.csv'" \
	"JSON Lines: summary (the blank line is not a row)"
file_is supports.jsonl.rejects.csv "JSON Lines: rejects file" <<'EOF'
linea,campo,motivo,registro
2,aspirante,"conflict with the support imported before under id 'S-2': expected 'D1', found 'D2'","{""id"":""S-2"",""aspirante"":""D2"",""auxiliar"":""aux1"",""fecha_captura"":""2018-01-15T03:00:00Z"",""clave_elector"":""MUÑOZA80020214M200""}"
4,,"expected a JSON object, found text that is not JSON",not json at all
5,,"expected a JSON object, found an array","[1,2,3]"
8,nombre,"expected a string or a whole number, found an object","{""id"":""J-3"",""aspirante"":""D1"",""auxiliar"":""aux3"",""fecha_captura"":""2018-01-20"",""clave_elector"":""SILVAR90010114H700"",""nombre"":{""x"":1}}"
9,id,"expected a value, found nothing","{""aspirante"":""D1"",""auxiliar"":""aux3"",""fecha_captura"":""2018-01-20"",""clave_elector"":""SILVAR90010114H700""}"
EOF
is "$(sql "SELECT id, auxiliar, quote(fecha_captura), quote(instante), seccion, emision FROM support WHERE origen = 'supports.jsonl'")" \
"J-1|7|'2018-01-20T12:00:00'|1516471200|1003|2012
J-2|aux3|''|NULL||" "JSON Lines: numbers kept as text, null as empty"
is "$(sql "SELECT aspirante FROM support WHERE id = 'S-2'")" "D1" "a conflict keeps the first record"

mkdir sub && cd sub || exit 1
must_fail 1 "supports from stdin" "$APOYO" import supports - <../stdin_supports.csv
stderr_is "apoyo import: stdin:1: image columns missing: reverso, foto, firma; every support of this file lacks those images and will be inconsistencia (imagen_faltante)
apoyo import: stdin: read 2, imported 1, unchanged 0, updated 0, rejected 1
apoyo import: stdin: rejected rows written to 'stdin.rejects.csv'" "stdin: summary"
file_is stdin.rejects.csv "stdin: rejects file in the current folder" <<'EOF'
linea,campo,motivo,id,aspirante,auxiliar,fecha_captura,clave_elector,frente
3,id,"expected a value, found nothing",,D1,aux9,2018-01-18,ROJASM60121214M400,
EOF
is "$(sql "SELECT origen, linea, frente FROM support WHERE id = 'T-1'")" \
	"stdin|2|$HERE/sub/cards/t1.jpg" "stdin: origin, line, images against the current folder"
must_succeed "JSON Lines from stdin with --format" "$APOYO" -q import supports --format jsonl - \
	< <(printf '{"id":"T-2","aspirante":"D1","auxiliar":"a","fecha_captura":"2018-01-19","clave_elector":"x"}\n')
no_file stdin.rejects.csv "stdin: the stale rejects file is gone"
cd .. || exit 1

is "$(sql "SELECT tipo, archivo, leidos, importados, sin_cambio, actualizados, rechazados FROM import_log WHERE tipo = 'supports'")" \
"supports|supports.csv|5|4|0|0|1
supports|supports.csv|5|0|4|0|1
supports|supports.jsonl|8|2|1|0|5
supports|stdin|2|1|0|0|1
supports|stdin|1|1|0|0|0" "import_log: one row per file"

# ---- several files, one transaction each -----------------------------------

must_fail 3 "a missing file among good ones" "$APOYO" -q import geo geo_update.csv nothere.csv geo_semicolon.csv
stderr_is "apoyo import: cannot open 'nothere.csv': No such file or directory" \
	"several files: the unusable one is named, the others are read"
is "$(sql "SELECT count(*) FROM import_log WHERE tipo = 'geo'")" "7" "several files: two more logged"

# ---- an empty roll: a clave repeated with other values, the last row wins ---

printf '%s\n' "clave_elector,nombre,apellido_paterno,apellido_materno,entidad,seccion,emision,vigencia,situacion,motivo_baja" \
	"PEREZL75050514H300,LUIS,PEREZ,,14,1002,2015,2025,lista_nominal," \
	"GOMZJN80010114H100,JUAN,GOMEZ,,14,1001,2015,2025,lista_nominal," \
	"PEREZL75050514H300,LUIS,PEREZ,,14,1002,2015,2025,baja,cambio_domicilio" \
	"PEREZL75050514H300,LUIS,PEREZ,DIAZ,14,1002,2015,2025,baja,cambio_domicilio" \
	"PEREZL75050514H300,LUIS,PEREZ,DIAZ,14,1002,2015,2025,baja,cambio_domicilio" >roll_repeat.csv
must_succeed "repeated claves: a fresh workspace" "$APOYO" -w repeat.db init -q
must_succeed "repeated claves into an empty roll" "$APOYO" -w repeat.db import roll roll_repeat.csv
stderr_is "apoyo import: roll_repeat.csv: read 5, imported 2, unchanged 1, updated 2, rejected 0" \
	"repeated claves: the later rows count as updated or unchanged"
is "$(sqlite3 repeat.db "SELECT clave_elector, situacion, motivo_baja, quote(apellido_materno) FROM roll_v")" \
"GOMZJN80010114H100|lista_nominal||NULL
PEREZL75050514H300|baja|cambio_domicilio|'DIAZ'" "repeated claves: the last row is stored"
is "$(sqlite3 repeat.db "SELECT count(*), count(DISTINCT datos),
	(SELECT count(*) FROM roll_datos) FROM roll")" "2|2|2" \
	"repeated claves: the replaced rows leave no names behind in roll_datos"

# The extremes each packed number must carry through the sort unchanged.
printf '%s\n' "clave_elector,nombre,apellido_paterno,apellido_materno,entidad,seccion,emision,vigencia,situacion,motivo_baja" \
	"ZZZZZZ99123132X999,ÑOÑO,ÑÚÑEZ,,32,2147483647,1000,9999,baja,x" \
	"AAAAAA00010101H000,A,B,C,1,1,9999,1000,padron," >roll_extremes.csv
must_succeed "extreme values: a fresh workspace" "$APOYO" -w extremes.db init -q
must_succeed "extreme values into an empty roll" "$APOYO" -q -w extremes.db import roll roll_extremes.csv
is "$(sqlite3 extremes.db "SELECT clave_elector, situacion, entidad, seccion, emision, vigencia,
	quote(motivo_baja), nombre, apellido_paterno FROM roll_v")" \
"AAAAAA00010101H000|padron|1|1|9999|1000|NULL|A|B
ZZZZZZ99123132X999|baja|32|2147483647|1000|9999|'x'|ÑOÑO|ÑÚÑEZ" \
	"extreme values: every number and text comes back as read"

done_testing
