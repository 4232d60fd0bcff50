#!/bin/bash
# keygen.t - key files: formats, modes, kinds named before any
# cryptography, passphrases from a file, the environment or nowhere.
. "$(dirname "$0")/lib.sh"

export APOYO_PASSPHRASE="una frase de prueba"

must_succeed "keygen authority" "$APOYO" keygen authority -o auth --cost interactive
line=$(tail -n 1 auth.pub)
stdout_is "$line" "the public line is printed on stdout"
case "$line" in
"apoyo-public-1 authority x25519+ed25519 "????????????????" "*) ok 0 "authority public line format" ;;
*) ok 1 "authority public line format: $line" ;;
esac
id=$(echo "$line" | cut -d' ' -f4)
stderr_is "apoyo keygen: wrote auth.key (secret, mode 0600) and auth.pub: authority key $id" \
	"keygen summary names the key id"
is "$(stat -c %a auth.key) $(stat -c %a auth.pub)" "600 644" "secret 0600, public 0644"
is "$(grep -c '^#' auth.pub) $(grep -vc '^#' auth.pub)" "2 1" "comments, then one key line"
is "$(grep -v '^#' auth.key | cut -d' ' -f1-6)" \
	"apoyo-secret-1 authority x25519+ed25519 $id - argon2id" "secret line fields"
grep -q "una frase" auth.key; ok $((! $?)) "the passphrase is not in the file"

must_succeed "keygen auxiliary" "$APOYO" keygen auxiliary --id AUX-7 -o aux7
case "$OUT" in
"apoyo-public-1 auxiliary ed25519 "*) ok 0 "auxiliary public line" ;;
*) ok 1 "auxiliary public line: $OUT" ;;
esac
is "$(grep -v '^#' aux7.key | cut -d' ' -f2,5,7)" "auxiliary AUX-7 2" \
	"auxiliary secret names its owner; interactive cost by default"
is "$(grep -v '^#' auth.key | cut -d' ' -f7)" "2" "--cost interactive recorded"

must_fail 2 "keygen refuses to overwrite" "$APOYO" keygen authority -o auth
stderr_is "apoyo keygen: 'auth.pub' already exists; choose another name or remove it" \
	"overwrite message"
must_fail 2 "auxiliary needs --id" "$APOYO" keygen auxiliary -o x
stderr_is "apoyo keygen: an auxiliary key needs --id ID" "missing --id message"
must_fail 2 "bad auxiliary id" "$APOYO" keygen auxiliary --id 'a b' -o x
stderr_is "apoyo keygen: option '--id': expected 1 to 64 of A-Z a-z 0-9 . _ -, found 'a b'" \
	"bad id message"
must_fail 2 "--id for an authority" "$APOYO" keygen authority --id X -o x
must_fail 2 "unknown kind" "$APOYO" keygen citizen -o x
stderr_is "apoyo keygen: unknown key kind 'citizen'; expected 'authority' or 'auxiliary'" \
	"unknown kind message"
must_fail 2 "missing -o" "$APOYO" keygen authority
must_fail 2 "bad cost" "$APOYO" keygen authority --cost cheap -o x
[ ! -e x.pub ] && [ ! -e x.key ]; ok $? "no files after usage errors"

printf 'desde archivo\n' >pass.txt
must_succeed "passphrase from a file" \
	env -u APOYO_PASSPHRASE "$APOYO" keygen auxiliary --id F1 -o f1 --passphrase-file pass.txt
: >empty.txt
must_fail 3 "empty passphrase file" "$APOYO" keygen auxiliary --id F2 -o f2 \
	--passphrase-file empty.txt
stderr_is "apoyo keygen: passphrase file 'empty.txt' is empty" "empty passphrase message"
must_fail 2 "no passphrase and no terminal" \
	env -u APOYO_PASSPHRASE setsid -w "$APOYO" keygen auxiliary --id F3 -o f3
stderr_is "apoyo keygen: no passphrase for the new auxiliary key: give --passphrase-file or set APOYO_PASSPHRASE (there is no terminal to ask on)" \
	"no terminal message"
[ ! -e f2.key ] && [ ! -e f3.key ]; ok $? "no key written without a passphrase"

# The key written from a file opens with the same passphrase: capture
# reads it (any command that opens a secret key would do).
mkdir img
cp "$TOP"/testdata/crypto/img/* img/
must_succeed "the key opens with the file's passphrase" \
	env -u APOYO_PASSPHRASE "$APOYO" capture --aspirant A --auxiliary F1 --key f1.key \
	--to auth.pub --front img/frente.png --back img/reverso.png --photo img/foto.jpg \
	--signature img/firma.png --passphrase-file pass.txt -o b.apoyo
must_fail 3 "and not with another" "$APOYO" capture --aspirant A --auxiliary F1 \
	--key f1.key --to auth.pub --front img/frente.png --back img/reverso.png \
	--photo img/foto.jpg --signature img/firma.png -o b.apoyo
stderr_is "apoyo capture: wrong passphrase for 'f1.key' (or the file is damaged)" \
	"wrong passphrase message"

# A public key edited by hand no longer matches its id.
sed 's/^\(apoyo-public-1 auxiliary ed25519 [0-9a-f]* \)./\1A/' aux7.pub >edited.pub
if cmp -s aux7.pub edited.pub; then sed -i 's/^\(apoyo-public-1 auxiliary ed25519 [0-9a-f]* \)./\1B/' edited.pub; fi
must_fail 3 "an edited public key is refused" "$APOYO" capture --aspirant A --auxiliary F1 \
	--key f1.key --to edited.pub --front img/frente.png --back img/reverso.png \
	--photo img/foto.jpg --signature img/firma.png -o b.apoyo
stderr_is "apoyo capture: 'edited.pub' is an auxiliary public key; expected an authority public key" \
	"the kind is named before the id is checked"
sed 's/^\(apoyo-public-1 authority x25519+ed25519 [0-9a-f]* \)./\1A/' auth.pub >edited.pub
if cmp -s auth.pub edited.pub; then sed -i 's/^\(apoyo-public-1 authority x25519+ed25519 [0-9a-f]* \)./\1B/' edited.pub; fi
must_fail 3 "an edited authority key is refused" "$APOYO" capture --aspirant A \
	--auxiliary F1 --key f1.key --to edited.pub --front img/frente.png \
	--back img/reverso.png --photo img/foto.jpg --signature img/firma.png -o b.apoyo
stderr_is "apoyo capture: key 'edited.pub': key id $id does not match the key (damaged or edited)" \
	"edited key message"
done_testing
