/* SPDX-License-Identifier: MIT */
/*
 * test_joins.c - ipt-report's --intake and --plans files (joins.h):
 * intake values and their flags, duplicate ids, --by values, the id
 * column rule; planned counts, the due and overdue windows at their
 * edges, overdue only above the attended count and never for ended
 * patients, the sort order whatever the input order, not_planned
 * records, invalid plan values, ipt-plan's --nested form, the warnings'
 * exact text, and fatal errors.
 *
 * Every case writes a small CSV, JSON Lines or JSON file to /tmp and
 * loads it by name, as ipt-report does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "diag.h"
#include "joins.h"
#include "report.h"
#include "strbuf.h"
#include "tmpfd.h"
#include "unit.h"

#define U REP_UNKNOWN
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static long as_of;		/* 2026-03-01 */

static long
day(const char *s)
{
	long d = 0;

	if (!date_parse(s, strlen(s), &d))
		abort();
	return d;
}

/* Write text to a new file named in path (at least 32 bytes). */
static void
tmp_file(const char *text, char *path)
{
	size_t n = strlen(text);
	int fd;

	strcpy(path, "/tmp/ipt-joins.XXXXXX");
	if ((fd = mkstemp(path)) < 0) {
		perror("mkstemp");
		exit(2);
	}
	while (n > 0) {
		ssize_t w = write(fd, text, n);

		if (w < 0) {
			perror("write");
			exit(2);
		}
		text += w;
		n -= (size_t)w;
	}
	close(fd);
}

/* ---- stderr capture, to check the warnings' text ---- */

static int saved_stderr = -1, captured = -1;

static void
capture_start(void)
{
	fflush(stderr);
	saved_stderr = dup(2);
	captured = tmp_fd();
	if (saved_stderr < 0 || dup2(captured, 2) < 0)
		exit(2);
	diag_reset();
	diag_set_quiet(false);
}

/* What was written to stderr since capture_start(); caller frees. */
static char *
capture_end(void)
{
	size_t n;
	char *s;

	fflush(stderr);
	if (dup2(saved_stderr, 2) < 0)
		exit(2);
	close(saved_stderr);
	s = slurp(captured, &n);
	close(captured);
	diag_set_quiet(true);
	return s;
}

/* The expected text with every "@" replaced by path; caller frees. */
static char *
expand(const char *want, const char *path)
{
	struct strbuf b = STRBUF_INIT;

	for (const char *p = want; *p != '\0'; p++) {
		if (*p == '@')
			strbuf_puts(&b, path);
		else
			strbuf_put(&b, p, 1);
	}
	strbuf_puts(&b, "");
	return b.s;
}

static void
check_stderr(const char *got, const char *want, const char *path, int line)
{
	char *w = expand(want, path);

	unit_check_str(got, w, __FILE__, line);
	free(w);
}

/* ---- intake ---- */

static int
load_intake(const char *text, const char *const *by, size_t nby,
    struct intake *in, char *path)
{
	int res;

	tmp_file(text, path);
	res = intake_load(in, path, by, nby);
	unlink(path);
	return res;
}

struct intake_case {
	const char *text;	/* the whole file, one record for id P */
	long age, sessions;
	unsigned flagged;
};

static const struct intake_case intake_cases[] = {
	{ "id,age,sessions_recommended\nP,38,12\n", 38, 12, 0 },
	{ "id,age,sessions_recommended\nP,0,1\n", 0, 1, 0 },
	{ "id,age,sessions_recommended\nP,120,60\n", 120, 60, 0 },
	{ "id,age,sessions_recommended\nP, 7 ,007\n", 7, 7, 0 },
	{ "id,age,sessions_recommended\nP,,\n", U, U, 0 },
	{ "id,age,sessions_recommended\nP,\" \",\"\"\n", U, U, 0 },
	{ "id,age,sessions_recommended\nP,121,61\n", U, U, 1 },
	{ "id,age,sessions_recommended\nP,-1,0\n", U, U, 1 },
	{ "id,age,sessions_recommended\nP,12.5,x\n", U, U, 1 },
	{ "id,age,sessions_recommended\nP,abc,12\n", U, 12, 1 },
	{ "id,age,sessions_recommended\nP,40,2.0\n", 40, U, 1 },
	{ "id,age,sessions_recommended\nP,+4,-0\n", U, U, 1 },
	{ "id,age\nP,40\n", 40, U, 0 },
	{ "id\nP\n", U, U, 0 },
	{ "{\"id\":\"P\",\"age\":38.0,\"sessions_recommended\":\"12\"}\n",
	    38, 12, 0 },
	{ "{\"id\":\"P\",\"age\":null,\"sessions_recommended\":2e1}\n",
	    U, 20, 0 },
	{ "{\"id\":\"P\",\"age\":true,\"sessions_recommended\":12.5}\n",
	    U, U, 1 },
	{ "[{\"patient_id\":\"P\",\"age\":18}]\n", 18, U, 0 },
};

static void
test_intake_values(void)
{
	char path[32];

	for (size_t k = 0; k < NELEM(intake_cases); k++) {
		const struct intake_case *c = &intake_cases[k];
		const struct intake_row *row;
		struct intake in;

		CHECKF(load_intake(c->text, NULL, 0, &in, path) == 0,
		    "case %zu", k);
		row = intake_find(&in, "P", 1);
		CHECKF(row != NULL && in.n == 1 && in.records == 1,
		    "case %zu: one row", k);
		CHECKF(row != NULL && row->age == c->age &&
		    row->sessions_recommended == c->sessions,
		    "case %zu: age %ld sessions %ld", k, row ? row->age : 0,
		    row ? row->sessions_recommended : 0);
		CHECKF(in.flagged == c->flagged, "case %zu: flagged %llu", k,
		    (unsigned long long)in.flagged);
		CHECKF(row != NULL && row->by == NULL, "case %zu: no by", k);
		intake_release(&in);
		CHECK(in.n == 0 && intake_find(&in, "P", 1) == NULL);
	}
}

/* The warnings' exact text; record numbers count from 1 in the file. */
static void
test_intake_messages(void)
{
	struct intake in;
	char path[32];
	char *err;

	capture_start();
	diag_count.in = 41;	/* session records read before the intake */
	CHECK(load_intake("id,age,sessions_recommended\nA,130,12\n\n"
	    "B,x,0\nC,1234567890123456789012345,6\n", NULL, 0, &in,
	    path) == 0);
	err = capture_end();
	check_stderr(err,
	    "test_joins: @:2: record 1: field 'age': '130' is outside "
	    "0..120; read as unknown\n"
	    "test_joins: @:4: record 2: field 'age': 'x' is not an integer; "
	    "read as unknown\n"
	    "test_joins: @:4: record 2: field 'sessions_recommended': '0' is "
	    "outside 1..60; read as unknown\n"
	    "test_joins: @:5: record 3: field 'age': "
	    "'12345678901234567890...' is not an integer; read as unknown\n",
	    path, __LINE__);
	free(err);
	CHECK_INT(diag_count.in, 41);
	CHECK_INT(diag_count.flagged, 3);
	CHECK_INT(in.flagged, 3);
	CHECK_INT(in.records, 3);
	CHECK_INT(diag_exit_status(), EXIT_SOME);
	intake_release(&in);
	diag_reset();
}

static void
test_intake_duplicates(void)
{
	static const char *const by[] = { "site" };
	const struct intake_row *row;
	struct intake in;
	char path[32];
	char *err;

	capture_start();
	CHECK(load_intake("id,age,sessions_recommended,site\n"
	    "A,30,12,x\nB,40,16,y\nA,,8,z\n A,50,,w\n", by, 1, &in,
	    path) == 0);
	err = capture_end();
	check_stderr(err, "test_joins: @:4: record 3: field 'id': 'A' is a "
	    "duplicate id; the later record wins\n", path, __LINE__);
	free(err);
	CHECK_INT(in.n, 3);
	CHECK_INT(in.flagged, 1);
	/* The later record wins whole: its missing age too. */
	row = intake_find(&in, "A", 1);
	CHECK(row != NULL && row->age == U && row->sessions_recommended == 8);
	CHECK(row != NULL && row->by[0] != NULL);
	if (row != NULL && row->by[0] != NULL)
		CHECK_STR(row->by[0], "z");
	/* Ids are exact bytes: " A" is another id. */
	row = intake_find(&in, " A", 2);
	CHECK(row != NULL && row->age == 50 && row->sessions_recommended == U);
	row = intake_find(&in, "B", 1);
	CHECK(row != NULL && row->age == 40 && row->sessions_recommended == 16);
	intake_release(&in);

	/* Three times: the last wins, two flags; a missing by value too. */
	CHECK(load_intake("id,age,site\nA,1,x\nA,2,y\nA,3,\n", by, 1, &in,
	    path) == 0);
	row = intake_find(&in, "A", 1);
	CHECK(row != NULL && row->age == 3 && row->by[0] == NULL);
	CHECK_INT(in.n, 1);
	CHECK_INT(in.flagged, 2);
	intake_release(&in);
}

/* A row's by values, as "v1|v2|..." with "-" for NULL. */
static void
by_string(const struct intake *in, const char *id, struct strbuf *b)
{
	const struct intake_row *row = intake_find(in, id, strlen(id));

	strbuf_reset(b);
	if (row == NULL) {
		strbuf_puts(b, "(no row)");
		return;
	}
	for (size_t k = 0; k < in->nby; k++) {
		if (k > 0)
			strbuf_puts(b, "|");
		strbuf_puts(b, row->by[k] != NULL ? row->by[k] : "-");
	}
}

static void
test_intake_by(void)
{
	static const char *const by[] = { "site", "focal_area", "team" };
	static const struct {
		const char *text, *id, *want;
	} cases[] = {
		{ "id,site,focal_area,age\nA, north ,,30\n", "A",
		    "north|-|-" },
		{ "id,site,focal_area,age\nB,\t,grief,31\n", "B",
		    "-|grief|-" },
		{ "id,team,site,focal_area\nC,t1,\"a,b\",x y\n", "C",
		    "a,b|x y|t1" },
		{ "{\"id\":\"D\",\"site\":null,\"focal_area\":\"Grief \"}\n",
		    "D", "-|Grief|-" },
		{ "{\"id\":\"E\",\"site\":3,\"focal_area\":\"\","
		    "\"team\":true}\n", "E", "3|-|true" },
		{ "id\nF\n", "F", "-|-|-" },
	};
	struct strbuf b = STRBUF_INIT;
	struct intake in;
	char path[32];

	for (size_t k = 0; k < NELEM(cases); k++) {
		CHECKF(load_intake(cases[k].text, by, 3, &in, path) == 0,
		    "case %zu", k);
		by_string(&in, cases[k].id, &b);
		CHECKF(strcmp(b.s, cases[k].want) == 0, "case %zu: got %s, "
		    "want %s", k, b.s, cases[k].want);
		CHECKF(in.flagged == 0, "case %zu: flagged", k);
		intake_release(&in);
	}
	strbuf_release(&b);
}

/* io.md 6: `id`, else `patient_id`; an id empty after trimming is missing. */
static void
test_intake_ids(void)
{
	static const struct join_opts mrn = { FMT_NONE, ',', false, "mrn" };
	struct intake in;
	char path[32];

	CHECK(load_intake("patient_id,age\nQ,20\n", NULL, 0, &in, path) == 0);
	CHECK(intake_find(&in, "Q", 1) != NULL);
	intake_release(&in);

	CHECK(load_intake("{\"patient_id\":\"X\",\"id\":\"R\",\"age\":1}\n"
	    "{\"id\":\"\",\"patient_id\":\"Y\",\"age\":2}\n"
	    "{\"mrn\":\"Z\"}\n"
	    "{\"id\":\" S \",\"age\":3}\n"
	    "{\"id\":\" \\t\"}\n"
	    "{\"id\":null}\n", NULL, 0, &in, path) == 0);
	CHECK(intake_find(&in, "R", 1) != NULL);
	CHECK(intake_find(&in, "X", 1) == NULL);
	CHECK(intake_find(&in, "Y", 1) == NULL);
	CHECK(intake_find(&in, "Z", 1) == NULL);
	CHECK(intake_find(&in, " S ", 3) != NULL);
	CHECK(intake_find(&in, "S", 1) == NULL);
	CHECK_INT(in.n, 2);
	CHECK_INT(in.records, 6);
	CHECK_INT(in.flagged, 4);
	intake_release(&in);

	/* --id picks the column. */
	tmp_file("mrn,id,age\nM,I,9\n", path);
	CHECK(intake_load_opts(&in, path, NULL, 0, &mrn) == 0);
	unlink(path);
	CHECK(intake_find(&in, "M", 1) != NULL);
	CHECK(intake_find(&in, "I", 1) == NULL);
	intake_release(&in);

	/* Many ids: the map grows; every one is found with its value. */
	{
		struct strbuf b = STRBUF_INIT;
		char id[16];
		bool ok = true;

		strbuf_puts(&b, "id,age\n");
		for (int k = 0; k < 3000; k++) {
			snprintf(id, sizeof(id), "P%d,%d\n", (k * 7919) % 3000,
			    ((k * 7919) % 3000) % 121);
			strbuf_puts(&b, id);
		}
		CHECK(load_intake(b.s, NULL, 0, &in, path) == 0);
		CHECK_INT(in.n, 3000);
		for (int k = 0; k < 3000 && ok; k++) {
			const struct intake_row *row;

			snprintf(id, sizeof(id), "P%d", k);
			row = intake_find(&in, id, strlen(id));
			ok = row != NULL && row->age == k % 121;
		}
		CHECK(ok);
		CHECK(intake_find(&in, "P3000", 5) == NULL);
		intake_release(&in);
		strbuf_release(&b);
	}
}

static void
test_intake_errors(void)
{
	static const struct join_opts strict = { FMT_NONE, ',', true, NULL };
	static const struct join_opts tab = { FMT_NONE, '\t', false, NULL };
	struct intake in;
	char path[32];
	char *err;

	/* A file that cannot be opened: reported, 66, -1, empty. */
	capture_start();
	CHECK(intake_load(&in, "/nonexistent/intake.csv", NULL, 0) == -1);
	err = capture_end();
	CHECK(strstr(err, "test_joins: cannot open '/nonexistent/intake.csv'")
	    == err);
	free(err);
	CHECK_INT(diag_exit_status(), EXIT_NOINPUT);
	CHECK(in.n == 0 && in.row == NULL);
	intake_release(&in);
	diag_reset();
	capture_start();
	CHECK(intake_load(&in, "/tmp", NULL, 0) == -1);
	err = capture_end();
	CHECK_STR(err, "test_joins: cannot open '/tmp': Is a directory\n");
	free(err);
	CHECK_INT(diag_exit_status(), EXIT_NOINPUT);
	diag_reset();

	/* Framing lost part-way: 65, -1, and nothing kept. */
	capture_start();
	CHECK(load_intake("id,age\nA,1\n\"B,2\n", NULL, 0, &in, path) == -1);
	err = capture_end();
	check_stderr(err, "test_joins: @:3:1: unterminated quoted field\n",
	    path, __LINE__);
	free(err);
	CHECK_INT(diag_exit_status(), EXIT_DATA);
	CHECK(in.n == 0 && intake_find(&in, "A", 1) == NULL);
	diag_reset();
	/* An empty file is CSV without a header (io.md 2). */
	capture_start();
	CHECK(load_intake("", NULL, 0, &in, path) == -1);
	err = capture_end();
	check_stderr(err, "test_joins: @: no header\n", path, __LINE__);
	free(err);
	CHECK_INT(diag_exit_status(), EXIT_DATA);
	diag_reset();

	/* A rejected record is not fatal, unless --strict. */
	CHECK(load_intake("id,age\nA,1,2\nB,3\n", NULL, 0, &in, path) == 0);
	CHECK(intake_find(&in, "A", 1) == NULL);
	CHECK(intake_find(&in, "B", 1) != NULL);
	CHECK_INT(diag_count.rejected, 1);
	CHECK_INT(in.records, 1);
	CHECK_INT(diag_exit_status(), EXIT_SOME);
	intake_release(&in);
	diag_reset();
	tmp_file("id,age\nA,1,2\nB,3\n", path);
	capture_start();
	CHECK(intake_load_opts(&in, path, NULL, 0, &strict) == -1);
	err = capture_end();
	unlink(path);
	CHECK(strstr(err, ":2: record 1: ") != NULL);
	free(err);
	CHECK_INT(diag_exit_status(), EXIT_DATA);
	diag_reset();

	/* The delimiter option reaches the reader. */
	tmp_file("id\tage\nA\t44\n", path);
	CHECK(intake_load_opts(&in, path, NULL, 0, &tab) == 0);
	unlink(path);
	CHECK(intake_find(&in, "A", 1) != NULL &&
	    intake_find(&in, "A", 1)->age == 44);
	intake_release(&in);
	diag_reset();
}

/* ---- plans ---- */

static const char plan_header[] = "id,plan_status,ipt_track,focal_area,"
    "contact,kind,session,date,weekday,week,phase,minutes,focus,tasks,"
    "measures,review,plan_note\n";

/* One ipt-plan record; date is as_of + off unless date is given. */
struct prow {
	const char *id, *status, *contact, *kind, *session;
	int off;
	const char *date;
	const char *measures;
};

static void
put_prow(struct strbuf *b, const struct prow *p)
{
	char d[16];

	if (p->date == NULL)
		date_format(as_of + p->off, d);
	strbuf_puts(b, p->id);
	strbuf_puts(b, ",");
	strbuf_puts(b, p->status);
	strbuf_puts(b, ",ipt,grief,");
	strbuf_puts(b, p->contact);
	strbuf_puts(b, ",");
	strbuf_puts(b, p->kind);
	strbuf_puts(b, ",");
	strbuf_puts(b, p->session);
	strbuf_puts(b, ",");
	strbuf_puts(b, p->date != NULL ? p->date : d);
	strbuf_puts(b, ",mon,1,initial,50,assessment,a;b,");
	strbuf_puts(b, p->measures);
	strbuf_puts(b, ",,\n");
}

/* rows as a plans CSV, in order or reversed. */
static void
plan_csv(struct strbuf *b, const struct prow *rows, size_t n, bool reverse)
{
	strbuf_reset(b);
	strbuf_puts(b, plan_header);
	for (size_t k = 0; k < n; k++)
		put_prow(b, &rows[reverse ? n - 1 - k : k]);
}

/* The caseload as the plans see it. */
struct fake_patient {
	const char *id;
	long attended;
	bool ended;
	int asked;
};

struct fake_caseload {
	struct fake_patient *p;
	size_t n;
	int asked_other;	/* questions about ids that are not patients */
};

static bool
fake_lookup(void *ctx, const char *id, size_t len, long *attended,
    bool *ended)
{
	struct fake_caseload *cl = ctx;

	for (size_t k = 0; k < cl->n; k++) {
		struct fake_patient *p = &cl->p[k];

		if (strlen(p->id) == len && memcmp(p->id, id, len) == 0) {
			p->asked++;
			*attended = p->attended;
			*ended = p->ended;
			return true;
		}
	}
	cl->asked_other++;
	*attended = 99;		/* must be ignored: not a patient */
	*ended = true;
	return false;
}

/* A list as lines "DATE ID KIND sSESSION cCONTACT MEASURES" ("-": none). */
static void
list_string(const struct plan_entry *e, size_t n, struct strbuf *b)
{
	char d[16];

	strbuf_reset(b);
	for (size_t k = 0; k < n; k++) {
		date_format(e[k].date, d);
		strbuf_puts(b, d);
		strbuf_puts(b, " ");
		strbuf_put(b, e[k].id, e[k].idlen);
		strbuf_puts(b, " ");
		strbuf_puts(b, e[k].kind);
		strbuf_puts(b, " s");
		strbuf_putl(b, e[k].session);
		strbuf_puts(b, " c");
		strbuf_putl(b, e[k].contact);
		strbuf_puts(b, " ");
		strbuf_puts(b, e[k].measures != NULL ? e[k].measures : "-");
		strbuf_puts(b, "\n");
	}
}

static int
load_plans(const char *text, const struct plans_lookup *lk,
    struct plans *pl, char *path)
{
	int res;

	tmp_file(text, path);
	res = plans_load(pl, path, as_of, lk);
	unlink(path);
	return res;
}

/*
 * The lists' windows and order.  as_of is 2026-03-01: due is
 * 2026-03-02 .. 2026-03-08, overdue before 2026-02-22.
 */
static const struct prow window_rows[] = {
	/* D, not a patient: follow-ups around the due window's edges. */
	{ "D", "planned", "1", "followup", "", -1, NULL, "phq9" },
	{ "D", "planned", "2", "followup", "", 0, NULL, "phq9" },
	{ "D", "planned", "3", "followup", "", 1, NULL, " phq9;gad7 " },
	{ "D", "planned", "4", "followup", "", 7, NULL, "phq9" },
	{ "D", "planned", "5", "followup", "", 8, NULL, "phq9" },
	{ "D", "planned", "6", "followup", "", -30, NULL, "phq9" },
	/* O, not a patient (attended 0): the overdue edge. */
	{ "O", "planned", "1", "individual", "1", -7, NULL, "phq9" },
	{ "O", "planned", "2", "individual", "2", -8, NULL, "" },
	{ "O", "planned", "3", "pre_group", "", -20, NULL, "phq9" },
	/* P attended 3: overdue only above session 3. */
	{ "P", "planned", "1", "individual", "1", -40, NULL, "phq9" },
	{ "P", "planned", "2", "individual", "2", -33, NULL, "phq9" },
	{ "P", "planned", "3", "individual", "3", -26, NULL, "phq9" },
	{ "P", "planned", "4", "individual", "4", -19, NULL, "phq9" },
	{ "P", "planned", "5", "parent_joint", "5", -12, NULL, "phq9" },
	{ "P", "planned", "6", "individual", "6", -5, NULL, "phq9" },
	{ "P", "planned", "7", "individual", "7", 2, NULL, "phq9" },
	/* E ended: never overdue, its follow-up still due. */
	{ "E", "planned", "1", "group", "1", -30, NULL, "phq9" },
	{ "E", "planned", "2", "followup", "", 5, NULL, "phq9" },
	/* Ties on the date: id bytes, then contact as a number. */
	{ "a", "planned", "1", "mid_group", "", 3, NULL, "x" },
	{ "B", "planned", "1", "post_group", "", 3, NULL, "x" },
	{ "A", "planned", "10", "individual", "", 3, NULL, "x" },
	{ "A", "planned", "2", "individual", "", 3, NULL, "x" },
	/* Duplicate plans: the other fields break the tie. */
	{ "T", "planned", "1", "individual", "2", 4, NULL, "b" },
	{ "T", "planned", "1", "individual", "", 4, NULL, "b" },
	{ "T", "planned", "1", "group", "2", 4, NULL, "b" },
	{ "T", "planned", "1", "individual", "2", 4, NULL, "" },
	{ "T", "planned", "1", "individual", "2", 4, NULL, "a" },
	/* not_planned contributes nothing, however it looks. */
	{ "NP", "not_planned", "", "", "", 0, "", "" },
	{ "NP", "not_planned", "1", "individual", "1", 2, NULL, "phq9" },
	{ "NP", "not_planned", "2", "individual", "2", -30, NULL, "phq9" },
};

static const char want_due[] =
    "2026-03-02 D followup s0 c3 phq9;gad7\n"
    "2026-03-03 P individual s7 c7 phq9\n"
    "2026-03-04 A individual s0 c2 x\n"
    "2026-03-04 A individual s0 c10 x\n"
    "2026-03-04 B post_group s0 c1 x\n"
    "2026-03-04 a mid_group s0 c1 x\n"
    "2026-03-05 T individual s0 c1 b\n"
    "2026-03-05 T group s2 c1 b\n"
    "2026-03-05 T individual s2 c1 -\n"
    "2026-03-05 T individual s2 c1 a\n"
    "2026-03-05 T individual s2 c1 b\n"
    "2026-03-06 E followup s0 c2 phq9\n"
    "2026-03-08 D followup s0 c4 phq9\n";

static const char want_overdue[] =
    "2026-02-10 P individual s4 c4 phq9\n"
    "2026-02-17 P parent_joint s5 c5 phq9\n"
    "2026-02-21 O individual s2 c2 -\n";

static void
test_plans_lists(void)
{
	struct fake_patient pts[] = {
		{ "P", 3, false, 0 }, { "E", 0, true, 0 },
		{ "NP", 0, false, 0 },
	};
	struct strbuf text = STRBUF_INIT, got = STRBUF_INIT;
	char path[32];

	for (int rev = 0; rev < 2; rev++) {
		struct fake_caseload cl = { pts, NELEM(pts), 0 };
		struct plans_lookup lk = { &cl, fake_lookup };
		struct plans pl;

		for (size_t k = 0; k < NELEM(pts); k++)
			pts[k].asked = 0;
		plan_csv(&text, window_rows, NELEM(window_rows), rev);
		CHECKF(load_plans(text.s, &lk, &pl, path) == 0, "rev %d", rev);
		list_string(pl.due, pl.ndue, &got);
		CHECKF(strcmp(got.s, want_due) == 0, "rev %d: due:\n%s", rev,
		    got.s);
		list_string(pl.overdue, pl.noverdue, &got);
		CHECKF(strcmp(got.s, want_overdue) == 0, "rev %d: overdue:\n%s",
		    rev, got.s);
		/* planned: treatment-session contacts only. */
		CHECK_INT(plans_planned(&pl, "P", 1), 7);
		CHECK_INT(plans_planned(&pl, "O", 1), 2);
		CHECK_INT(plans_planned(&pl, "E", 1), 1);
		CHECK_INT(plans_planned(&pl, "D", 1), 0);
		CHECK_INT(plans_planned(&pl, "A", 1), 0);
		CHECK_INT(plans_planned(&pl, "T", 1), 4);
		CHECK_INT(plans_planned(&pl, "NP", 2), U);
		CHECK_INT(plans_planned(&pl, "Z", 1), U);
		CHECK_INT(plans_planned(&pl, "P ", 2), U);
		/* The caseload is asked once per id, only when it matters. */
		CHECK_INT(pts[0].asked, 1);
		CHECK_INT(pts[1].asked, 1);
		CHECK_INT(pts[2].asked, 0);
		CHECK_INT(cl.asked_other, 1);	/* O */
		CHECK_INT(pl.records, NELEM(window_rows));
		CHECK_INT(pl.flagged, 0);
		plans_release(&pl);
		CHECK(pl.ndue == 0 && pl.due == NULL &&
		    plans_planned(&pl, "P", 1) == U);
	}
	strbuf_release(&text);
	strbuf_release(&got);
}

/* Without a caseload every id is not a patient: attended 0, not ended. */
static void
test_plans_no_lookup(void)
{
	static const struct prow rows[] = {
		{ "E", "planned", "1", "group", "1", -30, NULL, "phq9" },
		{ "E", "planned", "2", "group", "2", -8, NULL, "phq9" },
		{ "E", "planned", "3", "group", "3", -7, NULL, "phq9" },
	};
	struct strbuf text = STRBUF_INIT, got = STRBUF_INIT;
	struct plans_lookup none = { NULL, NULL };
	struct plans pl;
	char path[32];

	plan_csv(&text, rows, NELEM(rows), false);
	CHECK(load_plans(text.s, NULL, &pl, path) == 0);
	list_string(pl.overdue, pl.noverdue, &got);
	CHECK_STR(got.s, "2026-01-30 E group s1 c1 phq9\n"
	    "2026-02-21 E group s2 c2 phq9\n");
	plans_release(&pl);
	CHECK(load_plans(text.s, &none, &pl, path) == 0);
	CHECK_INT(pl.noverdue, 2);
	plans_release(&pl);
	strbuf_release(&text);
	strbuf_release(&got);
}

/*
 * One planned record of V changed in one field: is it flagged, listed,
 * counted?  Baselines: due (+2) and overdue (-20, V attended 0).
 */
struct value_case {
	const char *id, *status, *contact, *kind, *session;
	int off;
	const char *date;
	unsigned flagged;
	size_t due, overdue;
	long planned;
	const char *kind_out;	/* the kind listed, when listed */
};

static const struct value_case value_cases[] = {
	{ "V", "planned", "1", "individual", "3", 2, NULL, 0, 1, 0, 1,
	    "individual" },
	{ "V", "planned", "1", "individual", "3", -20, NULL, 0, 0, 1, 1,
	    "individual" },
	{ "V", "Planned", "1", " Parent_Joint ", "3", 2, NULL, 0, 1, 0, 1,
	    "parent_joint" },
	{ "V", "planned", " 01 ", "individual", " 3 ", 2, NULL, 0, 1, 0, 1,
	    "individual" },
	{ "V", "planned", "1", "followup", "", 2, NULL, 0, 1, 0, 0,
	    "followup" },
	{ "V", "planned", "1", "individual", "", -20, NULL, 0, 0, 0, 0,
	    NULL },
	/* session */
	{ "V", "planned", "1", "individual", "0", 2, NULL, 1, 0, 0, 0, NULL },
	{ "V", "planned", "1", "individual", "-1", -20, NULL, 1, 0, 0, 0,
	    NULL },
	{ "V", "planned", "1", "individual", "x", 2, NULL, 1, 0, 0, 0, NULL },
	{ "V", "planned", "1", "individual", "2.0", 2, NULL, 1, 0, 0, 0,
	    NULL },
	/* date: still a planned session */
	{ "V", "planned", "1", "individual", "3", 0, "2026-02-30", 1, 0, 0, 1,
	    NULL },
	{ "V", "planned", "1", "individual", "3", 0, "1/3/2026", 1, 0, 0, 1,
	    NULL },
	{ "V", "planned", "1", "individual", "3", 0, "", 1, 0, 0, 1, NULL },
	{ "V", "planned", "1", "individual", "3", 0, "2026-03-03T09:00", 0, 1,
	    0, 1, "individual" },
	/* contact */
	{ "V", "planned", "0", "individual", "3", 2, NULL, 1, 0, 0, 1, NULL },
	{ "V", "planned", "", "individual", "3", 2, NULL, 1, 0, 0, 1, NULL },
	{ "V", "planned", "x", "individual", "3", -20, NULL, 1, 0, 0, 1,
	    NULL },
	/* kind */
	{ "V", "planned", "1", "lunch", "3", 2, NULL, 1, 0, 0, 1, NULL },
	{ "V", "planned", "1", "", "3", -20, NULL, 1, 0, 0, 1, NULL },
	/* status, id */
	{ "V", "maybe", "1", "individual", "3", 2, NULL, 1, 0, 0, U, NULL },
	{ "V", "", "1", "individual", "3", 2, NULL, 1, 0, 0, U, NULL },
	{ "V", "NOT_PLANNED", "1", "individual", "3", 2, NULL, 0, 0, 0, U,
	    NULL },
	{ "", "planned", "1", "individual", "3", 2, NULL, 1, 0, 0, U, NULL },
	/* several bad values: one flagged record */
	{ "V", "planned", "x", "lunch", "0", 0, "never", 1, 0, 0, 0, NULL },
};

static void
test_plans_values(void)
{
	struct strbuf text = STRBUF_INIT;
	char path[32];

	for (size_t k = 0; k < NELEM(value_cases); k++) {
		const struct value_case *c = &value_cases[k];
		struct prow row = { c->id, c->status, c->contact, c->kind,
		    c->session, c->off, c->date, "phq9" };
		const struct plan_entry *e;
		struct plans pl;

		plan_csv(&text, &row, 1, false);
		CHECKF(load_plans(text.s, NULL, &pl, path) == 0, "case %zu", k);
		CHECKF(pl.flagged == c->flagged, "case %zu: flagged %llu", k,
		    (unsigned long long)pl.flagged);
		CHECKF(pl.ndue == c->due && pl.noverdue == c->overdue,
		    "case %zu: due %zu overdue %zu", k, pl.ndue, pl.noverdue);
		CHECKF(plans_planned(&pl, "V", 1) == c->planned,
		    "case %zu: planned %ld", k, plans_planned(&pl, "V", 1));
		e = pl.ndue > 0 ? pl.due : pl.noverdue > 0 ? pl.overdue : NULL;
		if (c->kind_out != NULL)
			CHECKF(e != NULL && strcmp(e->kind, c->kind_out) == 0 &&
			    e->contact == 1 && strcmp(e->id, "V") == 0,
			    "case %zu: entry", k);
		plans_release(&pl);
	}
	strbuf_release(&text);
}

static void
test_plans_messages(void)
{
	static const struct prow rows[] = {
		{ "A", "planned", "1", "individual", "1", 0, "2026-02-30",
		    "phq9" },
		{ "A", "planned", "", "individual", "x", 2, NULL, "phq9" },
		{ "A", "later", "", "", "", 2, NULL, "" },
	};
	struct strbuf text = STRBUF_INIT;
	struct plans pl;
	char path[32];
	char *err;

	plan_csv(&text, rows, NELEM(rows), false);
	capture_start();
	diag_count.in = 7;
	CHECK(load_plans(text.s, NULL, &pl, path) == 0);
	err = capture_end();
	check_stderr(err,
	    "test_joins: @:2: record 1: field 'date': '2026-02-30' is not a "
	    "valid date (YYYY-MM-DD); not listed as due or overdue\n"
	    "test_joins: @:3: record 2: field 'session': 'x' is not a session "
	    "number (an integer >= 1); contact ignored\n"
	    "test_joins: @:3: record 2: no contact number: field 'contact' is "
	    "empty; not listed as due or overdue\n"
	    "test_joins: @:4: record 3: field 'plan_status': 'later' is not "
	    "planned or not_planned; record ignored\n", path, __LINE__);
	free(err);
	CHECK_INT(diag_count.in, 7);
	CHECK_INT(diag_count.flagged, 3);
	CHECK_INT(pl.flagged, 3);
	CHECK_INT(plans_planned(&pl, "A", 1), 1);
	plans_release(&pl);
	diag_reset();

	/* A file without the columns: every record says what is missing. */
	capture_start();
	CHECK(load_plans("{\"patient_id\":\"B\"}\n{\"id\":\"B\","
	    "\"plan_status\":\"planned\"}\n", NULL, &pl, path) == 0);
	err = capture_end();
	check_stderr(err,
	    "test_joins: @:1: record 1: no plan status: no 'plan_status' "
	    "field; record ignored\n"
	    "test_joins: @:2: record 2: no date: no 'date' field; not listed "
	    "as due or overdue\n"
	    "test_joins: @:2: record 2: no contact number: no 'contact' "
	    "field; not listed as due or overdue\n"
	    "test_joins: @:2: record 2: no contact kind: no 'kind' field; not "
	    "listed as due or overdue\n", path, __LINE__);
	free(err);
	CHECK_INT(plans_planned(&pl, "B", 1), 0);
	plans_release(&pl);
	diag_reset();
	strbuf_release(&text);
}

/* JSON forms: flat records, ipt-plan --nested, and both in one file. */
static void
test_plans_json(void)
{
	static const char text[] =
	    "{\"id\":\"A\",\"plan_status\":\"planned\",\"ipt_track\":\"ipt\","
	    "\"focal_area\":\"grief\",\"plan_note\":\"\",\"contacts\":["
	    "{\"contact\":1,\"kind\":\"individual\",\"session\":1,"
	    "\"date\":\"2026-02-01\",\"weekday\":\"sun\",\"week\":1,"
	    "\"phase\":\"initial\",\"minutes\":50,\"focus\":\"assessment\","
	    "\"tasks\":\"x;y\",\"measures\":\"phq9;gad7\",\"review\":\"\","
	    "\"plan_note\":\"\"},"
	    "{\"contact\":2,\"kind\":\"individual\",\"session\":2,"
	    "\"date\":\"2026-03-04\",\"measures\":\"phq9\"},"
	    "{\"contact\":3,\"kind\":\"followup\",\"session\":null,"
	    "\"date\":\"2026-03-06\",\"measures\":\"phq9;gad7\"}]}\n"
	    "{\"id\":\"B\",\"plan_status\":\"not_planned\",\"plan_note\":"
	    "\"screen_status:defer\",\"contacts\":[]}\n"
	    "{\"id\":\"C\",\"plan_status\":\"planned\",\"contacts\":["
	    "{\"contact\":1,\"kind\":\"individual\",\"session\":0,"
	    "\"date\":\"2026-03-02\"},"
	    "{\"contact\":2,\"kind\":\"individual\",\"session\":2.0,"
	    "\"date\":\"2026-03-02\",\"measures\":null},"
	    "5,"
	    "{\"kind\":\"followup\",\"date\":\"2026-03-03\"}]}\n"
	    "{\"id\":\"F\",\"plan_status\":\"planned\",\"contact\":1,"
	    "\"kind\":\"group\",\"session\":3,\"date\":\"2026-03-08\","
	    "\"measures\":null}\n"
	    "{\"id\":\"G\",\"plan_status\":\"planned\",\"contacts\":\"none\"}\n"
	    "{\"id\":\"H\",\"plan_status\":\"planned\",\"contacts\":{}}\n"
	    "{\"id\":\"I\",\"plan_status\":\"planned\",\"contacts\":["
	    "{\"contact\":1,\"kind\":\"individual\",\"session\":1,"
	    "\"date\":\"2026-02-31\"}]}\n";
	struct strbuf got = STRBUF_INIT;
	struct plans pl;
	char path[32];
	char *err;

	capture_start();
	CHECK(load_plans(text, NULL, &pl, path) == 0);
	err = capture_end();
	check_stderr(err,
	    "test_joins: @:3: record 3: field 'contacts[0].session': '0' is "
	    "not a session number (an integer >= 1); contact ignored\n"
	    "test_joins: @:3: record 3: contacts[2] is not an object; "
	    "ignored\n"
	    "test_joins: @:3: record 3: no contact number: no "
	    "'contacts[3].contact' field; not listed as due or overdue\n"
	    "test_joins: @:5: record 5: field 'contacts': 'none' is not an "
	    "array of contacts; ignored\n"
	    "test_joins: @:6: record 6: field 'contacts': '{}' is not an array "
	    "of contacts; ignored\n"
	    "test_joins: @:7: record 7: field 'contacts[0].date': '2026-02-31' "
	    "is not a valid date (YYYY-MM-DD); not listed as due or overdue\n",
	    path, __LINE__);
	free(err);
	list_string(pl.due, pl.ndue, &got);
	CHECK_STR(got.s,
	    "2026-03-02 C individual s2 c2 -\n"
	    "2026-03-04 A individual s2 c2 phq9\n"
	    "2026-03-06 A followup s0 c3 phq9;gad7\n"
	    "2026-03-08 F group s3 c1 -\n");
	list_string(pl.overdue, pl.noverdue, &got);
	CHECK_STR(got.s, "2026-02-01 A individual s1 c1 phq9;gad7\n");
	CHECK_INT(plans_planned(&pl, "A", 1), 2);
	CHECK_INT(plans_planned(&pl, "B", 1), U);
	CHECK_INT(plans_planned(&pl, "C", 1), 1);
	CHECK_INT(plans_planned(&pl, "F", 1), 1);
	CHECK_INT(plans_planned(&pl, "G", 1), U);
	CHECK_INT(plans_planned(&pl, "I", 1), 1);
	CHECK_INT(pl.records, 7);
	CHECK_INT(pl.flagged, 4);
	plans_release(&pl);
	diag_reset();

	/* A JSON array of flat records; a flat CSV with a kept `contacts`. */
	CHECK(load_plans("[{\"patient_id\":\"J\",\"plan_status\":\"planned\","
	    "\"contact\":4,\"kind\":\"individual\",\"session\":\"4\","
	    "\"date\":\"2026-03-05T10:00:00Z\",\"measures\":\"phq9\"}]",
	    NULL, &pl, path) == 0);
	list_string(pl.due, pl.ndue, &got);
	CHECK_STR(got.s, "2026-03-05 J individual s4 c4 phq9\n");
	plans_release(&pl);
	CHECK(load_plans("id,contacts,plan_status,contact,kind,session,date,"
	    "measures\nK,5,planned,1,individual,1,2026-03-02,phq9\n", NULL,
	    &pl, path) == 0);
	CHECK_INT(pl.ndue, 1);
	CHECK_INT(pl.flagged, 0);
	plans_release(&pl);
	strbuf_release(&got);
}

/* Many ids in a scrambled order: counts per id, lists sorted. */
static void
test_plans_growth(void)
{
	enum { NP = 2000 };
	struct strbuf text = STRBUF_INIT;
	struct plans pl;
	char path[32], id[24];
	bool ok = true, sorted = true;

	strbuf_puts(&text, plan_header);
	for (long k = 0; k < NP; k++) {
		long p = (k * 7919) % NP;
		long n = 1 + p % 4;	/* sessions in p's plan */

		snprintf(id, sizeof(id), "P%04ld", p);
		for (long s = 1; s <= n; s++) {
			struct prow row = { id, "planned", "1", "individual",
			    "1", (int)(1 + (p + s) % 7), NULL, "phq9" };
			char cs[24];

			snprintf(cs, sizeof(cs), "%ld", s);
			row.contact = cs;
			row.session = cs;
			put_prow(&text, &row);
		}
	}
	CHECK(load_plans(text.s, NULL, &pl, path) == 0);
	for (long p = 0; p < NP && ok; p++) {
		snprintf(id, sizeof(id), "P%04ld", p);
		ok = plans_planned(&pl, id, 5) == 1 + p % 4;
	}
	CHECK(ok);
	CHECK_INT(pl.ndue, NP / 4 * (1 + 2 + 3 + 4));
	for (size_t k = 1; k < pl.ndue && sorted; k++) {
		const struct plan_entry *a = &pl.due[k - 1], *b = &pl.due[k];
		int c = strcmp(a->id, b->id);

		sorted = a->date < b->date || (a->date == b->date &&
		    (c < 0 || (c == 0 && a->contact < b->contact)));
	}
	CHECK(sorted);
	plans_release(&pl);
	strbuf_release(&text);
}

static void
test_plans_errors(void)
{
	struct plans pl;
	char path[32];
	char *err;

	capture_start();
	CHECK(plans_load(&pl, "/nonexistent/plans.csv", as_of, NULL) == -1);
	err = capture_end();
	CHECK_STR(err, "test_joins: cannot open '/nonexistent/plans.csv': No "
	    "such file or directory\n");
	free(err);
	CHECK_INT(diag_exit_status(), EXIT_NOINPUT);
	CHECK(pl.ndue == 0 && pl.noverdue == 0 &&
	    plans_planned(&pl, "A", 1) == U);
	plans_release(&pl);
	diag_reset();
	/* Framing lost after a due contact: nothing kept. */
	capture_start();
	CHECK(load_plans("id,plan_status,contact,kind,session,date\n"
	    "A,planned,1,individual,1,2026-03-02\n\"A,x\n", NULL, &pl,
	    path) == -1);
	err = capture_end();
	check_stderr(err, "test_joins: @:3:1: unterminated quoted field\n",
	    path, __LINE__);
	free(err);
	CHECK_INT(diag_exit_status(), EXIT_DATA);
	CHECK(pl.ndue == 0 && plans_planned(&pl, "A", 1) == U);
	plans_release(&pl);
	diag_reset();
	/* Released twice, or never loaded: harmless. */
	plans_init(&pl);
	plans_release(&pl);
	plans_release(&pl);
}

int
main(void)
{
	diag_init("test_joins");
	diag_set_quiet(true);
	as_of = day("2026-03-01");
	test_intake_values();
	test_intake_messages();
	test_intake_duplicates();
	test_intake_by();
	test_intake_ids();
	test_intake_errors();
	test_plans_lists();
	test_plans_no_lookup();
	test_plans_values();
	test_plans_messages();
	test_plans_json();
	test_plans_growth();
	test_plans_errors();
	return unit_done("test_joins");
}
