#!/bin/bash
# simulate.t - "apoyo simulate": option errors, the files and their
# headers, the real marginals, the roll against the geography, claves,
# determinism, and the truth checked by an independent classifier
# (scripts/sim-check).
. "$(dirname "$0")/lib.sh"

RD="$TOP/testdata/realdata"
CHECK="$TOP/scripts/sim-check"

# --- usage errors (exit 2, nothing written) ---
must_fail 2 "unknown scenario" "$APOYO" simulate --scenario sonora-2018 --out o
stderr_is "apoyo simulate: unknown scenario 'sonora-2018' (expected jalisco-2018 or federal-2018)" \
	"unknown scenario: message"
must_fail 2 "missing --out" "$APOYO" simulate --scale 0.01
stderr_is "apoyo simulate: missing --out DIR (see -h)" "missing --out: message"
must_fail 2 "scale 0" "$APOYO" simulate --scale 0 --out o
stderr_is "apoyo simulate: option '--scale': expected a number greater than 0 and at most 1, found '0'" \
	"scale 0: message"
must_fail 2 "scale above 1" "$APOYO" simulate --scale 1.5 --out o
must_fail 2 "negative scale" "$APOYO" simulate --scale -0.1 --out o
must_fail 2 "scale not a number" "$APOYO" simulate --scale half --out o
must_fail 2 "scale with ten decimals" "$APOYO" simulate --scale 0.0000000001 --out o
must_fail 2 "rate without =" "$APOYO" simulate --rate baja --out o
stderr_is "apoyo simulate: option '--rate': expected STATUS=R, found 'baja'" "rate syntax: message"
must_fail 2 "rate of an unknown status" "$APOYO" simulate --rate bogus=0.1 --out o
stderr_is "apoyo simulate: option '--rate': 'bogus' is not a status the generator injects (see apoyo-simulate(1))" \
	"unknown status: message"
must_fail 2 "rate of valido (the remainder)" "$APOYO" simulate --rate valido=0.5 --out o
must_fail 2 "rate of inconsistencia (not simulated yet)" "$APOYO" simulate --rate inconsistencia=0.1 --out o
must_fail 2 "rate above 1" "$APOYO" simulate --rate baja=1.2 --out o
stderr_is "apoyo simulate: option '--rate': expected a rate from 0 to 1, found '1.2'" "rate range: message"
must_fail 2 "rates adding up to more than 1" "$APOYO" simulate --rate baja=0.6 --rate padron_no_ln=0.5 --out o
stderr_is "apoyo simulate: the rates add up to more than 1 (rates not given keep their defaults)" "rate sum: message"
must_fail 2 "unknown preset" "$APOYO" simulate --preset zavala-2018 --out o
must_fail 2 "preset on the Jalisco scenario" "$APOYO" simulate --preset bronco-2018 --scenario jalisco-2018 --out o
must_fail 2 "preset with a rate" "$APOYO" simulate --preset bronco-2018 --rate baja=0.1 --out o
must_fail 2 "stray operand" "$APOYO" simulate --out o extra
is "$(ls o 2>/dev/null | wc -l)" "0" "usage errors write nothing"
must_succeed "-h" "$APOYO" simulate -h
stderr_is "" "-h: nothing on stderr"
case "$OUT" in *"usage: apoyo simulate"*"1,869 paper-exception"*) ok 0 "-h: usage and the preset's caveat" ;;
*) ok 1 "-h: usage and the preset's caveat" ;; esac

# --- a small Jalisco scenario ---
must_succeed "jalisco-2018 at scale 0.002" "$APOYO" simulate --scale 0.002 --seed 1 --out j
stderr_is "apoyo simulate: wrote 145 secciones, 12025 roll rows (11794 in the lista nominal) and 362 supports to 'j'" \
	"summary on stderr"
for f in geo.csv roll.csv aspirants.csv supports.csv truth.csv expected-tally.json scenario.txt; do
	[ -s "j/$f" ]; ok $? "j/$f written"
done
is "$(ls -A j | grep -c tmp)" "0" "no temporary files left"
is "$(head -1 j/geo.csv)" "entidad,entidad_nombre,distrito_federal,distrito_local,municipio,municipio_nombre,seccion,lista_nominal,padron" "geo header"
is "$(head -1 j/roll.csv)" "clave_elector,nombre,apellido_paterno,apellido_materno,fecha_nacimiento,sexo,curp,entidad,seccion,situacion,motivo_baja,emision,vigencia,cic,ocr" "roll header"
is "$(head -1 j/aspirants.csv)" "id,nombre,cargo,entidad,distrito_federal,distrito_local,municipio,inicio,fin" "aspirants header"
is "$(head -1 j/supports.csv)" "id,aspirante,auxiliar,fecha_captura,clave_elector,nombre,apellido_paterno,apellido_materno,cic,ocr,emision,vigencia,seccion" "supports header"
is "$(head -1 j/truth.csv)" "id,aspirante,estatus,motivo,caso" "truth header"
is "$(sed -n 's/^rules=//p' j/scenario.txt) $(sed -n 's/^utc_offset=//p' j/scenario.txt)" "jalisco-2018 -06:00" \
	"scenario.txt names the rules and offset"

# Expected marginals at SCALE (numerator/denominator): the real totals
# apportioned by largest remainder, remainders ties to the lower number.
marginals() {	# NUM DEN FILE VALUECOL KEYCOL -> "key total" lines
	local total T
	total=$(awk -F, 'NR>1 && $1==14 {s+=$5} END {print s}' "$RD/dipfed2018_distrito_lisnom.csv")
	T=$(awk -v t="$total" -v n="$1" -v d="$2" 'BEGIN {printf "%d", int((t*n + d/2)/d)}')
	awk -F, -v T="$T" -v W="$total" -v c="$4" -v k="$5" \
		'NR>1 && $1==14 {q=T*$c; f=int(q/W); printf "%d %d %d\n", q-f*W, $k, f}' "$3" |
		sort -k1,1nr -k2,2n |
		awk -v T="$T" '{k[NR]=$2; f[NR]=$3; s+=$3}
			END {for (i=1; i<=NR; i++) {v=f[i]+(i<=T-s); if (v) print k[i]%1000, v}}' |
		sort -n
}
geo_sums() {	# DIR COLUMN -> "key total" for keys with electors
	awk -F, -v c="$2" 'NR>1 {s[$c]+=$8} END {for (k in s) if (s[k]) print k, s[k]}' "$1/geo.csv" | sort -n
}
is "$(geo_sums j 3)" "$(marginals 2 1000 "$RD/dipfed2018_distrito_lisnom.csv" 5 4)" \
	"scale 0.002: district totals are the apportioned real ones"
is "$(geo_sums j 5)" "$(marginals 2 1000 "$RD/jalisco_municipio_lisnom_2018.csv" 4 2)" \
	"scale 0.002: municipio totals are the apportioned real ones"
is "$(awk -F, 'NR>1 {s+=$8} END {print s}' j/geo.csv)" "11794" "scale 0.002: total is round(0.002 x 5,896,959)"

roll_vs_geo() {	# DIR -> "secciones=N differ=D" (lista_nominal and padron rows vs geo)
	awk -F, 'NR==FNR {if (FNR>1) {ln[$1 "/" $7]=$8; pad[$1 "/" $7]=$9}; next}
		FNR>1 {s=$8 "/" $9; if ($10=="lista_nominal") n[s]++; if ($10!="baja") p[s]++}
		END {for (s in ln) {c++; if (n[s]+0 != ln[s] || p[s]+0 != pad[s]) d++}
			printf "secciones=%d differ=%d\n", c, d}' "$1/geo.csv" "$1/roll.csv"
}
secciones() { echo "secciones=$(($(wc -l <"$1/geo.csv") - 1)) differ=0"; }
is "$(roll_vs_geo j)" "$(secciones j)" "roll rows per seccion: lista_nominal and padron match geo"
is "$(awk -F, 'NR>1 && $8==0' j/geo.csv | wc -l)" "1" "one seccion with lista nominal 0"
good_claves() {	# FILE -> "N of N" when every clave matches the pattern
	LC_ALL=C perl -ne 'next if $.==1; $n++; $g++ if /^(?:[A-Z]|\xC3\x91){6}[0-9]{8}[HMX][0-9]{3},/;
		END {print "$g of $n"}' "$1"
}
rows() { n=$(($(wc -l <"$1") - 1)); echo "$n of $n"; }
is "$(good_claves j/roll.csv)" "$(rows j/roll.csv)" "every roll clave matches the pattern"
unique() { echo "$(($(cut -d, -f1 "$1" | sort -u | wc -l) - 1)) of $(($(wc -l <"$1") - 1))"; }
is "$(unique j/roll.csv)" "$(rows j/roll.csv)" "roll claves are unique"
[ "$(LC_ALL=C grep -c $'^[^,]*\xC3\x91' j/roll.csv)" -gt 100 ]; ok $? "claves with Ñ"
grep -q 'NÚÑEZ\|MUÑOZ\|PEÑA' j/supports.csv; ok $? "supports with Ñ in names"
grep -q 'Á\|É\|Í\|Ó\|Ú' j/supports.csv; ok $? "supports with accents in names"

statuses=$(awk -F, 'NR>1 {print $3}' j/truth.csv | sort -u | tr '\n' ' ')
is "$statuses" "baja credencial_no_vigente datos_invalidos duplicado_mismo_aspirante duplicado_otro_aspirante fuera_de_ambito fuera_de_plazo no_encontrado padron_no_ln valido " \
	"truth.csv covers every status"
for m in clave_invalida fecha_invalida aspirante_desconocido fuera_de_plazo:antes_de_inicio \
	fuera_de_plazo:despues_de_fin emision_distinta credencial_vencida; do
	grep -q ",$m" j/truth.csv; ok $? "truth.csv has $m"
done
is "$(grep -c 'id byte order decides' j/truth.csv)" "2" "a same-instant pair"
is "$(grep -c 'three aspirants of the cargo' j/truth.csv)" "3" "a citizen supporting three aspirants"
grep -q 'T23:59:59-06:00' j/supports.csv; ok $? "a support on the last second"
grep -q 'T00:30:00-05:00' j/supports.csv; ok $? "an offset crossing midnight"

run "$CHECK" j
is "$RC" "0" "sim-check: truth.csv and expected-tally.json follow the rules"
[ "$RC" = 0 ] || printf '%s\n' "$OUT"

# --- determinism ---
must_succeed "same arguments again" "$APOYO" simulate -q --scale 0.002 --seed 1 --out j2
same=0
for f in geo.csv roll.csv aspirants.csv supports.csv truth.csv expected-tally.json scenario.txt; do
	cmp -s "j/$f" "j2/$f" || { same=1; echo "# $f differs"; }
done
ok $same "same arguments give byte-identical files"
must_succeed "another seed" "$APOYO" simulate -q --scale 0.002 --seed 2 --out j3
! cmp -s j/roll.csv j3/roll.csv; ok $? "another seed gives another roll"
! cmp -s j/supports.csv j3/supports.csv; ok $? "another seed gives other supports"
is "$(geo_sums j3 5)" "$(geo_sums j 5)" "...over a geography with the same totals"

# --- overwriting ---
must_fail 2 "existing files are kept" "$APOYO" simulate --scale 0.002 --out j
stderr_is "apoyo simulate: 'j/geo.csv' exists (use --force to overwrite)" "existing files: message"
must_succeed "--force overwrites" "$APOYO" simulate -q --scale 0.002 --seed 1 --force --out j
cmp -s j/truth.csv j2/truth.csv; ok $? "...with the same content"

# --- a larger Jalisco, custom rates ---
must_succeed "scale 0.02 with rates" "$APOYO" simulate -q --scale 0.02 --rate baja=0.05 \
	--rate fuera_de_ambito=0.03 --out k
is "$(geo_sums k 3)" "$(marginals 2 100 "$RD/dipfed2018_distrito_lisnom.csv" 5 4)" \
	"scale 0.02: district totals"
is "$(geo_sums k 5)" "$(marginals 2 100 "$RD/jalisco_municipio_lisnom_2018.csv" 4 2)" \
	"scale 0.02: municipio totals"
is "$(roll_vs_geo k)" "$(secciones k)" "scale 0.02: roll matches geo"
is "$(unique k/roll.csv)" "$(rows k/roll.csv)" "scale 0.02: claves unique"
run "$CHECK" k
is "$RC" "0" "sim-check at scale 0.02"
[ "$RC" = 0 ] || printf '%s\n' "$OUT"
is "$(grep '"GOB1"' k/expected-tally.json | grep -o '"baja":[0-9]*')" '"baja":92' \
	"--rate baja=0.05: 5% of GOB1's 1,840 supports"

# --- federal-2018 and the preset, small ---
must_succeed "federal-2018 at scale 0.0005" "$APOYO" simulate -q --scenario federal-2018 --scale 0.0005 --out f
is "$(awk -F, 'NR>1 {s+=$8} END {print s}' f/geo.csv)" "44474" "federal total is round(0.0005 x 88,948,697)"
is "$(awk -F, 'NR>1 {print $1}' f/geo.csv | sort -un | wc -l)" "32" "32 entidades"
is "$(awk -F, 'NR>1 {print $1 "-" $3}' f/geo.csv | sort -u | wc -l)" "300" "300 federal districts"
is "$(good_claves f/roll.csv)" "$(rows f/roll.csv)" "federal: claves match the pattern"
is "$(unique f/roll.csv)" "$(rows f/roll.csv)" "federal: claves unique"
is "$(roll_vs_geo f)" "$(secciones f)" "federal: roll matches geo"
run "$CHECK" f
is "$RC" "0" "sim-check on federal-2018"
[ "$RC" = 0 ] || printf '%s\n' "$OUT"

must_succeed "bronco-2018 at scale 0.002" "$APOYO" simulate -q --preset bronco-2018 --scale 0.002 --out b
is "$(awk -F, '$2=="JRC" {print $3}' b/truth.csv | sort | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' ')" \
	"baja=32 duplicado_otro_aspirante=533 inconsistencia=1792 no_encontrado=13 padron_no_ln=23 valido=1672 " \
	"bronco-2018: the published categories, each rounded at the scale"
is "$(grep -c '^JRC' b/truth.csv)" "4065" \
	"bronco-2018: round(0.002 x 2,032,534) received (paper exceptions left out)"
is "$(sed -n 's/^scenario=//p; s/^rules=//p' b/scenario.txt | tr '\n' ' ')" "federal-2018 federal " \
	"the preset runs on federal-2018 with the federal rules"
run "$CHECK" b
is "$RC" "0" "sim-check on bronco-2018"
[ "$RC" = 0 ] || printf '%s\n' "$OUT"

# --- the compiled-in figures are the CSVs' ---
"$TOP/scripts/gen-simdata" | cmp -s - "$TOP/src/simdata.c"
ok $? "src/simdata.c is generated from testdata/realdata"

# --images: files, frauds and decisions (the full ground-truth comparison
# waits for genuine images that are never flagged, see the report).
must_succeed "--images at scale 0.002" "$APOYO" simulate -q --images --scale 0.002 --seed 5 --out im
must_succeed "--images again" "$APOYO" simulate -q --images --scale 0.002 --seed 5 --out im2
is "$(cd im && cat img/* | md5sum)" "$(cd im2 && cat img/* | md5sum)" \
	"--images: the same arguments give byte-identical images"
is "$(ls im/img | wc -l)" "$(( 4 * ($(wc -l <im/supports.csv) - 1) - $(grep -c ',,\|,$' im/supports.csv) ))" \
	"--images: four files a support, less the missing ones"
is "$(head -1 im/decisiones.csv)" "id,decision,subtipo,revisor,nota" "decisiones.csv header"
must_fail 2 "a fraud rate needs --images" "$APOYO" simulate --rate fotocopia=0.1 --out o
must_fail 2 "--images with the preset" "$APOYO" simulate --images --preset bronco-2018 --out o
"$APOYO" -w im.db init -q --rules jalisco-2018 --utc-offset -06:00
for k in geo roll aspirants supports; do "$APOYO" -w im.db import -q $k im/$k.csv; done
"$APOYO" -w im.db verify -q
sqlite3 -separator , im.db "SELECT id, estatus, motivos FROM support" | sort >got.csv
is "$(tail -n +2 im/decisiones.csv | cut -d, -f1 | sort | join -t, - got.csv | awk -F, '$2 != "en_mesa_de_control"')" "" \
	"--images: every planted fraud waits in the mesa de control"
is "$(grep -c 'inconsistencia:imagen_faltante' got.csv)" "$(grep -c ',inconsistencia:imagen_faltante,' im/truth.csv)" \
	"--images: missing images are inconsistencia:imagen_faltante at once"
"$APOYO" -w im.db review decide -q --file im/decisiones.csv --reviewer sim
sqlite3 -separator , im.db "SELECT id, estatus, motivos FROM support" | sort >got.csv
is "$(tail -n +2 im/decisiones.csv | sort | join -t, - got.csv | awk -F, '$6 != "inconsistencia" || $7 != "inconsistencia:" $3')" "" \
	"--images: after the decisions, inconsistencia with the right subtype"

done_testing
