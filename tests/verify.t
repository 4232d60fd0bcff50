#!/bin/bash
# verify.t - "apoyo verify" on the hand-made workspace of testdata/pipeline
# (expected statuses worked out in base.sql's comments).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pipeline.sh"

must_succeed "verify -h" "$APOYO" verify -h
is "$(printf '%s\n' "$OUT" | head -1)" "usage: apoyo verify" "verify -h prints usage"

must_fail 3 "verify without a workspace" "$APOYO" verify
stderr_is "apoyo verify: workspace '$APOYO_WORKSPACE' not found (create it with 'apoyo init')" \
	"says the workspace is missing"

fresh_workspace
must_fail 2 "verify with an operand" "$APOYO" verify extra
stderr_is "apoyo verify: unexpected argument 'extra' (see -h)" "names the operand"

must_fail 1 "verify finds problems: exit 1" "$APOYO" verify
stderr_is "apoyo verify: 29 supports: datos_invalidos 3, fuera_de_plazo 4, no_encontrado 1,\
 baja 2, padron_no_ln 1, credencial_no_vigente 2, fuera_de_ambito 2,\
 duplicado_mismo_aspirante 2, duplicado_otro_aspirante 1, valido 11
apoyo verify: 29 status changes recorded, 29 supports rewritten" "summary per status"
stdout_is "" "nothing on stdout"

is "$(q "SELECT id, estatus, motivos FROM support ORDER BY n")" \
"S01|valido|
S02|valido|
S03|fuera_de_plazo|fuera_de_plazo:despues_de_fin
S04|fuera_de_plazo|fuera_de_plazo:antes_de_inicio
S05|valido|
S06|baja|baja:defuncion
S07|padron_no_ln|padron_no_ln
S08|credencial_no_vigente|credencial_vencida
S09|fuera_de_ambito|seccion_sin_geografia
S10|fuera_de_ambito|fuera_de_ambito
S11|credencial_no_vigente|emision_distinta
S12|datos_invalidos|clave_invalida
S13|no_encontrado|no_encontrado
S14|datos_invalidos|fecha_invalida
S15|datos_invalidos|aspirante_desconocido
S16|fuera_de_plazo|fuera_de_plazo:despues_de_fin baja:defuncion emision_distinta
S17|baja|baja
S21|duplicado_mismo_aspirante|duplicado_mismo_aspirante:S20
S20|valido|
S22|duplicado_mismo_aspirante|duplicado_mismo_aspirante:S20
S23|fuera_de_plazo|fuera_de_plazo:antes_de_inicio
S30|duplicado_otro_aspirante|duplicado_otro_aspirante:GOB/S31
S31|valido|
S32|valido|
S40|valido|
S41|valido|
S42|valido|
S43|valido|
S50|valido|" "every status and every failed check, as worked out by hand"

is "$(q "SELECT count(*), count(DISTINCT momento), min(anterior), max(anterior),
	min(comando), max(comando) FROM status_history")" \
	"29|1|pendiente|pendiente|verify|verify" "one history row per support, pendiente to its status"
is "$(q "SELECT h.nuevo FROM status_history h JOIN support s ON s.n = h.support
	WHERE s.id = 'S16'")" "fuera_de_plazo" "the history row names the new status"
is "$(q "SELECT count(*) FROM status_history WHERE momento GLOB
	'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'")" \
	"29" "history instants are UTC ISO 8601"
is "$(q "SELECT count(*) FROM support WHERE verificado IS NULL")" "0" "verificado is set"

must_fail 1 "verify again" "$APOYO" verify
is "$(printf '%s\n' "$ERR" | tail -1)" \
	"apoyo verify: 0 status changes recorded, 0 supports rewritten" "a second run changes nothing"
is "$(q "SELECT count(*) FROM status_history")" "29" "and adds no history"

# A new roll cut-off: C01 died. Both of its supports (S01 for GOB, S40 for
# DF1) go from valido to baja, with a second history row each.
q "UPDATE roll SET situacion = 3, motivo_baja = 'defuncion'
	WHERE clave_elector = 'GOMZJN80010114H001'"
must_fail 1 "verify after a roll update" "$APOYO" verify
is "$(printf '%s\n' "$ERR" | tail -1)" \
	"apoyo verify: 2 status changes recorded, 2 supports rewritten" "two supports change"
is "$(q "SELECT id, estatus, motivos FROM support WHERE id IN ('S01', 'S40') ORDER BY n")" \
	"S01|baja|baja:defuncion
S40|baja|baja:defuncion" "they are now baja with the roll's motivo"
is "$(q "SELECT anterior || '>' || nuevo || ' ' || comando FROM status_history h
	JOIN support s ON s.n = h.support WHERE s.id = 'S01' ORDER BY h.rowid")" \
	"pendiente>valido verify
valido>baja verify" "the old status stays in the history"

# A motivo with a space stays one token.
q "UPDATE roll SET motivo_baja = 'suspension de derechos'
	WHERE clave_elector = 'GOMZJN80010114H001'"
run "$APOYO" verify
is "$(q "SELECT motivos FROM support WHERE id = 'S01'")" "baja:suspension_de_derechos" \
	"spaces in motivo_baja become underscores"
is "$(printf '%s\n' "$ERR" | tail -1)" \
	"apoyo verify: 0 status changes recorded, 2 supports rewritten" \
	"a new motivo rewrites the supports without a status change"

# A malformed aspirant stops verify before anything is written.
q "INSERT INTO aspirant VALUES ('MAL', 'Mal', 'alcaldia', 14, NULL, NULL, NULL,
	'2017-11-01', '2018-02-06')"
q "UPDATE roll SET situacion = 1 WHERE clave_elector = 'GOMZJN80010114H001'"
must_fail 3 "verify with an aspirant of unknown cargo" "$APOYO" verify
stderr_is "apoyo verify: aspirant 'MAL': unknown cargo 'alcaldia'" "names the aspirant and cargo"
is "$(q "SELECT estatus FROM support WHERE id = 'S01'")" "baja" "nothing was changed"
q "UPDATE aspirant SET cargo = 'ayuntamiento' WHERE id = 'MAL'"
must_fail 3 "verify with an aspirant lacking its territory" "$APOYO" verify
stderr_is "apoyo verify: aspirant 'MAL': cargo ayuntamiento needs municipio" "names the column"

# Only valid supports: exit 0.
fresh_workspace
q "DELETE FROM support WHERE id NOT IN ('S40', 'S41', 'S42', 'S43', 'S50')"
must_succeed "verify with every support valid: exit 0" "$APOYO" verify
stderr_is "apoyo verify: 5 supports: valido 5
apoyo verify: 5 status changes recorded, 5 supports rewritten" "all valido"

# -q silences the summary.
must_succeed "verify -q" "$APOYO" -q verify
stderr_is "" "nothing on stderr with -q"

# Schema 4: verify's result lives in the narrow verdict table, with the
# citizen's roll sección; the support view writes through to it.
is "$(q "SELECT s.id, v.aspirante, v.estatus, v.entidad, v.seccion
	FROM verdict v JOIN support s USING(n) WHERE s.id IN ('S40', 'S50')
	ORDER BY n")" "S40|DF1|valido|14|1
S50|AYU3|valido|14|5" "verdict rows hold the status and the roll sección"
q "UPDATE support SET estatus = 'baja', motivos = 'x' WHERE id = 'S40'"
is "$(q "SELECT estatus || ' ' || motivos FROM verdict
	WHERE n = (SELECT n FROM support WHERE id = 'S40')")" "baja x" \
	"updating support.estatus reaches the verdict"
q "INSERT INTO support(id, aspirante, recibido) VALUES ('S99', 'GOB', 'x')"
is "$(q "SELECT s.estatus, v.aspirante FROM support s JOIN verdict v
	USING(n) WHERE s.id = 'S99'")" "pendiente|GOB" \
	"a new support gets a pendiente verdict"
q "DELETE FROM support WHERE id = 'S99'"
is "$(q "SELECT count(*) FROM verdict")" "5" "deleting a support drops its verdict"
must_succeed "verify after hand edits" "$APOYO" verify
stderr_is "apoyo verify: 5 supports: valido 5
apoyo verify: 1 status changes recorded, 1 supports rewritten" \
	"only the edited support is rewritten"
q "UPDATE support SET estatus = 'revisar' WHERE id = 'S40'"
must_succeed "verify after a status apoyo does not know" "$APOYO" -q verify
is "$(q "SELECT anterior || '>' || nuevo FROM status_history h JOIN support s
	ON s.n = h.support WHERE s.id = 'S40' ORDER BY h.rowid DESC LIMIT 1")" \
	"revisar>valido" "the history keeps a hand-written status as it was"
q "DELETE FROM verdict WHERE n = (SELECT n FROM support WHERE id = 'S40')"
must_succeed "verify after a verdict row was deleted by hand" "$APOYO" -q verify
is "$(q "SELECT v.estatus || ' ' || (v.verificado IS NOT NULL) FROM verdict v
	JOIN support s USING(n) WHERE s.id = 'S40'")" "valido 1" \
	"the missing verdict row is written again"
is "$(q "SELECT anterior || '>' || nuevo FROM status_history h JOIN support s
	ON s.n = h.support WHERE s.id = 'S40' ORDER BY h.rowid DESC LIMIT 1")" \
	"pendiente>valido" "and its history starts from pendiente"

done_testing
