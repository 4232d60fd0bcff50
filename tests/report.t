#!/bin/bash
# report.t - "apoyo report" on testdata/pipeline (numbers worked out by
# hand in tests/tally.t and testdata/pipeline/base.sql).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pipeline.sh"

must_succeed "report -h" "$APOYO" report -h
is "$(printf '%s\n' "$OUT" | head -1)" \
	"usage: apoyo report [--aspirant ID] [--format text|csv|json]" "usage line"

fresh_workspace
run "$APOYO" verify

must_succeed "report --aspirant GOB" "$APOYO" report --aspirant GOB
stdout_is "Aspirant GOB: Ana Gómez
Cargo:       gubernatura, entidad 14 JALISCO
Period:      2017-11-01 to 2018-02-06
Received:    21 supports
Valid:       5 supports

Status                     INE category                           Supports
datos_invalidos            Datos inválidos                                 2
fuera_de_plazo             Fuera de plazo                                  4
no_encontrado              Datos no encontrados                            1
baja                       Bajas                                           2
padron_no_ln               En padrón, no en lista nominal                  1
credencial_no_vigente      Credencial no vigente                           2
fuera_de_ambito            Fuera del ámbito geoelectoral                   2
inconsistencia             Inconsistencias                                 0
en_mesa_de_control         En mesa de control                              0
duplicado_mismo_aspirante  Duplicados mismo aspirante                      2
duplicado_otro_aspirante   Duplicados con otros aspirantes                 0
valido                     En lista nominal                                5

Threshold:   1.00% of lista nominal 599 = 6 valid supports; has 5
Dispersion:  2 of 3 municipio units, each at 1.00%; met 1

municipio                        lista nominal   required      valid  met
14-001 ACATIC                              250          3          4  yes
14-002 AHUALULCO                           250          3          1  no
14-003 AMACUECA                             99          1          0  no

Result:      does not reach the threshold
Missing:     1 valid supports, 1 municipio units" "the text report, exactly"

must_succeed "report (all aspirants)" "$APOYO" report
is "$(printf '%s\n' "$OUT" | grep -c '^Aspirant ')" "6" "one section per aspirant"
is "$(printf '%s\n' "$OUT" | tail -1)" "Supports naming no known aspirant: 1" \
	"counts the support of the unknown aspirant"
is "$(printf '%s\n' "$OUT" | perl -CSD -nle 'print if length > 80')" "" \
	"fits 80 columns (in characters)"
is "$(printf '%s\n' "$OUT" | grep -A3 '^entidad ')" \
	"entidad                          lista nominal   required      valid  met
01 AGUASCALIENTES                          300          1          0  no
14 JALISCO                                 599          2          0  no" "presidencia's units are the entidades, with their names"
is "$(printf '%s\n' "$OUT" | grep -A1 '^Result:.*reaches')" \
	"Result:      reaches the threshold
Missing:     nothing" "AYU3 reaches its threshold"

must_succeed "report --format csv" "$APOYO" report --aspirant DF1 --format csv
stdout_is "aspirante,parte,codigo,nombre,cantidad,lista_nominal,requeridos,cumple
DF1,total,recibidos,,4,,,
DF1,estatus,datos_invalidos,Datos inválidos,0,,,
DF1,estatus,fuera_de_plazo,Fuera de plazo,0,,,
DF1,estatus,no_encontrado,Datos no encontrados,0,,,
DF1,estatus,baja,Bajas,0,,,
DF1,estatus,padron_no_ln,\"En padrón, no en lista nominal\",0,,,
DF1,estatus,credencial_no_vigente,Credencial no vigente,0,,,
DF1,estatus,fuera_de_ambito,Fuera del ámbito geoelectoral,0,,,
DF1,estatus,inconsistencia,Inconsistencias,0,,,
DF1,estatus,en_mesa_de_control,En mesa de control,0,,,
DF1,estatus,duplicado_mismo_aspirante,Duplicados mismo aspirante,0,,,
DF1,estatus,duplicado_otro_aspirante,Duplicados con otros aspirantes,0,,,
DF1,estatus,valido,En lista nominal,4,,,
DF1,umbral,apoyos,,4,500,3,true
DF1,umbral,unidades,seccion,1,3,2,false
DF1,unidad,14-0001,,2,100,1,true
DF1,unidad,14-0002,,1,150,2,false
DF1,unidad,14-0003,,1,250,3,false
DF1,faltan,apoyos,,0,,,
DF1,faltan,unidades,seccion,1,,,
DF1,resultado,cumple,,,,,false" "the csv report, exactly"

must_succeed "report --format json" "$APOYO" report --aspirant AYU3 --format json
stdout_is '[
{"aspirante":"AYU3","nombre":"Elsa Peña","cargo":"ayuntamiento","inicio":"2017-11-01","fin":"2018-02-06","recibidos":1,"validos":1,"pendientes":0,"estatus":[{"codigo":"datos_invalidos","categoria":"Datos inválidos","cantidad":0},{"codigo":"fuera_de_plazo","categoria":"Fuera de plazo","cantidad":0},{"codigo":"no_encontrado","categoria":"Datos no encontrados","cantidad":0},{"codigo":"baja","categoria":"Bajas","cantidad":0},{"codigo":"padron_no_ln","categoria":"En padrón, no en lista nominal","cantidad":0},{"codigo":"credencial_no_vigente","categoria":"Credencial no vigente","cantidad":0},{"codigo":"fuera_de_ambito","categoria":"Fuera del ámbito geoelectoral","cantidad":0},{"codigo":"inconsistencia","categoria":"Inconsistencias","cantidad":0},{"codigo":"en_mesa_de_control","categoria":"En mesa de control","cantidad":0},{"codigo":"duplicado_mismo_aspirante","categoria":"Duplicados mismo aspirante","cantidad":0},{"codigo":"duplicado_otro_aspirante","categoria":"Duplicados con otros aspirantes","cantidad":0},{"codigo":"valido","categoria":"En lista nominal","cantidad":1}],"umbral":{"porcentaje":"1.00","lista_nominal":99,"requeridos":1},"dispersion":{"unidad":"seccion","porcentaje_unidad":"1.00","unidades":1,"unidades_requeridas":1,"unidades_cumplidas":1,"detalle":[{"unidad":"14-0005","entidad":14,"numero":5,"nombre":"","lista_nominal":99,"requeridos":1,"validos":1,"cumple":true}]},"faltan":{"apoyos":0,"unidades":0},"cumple":true}
]' "the json report, exactly"

# Pending supports are shown, and warned about on stderr.
q "UPDATE support SET estatus = 'pendiente', motivos = '' WHERE id = 'S50'"
must_succeed "report with a pending support" "$APOYO" report --aspirant AYU3
stderr_is "apoyo report: 1 supports not verified yet; run 'apoyo verify'" "warns on stderr"
is "$(printf '%s\n' "$OUT" | sed -n '6p;9p')" \
	"Not verified yet: 1 supports (run 'apoyo verify')
pendiente                  En proceso                                      1" \
	"lists them with the pendiente status"

must_fail 2 "report --aspirant unknown" "$APOYO" report --aspirant NADIE
stderr_is "apoyo report: unknown aspirant 'NADIE'" "names the aspirant"
must_fail 2 "report --format html" "$APOYO" report --format html
stderr_is "apoyo report: option '--format': expected text, csv or json, found 'html'" \
	"names the format"

done_testing
