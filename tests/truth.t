#!/bin/bash
# truth.t - the ground-truth test: small scenarios from "apoyo simulate"
# run through the whole pipeline (init, import, verify, tally), and every
# support's status must equal truth.csv, its deciding reason must be among
# the motivos verify recorded, and the tally must equal
# expected-tally.json (compared canonically with JSON::PP). A mismatch
# prints the first differing supports with both statuses.
. "$(dirname "$0")/lib.sh"

# compare_statuses DIR DB: one TAP line for statuses, one for reasons.
compare_statuses() {
	sqlite3 -separator $'\t' "$2" "SELECT id, estatus, ifnull(motivos, '') FROM support" \
		>"$TMP/got.tsv"
	perl -e '
		my ($truth, $got) = @ARGV;
		my (%st, %mo, $bad_st, $bad_mo, $n);
		open my $g, "<", $got or die;
		while (<$g>) { chomp; my @f = split /\t/, $_, -1; $st{$f[0]} = $f[1]; $mo{$f[0]} = $f[2] }
		open my $t, "<", $truth or die;
		<$t>;
		while (my $line = <$t>) {
			chomp $line;
			my ($id, $asp, $want, $why, $caso) = $line =~ /^([^,]*),([^,]*),([^,]*),([^,]*),(.*)$/;
			$n++;
			my $have = $st{$id} // "(missing)";
			if ($have ne $want) {
				printf "# %s (%s): truth %s, apoyo %s%s\n", $id, $asp, $want, $have,
					$caso ? " - $caso" : "" if $bad_st++ < 10;
			} elsif ($why ne "" && !grep { $_ eq $why } split / /, $mo{$id}) {
				printf "# %s: reason %s not among motivos \"%s\"\n", $id, $why, $mo{$id}
					if $bad_mo++ < 10;
			}
		}
		my $extra = keys(%st) - $n;
		print "# workspace has $extra supports more than truth.csv\n" if $extra;
		open my $o, ">", "$got.result" or die;
		print $o ($bad_st || $extra ? 1 : 0), " ", ($bad_mo ? 1 : 0), "\n";
		printf "# %d supports: %d status differences, %d reason differences\n",
			$n, $bad_st // 0, $bad_mo // 0;
	' "$1/truth.csv" "$TMP/got.tsv"
	read -r st mo <"$TMP/got.tsv.result"
	ok "$st" "$1: every status equals truth.csv"
	ok "$mo" "$1: every deciding reason is among the motivos"
}

compare_tally() {	# DIR JSONFILE
	perl -MJSON::PP -e '
		my $j = JSON::PP->new->canonical;
		my @t = map {
			local $/;
			open my $f, "<", $_ or die "$_: $!\n";
			my $list = $j->decode(<$f>);
			# true/false or 1/0: the same answer either way.
			$_->{cumple} = $_->{cumple} ? 1 : 0 for @$list;
			$list;
		} @ARGV;
		my $bad = @{$t[0]} != @{$t[1]};
		print "# expected ", scalar @{$t[0]}, " aspirants, got ", scalar @{$t[1]}, "\n" if $bad;
		for my $i (0 .. $#{$t[0]}) {
			my ($e, $g) = map { $j->encode($_->[$i]) } @t;
			next if $e eq $g;
			print "# expected $e\n# got      $g\n";
			$bad = 1;
		}
		exit $bad ? 1 : 0;
	' "$1/expected-tally.json" "$2"
	ok $? "$1: tally equals expected-tally.json"
}

# before_decisions DIR DB: the supports decisiones.csv names wait in the
# mesa de control (or, registral-only, still count: valido, or a duplicate
# of a citizen drawn twice); the other
# inconsistencias of truth.csv are already imagen_faltante.
before_decisions() {
	local images=0 want=en_mesa_de_control bad
	grep -q '^images=yes' "$1/scenario.txt" && images=1
	[ "$images" = 1 ] || want='valido|duplicado_.*'
	sqlite3 -separator , "$2" "SELECT id, estatus, ifnull(motivos, '') FROM support" \
		| sort >"$TMP/before.csv"
	bad=$(tail -n +2 "$1/decisiones.csv" | cut -d, -f1 | sort \
		| join -t, - "$TMP/before.csv" | awk -F, -v w="^($want)\$" '$2 !~ w' | head -3)
	is "$bad" "" "$1: decided supports were ${want%%|*} before the decisions"
	[ "$images" = 1 ] || return 0
	bad=$(grep ',inconsistencia,inconsistencia:imagen_faltante,' "$1/truth.csv" \
		| cut -d, -f1 | sort | join -t, - "$TMP/before.csv" \
		| awk -F, '$2 != "inconsistencia" || $3 !~ /inconsistencia:imagen_faltante/' \
		| head -3)
	is "$bad" "" "$1: missing images are inconsistencia:imagen_faltante at once"
}

# run_scenario NAME SIMULATE-ARGS...: one TAP line per step, then the
# comparisons. verify exits 1 because every scenario has rejected supports.
run_scenario() {
	local name=$1 ws="$TMP/$1.db" step rules want
	shift
	"$APOYO" simulate -q "$@" --out "$name" || { ok 1 "$name: simulate"; return; }
	ok 0 "$name: simulate"
	rules=$(sed -n 's/^rules=//p' "$name/scenario.txt")
	for step in "init --rules $rules --utc-offset -06:00" "import geo $name/geo.csv" \
		"import roll $name/roll.csv" "import aspirants $name/aspirants.csv" \
		"import supports $name/supports.csv" "verify"; do
		want=0
		[ "$step" = verify ] && want=1
		# shellcheck disable=SC2086
		run "$APOYO" -w "$ws" $step
		[ "$RC" = "$want" ] || printf '# exit %s: %s\n' "$RC" "$ERR"
		ok $([ "$RC" = "$want" ] && echo 0 || echo 1) \
			"$name: apoyo $(echo "$step" | awk '{print $1 ($1 == "import" ? " " $2 : "")}')"
	done
	if [ "$(wc -l <"$name/decisiones.csv")" -gt 1 ]; then
		before_decisions "$name" "$ws"
		run "$APOYO" -w "$ws" review decide --file "$name/decisiones.csv" \
			--reviewer sim
		ok "$RC" "$name: apoyo review decide --file decisiones.csv"
	fi
	compare_statuses "$name" "$ws"
	"$APOYO" -w "$ws" tally --format json >"$TMP/$name.tally.json" 2>"$TMP/.err"
	compare_tally "$name" "$TMP/$name.tally.json"
}

run_scenario jal1 --scale 0.02 --seed 1
run_scenario jal2 --scale 0.02 --seed 2 --rate baja=0.03 --rate fuera_de_plazo=0.02
run_scenario fed3 --scenario federal-2018 --scale 0.002 --seed 3
run_scenario bronco --preset bronco-2018 --scale 0.002 --seed 4
# With images: the planted frauds, and nothing else, wait in the mesa de
# control, so different citizens' generated faces must not look alike.
run_scenario jalimg --scenario jalisco-2018 --scale 0.003 --seed 5 --images

# The preset's categories at --scale 0.002, each published figure rounded
# half up on its own (apoyo-simulate(1)); valido is what remains.
is "$(perl -MJSON::PP -e '
	local $/; open my $f, "<", $ARGV[0] or die;
	my ($j) = grep { $_->{aspirante} eq "JRC" } @{decode_json(<$f>)};
	my $e = $j->{estatus};
	print join " ", $j->{validos}, map { $e->{$_} // 0 } qw(duplicado_otro_aspirante
		padron_no_ln baja no_encontrado inconsistencia);
' "$TMP/bronco.tally.json")" "1672 533 23 32 13 1792" \
	"bronco: valid and categories are the published figures at 0.002"
is "$(tail -n +2 bronco/decisiones.csv | cut -d, -f3 | sort | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' ')" \
	"documento_no_valido=47 fotocopia=411 otra=1017 simulacion=317 " \
	"bronco: the mesa de control's rejections by subtype at 0.002"
done_testing
