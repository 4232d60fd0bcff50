#!/bin/bash
# encrypt.t - sealing a supports file (CSV or JSON Lines) into a batch,
# and inspecting a batch without its key.
. "$(dirname "$0")/lib.sh"

FIX="$TOP/testdata/crypto"
export APOYO_PASSPHRASE="prueba"
"$APOYO" -q keygen authority -o auth --cost interactive >/dev/null
"$APOYO" -q keygen auxiliary --id AUX-G01 -o aux >/dev/null
mkdir data data/img
cp "$FIX"/img/* data/img/
cp "$FIX"/supports.csv data/

must_succeed "encrypt a CSV" "$APOYO" encrypt --to auth.pub --key aux.key data/supports.csv \
	-o b.apoyo
stderr_is "apoyo encrypt: data/supports.csv: read 3, sealed 3, rejected 0 into 'b.apoyo'" \
	"encrypt summary"
stdout_is "" "nothing on stdout"
grep -q 'MARGARITA\|GMVLMR\|AUX-G01' b.apoyo; ok $((! $?)) "nothing readable in the batch"

# The committed batch was sealed from the same file: same sizes.
must_succeed "inspect the fixture batch" "$APOYO" encrypt --inspect "$FIX/good.apoyo"
stdout_is "file	$FIX/good.apoyo
format	apoyo-package 1
authority	$(tail -n 1 "$FIX/authority.pub" | cut -d' ' -f4)
bytes	4533
records	3
record_bytes	4425
damaged	0
#	offset	bytes	state
1	36	1578	ok
2	1614	1520	ok
3	3134	1399	ok" "inspect output"
fixture_rows=$(echo "$OUT" | tail -n +4)
must_succeed "a batch sealed here has the same structure" "$APOYO" encrypt --inspect b.apoyo
is "$(echo "$OUT" | tail -n +4)" "$fixture_rows" "same sizes, record by record"

# Damage in the middle: the records around it stay good.
cp b.apoyo d.apoyo
printf 'X' | dd of=d.apoyo bs=1 seek=2000 conv=notrunc 2>/dev/null
must_fail 1 "inspect a damaged batch" "$APOYO" encrypt --inspect d.apoyo
is "$(echo "$OUT" | tail -n 3 | cut -f1,4 | tr '\t\n' ': ')" "1:ok 2:damaged 3:ok " \
	"the damaged record is found between two good ones"
must_fail 3 "inspect a file that is not a batch" "$APOYO" encrypt --inspect data/supports.csv
stderr_is "apoyo encrypt: 'data/supports.csv': not an apoyo batch (no APOYOPKG header)" \
	"not a batch message"
must_fail 3 "inspect a missing file" "$APOYO" encrypt --inspect nada.apoyo
stderr_is "apoyo encrypt: cannot open 'nada.apoyo': No such file or directory" "missing message"
must_fail 2 "--inspect takes no key" "$APOYO" encrypt --inspect --to auth.pub b.apoyo
must_fail 2 "encrypt needs -o" "$APOYO" encrypt --to auth.pub --key aux.key data/supports.csv
stderr_is "apoyo encrypt: missing -o (see -h)" "missing -o message"

# Rows that cannot be sealed are rejected one by one.
{
	head -n 1 data/supports.csv
	echo 'R-1,G01,AUX-G01,2018-01-15T10:00:00,GMVLMR80070501M100,,,,,,,,,,,img/frente.png,,,,'
	echo 'R-2,G01,AUX-OTRO,2018-01-15T10:00:00,GMVLMR80070501M100,,,,,,,,,,,,,,,'
	echo 'R-3,G01,AUX-G01,2018-01-15T10:00:00,GMVLMR80070501M100,,,,,,,,,,,img/nada.png,,,,'
	echo ',G01,AUX-G01,2018-01-15T10:00:00,GMVLMR80070501M100,,,,,,,,,,,,,,,'
	echo 'R-5,G01,AUX-G01,"2018-01-15T10:00:00"x,GMVLMR80070501M100,,,,,,,,,,,,,,,'
} >data/mixed.csv
must_fail 1 "a file with bad rows" "$APOYO" encrypt --to auth.pub --key aux.key \
	data/mixed.csv -o m.apoyo
stderr_is "apoyo encrypt: data/mixed.csv:3: field 'auxiliar': expected 'AUX-G01' (the key's auxiliary), found 'AUX-OTRO'
apoyo encrypt: data/mixed.csv:4: field 'frente': cannot read 'data/img/nada.png': No such file or directory
apoyo encrypt: data/mixed.csv:5: field 'id': expected the support's id, found nothing
apoyo encrypt: data/mixed.csv:6: unexpected character after a closing quote
apoyo encrypt: data/mixed.csv: read 5, sealed 1, rejected 4 into 'm.apoyo'" \
	"each rejected row with its reason"
run "$APOYO" encrypt --inspect m.apoyo
is "$(echo "$OUT" | sed -n 's/^records\t//p')" "1" "the good row was sealed"

printf 'id,aspirante,auxiliar\nX,G01,AUX-G01\n' >data/short.csv
must_fail 3 "a missing required column" "$APOYO" encrypt --to auth.pub --key aux.key \
	data/short.csv -o s.apoyo
stderr_is "apoyo encrypt: data/short.csv:1: field 'fecha_captura': required column missing" \
	"missing column message"
[ ! -e s.apoyo ]; ok $? "no batch written"

# JSON Lines: numbers are text, null is absent, nested values are refused.
cat >data/s.jsonl <<'EOF'
{"id":"J-1","aspirante":"G01","auxiliar":"AUX-G01","fecha_captura":"2018-01-15T10:00:00-06:00","clave_elector":"GMVLMR80070501M100","emision":2014,"vigencia":2024,"nombre":null,"frente":"img/frente.png","reverso":"img/reverso.png","foto":"img/foto.jpg","firma":"img/firma.png"}

{"id":"J-2","aspirante":"G01","auxiliar":"AUX-G01","fecha_captura":"2018-01-15","clave_elector":"X","extra":{"a":1}}
["J-3"]
{"id": "J-4",
EOF
must_fail 1 "encrypt JSON Lines" "$APOYO" encrypt --to auth.pub --key aux.key data/s.jsonl \
	-o j.apoyo
stderr_is "apoyo encrypt: data/s.jsonl:3: field 'extra': expected a plain value
apoyo encrypt: data/s.jsonl:4: expected a JSON object on the line
apoyo encrypt: data/s.jsonl:5: expected a JSON object on the line
apoyo encrypt: data/s.jsonl: read 4, sealed 1, rejected 3 into 'j.apoyo'" "JSON Lines rejects"

# Windows-1252 input.
printf 'id,aspirante,auxiliar,fecha_captura,clave_elector,apellido_paterno\r\n' >data/l1.csv
printf 'L-1,G01,AUX-G01,2018-01-15,M\xd1ZGRC90020314M200,MU\xd1OZ\r\n' >>data/l1.csv
must_succeed "a Latin-1 file" "$APOYO" encrypt --encoding latin1 --to auth.pub --key aux.key \
	data/l1.csv -o l.apoyo
must_fail 2 "a bad encoding" "$APOYO" encrypt --encoding ebcdic --to auth.pub --key aux.key \
	data/l1.csv -o l.apoyo
done_testing
