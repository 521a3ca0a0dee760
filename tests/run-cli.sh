#!/bin/sh
# Run every CLI and bad-input test script; one closing line with the totals.
: "${IPT_BIN:?}"
cd "$(dirname "$0")/.." || exit 1
passed=0 failed=0 status=0
for s in tests/cli/*.sh tests/bad/*.sh; do
	[ -f "$s" ] || continue
	out=$(IPT_BIN=$IPT_BIN sh "$s") || status=1
	printf '%s\n' "$out"
	line=$(printf '%s\n' "$out" | tail -n 1)
	p=$(printf '%s\n' "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(printf '%s\n' "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ]; then
		echo "$s: no result line" >&2
		status=1
		continue
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "cli: $passed passed, $failed failed"
exit $status
