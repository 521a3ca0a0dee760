/* SPDX-License-Identifier: MIT */
/*
 * fuzz_plan.c - libFuzzer harness for ipt-plan's record path: plan_run()
 * exactly as cmd/ipt-plan.c calls it, with a fixed --start 2026-12-07, a
 * fixed holiday set (Christmas week 2026 and some Mondays) and the
 * default follow-ups, writing JSON Lines to a temporary file that is then
 * read back with our own reader.
 *
 * Input: one mode byte, then the file.
 *   bits 0-1  input format: detected, csv, json, jsonl
 *   bit 2     --weekday wed (else each start's weekday)
 *   bit 3     --eligible-only
 *   bit 4     --nested (then only the accounting is checked)
 * Invariants (abort() on violation):
 *   - the output parses with our JSON Lines reader, every record valid;
 *   - a planned contact falls on a working day (mon-fri, not a holiday)
 *     and its weekday column names that day;
 *   - within a patient, contact numbers run 1, 2, ..., dates never go
 *     back, and treatment sessions run 1, 2, ... each in a later week;
 *   - records in = planned + not planned + rejected when no fatal error
 *     stopped the run.
 */
#include "fuzz_util.h"

#include "cli.h"
#include "date.h"
#include "holiday.h"
#include "json.h"
#include "plan.h"

static int in_fd = -1, out_fd = -1;
static char in_path[64];
static struct holidays hol;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const days[] = {"2026-12-24", "2026-12-25",
	    "2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31",
	    "2027-01-01", "2027-01-11", "2027-02-15", "2027-05-03"};
	long d;

	(void)argc;
	(void)argv;
	fz_init();
	in_fd = fz_tmpfile();
	out_fd = fz_tmpfile();
	snprintf(in_path, sizeof(in_path), "/proc/self/fd/%d", in_fd);
	holidays_init(&hol);
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		if (!date_parse(days[i], 10, &d))
			fz_fail("bad holiday %s", days[i]);
		holidays_add(&hol, d);
	}
	holidays_sort(&hol);
	return 0;
}

static const struct field *
get(const struct record *r, const char *name)
{
	long i = record_find(r, name, strlen(name));

	return i < 0 ? NULL : &r->f[i];
}

/*
 * The state of the patient whose contacts are being read back.  The id is
 * kept whole, whatever its length: a fixed buffer once made every contact
 * of a patient with a long id look like a first contact.
 */
struct patient {
	char *id;
	size_t idlen;
	long contact, session, date, week;
};

static bool
same_patient(const struct patient *pt, const struct field *id)
{
	return id != NULL && pt->id != NULL && id->len == pt->idlen &&
	    memcmp(id->val, pt->id, id->len) == 0;
}

/* Start a new patient at this contact; pt->id is reused or reallocated. */
static void
new_patient(struct patient *pt, const struct field *id, long d, long week)
{
	char *keep = pt->id;

	memset(pt, 0, sizeof(*pt));
	pt->id = keep;
	if (id != NULL) {
		pt->id = realloc(keep, id->len + 1);
		FZ_CHECK(pt->id != NULL);
		memcpy(pt->id, id->val, id->len);
		pt->id[id->len] = '\0';
		pt->idlen = id->len;
	}
	pt->date = d;
	pt->week = week - 1;
}

static void
check_contact(const struct record *r, struct patient *pt)
{
	static const char *const wd[] = {"mon", "tue", "wed", "thu", "fri"};
	const struct field *id = get(r, "id"), *st = get(r, "plan_status");
	const struct field *date = get(r, "date"), *day = get(r, "weekday");
	const struct field *ct = get(r, "contact"), *ses = get(r, "session");
	const struct field *week = get(r, "week");
	long d;

	FZ_CHECK(st != NULL && date != NULL && day != NULL && ct != NULL);
	if (strcmp(st->val, "planned") != 0)
		return;
	FZ_CHECK(date_parse(date->val, date->len, &d));
	FZ_CHECK(date_weekday(d) < 5 && !holidays_contains(&hol, d));
	FZ_CHECK(strcmp(day->val, wd[date_weekday(d)]) == 0);
	FZ_CHECK(ct->kind == VK_NUM && week != NULL && week->kind == VK_NUM);
	if (!same_patient(pt, id) || ct->num == 1)
		new_patient(pt, id, d, (long)week->num);
	FZ_CHECK((long)ct->num == pt->contact + 1);
	FZ_CHECK(d >= pt->date);
	pt->contact++;
	pt->date = d;
	if (ses == NULL || ses->kind != VK_NUM)
		return;
	FZ_CHECK((long)ses->num == pt->session + 1);
	FZ_CHECK((long)week->num > pt->week || pt->session == 0);
	pt->session++;
	pt->week = (long)week->num;
}

/* Read the JSON Lines output back and check every contact. */
static void
read_back(bool nested)
{
	struct inbuf in;
	struct json_reader j;
	struct record r;
	struct patient pt;
	char why[256];
	int res;

	memset(&pt, 0, sizeof(pt));
	inbuf_init(&in, fz_reader_fd(out_fd));
	json_reader_init(&j, &in, false, 1);
	record_init(&r);
	while ((res = json_read_record(&j, &r, why, sizeof(why))) ==
	    JSONR_RECORD) {
		if (!nested)
			check_contact(&r, &pt);
	}
	if (res != JSONR_EOF)
		fz_fail("output does not read back: %s", why);
	free(pt.id);
	record_release(&r);
	json_reader_release(&j);
	inbuf_release(&in);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum fmt fmts[] = {FMT_NONE, FMT_CSV, FMT_JSON, FMT_JSONL};
	static const int followups[] = {3, 6, 12};
	char *files[] = {in_path};
	struct plan_config cfg;
	struct plan_counts k;
	struct planner p;
	struct cli c;

	if (size < 1)
		return 0;
	fz_rewrite(in_fd, data + 1, size - 1);
	fz_rewrite(out_fd, "", 0);
	memset(&c, 0, sizeof(c));
	c.in_fmt = fmts[data[0] & 3];
	c.out_fmt = FMT_JSONL;
	c.delim = ',';
	c.files = files;
	c.nfiles = 1;
	memset(&cfg, 0, sizeof(cfg));
	cfg.has_start = date_parse("2026-12-07", 10, &cfg.start);
	cfg.cal.weekday = data[0] & 4 ? 2 : -1;
	cfg.cal.followup = followups;
	cfg.cal.nfollowups = 3;
	cfg.cal.hol = &hol;
	cfg.eligible_only = data[0] & 8;
	cfg.nested = data[0] & 16;
	diag_reset();
	planner_init(&p, &cfg);
	int rc = plan_run(&c, &p, out_fd, &k);

	planner_release(&p);
	int status = diag_exit_status();

	if (rc == 0 && status != EXIT_DATA && status != EXIT_IO &&
	    status != EXIT_INTERNAL && status != EXIT_USAGE)
		FZ_CHECK(diag_count.in == k.planned + k.not_planned +
		    diag_count.rejected);
	FZ_CHECK(status != EXIT_INTERNAL);
	read_back(cfg.nested);
	return 0;
}
