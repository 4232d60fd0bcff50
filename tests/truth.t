#!/bin/bash
# truth.t - the ground-truth test: scenarios from "apoyo simulate", each
# with its own seed, run through the whole pipeline (init, import, verify,
# review decide, tally). The four registral ones have 450,000 to 730,000
# roll rows and 13,000 to 28,000 supports each; the one with images has
# 18,000 roll rows and about 500 supports, because drawing faces is slow.
# Every support's status must equal truth.csv, its deciding reason must be
# among the motivos verify recorded, and the tally must equal
# expected-tally.json (compared canonically with JSON::PP). A mismatch
# prints the first differing supports with both statuses. Each scenario's
# size is printed as a TAP comment.
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
	printf '# %s: %s roll rows, %s supports (%s)\n' "$name" \
		"$(sed -n 's/^roll_rows=//p' "$name/scenario.txt")" \
		"$(sed -n 's/^supports=//p' "$name/scenario.txt")" "$*"
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

	# The roll and the workspace are the bulk of a scenario on disk (near
	# 100 MB each at these sizes), and nothing after needs them.
	rm -f "$name/roll.csv" "$ws"
}

run_scenario jal1 --scale 0.1 --seed 1
run_scenario jal2 --scale 0.08 --seed 2 --rate baja=0.03 --rate fuera_de_plazo=0.02
run_scenario fed3 --scenario federal-2018 --scale 0.005 --seed 3
# Batches of 1,000 rows instead of 65,536: roll_datos, verdict and status
# history writes cross many batch boundaries, in verify and review decide.
export APOYO_TEST_BATCH_ROWS=1000
run_scenario bronco --preset bronco-2018 --scale 0.008 --seed 4
unset APOYO_TEST_BATCH_ROWS
# With images: the planted frauds, and nothing else, wait in the mesa de
# control, so different citizens' generated faces must not look alike.
run_scenario jalimg --scenario jalisco-2018 --scale 0.003 --seed 5 --images

# The preset's categories at --scale 0.008: each published figure times
# 0.008, rounded half up on its own (apoyo-simulate(1)); valido is what
# remains of round(2,032,534 x 0.008) = round(16,260.272) = 16,260.
#   duplicado_otro_aspirante  266,357 -> 2,130.856 -> 2,131
#   padron_no_ln               11,748 ->    93.984 ->    94
#   baja                       15,938 ->   127.504 ->   128
#   no_encontrado               6,630 ->    53.040 ->    53
#   inconsistencia: otra      508,453 -> 4,067.624 -> 4,068
#     simulacion              158,532 -> 1,268.256 -> 1,268
#     fotocopia               205,721 -> 1,645.768 -> 1,646
#     documento_no_valido      23,644 ->   189.152 ->   189, together 7,171
#   valido  16,260 - 2,131 - 94 - 128 - 53 - 7,171 = 6,683
is "$(perl -MJSON::PP -e '
	local $/; open my $f, "<", $ARGV[0] or die;
	my ($j) = grep { $_->{aspirante} eq "JRC" } @{decode_json(<$f>)};
	my $e = $j->{estatus};
	print join " ", $j->{validos}, map { $e->{$_} // 0 } qw(duplicado_otro_aspirante
		padron_no_ln baja no_encontrado inconsistencia);
' "$TMP/bronco.tally.json")" "6683 2131 94 128 53 7171" \
	"bronco: valid and categories are the published figures at 0.008"
is "$(tail -n +2 bronco/decisiones.csv | cut -d, -f3 | sort | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' ')" \
	"documento_no_valido=189 fotocopia=1646 otra=4068 simulacion=1268 " \
	"bronco: the mesa de control's rejections by subtype at 0.008"
done_testing
