/* SPDX-License-Identifier: MIT */
/*
 * cli.h - the options every tool shares (io.md 1), --help and --version.
 *
 * A tool describes its own options (long options with val >= CLI_TOOL_OPT,
 * or short letters the common set does not use) and a callback; cli_parse()
 * runs getopt_long(3) over both sets, GNU style (options may follow
 * operands, "--" ends them).
 */
#ifndef IPT_CLI_H
#define IPT_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "stream.h"

#define CLI_TOOL_OPT 256

struct cli {
	enum fmt in_fmt;	/* FMT_NONE: detect */
	enum fmt out_fmt;	/* FMT_NONE: as the first input */
	char delim;
	bool strict, quiet, stats;
	const char *rejects;
	char **files;		/* the operands (argv entries) */
	int nfiles;
};

struct cli_tool {
	const char *name;	/* "ipt-score" */
	const char *synopsis;	/* "[options] [FILE ...]" */
	const char *summary;	/* one line: what the tool does */
	const char *options;	/* help text of the tool's own options */
	const char *example;	/* help text: an example pipeline */
	bool report_formats;	/* -o also takes md and html */
	const struct option *longopts;	/* the tool's own, NULL-terminated */
	const char *shortopts;
	/* Handle one of the tool's options; return 0, or -1 for a usage
	 * error already reported with cli_usage_error(). */
	int (*opt)(int c, const char *arg, void *ctx);
	void *ctx;
};

enum cli_result { CLI_RUN = -1 };

/*
 * Parse argv.  Returns CLI_RUN to go on, or an exit status to return at
 * once: 0 after --help or --version (stdout flushed and checked), 64
 * after a usage error, 74 when writing the help failed.
 */
int cli_parse(struct cli *c, const struct cli_tool *t, int argc, char **argv);

/* Print "PROG: <message>" and "Try 'PROG --help'." to stderr. */
void cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * An option's number: s[0..n) all decimal digits (leading zeros allowed,
 * no sign) with a value in lo..hi.  Returns 0 with *v set, or -1.
 */
int cli_parse_range(const char *s, size_t n, int lo, int hi, int *v);

/* Parse a format name; FMT_NONE when unknown. */
enum fmt cli_format(const char *s, bool report_formats);

/*
 * Flush and close stdout, checking for errors (a write error is exit
 * status 74, EPIPE quietly so).  Returns 0 or -1.
 */
int cli_close_stdout(void);

#endif
