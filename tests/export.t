#!/bin/bash
# export.t - "apoyo export supports|tally" on testdata/pipeline: RFC 4180
# quoting, JSON Lines, filters and their errors, -o.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pipeline.sh"

HEADER="id,aspirante,auxiliar,fecha_captura,clave_elector,nombre,apellido_paterno,\
apellido_materno,seccion,estatus,categoria,motivos"

must_succeed "export -h" "$APOYO" export -h
is "$(printf '%s\n' "$OUT" | head -1)" \
	"usage: apoyo export supports [--aspirant ID] [--status S] [--format csv|jsonl] [-o FILE]" \
	"usage line"

fresh_workspace
run "$APOYO" verify

must_succeed "export supports --status baja" "$APOYO" export supports --status baja
stdout_is "$HEADER
S06,GOB,AUX2,2017-12-02T10:00:00,RAMZPD60060614H006,PEDRO,RAMÍREZ,PAZ,2,baja,Bajas,baja:defuncion
S17,GOB,AUX4,2017-12-10T10:00:00-06:00,CSTLNR91020215M014,NORA,CASTILLO,RENTERÍA,1,baja,Bajas,baja" \
	"the two bajas, in the order received"

# S05's nombre holds quotes and a comma; S07's gets a line break.
q "UPDATE support SET nombre = 'TERE' || char(10) || 'ANA' WHERE id = 'S07'"
must_succeed "export supports (all)" "$APOYO" export supports
is "$(printf '%s\n' "$OUT" | grep '^S05,')" \
	'S05,GOB,AUX2,2017-12-01T12:00:00-06:00,MUÑZRS70050514H005,"JOSÉ ""PEPE"", JR",MUÑOZ,RUIZ,1,valido,En lista nominal,' \
	"quotes doubled inside a quoted field"
is "$(printf '%s\n' "$OUT" | grep -A1 '^S07,')" \
	'S07,GOB,AUX2,2017-12-03T10:00:00-06:00,CRUZTR65070714M007,"TERE
ANA",CRUZ,TREJO,3,padron_no_ln,"En padrón, no en lista nominal",padron_no_ln' \
	"a line break and a comma are quoted"
is "$(printf '%s\n' "$OUT" | grep '^S16,' | cut -d, -f10-)" \
	"fuera_de_plazo,Fuera de plazo,fuera_de_plazo:despues_de_fin baja:defuncion emision_distinta" \
	"every failed check in motivos"
is "$(printf '%s\n' "$OUT" | wc -l)" "31" "a header, 29 supports, one embedded line break"

# The sqlite3 shell's own CSV reader gets the original values back.
printf '%s\n' "$OUT" >all.csv
sqlite3 back.db ".import --csv all.csv t"
is "$(sqlite3 back.db "SELECT count(*) FROM t")" "29" "29 records read back"
is "$(sqlite3 back.db "SELECT nombre FROM t WHERE id IN ('S05', 'S07') ORDER BY id")" \
	"$(q "SELECT nombre FROM support WHERE id IN ('S05', 'S07') ORDER BY id")" \
	"quoted fields read back as they were"

must_succeed "export supports --format jsonl --aspirant AYU3" \
	"$APOYO" export supports --format jsonl --aspirant AYU3
stdout_is '{"id":"S50","aspirante":"AYU3","auxiliar":"AUX9","fecha_captura":"2018-01-05T10:00:00Z","clave_elector":"HERNLS75040414M004","nombre":"LUISA","apellido_paterno":"HERNÁNDEZ","apellido_materno":"SOLÍS","seccion":"5","estatus":"valido","categoria":"En lista nominal","motivos":""}' \
	"one JSON object a line"
must_succeed "export supports --format jsonl --status valido" \
	"$APOYO" export supports --format jsonl --status valido --aspirant GOB
is "$(printf '%s\n' "$OUT" | grep -c .)" "5" "GOB's five valid supports"
is "$(printf '%s\n' "$OUT" | grep -o '"nombre":"JOSÉ[^,]*,[^,]*,')" \
	'"nombre":"JOSÉ \"PEPE\", JR",' "JSON escapes the quotes"
must_succeed "export supports --format jsonl with a line break" \
	"$APOYO" export supports --format jsonl --status padron_no_ln
is "$(printf '%s\n' "$OUT" | grep -o '"nombre":"[^"]*"')" '"nombre":"TERE\nANA"' \
	"JSON escapes the line break"

must_fail 2 "export supports --status unknown" "$APOYO" export supports --status anulado
stderr_is "apoyo export: option '--status': unknown status 'anulado' (expected one of:\
 pendiente, datos_invalidos, fuera_de_plazo, no_encontrado, baja, padron_no_ln,\
 credencial_no_vigente, fuera_de_ambito, inconsistencia, en_mesa_de_control,\
 duplicado_mismo_aspirante, duplicado_otro_aspirante, valido)" "lists the valid codes"
must_fail 2 "export supports --aspirant unknown" "$APOYO" export supports --aspirant NADIE
stderr_is "apoyo export: unknown aspirant 'NADIE'" "names the aspirant"
stdout_is "" "and writes nothing"
must_fail 2 "export supports --format xml" "$APOYO" export supports --format xml
stderr_is "apoyo export: option '--format': expected csv or jsonl, found 'xml'" "names the format"
must_fail 2 "export without what" "$APOYO" export
stderr_is "apoyo export: expected 'supports' or 'tally' (see -h)" "asks for supports or tally"
must_fail 2 "export something else" "$APOYO" export aspirants
stderr_is "apoyo export: expected 'supports' or 'tally', found 'aspirants' (see -h)" \
	"names the word"
must_fail 2 "export tally --status" "$APOYO" export tally --status valido
stderr_is "apoyo export: option '--status' applies to 'export supports' only" "explains"

# export tally is the tally, csv by default.
run "$APOYO" tally --format csv
expected=$OUT
must_succeed "export tally" "$APOYO" export tally
stdout_is "$expected" "same as tally --format csv"
run "$APOYO" tally --format json --aspirant DF1
expected=$OUT
must_succeed "export tally --format json -o FILE" \
	"$APOYO" export tally --format json --aspirant DF1 -o tally.json
stdout_is "" "nothing on stdout"
is "$(cat tally.json)" "$expected" "the file holds the tally"

must_succeed "export supports -o FILE" "$APOYO" export supports --status baja -o bajas.csv
is "$(wc -l <bajas.csv)" "3" "the file holds the header and two bajas"
must_fail 2 "export with a bad filter keeps an existing file" \
	"$APOYO" export supports --aspirant NADIE -o bajas.csv
is "$(wc -l <bajas.csv)" "3" "the file is untouched"
must_fail 4 "export to a folder that does not exist" \
	"$APOYO" export supports -o no/such/dir/x.csv
stderr_is "apoyo export: cannot write 'no/such/dir/x.csv': No such file or directory" \
	"says why"

done_testing
