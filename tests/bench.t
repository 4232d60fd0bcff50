#!/bin/bash
# bench.t - scripts/bench at a tiny scale, without DuckDB: it prints the
# table, the ratios and the targets, writes a BENCHMARKS-style report where
# told, checks the SQL's answers against the generator's truth, and warns
# when they differ.
. "$(dirname "$0")/lib.sh"

BENCH="$TOP/scripts/bench"

must_fail 2 "unknown option" "$BENCH" --frobnicate
stderr_has "bench: unknown option '--frobnicate'" "unknown option named"
must_fail 2 "bad scale" "$BENCH" --scale abc
stderr_is "bench: bad --scale 'abc'" "bad scale message"
must_fail 2 "unknown scenario" "$BENCH" --scenario oaxaca
must_fail 4 "--data without a roll" "$BENCH" --data "$TMP/none" \
	--out "$TMP/o0" --report "$TMP/R0.md"
stderr_is "bench: no roll.csv in '$TMP/none'" "missing data message"

# The SQLite dialect's parsing of timestamps and claves, against values
# worked out by hand (the fixture's want_ columns): offsets Z, +HH:MM,
# +HHMM, +HH, none (-06:00), fractions, impossible dates (month 13) and
# times, Ñ and ñ, the turn of the year at -06:00. NULL counts as a
# mismatch: a NULL flag once let month 13 through.
got=$(sqlite3 -csv :memory: \
	".import --csv $TOP/testdata/bench-timestamps.csv supports" \
	"ALTER TABLE supports ADD COLUMN aspirante" \
	"ALTER TABLE supports ADD COLUMN emision" \
	".read $TOP/scripts/bench-sql/parse-sqlite.sql" \
	"SELECT count(*) FROM s" \
	"SELECT u.id FROM supports u JOIN s USING (id)
	 WHERE coalesce(CAST(s.clave_ok AS TEXT), '') <> u.want_clave_ok
	 OR coalesce(CAST(s.fecha_ok AS TEXT), '') <> u.want_fecha_ok
	 OR coalesce(CAST(s.instante AS TEXT), '') <> u.want_instante
	 OR coalesce(s.fecha_local, '') <> u.want_fecha_local" 2>&1)
is "$got" "32" "parse-sqlite.sql gives the expected value on all 32 cases"

# 0.002 of Jalisco: 11,794 roll rows and 2,358 supports.
must_succeed "bench runs at a tiny scale" "$BENCH" --scale 0.002 \
	--seed 7 --generator bench-gen --skip-duckdb --out "$TMP/out" \
	--report "$TMP/B.md"
first=$(printf '%s\n' "$OUT" | head -n 3)
gen="scripts/bench-gen (a stand-in for apoyo simulate; Jalisco-like,"
is "$first" "apoyo benchmark: jalisco-2018, scale 0.002, seed 7
scenario from $gen one entidad)
11794 roll rows, 2358 supports, 20 secciones, 6 aspirants" "scenario summary"
has_line() {
	if printf '%s\n' "$OUT" | grep -Eq "$1"; then
		ok 0 "$2"
	else
		ok 1 "$2"
		printf '%s\n' "$OUT" | sed 's/^/# /'
	fi
}
has_line '^tool +step +seconds +rows +rows/s +peak MiB +cpu s +cpu$' \
	"table header"
cells=' +[0-9]+ +[0-9]+ +[0-9.]+ +[0-9]+%$'
has_line "^sqlite3 +import roll +[0-9.]+ +11794$cells" \
	"sqlite3 roll import row"
has_line "^sqlite3 +classify +[0-9.]+ +2358$cells" \
	"sqlite3 classify row"
has_line '^bench-gen +generate +[0-9.]+ +11794 ' "generator row"
has_line '^apoyo +import roll +([0-9.]+ +11794 |n/a)' \
	"apoyo roll import row, measured or n/a"
has_line '^roll import, times faster: apoyo than sqlite3 (n/a|[0-9.]+); ' \
	"ratio line"
has_line '^  verify\+dedup\+tally >= 5x faster than the sqlite3 SQL: ' \
	"target line"
has_line '^answers: sqlite3: conteo = truth$' "sqlite3 answers equal the truth"
has_line '^DuckDB skipped \(--skip-duckdb\)$' "DuckDB skip noted"
is "$(printf '%s\n' "$OUT" | grep -c WARNING)" "0" \
	"no warning when answers agree"
is "$(grep -c '^| import roll (sqlite3: .import + CREATE INDEX) | ' \
	"$TMP/B.md")" "1" "report has the roll row"
is "$(grep -E '^(# |## )' "$TMP/B.md" | tr '\n' '/')" \
	"# Benchmarks/## Machine/## Command/## Results/## Ratios/## Targets/\
## Answers checked/## How it is measured/" "report sections"
is "$(grep -c -e '^- memory: ' -e '^- CPU: .*, [0-9]* cores' "$TMP/B.md")" "2" \
	"report describes the machine"
is "$(grep -c 'skipped (--skip-duckdb)' "$TMP/B.md")" "2" \
	"report notes the skip"
is "$(grep -c '^    scripts/bench --scale 0.002 --seed 7 ' "$TMP/B.md")" "1" \
	"report gives the command"

# With apoyo simulate (the default generator), the SQL must also give
# simulate's expected tally, worked out by the generator, not the SQL.
must_succeed "bench on apoyo simulate's scenario" "$BENCH" --scale 0.002 \
	--seed 11 --skip-duckdb --out "$TMP/sim" --report "$TMP/B3.md"
has_line '^scenario from apoyo simulate$' "the scenario comes from simulate"
has_line '^apoyo +simulate +[0-9.]+ +12033 ' "simulate is timed"
has_line '^answers: sqlite3: conteo = truth, tally = truth$' \
	"sqlite3 statuses and tally equal simulate's truth"
is "$(printf '%s\n' "$OUT" | grep -c WARNING)" "0" "no warning with simulate"

# A truth that disagrees with the rules must be reported, not hidden.
cp -r "$TMP/out/data" "$TMP/bad"
sed -i '2s/,[a-z_]*,/,baja,/' "$TMP/bad/truth.csv"
must_succeed "bench on existing data" "$BENCH" --data "$TMP/bad" --skip-duckdb \
	--out "$TMP/out2" --report "$TMP/B2.md"
has_line "^bench: WARNING: sqlite3's conteo differs from the generator's" \
	"a wrong truth gives a warning"
is "$(grep -c "WARNING: sqlite3's conteo differs" "$TMP/B2.md")" "1" \
	"and the report says so"

done_testing
