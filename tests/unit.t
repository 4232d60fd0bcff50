#!/bin/bash
# unit.t - runs each compiled C unit test (tests/bin/*); one TAP line each,
# with the failing checks of a binary shown as comments.
. "$(dirname "$0")/lib.sh"

for bin in "$TOP"/tests/bin/*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	out=$("$bin" 2>&1)
	rc=$?
	fails=$(printf '%s\n' "$out" | grep -c '^not ok')
	total=$(printf '%s\n' "$out" | grep -c -E '^(not )?ok ')
	[ "$rc" -ge 126 ] && echo "# $name crashed (exit $rc)"
	printf '%s\n' "$out" | grep -A2 '^not ok' | sed 's/^/# /'
	ok $([ "$rc" = 0 ] && [ "$fails" = 0 ] && [ "$total" -gt 0 ] && echo 0 || echo 1) \
		"$name: $total checks, $fails failed"
done
done_testing
