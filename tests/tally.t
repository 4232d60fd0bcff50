#!/bin/bash
# tally.t - "apoyo tally" on testdata/pipeline; every number below is
# worked out by hand from base.sql and rules.csv.
#
#   AYU3 ayuntamiento mun 3 = secciones 5 (LN 99) and 6 (LN 0): LN 99,
#        requeridos ceil(99 x 1%) = 1. Units: sección 5 only (6 has LN 0);
#        1/2 of 1 = 1 needed; sección 5 needs ceil(0.99) = 1 and has S50.
#        Cumple.
#   DF1  diputacion_federal df 1 = secciones 1-4: LN 500, requeridos
#        ceil(500 x 0.5%) = 3; valid S40-S43 = 4. Units: secciones 1, 2, 3
#        (4 has LN 0), an odd number: 1/2 of 3 = ceil(1.5) = 2 needed.
#        Sección 1 needs 1, has 2 (C01, C05); 2 needs ceil(1.5) = 2, has 1;
#        3 needs ceil(2.5) = 3, has 1. Met 1 < 2: does not cumple.
#   GOB  gubernatura entidad 14: LN 599, requeridos ceil(5.99) = 6; valid
#        S01, S02, S05, S20, S31 = 5. Units: municipios 1 (250), 2 (250),
#        3 (99); municipio 4 has LN 0. 2 needed. Mun 1 needs 3 and has 4
#        (C01, C02, C05, C12), mun 2 needs 3 and has 1 (C13), mun 3 needs 1
#        and has 0. Met 1: does not cumple.
#   GOB2 same territory, no valid support (S30 repeats GOB's S31).
#   PRES presidencia: LN 599 + 300 = 899, requeridos ceil(4.495) = 5;
#        units: entidades 1 and 14, 2 needed; no supports at all.
#   SEN  senaduria entidad 14: LN 599, requeridos ceil(11.98) = 12; units:
#        distritos federales 1 (500) and 2 (99), 1/2 of 2 = 1 needed; df 1
#        needs 5 and has 1 (S32). Does not cumple.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pipeline.sh"

must_succeed "tally -h" "$APOYO" tally -h
is "$(printf '%s\n' "$OUT" | head -1)" \
	"usage: apoyo tally [--aspirant ID] [--format table|csv|json] [--check]" "usage line"

fresh_workspace
must_succeed "tally before verify" "$APOYO" tally --aspirant AYU3 --format json
stderr_is "apoyo tally: 29 supports not verified yet; run 'apoyo verify'" "warns about pending supports"
stdout_is '[
{"aspirante":"AYU3","cargo":"ayuntamiento","lista_nominal":99,"requeridos":1,"validos":0,"unidad":"seccion","unidades":1,"unidades_requeridas":1,"unidades_cumplidas":0,"cumple":false,"estatus":{"pendiente":1}}
]' "pending supports are counted as pendiente"

run "$APOYO" verify
must_succeed "tally --format json" "$APOYO" tally --format json
stderr_is "" "no warning after verify"
stdout_is '[
{"aspirante":"AYU3","cargo":"ayuntamiento","lista_nominal":99,"requeridos":1,"validos":1,"unidad":"seccion","unidades":1,"unidades_requeridas":1,"unidades_cumplidas":1,"cumple":true,"estatus":{"valido":1}},
{"aspirante":"DF1","cargo":"diputacion_federal","lista_nominal":500,"requeridos":3,"validos":4,"unidad":"seccion","unidades":3,"unidades_requeridas":2,"unidades_cumplidas":1,"cumple":false,"estatus":{"valido":4}},
{"aspirante":"GOB","cargo":"gubernatura","lista_nominal":599,"requeridos":6,"validos":5,"unidad":"municipio","unidades":3,"unidades_requeridas":2,"unidades_cumplidas":1,"cumple":false,"estatus":{"datos_invalidos":2,"fuera_de_plazo":4,"no_encontrado":1,"baja":2,"padron_no_ln":1,"credencial_no_vigente":2,"fuera_de_ambito":2,"duplicado_mismo_aspirante":2,"valido":5}},
{"aspirante":"GOB2","cargo":"gubernatura","lista_nominal":599,"requeridos":6,"validos":0,"unidad":"municipio","unidades":3,"unidades_requeridas":2,"unidades_cumplidas":0,"cumple":false,"estatus":{"duplicado_otro_aspirante":1}},
{"aspirante":"PRES","cargo":"presidencia","lista_nominal":899,"requeridos":5,"validos":0,"unidad":"entidad","unidades":2,"unidades_requeridas":2,"unidades_cumplidas":0,"cumple":false,"estatus":{}},
{"aspirante":"SEN","cargo":"senaduria","lista_nominal":599,"requeridos":12,"validos":1,"unidad":"distrito_federal","unidades":2,"unidades_requeridas":1,"unidades_cumplidas":0,"cumple":false,"estatus":{"valido":1}}
]' "the tally JSON, exactly"

must_succeed "tally (table)" "$APOYO" tally
stdout_is "aspirante  cargo               lista_nominal  requeridos  validos  unidad            unidades  requeridas  cumplidas  cumple
AYU3       ayuntamiento                   99           1        1  seccion                  1           1          1  yes
DF1        diputacion_federal            500           3        4  seccion                  3           2          1  no
GOB        gubernatura                   599           6        5  municipio                3           2          1  no
GOB2       gubernatura                   599           6        0  municipio                3           2          0  no
PRES       presidencia                   899           5        0  entidad                  2           2          0  no
SEN        senaduria                     599          12        1  distrito_federal         2           1          0  no" \
	"the table, aligned"

must_succeed "tally --format csv --aspirant GOB" "$APOYO" tally --format csv --aspirant GOB
stdout_is "aspirante,cargo,lista_nominal,requeridos,validos,unidad,unidades,unidades_requeridas,unidades_cumplidas,cumple,pendiente,datos_invalidos,fuera_de_plazo,no_encontrado,baja,padron_no_ln,credencial_no_vigente,fuera_de_ambito,inconsistencia,en_mesa_de_control,duplicado_mismo_aspirante,duplicado_otro_aspirante,valido
GOB,gubernatura,599,6,5,municipio,3,2,1,false,0,2,4,1,2,1,2,2,0,0,2,0,5" \
	"csv: one column per status, zeros included"

must_fail 1 "tally --check: some aspirant is short" "$APOYO" tally --check --format json
must_succeed "tally --check --aspirant AYU3: it reaches its threshold" \
	"$APOYO" tally --check --aspirant AYU3
must_fail 1 "tally --check --aspirant DF1: units short (2 of 3 needed, 1 met)" \
	"$APOYO" tally --check --aspirant DF1

must_fail 2 "tally --aspirant unknown" "$APOYO" tally --aspirant NADIE
stderr_is "apoyo tally: unknown aspirant 'NADIE'" "names the aspirant"
stdout_is "" "and prints no tally"
must_fail 2 "tally --format xml" "$APOYO" tally --format xml
stderr_is "apoyo tally: option '--format': expected table, csv or json, found 'xml'" "names the format"

# Duplicates across cargos: SEN's only support repeats GOB's.
run "$APOYO" dedup --across all
must_succeed "tally after dedup --across all" "$APOYO" tally --aspirant SEN --format json
stdout_is '[
{"aspirante":"SEN","cargo":"senaduria","lista_nominal":599,"requeridos":12,"validos":0,"unidad":"distrito_federal","unidades":2,"unidades_requeridas":1,"unidades_cumplidas":0,"cumple":false,"estatus":{"duplicado_otro_aspirante":1}}
]' "SEN loses its support"

# A roll imported after the last verify makes the tally stale.
q "INSERT INTO import_log(tipo, archivo, momento, leidos, importados, sin_cambio,
	actualizados, rechazados) VALUES ('roll', 'padron.csv', '2999-01-01T00:00:00Z', 1, 1, 0, 0, 0)"
must_succeed "tally after a newer roll import" "$APOYO" tally --aspirant AYU3
is "$(printf '%s\n' "$ERR" | sed 's/at [0-9T:Z-]*;/at LAST;/')" \
	"apoyo tally: data imported at 2999-01-01T00:00:00Z, after the last verify at LAST; run 'apoyo verify'" \
	"warns that verify should run again"

# A cargo without a rule cannot be tallied.
q "DELETE FROM rules WHERE cargo = 'gubernatura'"
must_fail 3 "tally with a cargo without rule" "$APOYO" tally
stderr_is "apoyo tally: aspirant 'GOB': the workspace has no rule for cargo gubernatura" \
	"names the aspirant and the cargo"
must_succeed "other aspirants still tally" "$APOYO" tally --aspirant DF1 --format csv

# An empty workspace tallies to an empty array.
rm -f "$APOYO_WORKSPACE"*
"$APOYO" -q init
must_succeed "tally of an empty workspace" "$APOYO" tally --format json
stdout_is "[]" "an empty array"

done_testing
