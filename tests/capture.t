#!/bin/bash
# capture.t - one support into a sealed batch: MRZ forms and check digits,
# cross-checks as flags, images, keys named before any cryptography.
. "$(dirname "$0")/lib.sh"

export APOYO_PASSPHRASE="prueba"
"$APOYO" -q keygen authority -o auth --cost interactive >/dev/null
"$APOYO" -q keygen authority -o other --cost interactive >/dev/null
"$APOYO" -q keygen auxiliary --id AUX-1 -o aux1 >/dev/null
mkdir img
cp "$TOP"/testdata/crypto/img/* img/
auth_id=$(tail -n 1 auth.pub | cut -d' ' -f4)
other_id=$(tail -n 1 other.pub | cut -d' ' -f4)

# capture ARGS...: the options every capture needs, then ARGS.
capture() {
	"$APOYO" capture --aspirant G01 --auxiliary AUX-1 --key aux1.key --to auth.pub \
		--front img/frente.png --back img/reverso.png --photo img/foto.jpg \
		--signature img/firma.png "$@"
}
is_id() { case "$OUT" in [0-9a-f]*) [ ${#OUT} = 32 ] ;; *) false ;; esac; ok $? "$1"; }

# INE's specimen card: three of its four check digits are wrong.
must_fail 1 "specimen card: captured, with flags" capture \
	--mrz 'IDMEX1836577170<<0747116375842' '8007057M1812315MEX<02<<12345<7' \
	'GOMEZ<VELAZQUEZ<<MARGARITA<<<<' --clave GMVLMR80070501M100 --nombre Margarita \
	--apellido-paterno Gómez --apellido-materno Velázquez --vigencia 2024 --cic 183657717 \
	--seccion 0747 --curp GOVM800705MCLMLR01 --at 2018-01-15T10:00:00-06:00 -o b.apoyo
is_id "the support id is printed"
id1=$OUT
stderr_is "apoyo capture: mrz check digits: documento wrong (0, should be 7), nacimiento wrong (7, should be 0), vencimiento wrong (5, should be 6), compuesto ok
apoyo capture: support $id1 sealed into 'b.apoyo' (record 1); flags: mrz_digito:documento mrz_digito:nacimiento mrz_digito:vencimiento mrz_distinto:vigencia curp_invalida:digito" \
	"each check digit reported; vigencia 2024 against expiry 2018; CURP digit"

# A consistent card, its MRZ as one string with OCR noise.
mrz='idmex1234567897<<1234567890123 8501019H3312315MEX<02<<12345<8 PEREZ <LOPEZ<<JUAN<CARLOS'
must_succeed "a consistent card: no flags" capture --mrz "$mrz" --clave PRLPJN85010122H400 \
	--nombre 'Juan Carlos' --apellido-paterno Pérez --apellido-materno López \
	--vigencia 2033 --cic 123456789 --ocr 1234567890123 --seccion 1234 \
	--curp PELJ850101HQTRPN08 -o b.apoyo
is_id "second id printed"
stderr_is "apoyo capture: mrz check digits: documento ok, nacimiento ok, vencimiento ok, compuesto ok
apoyo capture: support $OUT sealed into 'b.apoyo' (record 2)" "no flags, record 2"

must_fail 1 "the same card against other typed data" capture --mrz "$mrz" \
	--clave PRLPJN85020122M400 --nombre 'Juan' --apellido-paterno Pérez \
	--apellido-materno Sánchez --vigencia 2030 --cic 123456780 --ocr 1234567890124 \
	--seccion 1235 --curp PELJ85O1O1HQTRPN08 -o b.apoyo
case "$ERR" in
*"flags: mrz_distinto:nacimiento mrz_distinto:sexo mrz_distinto:vigencia mrz_distinto:cic mrz_distinto:ocr mrz_distinto:seccion mrz_distinto:apellidos mrz_distinto:nombre curp_invalida:formato") ok 0 "every cross-check raises its flag" ;;
*) ok 1 "every cross-check raises its flag"; echo "# $ERR" ;;
esac

must_fail 1 "an MRZ that cannot be read is a flag, not a refusal" capture \
	--mrz 'IDMEX18365777170<<07471163758428007057M2212315MEX<02<<12345<<7GOMEZ<VELAZQUEZ<<MARGARITA<<<<' \
	-o b.apoyo
case "$ERR" in
"apoyo capture: mrz not readable: expected 90 characters (3 lines of 30), found 92
apoyo capture: support "*" sealed into 'b.apoyo' (record 4); flags: mrz_ilegible") ok 0 "mrz_ilegible" ;;
*) ok 1 "mrz_ilegible"; echo "# $ERR" ;;
esac
must_fail 1 "a passport MRZ is not an INE card" capture \
	--mrz 'I<UTOD231458907<<<<<<<<<<<<<<<' '7408122F1204159UTO<<<<<<<<<<<6' \
	'ERIKSSON<<ANNA<MARIA<<<<<<<<<<' --nombre 'Anna María' --apellido-paterno Eriksson \
	-o b.apoyo
stderr_has "flags: mrz_no_ine" "mrz_no_ine, and the names match"

must_fail 2 "--mrz with two lines" capture --mrz 'IDMEX1836577170<<0747116375842' \
	'8007057M1812315MEX<02<<12345<7' -o b.apoyo
stderr_is "apoyo capture: option '--mrz': expected 3 lines of 30 characters or one string of 90" \
	"two lines message"
must_fail 2 "a missing image option" "$APOYO" capture --aspirant G01 --auxiliary AUX-1 \
	--key aux1.key --to auth.pub --front img/frente.png --back img/reverso.png \
	--signature img/firma.png -o b.apoyo
stderr_is "apoyo capture: missing --photo (see -h)" "missing option message"
must_fail 2 "a bad --at" capture --at ayer -o b.apoyo
stderr_is "apoyo capture: option '--at': expected an ISO 8601 time such as 2018-01-15T10:30:00-06:00, found 'ayer'" \
	"bad time message"

echo "not an image" >img/texto.png
must_fail 3 "a file that is not an image" "$APOYO" capture --aspirant G01 --auxiliary AUX-1 \
	--key aux1.key --to auth.pub --front img/texto.png --back img/reverso.png \
	--photo img/foto.jpg --signature img/firma.png -o b.apoyo
stderr_is "apoyo capture: option '--front': 'img/texto.png': not a JPEG or PNG image" \
	"not an image message"
head -c 60 img/frente.png >img/cut.png
must_fail 3 "a truncated PNG" "$APOYO" capture --aspirant G01 --auxiliary AUX-1 \
	--key aux1.key --to auth.pub --front img/frente.png --back img/cut.png \
	--photo img/foto.jpg --signature img/firma.png -o b.apoyo
stderr_has "apoyo capture: option '--back': 'img/cut.png': the image does not decode" \
	"truncated image message"
must_fail 3 "a missing image" capture --front img/nada.png -o b.apoyo
stderr_is "apoyo capture: option '--front': cannot read 'img/nada.png': No such file or directory" \
	"missing image message"
must_succeed "INE's specimen back (a real JPEG) decodes" "$APOYO" capture --aspirant G01 \
	--auxiliary AUX-1 --key aux1.key --to auth.pub --front img/frente.png \
	--back "$TOP/testdata/realdata/ine-specimen-xhash-ruby/ine_specimen_reverse.jpg" \
	--photo img/foto.jpg --signature img/firma.png -o b.apoyo

# Keys: the wrong kind or file is named before any passphrase is asked.
unset APOYO_PASSPHRASE
must_fail 3 "the authority's secret key given as the auxiliary's" \
	setsid -w "$APOYO" capture --aspirant G01 --auxiliary AUX-1 --key auth.key \
	--to auth.pub --front img/frente.png --back img/reverso.png --photo img/foto.jpg \
	--signature img/firma.png -o b.apoyo
stderr_is "apoyo capture: 'auth.key' is an authority secret key; expected an auxiliary secret key" \
	"wrong kind of secret key"
must_fail 3 "a public key given as the secret key" setsid -w "$APOYO" capture \
	--aspirant G01 --auxiliary AUX-1 --key aux1.pub --to auth.pub --front img/frente.png \
	--back img/reverso.png --photo img/foto.jpg --signature img/firma.png -o b.apoyo
stderr_is "apoyo capture: 'aux1.pub' is an auxiliary public key; expected an auxiliary secret key" \
	"public for secret"
must_fail 3 "an auxiliary's public key given as the authority's" setsid -w "$APOYO" capture \
	--aspirant G01 --auxiliary AUX-1 --key aux1.key --to aux1.pub --front img/frente.png \
	--back img/reverso.png --photo img/foto.jpg --signature img/firma.png -o b.apoyo
stderr_is "apoyo capture: 'aux1.pub' is an auxiliary public key; expected an authority public key" \
	"auxiliary for authority"
must_fail 3 "the key of another auxiliary" setsid -w "$APOYO" capture --aspirant G01 \
	--auxiliary AUX-2 --key aux1.key --to auth.pub --front img/frente.png \
	--back img/reverso.png --photo img/foto.jpg --signature img/firma.png -o b.apoyo
stderr_is "apoyo capture: 'aux1.key' is the key of auxiliary 'AUX-1', not of 'AUX-2'" \
	"owner message"
must_fail 3 "a text file as key" setsid -w "$APOYO" capture --aspirant G01 \
	--auxiliary AUX-1 --key img/texto.png --to auth.pub --front img/frente.png \
	--back img/reverso.png --photo img/foto.jpg --signature img/firma.png -o b.apoyo
stderr_is "apoyo capture: 'img/texto.png' is not an apoyo key file" "not a key message"
chmod 640 aux1.key
must_fail 3 "a group-readable secret key is refused" setsid -w "$APOYO" capture \
	--aspirant G01 --auxiliary AUX-1 --key aux1.key --to auth.pub --front img/frente.png \
	--back img/reverso.png --photo img/foto.jpg --signature img/firma.png -o b.apoyo
stderr_is "apoyo capture: secret key 'aux1.key' is accessible to group or others (mode 0640); run 'chmod 600 aux1.key'" \
	"mode message"
chmod 600 aux1.key
export APOYO_PASSPHRASE="prueba"

# Batches: one authority per batch; a torn last record is cut off.
must_fail 3 "appending for another authority" "$APOYO" capture --aspirant G01 \
	--auxiliary AUX-1 --key aux1.key --to other.pub --front img/frente.png \
	--back img/reverso.png --photo img/foto.jpg --signature img/firma.png -o b.apoyo
stderr_is "apoyo capture: 'b.apoyo' is sealed to authority key $auth_id, not to $other_id" \
	"other authority message"
cp img/texto.png notabatch.apoyo
must_fail 3 "appending to a file that is not a batch" capture -o notabatch.apoyo
stderr_is "apoyo capture: 'notabatch.apoyo': not an apoyo batch (no APOYOPKG header)" \
	"not a batch message"
is "$(cat notabatch.apoyo)" "not an image" "and the file is untouched"

run "$APOYO" encrypt --inspect b.apoyo
is "$(echo "$OUT" | sed -n 's/^records\t//p')" "6" "six records so far"
size=$(stat -c %s b.apoyo)
truncate -s $((size - 25)) b.apoyo
must_fail 1 "inspect finds the torn record" "$APOYO" encrypt --inspect b.apoyo
is "$(echo "$OUT" | sed -n 's/^\(records\|damaged\)\t//p' | tr '\n' ' ')" "5 1 " \
	"five good records, one damaged"
is "$(echo "$OUT" | tail -n 1 | cut -f4)" "truncated" "the last one is truncated"
must_succeed "capture after a crash" capture -o b.apoyo
stderr_has "apoyo capture: 'b.apoyo': cutting off" "the torn record is cut off"
must_succeed "the batch is whole again" "$APOYO" encrypt --inspect b.apoyo
is "$(echo "$OUT" | sed -n 's/^\(records\|damaged\)\t//p' | tr '\n' ' ')" "6 0 " \
	"six good records, none damaged"
done_testing
