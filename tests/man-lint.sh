#!/bin/sh
# man-lint.sh - lint man pages with mandoc(1); any message fails.
#
#   sh tests/man-lint.sh man/ipt-score.1 man/ipt-tools.7
#
# Each page must give no output at all from `mandoc -T lint -W warning`
# (warnings, errors and unsupported features; style notes are not asked
# for).  Prints each failing page's messages, then
# "man-lint: N passed, N failed"; exits 1 if any page failed.
set -u

if [ $# -eq 0 ]; then
	echo "usage: sh tests/man-lint.sh PAGE ..." >&2
	exit 64
fi
if ! command -v mandoc >/dev/null 2>&1; then
	echo "man-lint: mandoc not found (sh tests/deps.sh installs it)" >&2
	exit 1
fi

pass=0 fail=0
for page; do
	if [ ! -f "$page" ]; then
		echo "man-lint: $page: no such file" >&2
		fail=$((fail + 1))
		continue
	fi
	out=$(mandoc -T lint -W warning "$page" 2>&1)
	rc=$?
	if [ -n "$out" ] || [ "$rc" -ne 0 ]; then
		printf '%s\n' "$out" >&2
		echo "man-lint: $page: FAIL (mandoc status $rc)" >&2
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
echo "man-lint: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
