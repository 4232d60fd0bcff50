# pipeline.sh - the hand-made workspace of testdata/pipeline/ for the
# verify, dedup, tally, report and export tests; sourced after lib.sh.
#
# The supports are written with the sqlite3 shell (INSERT statements into
# the documented tables), so these tests do not depend on "apoyo import".

PIPELINE="$TOP/testdata/pipeline"

# fresh_workspace: a new workspace with the custom rules and base.sql.
fresh_workspace() {
	rm -f "$APOYO_WORKSPACE" "$APOYO_WORKSPACE-wal" "$APOYO_WORKSPACE-shm"
	"$APOYO" -q init --rules "$PIPELINE/rules.csv" &&
		sqlite3 "$APOYO_WORKSPACE" <"$PIPELINE/base.sql"
}

# q SQL: runs SQL on the workspace with the sqlite3 shell.
q() { sqlite3 "$APOYO_WORKSPACE" "$1"; }
