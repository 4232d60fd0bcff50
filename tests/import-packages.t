#!/bin/bash
# import-packages.t - registering auxiliaries, and importing signed,
# sealed batches: the known-answer batch, replays, and every kind of bad
# batch the issue names (another authority, another aspirant, an unknown
# signer, truncated, damaged, wrong keys).
. "$(dirname "$0")/lib.sh"

cp -r "$TOP/testdata/crypto" fx
chmod 600 fx/*.key
cd fx || exit 1
export APOYO_WORKSPACE="$TMP/fx/ws.db"
export APOYO_PASSPHRASE="$(cat passphrase.txt)"
auth_id=$(tail -n 1 authority.pub | cut -d' ' -f4)
other_id=$(tail -n 1 other-authority.pub | cut -d' ' -f4)
g01_key=$(tail -n 1 aux-g01.pub | cut -d' ' -f4)
d01_key=$(tail -n 1 aux-d01.pub | cut -d' ' -f4)
x99_key=$(tail -n 1 aux-unregistered.pub | cut -d' ' -f4)

# offsets FILE: the byte offset of each record, as --inspect lists them.
offsets() { "$APOYO" encrypt --inspect "$1" | sed -n '/^#/,$p' | tail -n +2 | cut -f2; }
read -r -a oa <<<"$(offsets other-aspirant.apoyo | tr '\n' ' ')"
read -r -a ou <<<"$(offsets unknown-signer.apoyo | tr '\n' ' ')"
read -r -a og <<<"$(offsets good.apoyo | tr '\n' ' ')"
read -r -a sz <<<"$("$APOYO" encrypt --inspect good.apoyo | sed -n '/^#/,$p' | tail -n +2 |
	cut -f3 | tr '\n' ' ')"

# A workspace with two aspirants (the import branch adds 'import aspirants').
new_workspace() {
	"$APOYO" -q -w "$1" init
	sqlite3 "$1" "INSERT INTO aspirant VALUES
		('G01', 'Aspirante Uno', 'gubernatura', 14, NULL, NULL, NULL, '2018-01-01', '2018-02-28'),
		('D01', 'Aspirante Dos', 'diputacion_federal', 14, 5, NULL, NULL, '2018-01-01', '2018-02-28')"
}
new_workspace ws.db
support_query="SELECT id, aspirante, auxiliar, fecha_captura, instante, fecha_local, clave_elector,
	nombre, apellido_paterno, apellido_materno, cic, ocr, emision, vigencia, seccion, curp, mrz,
	modalidad, banderas, frente, reverso, foto, firma, origen, linea, estatus
	FROM support ORDER BY id"

# ---- auxiliaries ----
must_succeed "import auxiliaries" "$APOYO" import auxiliaries auxiliaries.csv
stderr_is "apoyo import: auxiliaries.csv: read 2, imported 2, unchanged 0, updated 0, rejected 0" \
	"auxiliaries summary"
is "$(sqlite3 ws.db "SELECT id, aspirante, llave FROM auxiliary ORDER BY id" | tr '\n' ' ')" \
	"AUX-D01|D01|$d01_key AUX-G01|G01|$g01_key " "auxiliaries stored with their key ids"
must_succeed "again: unchanged" "$APOYO" import auxiliaries auxiliaries.csv
stderr_is "apoyo import: auxiliaries.csv: read 2, imported 0, unchanged 2, updated 0, rejected 0" \
	"a repeated import changes nothing"

{
	echo 'clave_publica,nombre,aspirante,id,telefono'
	echo "$(tail -n 1 aux-d01.pub),Beto Auxiliar Renombrado,D01,AUX-D01,555"
	echo "$(tail -n 1 aux-unregistered.pub),Zeta,P99,AUX-Z,555"
	echo "$(tail -n 1 authority.pub),Zeta,G01,AUX-Z,555"
	echo "$(tail -n 1 aux-g01.pub),Zeta,G01,AUX-Z,555"
	echo "$(tail -n 1 aux-unregistered.pub),Zeta,G01,AUX Z,555"
	echo "apoyo-public-1 auxiliary ed25519 0000000000000000 AAAA,Zeta,G01,AUX-Z,555"
	echo "$(tail -n 1 aux-unregistered.pub),,G01,AUX-Z,555"
} >aux2.csv
must_fail 1 "auxiliaries with bad rows" "$APOYO" import auxiliaries aux2.csv
stderr_is "apoyo import: aux2.csv:1: unknown column 'telefono' ignored
apoyo import: aux2.csv:3: field 'aspirante': expected a known aspirant, found 'P99'
apoyo import: aux2.csv:4: field 'clave_publica': expected an auxiliary public key, found an authority one
apoyo import: aux2.csv:5: field 'clave_publica': key $g01_key is already registered to auxiliary 'AUX-G01'
apoyo import: aux2.csv:6: field 'id': expected 1 to 64 of A-Z a-z 0-9 . _ -, found 'AUX Z'
apoyo import: aux2.csv:7: field 'clave_publica': the key is not 32 bytes of base64
apoyo import: aux2.csv:8: field 'nombre': expected the auxiliary's name, found nothing
apoyo import: aux2.csv: read 7, imported 0, unchanged 0, updated 1, rejected 6" \
	"each bad auxiliary with its reason; a new name is an update"
is "$(head -n 3 aux2.csv.rejects.csv)" "linea,columna,motivo
3,aspirante,\"expected a known aspirant, found 'P99'\"
4,clave_publica,\"expected an auxiliary public key, found an authority one\"" \
	"the rejects file"
is "$(sqlite3 ws.db "SELECT nombre FROM auxiliary WHERE id = 'AUX-D01'")" \
	"Beto Auxiliar Renombrado" "the update is stored"
printf 'id,aspirante,nombre\nA,G01,x\n' >aux3.csv
must_fail 3 "auxiliaries without clave_publica" "$APOYO" import auxiliaries aux3.csv
stderr_is "apoyo import: aux3.csv:1: field 'clave_publica': required column missing" \
	"missing column message"
must_fail 1 "--strict: one bad row, nothing imported" "$APOYO" import auxiliaries --strict \
	aux2.csv
is "$(sqlite3 ws.db "SELECT count(*) FROM auxiliary")" "2" "still two auxiliaries"

# ---- the known-answer batch ----
must_succeed "import the good batch" "$APOYO" import packages --key authority.key good.apoyo
stderr_is "apoyo import: good.apoyo: read 3, imported 3, unchanged 0, updated 0, rejected 0" \
	"good batch summary"
is "$(sqlite3 ws.db "$support_query")" "$(cat expected-import.txt)" \
	"the supports are the expected ones (expected-import.txt)"
is "$(sqlite3 ws.db "SELECT DISTINCT lote, firmante FROM support_package")" \
	"$(b2sum -l 256 good.apoyo | cut -d' ' -f1)|$g01_key" \
	"provenance: the batch's BLAKE2b and the signer's key id"
is "$(sqlite3 ws.db "SELECT count(*) FROM support_package WHERE importado LIKE '20__-__-__T__:__:__Z'")" \
	"3" "provenance: the import time"
is "$(sqlite3 ws-images.db "SELECT count(*), sum(bytes) FROM image")" "4|1217" \
	"four distinct images stored once each"
is "$(for f in img/*; do b2sum -l 256 "$f" | cut -d' ' -f1; done | sort | tr '\n' ' ')" \
	"$(sqlite3 ws-images.db "SELECT hash FROM image ORDER BY hash" | tr '\n' ' ')" \
	"images are addressed by the BLAKE2b of their bytes"
is "$(stat -c %a ws-images.db)" "600" "the image store is private"
[ ! -e good.apoyo.rejects.csv ]; ok $? "no rejects file for a clean batch"

must_succeed "a replayed batch" "$APOYO" import packages --key authority.key good.apoyo
stderr_is "apoyo import: good.apoyo: read 3, imported 0, unchanged 3, updated 0, rejected 0" \
	"replay: unchanged"
must_fail 1 "a folder of batches, good and bad" "$APOYO" import packages \
	--key authority.key .
stderr_is "apoyo import: ./good.apoyo: read 3, imported 0, unchanged 3, updated 0, rejected 0
apoyo import: ./other-aspirant.apoyo: record 1 (byte ${oa[0]}): auxiliary 'AUX-D01' works for aspirant 'D01', not for 'G01'
apoyo import: ./other-aspirant.apoyo: record 2 (byte ${oa[1]}): auxiliary 'AUX-D01' works for aspirant 'D01', not for 'G01'
apoyo import: ./other-aspirant.apoyo: record 3 (byte ${oa[2]}): auxiliary 'AUX-D01' works for aspirant 'D01', not for 'G01'
apoyo import: ./other-aspirant.apoyo: read 3, imported 0, unchanged 0, updated 0, rejected 3
apoyo import: ./other-authority.apoyo: sealed to authority key $other_id; this key is $auth_id
apoyo import: ./other-authority.apoyo: read 3, imported 0, unchanged 0, updated 0, rejected 3
apoyo import: ./small.apoyo: read 1, imported 0, unchanged 1, updated 0, rejected 0
apoyo import: ./unknown-signer.apoyo: record 1 (byte ${ou[0]}): unknown signer: key $x99_key is not registered to any auxiliary
apoyo import: ./unknown-signer.apoyo: record 2 (byte ${ou[1]}): unknown signer: key $x99_key is not registered to any auxiliary
apoyo import: ./unknown-signer.apoyo: record 3 (byte ${ou[2]}): unknown signer: key $x99_key is not registered to any auxiliary
apoyo import: ./unknown-signer.apoyo: read 3, imported 0, unchanged 0, updated 0, rejected 3" \
	"every bad batch rejected record by record, the good ones unchanged"
is "$(cat other-aspirant.apoyo.rejects.csv)" "registro,byte,motivo
1,${oa[0]},\"auxiliary 'AUX-D01' works for aspirant 'D01', not for 'G01'\"
2,${oa[1]},\"auxiliary 'AUX-D01' works for aspirant 'D01', not for 'G01'\"
3,${oa[2]},\"auxiliary 'AUX-D01' works for aspirant 'D01', not for 'G01'\"" \
	"rejects file of a batch"
is "$(sqlite3 ws.db "SELECT count(*) FROM support")" "3" "still three supports"
is "$(sqlite3 ws.db "SELECT tipo, archivo, leidos, importados, sin_cambio, rechazados
	FROM import_log WHERE archivo LIKE '%other-authority%'")" \
	"packages|./other-authority.apoyo|3|0|0|3" "import_log row"

# ---- keys named before any cryptography (no passphrase, no terminal) ----
unset APOYO_PASSPHRASE
must_fail 3 "an auxiliary's key as the authority's" setsid -w "$APOYO" import packages \
	--key aux-g01.key good.apoyo
stderr_is "apoyo import: 'aux-g01.key' is an auxiliary secret key; expected an authority secret key" \
	"wrong key type message"
must_fail 3 "the public key as the secret one" setsid -w "$APOYO" import packages \
	--key authority.pub good.apoyo
stderr_is "apoyo import: 'authority.pub' is an authority public key; expected an authority secret key" \
	"public key message"
chmod 644 authority.key
must_fail 3 "a world-readable authority key" setsid -w "$APOYO" import packages \
	--key authority.key good.apoyo
stderr_is "apoyo import: secret key 'authority.key' is accessible to group or others (mode 0644); run 'chmod 600 authority.key'" \
	"mode message"
chmod 600 authority.key
echo "no es" >wrong.txt
must_fail 3 "a wrong passphrase" "$APOYO" import packages --key authority.key \
	--passphrase-file wrong.txt good.apoyo
stderr_is "apoyo import: wrong passphrase for 'authority.key' (or the file is damaged)" \
	"wrong passphrase message"
must_fail 2 "packages without --key" "$APOYO" import packages good.apoyo
export APOYO_PASSPHRASE="$(cat passphrase.txt)"

# ---- truncated and damaged batches, in fresh workspaces ----
size=$(stat -c %s good.apoyo)
head -c $((size - 100)) good.apoyo >truncated.apoyo
new_workspace t.db
"$APOYO" -q -w t.db import auxiliaries auxiliaries.csv
must_fail 1 "a truncated batch" "$APOYO" -w t.db import packages --key authority.key \
	truncated.apoyo
stderr_is "apoyo import: truncated.apoyo: record 3 (byte ${og[2]}): truncated: the file ends inside this record (an append was interrupted)
apoyo import: truncated.apoyo: read 3, imported 2, unchanged 0, updated 0, rejected 1" \
	"the records before the cut are imported"
is "$(sqlite3 t.db "SELECT group_concat(id, ' ') FROM support")" "S-001 S-002" \
	"S-001 and S-002 imported"

cp good.apoyo damaged.apoyo
printf '\x00' | dd of=damaged.apoyo bs=1 seek=2000 conv=notrunc 2>/dev/null
new_workspace d.db
"$APOYO" -q -w d.db import auxiliaries auxiliaries.csv
must_fail 1 "a batch damaged in the middle" "$APOYO" -w d.db import packages \
	--key authority.key damaged.apoyo
stderr_is "apoyo import: damaged.apoyo: record 2 (byte ${og[1]}): damaged: ${sz[1]} bytes that are not a valid record
apoyo import: damaged.apoyo: read 3, imported 2, unchanged 0, updated 0, rejected 1" \
	"the damaged record is rejected, its neighbours kept"
is "$(sqlite3 d.db "SELECT group_concat(id, ' ') FROM support")" "S-001 S-003" \
	"S-001 and S-003 imported"
must_fail 3 "a file that is not a batch" "$APOYO" -w d.db import packages \
	--key authority.key supports.csv
stderr_is "apoyo import: 'supports.csv': not an apoyo batch (no APOYOPKG header)" \
	"not a batch message"

# ---- conflicts: the same id with other content ----
sed 's/^S-002,\(.*\),Juan Carlos,/S-002,\1,Juan,/' supports.csv >changed.csv
"$APOYO" -q encrypt --to authority.pub --key aux-g01.key changed.csv -o changed.apoyo
must_fail 1 "a record that changes an imported support" "$APOYO" import packages \
	--key authority.key changed.apoyo
stderr_is "apoyo import: changed.apoyo: record 2 (byte ${og[1]}): conflict: support 'S-002' is already in the workspace with other content
apoyo import: changed.apoyo: read 3, imported 0, unchanged 2, updated 0, rejected 1" \
	"conflict message"
new_workspace c.db
"$APOYO" -q -w c.db import auxiliaries auxiliaries.csv
sqlite3 c.db "INSERT INTO support(id, aspirante, recibido) VALUES ('S-003', 'G01', 'x')"
must_fail 1 "a support that came from a plain file" "$APOYO" -w c.db import packages \
	--key authority.key small.apoyo good.apoyo
stderr_has "good.apoyo: record 3 (byte ${og[2]}): conflict: support 'S-003'" \
	"a plain support with the same id is a conflict"
is "$(sqlite3 c.db "SELECT count(*) FROM support")" "3" "S-001 and S-002 imported"

# ---- interrupted import: nothing half-written ----
new_workspace i.db
"$APOYO" -q -w i.db import auxiliaries auxiliaries.csv
sqlite3 i.db "CREATE TRIGGER boom BEFORE INSERT ON support_package WHEN NEW.registro = 3
	BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
must_fail 4 "a failure in the middle of a batch" "$APOYO" -w i.db import packages \
	--key authority.key good.apoyo
is "$(sqlite3 i.db "SELECT count(*) FROM support; SELECT count(*) FROM import_log
	WHERE tipo = 'packages'")" "0
0" "nothing of the batch was kept"
sqlite3 i.db "DROP TRIGGER boom"
must_succeed "and the batch imports whole afterwards" "$APOYO" -w i.db import packages \
	--key authority.key good.apoyo
done_testing
