/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "xalloc.h"

enum {
	OPT_STRICT = 1, OPT_REJECTS, OPT_STATS
};

static const struct option common_long[] = {
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{"input-format", required_argument, NULL, 'i'},
	{"output-format", required_argument, NULL, 'o'},
	{"delimiter", required_argument, NULL, 'd'},
	{"strict", no_argument, NULL, OPT_STRICT},
	{"rejects", required_argument, NULL, OPT_REJECTS},
	{"quiet", no_argument, NULL, 'q'},
	{"stats", no_argument, NULL, OPT_STATS},
};
#define NCOMMON (sizeof(common_long) / sizeof(common_long[0]))

static const char common_help[] =
"Common options:\n"
"  -i, --input-format FMT   csv, json or jsonl (default: detected per file)\n"
"  -o, --output-format FMT  %s\n"
"  -d, --delimiter C        CSV delimiter, one ASCII byte or 'tab' (default ,)\n"
"      --strict             the first rejected record is fatal (exit 65)\n"
"      --rejects FILE       also write rejected records to FILE as JSON Lines\n"
"  -q, --quiet              no per-record warnings\n"
"      --stats              always print the closing summary line\n"
"  -h, --help               show this help and exit\n"
"  -V, --version            show the version and exit\n";

void
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", diag_prog());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", diag_prog());
}

int
cli_parse_range(const char *s, size_t n, int lo, int hi, int *v)
{
	long x = 0;

	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
		if (x > hi)
			return -1;
	}
	if (x < lo)
		return -1;
	*v = (int)x;
	return 0;
}

enum fmt
cli_format(const char *s, bool report_formats)
{
	if (strcmp(s, "csv") == 0)
		return FMT_CSV;
	if (strcmp(s, "json") == 0)
		return FMT_JSON;
	if (strcmp(s, "jsonl") == 0)
		return FMT_JSONL;
	if (report_formats && strcmp(s, "md") == 0)
		return FMT_MD;
	if (report_formats && strcmp(s, "html") == 0)
		return FMT_HTML;
	return FMT_NONE;
}

int
cli_close_stdout(void)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (errno != EPIPE)
			diag_error("write error: %s", strerror(errno));
		fclose(stdout);
		return -1;
	}
	if (fclose(stdout) == EOF) {
		if (errno != EPIPE)
			diag_error("write error: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int
print_help(const struct cli_tool *t)
{
	printf("Usage: %s %s\n%s\n\n", t->name, t->synopsis, t->summary);
	if (t->options != NULL && t->options[0] != '\0')
		printf("Options:\n%s\n", t->options);
	printf(common_help, t->report_formats ?
	    "md, html, json or csv (default: md)" :
	    "csv, json or jsonl (default: the input's)");
	printf("\nExample:\n%s\n", t->example);
	printf("\nExit status: 0 all records written; 1 some rejected or "
	    "flagged; 64 usage;\n65 bad data; 66 input not opened; "
	    "70 internal error; 73 rejects file\nnot created; "
	    "74 read or write error.  See %s(1).\n", t->name);
	printf("\nThis tool supports clinicians and researchers; it does not "
	    "make clinical\ndecisions.\n");
	return cli_close_stdout() == 0 ? 0 : EXIT_IO;
}

static int
print_version(const struct cli_tool *t)
{
	printf("%s (ipt-tools) %s\n", t->name, IPT_VERSION);
	printf("Copyright (C) 2026 the ipt-tools authors.\n"
	    "License MIT: free to use, change and share; no warranty.\n");
	return cli_close_stdout() == 0 ? 0 : EXIT_IO;
}

static int
parse_delim(struct cli *c, const char *arg)
{
	if (strcmp(arg, "tab") == 0) {
		c->delim = '\t';
		return 0;
	}
	unsigned char d = (unsigned char)arg[0];

	if (arg[0] == '\0' || arg[1] != '\0' || d >= 0x80 || d == '"' ||
	    d == '\r' || d == '\n') {
		cli_usage_error("invalid delimiter '%s': one ASCII byte "
		    "other than '\"', CR or LF, or 'tab'", arg);
		return -1;
	}
	c->delim = (char)d;
	return 0;
}

static int
parse_fmt(enum fmt *f, const char *arg, bool report, const char *what)
{
	*f = cli_format(arg, report);
	if (*f == FMT_NONE || (what[0] == 'i' && *f >= FMT_MD)) {
		cli_usage_error("invalid %s format '%s'", what[0] == 'i' ?
		    "input" : "output", arg);
		return -1;
	}
	return 0;
}

/* Merge the common and the tool's long options; caller frees. */
static struct option *
merge_options(const struct cli_tool *t)
{
	size_t n = 0;

	while (t->longopts != NULL && t->longopts[n].name != NULL)
		n++;
	struct option *all = xcalloc(NCOMMON + n + 1, sizeof(*all));

	memcpy(all, common_long, sizeof(common_long));
	if (n > 0)
		memcpy(all + NCOMMON, t->longopts, n * sizeof(*all));
	return all;
}

static int
common_option(struct cli *c, const struct cli_tool *t, int ch,
    const char *arg)
{
	switch (ch) {
	case 'h': return print_help(t);
	case 'V': return print_version(t);
	case 'i': return parse_fmt(&c->in_fmt, arg, false, "in") ? EXIT_USAGE
	    : CLI_RUN;
	case 'o': return parse_fmt(&c->out_fmt, arg, t->report_formats, "out")
	    ? EXIT_USAGE : CLI_RUN;
	case 'd': return parse_delim(c, arg) ? EXIT_USAGE : CLI_RUN;
	case 'q': c->quiet = true; return CLI_RUN;
	case OPT_STRICT: c->strict = true; return CLI_RUN;
	case OPT_REJECTS: c->rejects = arg; return CLI_RUN;
	case OPT_STATS: c->stats = true; return CLI_RUN;
	}
	return CLI_TOOL_OPT;
}

int
cli_parse(struct cli *c, const struct cli_tool *t, int argc, char **argv)
{
	char shortopts[64];
	struct option *all = merge_options(t);
	int ch, rc = CLI_RUN;

	memset(c, 0, sizeof(*c));
	c->delim = ',';
	snprintf(shortopts, sizeof(shortopts), ":hVi:o:d:q%s",
	    t->shortopts ? t->shortopts : "");
	opterr = 0;
	while (rc == CLI_RUN &&
	    (ch = getopt_long(argc, argv, shortopts, all, NULL)) != -1) {
		if (ch == '?' || ch == ':') {
			if (ch == ':')
				cli_usage_error("option '%s' needs a value",
				    argv[optind - 1]);
			else
				cli_usage_error("unknown option '%s'",
				    argv[optind - 1]);
			rc = EXIT_USAGE;
			break;
		}
		rc = common_option(c, t, ch, optarg);
		if (rc == CLI_TOOL_OPT)
			rc = t->opt(ch, optarg, t->ctx) == 0 ? CLI_RUN
			    : EXIT_USAGE;
	}
	free(all);
	c->files = argv + optind;
	c->nfiles = argc - optind;
	return rc;
}
