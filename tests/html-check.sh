#!/bin/sh
# html-check.sh - every HTML report ipt-tools can write passes a strict
# HTML5 and SVG parse (tests/report-html-check.py): the unit tests'
# fixtures and the sample pipeline's report.
#
#   sh tests/html-check.sh BUILD_DIR BIN_DIR
#
# html5lib comes from Debian's python3-html5lib, which installs for the
# system interpreter: /usr/bin/python3 is preferred to a python3 on PATH.
set -u

o=${1:?usage: html-check.sh BUILD_DIR BIN_DIR}
bin=${2:?usage: html-check.sh BUILD_DIR BIN_DIR}
dir=$o/html
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3

rm -rf "$dir"
mkdir -p "$dir" || exit 1
RDOC_HTML_DIR=$dir "$o/tests/test_rdoc" >/dev/null || exit 1
IPT_BIN=$bin sh tests/report-pipeline.sh "$dir/sample" html || exit 1
cp "$dir/sample/report.html" "$dir/sample-report.html"
n=0 bad=0
for f in "$dir"/*.html; do
	n=$((n + 1))
	if ! res=$("$py" tests/report-html-check.py "$f"); then
		printf '%s: %s\n' "$f" "$res" >&2
		bad=$((bad + 1))
	fi
done
echo "html-check: $((n - bad)) passed, $bad failed"
[ "$bad" -eq 0 ] && [ "$n" -ge 2 ]
