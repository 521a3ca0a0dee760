#!/bin/sh
# shellcheck disable=SC2012,SC2086,SC2089,SC2090
# build.sh - build the libFuzzer harnesses (make fuzz).
#
#   sh tests/fuzz/build.sh        build build/fuzz/fuzz_{csv,json,score,screen,plan,report}
#
# Every harness is linked with every common/*.c, compiled here by clang
# with libFuzzer, ASan and UBSan (never the gcc-built libipt.a), as
# libs.md section 4.2 describes.
#
# libcsv and cJSON: the distro's libcsv.so and libcjson.so are not
# instrumented (no coverage feedback, no ASan inside them), so this script
# first tries to compile Debian's own sources of the same packages into
# the fuzz build: it fetches them with apt-get source into build/fuzz/src
# (ignored by git, never committed), pointing apt at a private deb-src list
# built from the system's own mirrors without touching the system's apt
# state.  When that fails for any reason (no network, no dpkg-source, no
# Debian) it falls back silently to linking the distro libraries,
# -lcsv -lcjson: still a valid fuzz build of our code, only without
# coverage inside the two libraries.  IPT_FUZZ_DISTRO_LIBS=1 skips the
# fetch.  The fetch happens once; later builds reuse build/fuzz/src (or,
# after a failed fetch, link the distro libraries until
# build/fuzz/fetch.failed is removed).  The apt output is in
# build/fuzz/fetch.log.
set -eu
# Flag variables are split into words on purpose; the quotes in
# -DIPT_VERSION=\"fuzz\" are meant for the compiler (a string literal).

cd "$(dirname "$0")/../.." || exit 1
out=build/fuzz
src=$out/src
obj=$out/obj

if command -v clang >/dev/null 2>&1; then
	CC=clang
elif command -v clang-14 >/dev/null 2>&1; then
	CC=clang-14
else
	echo "build.sh: clang not found (sh tests/deps.sh installs it)" >&2
	exit 1
fi

SAN="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
CFLAGS="-g -O1 -fno-omit-frame-pointer $SAN -std=c11"
CPPFLAGS="-D_POSIX_C_SOURCE=200809L -DIPT_VERSION=\"fuzz\" -Icommon"

mkdir -p "$out" "$obj"

# fetch_sources: Debian's libcsv and cjson sources into $src; 0 on success.
fetch_sources() {
	[ "${IPT_FUZZ_DISTRO_LIBS-}" = 1 ] && return 1
	ls -d "$src"/libcsv-*/libcsv.c "$src"/cjson-*/cJSON.c >/dev/null 2>&1 &&
	    return 0
	# One failed fetch is enough: later builds do not wait for it again.
	[ -f "$out/fetch.failed" ] && return 1
	: >"$out/fetch.failed"
	command -v apt-get >/dev/null 2>&1 || return 1
	command -v dpkg-source >/dev/null 2>&1 || return 1
	list=/etc/apt/sources.list.d/debian.sources
	[ -r "$list" ] || return 1
	abs=$(pwd)/$src
	rm -rf "$src"
	mkdir -p "$abs/lists/partial" "$abs/cache/archives/partial" || return 1
	sed 's/^Types: deb$/Types: deb-src/' "$list" >"$abs/src.sources" ||
	    return 1
	to=
	command -v timeout >/dev/null 2>&1 && to="timeout 180"
	# $o and $to are split into words on purpose.
	o="-q -o Dir::Etc::SourceList=$abs/src.sources
	   -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists=$abs/lists
	   -o Dir::Cache=$abs/cache -o APT::Sandbox::User=$(id -un)"
	# shellcheck disable=SC2086
	{ $to apt-get $o update &&
	  (cd "$abs" && $to apt-get $o source libcsv cjson); } \
	    >"$out/fetch.log" 2>&1 || return 1
	ls -d "$src"/libcsv-*/libcsv.c "$src"/cjson-*/cJSON.c >/dev/null 2>&1 &&
	    rm -f "$out/fetch.failed"
}

libobjs=
libs="-lcsv -lcjson -lm"
if fetch_sources; then
	csvdir=$(ls -d "$src"/libcsv-*/ | head -n 1)
	cjdir=$(ls -d "$src"/cjson-*/ | head -n 1)
	# Our sources include <csv.h> and <cjson/cJSON.h>: the fetched ones.
	mkdir -p "$src/include/cjson"
	cp "$csvdir/csv.h" "$src/include/csv.h"
	cp "$cjdir/cJSON.h" "$src/include/cjson/cJSON.h"
	CPPFLAGS="$CPPFLAGS -I$src/include"
	if $CC $CFLAGS -w -I"$csvdir" -c -o "$obj/libcsv.o" "$csvdir/libcsv.c" &&
	    $CC $CFLAGS -w -I"$cjdir" -c -o "$obj/cJSON.o" "$cjdir/cJSON.c"; then
		libobjs="$obj/libcsv.o $obj/cJSON.o"
		libs="-lm"
		echo "build.sh: libcsv and cJSON compiled from Debian sources" \
		    "($(basename "$csvdir"), $(basename "$cjdir"))"
	else
		CPPFLAGS="-D_POSIX_C_SOURCE=200809L -DIPT_VERSION=\"fuzz\" -Icommon"
	fi
fi
[ -n "$libobjs" ] ||
    echo "build.sh: linking the distro libcsv and cJSON (not instrumented)"

# common/*.c, each compiled once for all harnesses.
objs=
for f in common/*.c; do
	o=$obj/$(basename "$f" .c).o
	$CC $CPPFLAGS $CFLAGS -c -o "$o" "$f"
	objs="$objs $o"
done

# diag_fatal() is wrapped (see fuzz_util.h) so that an internal error or
# an out-of-memory exit is a crash with an artifact, not a silent exit.
for h in csv json score screen plan report; do
	# shellcheck disable=SC2086
	$CC $CPPFLAGS $CFLAGS -Wall -Wextra -o "$out/fuzz_$h" \
	    "tests/fuzz/fuzz_$h.c" $objs $libobjs \
	    -Wl,--wrap=diag_fatal $libs
	echo "build.sh: $out/fuzz_$h"
done
