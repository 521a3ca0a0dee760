/* SPDX-License-Identifier: MIT */
/*
 * fuzz_screen.c - libFuzzer harness for ipt-screen's record path, driven
 * exactly as cmd/ipt-screen.c drives it: filter_run() over the stream
 * with screen_filter()'s callbacks (scorer, then screener), output to
 * /dev/null.
 *
 * Input: one mode byte, then the file.
 *   bits 0-1  input format: detected, csv, json, jsonl
 *   bits 2-3  output format: the input's, csv, json, jsonl
 *   bits 4-5  --link-days: 365, 0, 1, 3650
 * Invariants (abort() on violation), checked on every record screened:
 *   - risk_level is one of high, moderate, low, not_endorsed, unknown;
 *   - with no structured assessment (no valid suicide_risk and no
 *     cssrs_risk, given or scored), risk_level is unknown (spec 2.3): a
 *     missing risk answer never reads as safe;
 *   - risk unknown is never eligible; risk high is refer or defer;
 *   - screen_status is one of the four statuses;
 * and after the run, when no fatal error stopped it, in = out + rejected.
 */
#include "fuzz_util.h"

#include "cli.h"
#include "filter.h"
#include "screen.h"
#include "value.h"

static int in_fd = -1, null_fd = -1;
static char in_path[64];
static struct filter inner;	/* the real callbacks */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init();
	in_fd = fz_tmpfile();
	snprintf(in_path, sizeof(in_path), "/proc/self/fd/%d", in_fd);
	null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null_fd < 0)
		fz_fail("cannot open /dev/null: %s", strerror(errno));
	return 0;
}

static const struct field *
find(const struct record *r, const char *name)
{
	long i = record_find(r, name, strlen(name));

	return i < 0 ? NULL : &r->f[i];
}

static bool
is(const struct field *f, const char *word)
{
	return f != NULL && f->kind != VK_NULL && strcmp(f->val, word) == 0;
}

/* A structured assessment the spec counts (section 2.1). */
static bool
has_assessment(const struct record *r)
{
	static const char *const sr[] = {"none", "low", "moderate", "high",
	    NULL};
	static const char *const cs[] = {"high", "moderate", "unknown", "low",
	    "not_endorsed", NULL};
	int idx;

	return value_code(find(r, "suicide_risk"), sr, &idx) == VAL_OK ||
	    value_code(find(r, "cssrs_risk"), cs, &idx) == VAL_OK;
}

static void
check_record(const struct record *r)
{
	const struct field *risk = find(r, "risk_level");
	const struct field *st = find(r, "screen_status");

	FZ_CHECK(risk != NULL && st != NULL);
	FZ_CHECK(is(risk, "high") || is(risk, "moderate") || is(risk, "low") ||
	    is(risk, "not_endorsed") || is(risk, "unknown"));
	FZ_CHECK(is(st, "refer") || is(st, "defer") ||
	    is(st, "needs_assessment") || is(st, "eligible"));
	if (!has_assessment(r))
		FZ_CHECK(is(risk, "unknown"));
	if (is(risk, "unknown"))
		FZ_CHECK(!is(st, "eligible"));
	if (is(risk, "high"))
		FZ_CHECK(is(st, "refer") || is(st, "defer"));
}

static int
checked_apply(void *ctx, struct record *r, bool from_csv, char *why,
    size_t whylen)
{
	int res = inner.apply(ctx, r, from_csv, why, whylen);

	if (res == 0)
		check_record(r);
	return res;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum fmt fmts[] = {FMT_NONE, FMT_CSV, FMT_JSON, FMT_JSONL};
	static const long link[] = {365, 0, 1, 3650};
	char *files[] = {in_path};
	struct screen_tool st;
	struct filter f;
	struct cli c;

	if (size < 1)
		return 0;
	fz_rewrite(in_fd, data + 1, size - 1);
	memset(&c, 0, sizeof(c));
	c.in_fmt = fmts[data[0] & 3];
	c.out_fmt = fmts[(data[0] >> 2) & 3];
	c.delim = ',';
	c.files = files;
	c.nfiles = 1;
	diag_reset();
	screen_tool_init(&st, link[(data[0] >> 4) & 3]);
	screen_filter(&st, &inner);
	f = inner;
	f.apply = checked_apply;
	f.out_fd = null_fd;
	filter_run(&c, &f);
	screen_tool_release(&st);
	int status = diag_exit_status();

	if (status != EXIT_DATA && status != EXIT_IO && status != EXIT_INTERNAL)
		FZ_CHECK(diag_count.in == diag_count.out + diag_count.rejected);
	return 0;
}
