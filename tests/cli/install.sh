# install.sh - make install and uninstall honour PREFIX, DESTDIR, MANPREFIX.
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)

t install_destdir_prefix
run make -s -C "$top" install DESTDIR="$T/root" PREFIX=/opt/ipt \
    BIN="$IPT_BIN" O="${IPT_O:-build}"
want_rc 0
for tool in ipt-score ipt-screen ipt-plan ipt-report; do
	for f in /opt/ipt/bin/$tool /opt/ipt/share/man/man1/$tool.1; do
		if [ -f "$T/root$f" ]; then ok; else bad "$f not installed"; fi
	done
	if [ -x "$T/root/opt/ipt/bin/$tool" ]; then ok; else
		bad "$tool not executable"; fi
	run "$T/root/opt/ipt/bin/$tool" --version
	want_rc 0
	want_out_has "$tool (ipt-tools) "
done
if [ -f "$T/root/opt/ipt/share/man/man7/ipt-tools.7" ]; then ok; else
	bad "ipt-tools.7 not installed"; fi

t install_manprefix
run make -s -C "$top" install DESTDIR="$T/root2" PREFIX=/usr \
    MANPREFIX=/usr/man BIN="$IPT_BIN"
want_rc 0
if [ -f "$T/root2/usr/man/man1/ipt-score.1" ]; then ok; else
	bad "MANPREFIX not honoured"; fi

t uninstall_removes_files
run make -s -C "$top" uninstall DESTDIR="$T/root" PREFIX=/opt/ipt
want_rc 0
left=$(find "$T/root" -type f | wc -l)
if [ "$left" -eq 0 ]; then ok; else bad "$left files left after uninstall"; fi

finish install
