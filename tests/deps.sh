#!/bin/sh
# deps.sh - install the Debian packages ipt-tools needs, when missing.
#
#   sh tests/deps.sh          libraries + test tools (make check, make demo)
#   sh tests/deps.sh bench    the same + miller, hyperfine, and mawk and
#                             time (tests/bench/run.sh needs /usr/bin/time)
#   sh tests/deps.sh png      the same + chromium (make report-png)
#
# Always: libcsv-dev libcjson-dev (the build).  Test tools: mandoc (man
# page lint), jq, python3, python3-html5lib (the strict HTML check), GNU
# parallel (the sharding recipe's test), clang and libclang-rt-14-dev
# (libFuzzer build).
# Prints nothing when everything is present.  Otherwise runs apt-get update
# and apt-get install, as root or through sudo; if neither is possible it
# names the packages and the command to run, and exits 1.
set -u

prog=deps.sh
libs="libcsv-dev libcjson-dev"
tools="mandoc jq python3 python3-html5lib parallel clang libclang-rt-14-dev"
bench="miller hyperfine mawk time"

case ${1-} in
'')	want="$libs $tools" ;;
bench)	want="$libs $tools $bench" ;;
png)	want="$libs $tools chromium" ;;
*)	echo "$prog: unknown mode '$1' (use no argument, 'bench' or 'png')" >&2
	exit 64 ;;
esac

# present PKG: true when PKG is installed (dpkg), or when the file or
# command it provides is there (for systems without dpkg).
present() {
	if command -v dpkg-query >/dev/null 2>&1 &&
	    dpkg-query -W -f='${Status}' "$1" 2>/dev/null |
	    grep -q 'ok installed'; then
		return 0
	fi
	case $1 in
	libcsv-dev)	test -f /usr/include/csv.h ;;
	libcjson-dev)	test -f /usr/include/cjson/cJSON.h ;;
	miller)		command -v mlr >/dev/null 2>&1 ;;
	libclang-rt-*)	return 1 ;;
	python3-html5lib)	return 1 ;;
	time)		test -x /usr/bin/time ;;
	*)		command -v "$1" >/dev/null 2>&1 ;;
	esac
}

missing=
for p in $want; do
	present "$p" || missing="$missing $p"
done
missing=${missing# }
[ -z "$missing" ] && exit 0

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing"

cannot() {
	echo "$prog: missing packages: $missing" >&2
	echo "$prog: $1; install them with:" >&2
	if [ "$(id -u)" -eq 0 ]; then
		echo "    $cmd" >&2
	else
		echo "    sudo sh -c '$cmd'" >&2
	fi
	exit 1
}

command -v apt-get >/dev/null 2>&1 || cannot "apt-get not found"

if [ "$(id -u)" -eq 0 ]; then
	sudo=
elif ! command -v sudo >/dev/null 2>&1; then
	cannot "not root and sudo not found"
elif sudo -n true 2>/dev/null; then
	sudo=sudo
elif [ -t 0 ]; then
	sudo=sudo	# sudo will ask for the password
else
	cannot "not root and sudo needs a password"
fi

echo "$prog: installing${sudo:+ with sudo}: $missing" >&2

# The update is needed only now; a failed update (one unreachable mirror)
# does not stop the install, which is retried once after a second update.
# $missing is split into package names on purpose.
# shellcheck disable=SC2086
do_install() {
	$sudo env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -q --no-install-recommends $missing
}
$sudo apt-get update -q || echo "$prog: apt-get update failed; trying the install anyway" >&2
if ! do_install; then
	echo "$prog: apt-get install failed; updating and retrying once" >&2
	$sudo apt-get update -q
	do_install || cannot "apt-get install failed"
fi

still=
for p in $missing; do
	present "$p" || still="$still $p"
done
[ -z "$still" ] || { missing=${still# }; cannot "still missing after the install"; }
exit 0
