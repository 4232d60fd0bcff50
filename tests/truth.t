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
	compare_statuses "$name" "$ws"
	"$APOYO" -w "$ws" tally --format json >"$TMP/$name.tally.json" 2>"$TMP/.err"
	compare_tally "$name" "$TMP/$name.tally.json"
}

run_scenario jal1 --scale 0.02 --seed 1
run_scenario jal2 --scale 0.02 --seed 2 --rate baja=0.03 --rate fuera_de_plazo=0.02
run_scenario fed3 --scenario federal-2018 --scale 0.002 --seed 3
run_scenario bronco --preset bronco-2018 --scale 0.002 --seed 4
done_testing
