#!/bin/bash
# dedup.t - "apoyo dedup": rules 8 and 9 on their own, idempotent, with
# --across remembered in the workspace (testdata/pipeline/base.sql).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pipeline.sh"

must_succeed "dedup -h" "$APOYO" dedup -h
is "$(printf '%s\n' "$OUT" | head -1)" "usage: apoyo dedup [--across cargo|all]" "usage line"

fresh_workspace
must_fail 2 "dedup --across with a bad value" "$APOYO" dedup --across todo
stderr_is "apoyo dedup: option '--across': expected cargo or all, found 'todo'" "says what it expects"

# Before verify nothing passed rules 1 to 7: nothing to do.
must_succeed "dedup before verify" "$APOYO" dedup
stderr_is "apoyo dedup: 29 supports: pendiente 29
apoyo dedup: 0 status changes recorded, 0 supports rewritten
apoyo dedup: 29 supports not verified yet; run 'apoyo verify'" "says the supports are pending"

run "$APOYO" verify
must_fail 1 "dedup after verify finds the duplicates" "$APOYO" dedup
is "$(printf '%s\n' "$ERR" | tail -1)" \
	"apoyo dedup: 0 status changes recorded, 0 supports rewritten" "and agrees with verify"

# --across all compares every cargo. By hand, in capture order per clave:
#   C12: GOB's S31 (12-05) first; SEN's S32 (12-20) repeats it.
#   C01: GOB's S01 (11-01) first; DF1's S40 (11-15) repeats it.
#   C02: DF1's S41 (11-16) first; GOB's S02 (02-06) repeats it.
#   C05: DF1's S43 (11-18) first; GOB's S05 (12-01) repeats it.
#   C03: GOB's S03 is out of period, so DF1's S42 stays valido.
must_fail 1 "dedup --across all" "$APOYO" dedup --across all
is "$(printf '%s\n' "$ERR" | tail -1)" \
	"apoyo dedup: 4 status changes recorded, 4 supports rewritten" "four supports change"
is "$(q "SELECT id, estatus, motivos FROM support
	WHERE estatus = 'duplicado_otro_aspirante' ORDER BY n")" \
	"S02|duplicado_otro_aspirante|duplicado_otro_aspirante:DF1/S41
S05|duplicado_otro_aspirante|duplicado_otro_aspirante:DF1/S43
S30|duplicado_otro_aspirante|duplicado_otro_aspirante:GOB/S31
S32|duplicado_otro_aspirante|duplicado_otro_aspirante:GOB/S31
S40|duplicado_otro_aspirante|duplicado_otro_aspirante:GOB/S01" "each repeats the first support"
is "$(q "SELECT value FROM meta WHERE key = 'dedup_across'")" "all" "the choice is stored"
is "$(q "SELECT anterior, nuevo, comando FROM status_history h
	JOIN support s ON s.n = h.support WHERE s.id = 'S32' AND comando = 'dedup'")" \
	"valido|duplicado_otro_aspirante|dedup" "history names dedup"

run "$APOYO" dedup
is "$(printf '%s\n' "$ERR" | tail -1)" \
	"apoyo dedup: 0 status changes recorded, 0 supports rewritten" "idempotent with the stored choice"
run "$APOYO" verify
is "$(printf '%s\n' "$ERR" | tail -1)" \
	"apoyo verify: 0 status changes recorded, 0 supports rewritten" "verify reuses the stored choice"

must_fail 1 "dedup --across cargo" "$APOYO" dedup --across cargo
is "$(q "SELECT group_concat(id) FROM support WHERE estatus = 'duplicado_otro_aspirante'")" \
	"S30" "back to the cargo rule: only GOB2's S30 repeats"
is "$(q "SELECT value FROM meta WHERE key = 'dedup_across'")" "cargo" "cargo is stored"

# When the first support stops counting, the next in order takes its
# place: S31 (GOB's first for C12) leaves the period, so GOB2's S30
# becomes the first of the gubernatura cargo.
q "UPDATE support SET instante = unixepoch('2018-03-05T10:00:00Z'),
	fecha_local = '2018-03-05' WHERE id = 'S31'"
run "$APOYO" verify
is "$(q "SELECT id, estatus, motivos FROM support WHERE id IN ('S30', 'S31', 'S32')
	ORDER BY id")" \
	"S30|valido|
S31|fuera_de_plazo|fuera_de_plazo:despues_de_fin
S32|valido|" "the next support in order counts"

# A workspace whose meta was edited by hand is refused.
q "UPDATE meta SET value = 'todo' WHERE key = 'dedup_across'"
must_fail 3 "dedup with a bad stored choice" "$APOYO" dedup
stderr_is "apoyo dedup: workspace '$APOYO_WORKSPACE': meta dedup_across is 'todo',\
 expected cargo or all" "names the bad value"

done_testing
