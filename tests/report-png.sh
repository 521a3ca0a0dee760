#!/bin/sh
# report-png.sh - render the sample weekly report to PNG with headless
# Chromium (make report-png), so a person can look at the HTML and its
# charts: OUTDIR/report.html and OUTDIR/report.png.
#
#   sh tests/report-png.sh OUTDIR
set -u

out=${1:?usage: report-png.sh OUTDIR}
sh tests/report-pipeline.sh "$out" html || exit 1
chromium=$(command -v chromium || command -v chromium-browser) || {
	echo "report-png: chromium not found (sh tests/deps.sh png)" >&2
	exit 1
}
# A4 width at 96 dpi is 794 px; the height takes the whole report.
abs=$(cd "$out" && pwd) || exit 1
"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size=900,6400 --screenshot="$abs/report.png" \
    "file://$abs/report.html" 2>"$out/chromium.log" || {
	cat "$out/chromium.log" >&2
	exit 1
}
[ -s "$out/report.png" ] || { echo "report-png: no PNG written" >&2; exit 1; }
echo "report-png: $out/report.png"
