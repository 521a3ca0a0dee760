# tests/lib.sh - the shell harness for CLI tests (sourced, POSIX sh).
#
#   run CMD ARGS...        run with stdin as given; stdout in $T/out,
#                          stderr in $T/err, the exit status in $rc
#   t NAME                 name the case that the next checks belong to
#   want_rc N              the exit status must be N
#   want_out TEXT          stdout must be exactly TEXT (printf %s, plus LF)
#   want_out_file FILE     stdout must equal FILE byte for byte
#   want_err TEXT          stderr must be exactly TEXT (plus LF)
#   want_err_has TEXT      stderr must contain TEXT (fixed string)
#   want_err_lines N       stderr must have N lines
#   want_out_has TEXT      stdout must contain TEXT
#   want_line N TEXT       line N of stdout must be exactly TEXT
#   want_err_line N TEXT   line N of stderr must be exactly TEXT
#   want_lines N           stdout must have N lines
#   want_jq F TEXT         jq -r F on stdout must print exactly TEXT
#   want_jq_s F TEXT       the same with the records slurped (jq -s)
#   want_same A B          files A and B must be byte-identical
#   want_no_out            stdout must be empty; want_no_err likewise
#   want_no_err_has TEXT   stderr must not contain TEXT
#   field REC COL          print column COL of CSV line REC (1 = header)
#   finish                 print "NAME: N passed, N failed"; exit status
#
# Never pipe the tool's output when its status matters: run captures it.
# Failures print the case name, what differed, and a diff.

: "${IPT_BIN:?set IPT_BIN to the directory holding the binaries}"
PATH=$IPT_BIN:$PATH
export LC_ALL=C TZ=UTC
T=$(mktemp -d "${TMPDIR:-/tmp}/ipt-test.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
pass=0
fail=0
name=unnamed

t() { name=$1; }

run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
}

ok() { pass=$((pass + 1)); }

bad() {
	fail=$((fail + 1))
	printf 'FAIL %s: %s\n' "$name" "$1" >&2
	if [ -n "${2:-}" ]; then
		sed 's/^/    /' "$2" | head -40 >&2
	fi
}

want_rc() {
	if [ "$rc" -eq "$1" ]; then ok; else
		bad "exit status $rc, want $1" "$T/err"; fi
}

want_out() {
	printf '%s\n' "$1" >"$T/want"
	if cmp -s "$T/want" "$T/out"; then ok; else
		diff "$T/want" "$T/out" >"$T/diff" 2>&1
		bad "stdout differs (- want, + got)" "$T/diff"; fi
}

want_out_file() {
	if cmp -s "$1" "$T/out"; then ok; else
		diff "$1" "$T/out" >"$T/diff" 2>&1
		bad "stdout differs from $1" "$T/diff"; fi
}

want_err() {
	printf '%s\n' "$1" >"$T/want"
	if cmp -s "$T/want" "$T/err"; then ok; else
		diff "$T/want" "$T/err" >"$T/diff" 2>&1
		bad "stderr differs (- want, + got)" "$T/diff"; fi
}

want_err_has() {
	if grep -qF -- "$1" "$T/err"; then ok; else
		bad "stderr lacks '$1'" "$T/err"; fi
}

want_out_has() {
	if grep -qF -- "$1" "$T/out"; then ok; else
		bad "stdout lacks '$1'" "$T/out"; fi
}

want_err_lines() {
	n=$(wc -l <"$T/err")
	if [ "$n" -eq "$1" ]; then ok; else
		bad "stderr has $n lines, want $1" "$T/err"; fi
}

# field REC COL: column COL (a name) of data record REC (1-based) in $T/out,
# which must be simple CSV (no quoted commas).
field() {
	awk -F, -v rec="$1" -v col="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
		NR == rec + 1 { print (c ? $c : "NO-SUCH-COLUMN") }' "$T/out"
}

want_field() {
	got=$(field "$1" "$2")
	if [ "$got" = "$3" ]; then ok; else
		bad "record $1 column $2 is '$got', want '$3'" "$T/out"; fi
}

want_line() {
	got=$(sed -n "$1p" "$T/out")
	if [ "$got" = "$2" ]; then ok; else
		bad "stdout line $1 is '$got', want '$2'" "$T/out"; fi
}

want_err_line() {
	got=$(sed -n "$1p" "$T/err")
	if [ "$got" = "$2" ]; then ok; else
		bad "stderr line $1 is '$got', want '$2'" "$T/err"; fi
}

want_lines() {
	n=$(wc -l <"$T/out")
	if [ "$n" -eq "$1" ]; then ok; else
		bad "stdout has $n lines, want $1" "$T/out"; fi
}

want_jq() {
	got=$(jq -r "$1" "$T/out" 2>&1)
	if [ "$got" = "$2" ]; then ok; else
		bad "jq '$1' gives '$got', want '$2'" "$T/out"; fi
}

want_jq_s() {
	got=$(jq -r -s "$1" "$T/out" 2>&1)
	if [ "$got" = "$2" ]; then ok; else
		bad "jq -s '$1' gives '$got', want '$2'" "$T/out"; fi
}

want_same() {
	if cmp -s "$1" "$2"; then ok; else
		diff "$1" "$2" >"$T/diff" 2>&1
		bad "$1 and $2 differ" "$T/diff"; fi
}

want_no_out() {
	if [ -s "$T/out" ]; then bad "stdout is not empty" "$T/out"; else ok; fi
}

want_no_err() {
	if [ -s "$T/err" ]; then bad "stderr is not empty" "$T/err"; else ok; fi
}

want_no_err_has() {
	if grep -qF -- "$1" "$T/err"; then
		bad "stderr holds '$1'" "$T/err"; else ok; fi
}

finish() {
	printf '%s: %d passed, %d failed\n' "$1" "$pass" "$fail"
	[ "$fail" -eq 0 ]
}
