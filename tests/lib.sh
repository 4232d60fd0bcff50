# lib.sh - TAP helpers for apoyo's shell tests; sourced by tests/*.t.
#
# Each test file runs in its own temporary folder, with APOYO_WORKSPACE set
# to a fresh file there, and the binary at $APOYO. must_fail checks the exit
# code exactly, so a crash (signal, 126, 127) never passes for a failure.

set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
APOYO="$TOP/apoyo"
SHARED="$TOP/../shared/realdata"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/apoyo-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
export APOYO_WORKSPACE="$TMP/ws.db"
unset APOYO_PASSPHRASE
_n=0
_failed=0

plan() { echo "1..$1"; }
done_testing() { echo "1..$_n"; [ "$_failed" = 0 ]; }

ok() {
	_n=$((_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		_failed=$((_failed + 1))
	fi
}

# is GOT EXPECTED NAME: exact string comparison, with a diff on failure.
is() {
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '%s\n' "$2" >"$TMP/.expected"
		printf '%s\n' "$1" >"$TMP/.got"
		diff -u "$TMP/.expected" "$TMP/.got" | sed 's/^/# /'
	fi
}

# run CMD...: runs it, keeping stdout in $OUT, stderr in $ERR, status in $RC.
run() {
	"$@" >"$TMP/.out" 2>"$TMP/.err"
	RC=$?
	OUT=$(cat "$TMP/.out")
	ERR=$(cat "$TMP/.err")
}

# must_succeed NAME CMD...: exit 0 expected.
must_succeed() {
	local name=$1
	shift
	run "$@"
	[ "$RC" = 0 ] || { printf '# exit %s\n# stderr: %s\n' "$RC" "$ERR"; }
	ok $([ "$RC" = 0 ] && echo 0 || echo 1) "$name"
}

# must_fail CODE NAME CMD...: exactly exit CODE expected (never a crash).
must_fail() {
	local code=$1 name=$2
	shift 2
	run "$@"
	if [ "$RC" -ge 126 ]; then
		printf '# crashed or not run: exit %s\n# stderr: %s\n' "$RC" "$ERR"
		ok 1 "$name"
		return
	fi
	[ "$RC" = "$code" ] || printf '# expected exit %s, got %s\n# stderr: %s\n' "$code" "$RC" "$ERR"
	ok $([ "$RC" = "$code" ] && echo 0 || echo 1) "$name"
}

# stderr_is TEXT NAME / stdout_is TEXT NAME: exact text of the last run.
stderr_is() { is "$ERR" "$1" "$2"; }
stdout_is() { is "$OUT" "$1" "$2"; }

# stderr_has TEXT NAME: the last run's stderr contains TEXT.
stderr_has() {
	case "$ERR" in
	*"$1"*) ok 0 "$2" ;;
	*) ok 1 "$2"; printf '# stderr was: %s\n' "$ERR" ;;
	esac
}
