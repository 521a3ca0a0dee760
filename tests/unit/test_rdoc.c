/* SPDX-License-Identifier: MIT */
/*
 * test_rdoc.c - the report writers (ipt-report.md section 6): a small
 * report document built by hand, written as md, json, csv and html.
 *
 * The md, json and csv outputs of the main fixture are compared whole;
 * the html output, and the variants (--redact, no --plans, an empty
 * safety list, no --by), by the fragments that carry the rules.  JSON
 * output is also parsed with cJSON, so it is known to be well-formed.
 *
 * With RDOC_HTML_DIR set, every html output is also written to
 * $RDOC_HTML_DIR/rdoc-NAME.html for tests/report-html-check.py.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "date.h"
#include "rdoc.h"
#include "xalloc.h"
#include "tmpfd.h"
#include "unit.h"

typedef int writer_fn(const struct rdoc *, int);

/* The id fragments that must never appear in a redacted report. */
static const char *const id_words[] = {
	"alpha1", "bravo2", "charlie3", "delta4", "echo5"
};

#define NWORDS (sizeof(id_words) / sizeof(id_words[0]))

static char by_site[] = "site", by_focal[] = "focal_area";
static char *by_cols[] = {by_site, by_focal};

static long
day(const char *s)
{
	long d = 0;

	if (!date_parse(s, strlen(s), &d)) {
		fprintf(stderr, "bad date %s\n", s);
		exit(2);
	}
	return d;
}

/* ---- Building a document ---- */

static void
count(struct rdoc_value *v, const char *s)
{
	v->kind = RK_COUNT;
	if (s == NULL) {
		v->na = true;
		return;
	}
	snprintf(v->value, sizeof(v->value), "%s", s);
}

static void
rate(struct rdoc_value *v, long num, long den, const char *pct,
    const char *lo, const char *hi, double low, double high)
{
	v->kind = RK_RATE;
	v->num = num;
	v->den = den;
	if (den == 0) {
		v->na = true;
		return;
	}
	snprintf(v->value, sizeof(v->value), "%s", pct);
	snprintf(v->ci_low, sizeof(v->ci_low), "%s", lo);
	snprintf(v->ci_high, sizeof(v->ci_high), "%s", hi);
	v->low = low;
	v->high = high;
}

/* Overall (g == 0) and one group differ in a few values. */
static void
fill_group(struct rdoc_group *g, bool overall)
{
	struct rdoc_value *v = g->v;

	count(&v[RM_PATIENTS], overall ? "4" : "2");
	count(&v[RM_ACTIVE], overall ? "2" : "1");
	count(&v[RM_ENDED], overall ? "2" : "1");
	count(&v[RM_FINISHED], overall ? "2" : "1");
	count(&v[RM_DROPOUTS], "0");
	count(&v[RM_SESSIONS_MEAN], overall ? "9.5" : NULL);
	count(&v[RM_SESSIONS_MEDIAN], overall ? "9.5" : NULL);
	for (int m = RM_SCORE_FIRST; m < RM_RATE0; m++)
		v[m].kind = RK_SCORE;
	snprintf(v[RM_N].value, REP_NUM_BUFSZ, "%s", overall ? "2" : "1");
	snprintf(v[RM_FIRST_MEAN].value, REP_NUM_BUFSZ, "17.5");
	snprintf(v[RM_LAST_MEAN].value, REP_NUM_BUFSZ, "6.0");
	snprintf(v[RM_CHANGE_MEAN].value, REP_NUM_BUFSZ, "-11.5");
	snprintf(v[RM_FIRST_SD].value, REP_NUM_BUFSZ, "2.1");
	if (overall)
		snprintf(v[RM_EFFECT_SIZE_D].value, REP_NUM_BUFSZ, "5.42");
	else
		v[RM_FIRST_SD].na = v[RM_EFFECT_SIZE_D].na = true;
	rate(&v[RM_RATE0 + RATE_RECOVERY], 1, 2, "50.0", "9.5", "90.5",
	    9.45, 90.55);
	rate(&v[RM_RATE0 + RATE_RELIABLE_IMPROVEMENT], 2, 2, "100.0",
	    "34.2", "100.0", 34.24, 100);
	rate(&v[RM_RATE0 + RATE_RELIABLE_DETERIORATION], 0, 2, "0.0", "0.0",
	    "65.8", 0, 65.76);
	rate(&v[RM_RATE0 + RATE_RELIABLE_RECOVERY], 1, 2, "50.0", "9.5",
	    "90.5", 9.45, 90.55);
	rate(&v[RM_RATE0 + RATE_RESPONSE], 2, 2, "100.0", "34.2", "100.0",
	    34.24, 100);
	rate(&v[RM_RATE0 + RATE_REMISSION], 1, 2, "50.0", "9.5", "90.5",
	    9.45, 90.55);
	rate(&v[RM_RATE0 + RATE_REMISSION_ADOLESCENT], 0, 0, NULL, NULL,
	    NULL, 0, 0);
	rate(&v[RM_RATE0 + RATE_DROPOUT], 0, 2, "0.0", "0.0", "65.8", 0,
	    65.76);
	if (!overall) {
		/* --min-cell 2: the group's recovery has a denominator of 1. */
		struct rdoc_value *r = &v[RM_RATE0 + RATE_RECOVERY];

		r->suppressed = true;
		r->num = 1;
		r->den = 1;
	}
}

static void
traj(struct rdoc *d, long s, long n, const char *mean, double m,
    const char *lo, const char *hi, double low, double high)
{
	struct rdoc_traj *t = &d->traj[s - 1];

	t->present = true;
	t->session = s;
	t->n = n;
	snprintf(t->mean, sizeof(t->mean), "%s", mean);
	t->mean_d = m;
	if (lo == NULL)
		return;
	t->band = true;
	snprintf(t->ci_low, sizeof(t->ci_low), "%s", lo);
	snprintf(t->ci_high, sizeof(t->ci_high), "%s", hi);
	t->low_d = low;
	t->high_d = high;
}

static void
bench(struct rdoc *d, enum rep_rate r, const char *ref, const char *src,
    double low, double high, enum rdoc_verdict v)
{
	struct rdoc_bench *k = &d->bench[d->nbench++];

	k->rate = r;
	k->reference = ref;
	k->source = src;
	k->ref_low = low;
	k->ref_high = high;
	k->verdict = v;
}

static void
safety(struct rdoc_safety *s, const char *id, const char *last,
    enum rep_level latest, const char *risk, int dep, bool worse)
{
	static const char codes[] = ".nlupmh";

	s->id = id;
	s->last_record = day(last);
	s->latest_risk = latest;
	for (int f = 0; f < REP_RISK_FIELDS; f++)
		s->risk[f] = (enum rep_level)(strchr(codes, risk[f]) - codes);
	s->dep_last = dep;
	s->worsening = worse;
}

static void
due(struct rdoc_due *e, const char *id, const char *date, const char *kind,
    long session, const char *measures)
{
	e->id = id;
	e->date = day(date);
	e->kind = kind;
	e->session = session;
	e->measures = measures;
}

/*
 * The main fixture: as of 2026-03-02, a week's period, three patients
 * on the safety list (high, low, worsening only), two without a risk
 * answer, two due contacts and one overdue, overall and one group
 * (site "A,1", focal_area "grief": a comma to quote in csv), five
 * benchmarks, five trajectory points (session 4 missing, session 5
 * without a band), two flagged reasons.  Ids hold characters each
 * format must escape.  Everything is on the heap, as rdoc_release()
 * expects.
 */
static void
build(struct rdoc *d)
{
	*d = (struct rdoc){0};
	d->as_of = day("2026-03-02");
	d->window = 7;
	d->period_from = day("2026-02-24");
	d->period_to = d->as_of;
	d->min_cell = 2;
	d->read = 120;
	d->used = 115;
	d->flagged = 3;
	d->future = 2;
	d->invalid = 3;
	d->patients = 4;

	d->nsafety = 3;
	d->safety = xcalloc(3, sizeof(*d->safety));
	safety(&d->safety[0], "P|alpha1", "2026-03-01", REP_LVL_HIGH, "p..h",
	    18, false);
	safety(&d->safety[1], "Q_bravo2", "2026-02-27", REP_LVL_LOW, "...l",
	    REP_NO_SCORE, true);
	safety(&d->safety[2], "R<charlie3>", "2026-02-20", REP_LVL_NONE,
	    "....", 15, true);
	d->safety_by_risk[REP_LVL_HIGH] = 1;
	d->safety_by_risk[REP_LVL_LOW] = 1;
	d->safety_worsening_only = 1;
	d->nnot_assessed = 2;
	d->not_assessed = xcalloc(2, sizeof(*d->not_assessed));
	d->not_assessed[0] = "R<charlie3>";
	d->not_assessed[1] = "S&delta4";

	d->contacts = 12;
	d->new_patients = 2;
	d->ended = 1;
	d->worsened = 1;

	d->has_plans = true;
	d->ndue = 2;
	d->due = xcalloc(2, sizeof(*d->due));
	due(&d->due[0], "P|alpha1", "2026-03-04", "session", 5, "phq9 gad7");
	due(&d->due[1], "T\"echo5", "2026-03-06", "follow_up", 0, "");
	d->noverdue = 1;
	d->overdue = xcalloc(1, sizeof(*d->overdue));
	due(&d->overdue[0], "Q_bravo2", "2026-02-16", "session", 3, "phq9");

	d->by = by_cols;
	d->nby = 2;
	d->ngroups = 2;
	d->groups = xcalloc(2, sizeof(*d->groups));
	fill_group(&d->groups[0], true);
	d->groups[1].val = xcalloc(2, sizeof(char *));
	d->groups[1].val[0] = xstrdup("A,1");
	d->groups[1].val[1] = xstrdup("grief");
	fill_group(&d->groups[1], false);

	bench(d, RATE_RECOVERY, "50", "NHS Talking Therapies", 50, 50,
	    RV_WITHIN);
	bench(d, RATE_RELIABLE_IMPROVEMENT, "69.1", "NHS Talking Therapies",
	    69.1, 69.1, RV_WITHIN);
	bench(d, RATE_REMISSION, "65-70", "project brief", 65, 70, RV_WITHIN);
	bench(d, RATE_REMISSION_ADOLESCENT, "80", "project brief", 80, 80,
	    RV_NA);
	bench(d, RATE_DROPOUT, "19.7", "Swift and Greenberg 2012", 19.7,
	    19.7, RV_WITHIN);

	traj(d, 1, 4, "17.5", 17.5, "15.2", "19.8", 15.2, 19.8);
	traj(d, 2, 3, "14.0", 14.0, "10.1", "17.9", 10.1, 17.9);
	traj(d, 3, 3, "11.3", 11.33, "8.0", "14.7", 8.0, 14.66);
	traj(d, 5, 1, "9.0", 9.0, NULL, NULL, 0, 0);
	traj(d, 8, 2, "6.0", 6.0, "-0.9", "12.9", -0.93, 12.93);

	d->nreasons = 2;
	d->reasons = xcalloc(2, sizeof(*d->reasons));
	d->reasons[0] = (struct rdoc_reason){"invalid phq9_total", 2};
	d->reasons[1] = (struct rdoc_reason){"missing id", 1};
	d->single_score = 1;
}

/* ---- Running a writer ---- */

static char *
render(writer_fn *w, const struct rdoc *d)
{
	int fd = tmp_fd();
	size_t n;
	char *s;

	CHECK_INT(w(d, fd), 0);
	s = slurp(fd, &n);
	close(fd);
	CHECK_INT(strlen(s), n);
	return s;
}

/* Compare whole texts; on a difference show where it starts. */
static void
check_text(const char *label, const char *got, const char *want)
{
	size_t i = 0;

	while (got[i] != '\0' && got[i] == want[i])
		i++;
	if (got[i] == want[i]) {
		unit_check(1, label, __FILE__, __LINE__, "");
		return;
	}
	size_t from = i > 60 ? i - 60 : 0;

	fprintf(stderr, "%s: differs at byte %zu\n--- got ---\n%.160s\n"
	    "--- want ---\n%.160s\n", label, i, got + from, want + from);
	unit_check(0, label, __FILE__, __LINE__, "");
}

static void
check_has(const char *label, const char *text, const char *frag)
{
	CHECKF(strstr(text, frag) != NULL, "%s: no '%s'", label, frag);
}

static void
check_lacks(const char *label, const char *text, const char *frag)
{
	CHECKF(strstr(text, frag) == NULL, "%s: has '%s'", label, frag);
}

static size_t
occurrences(const char *text, const char *frag)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, frag)) != NULL; p++)
		n++;
	return n;
}

static void
check_json_parses(const char *label, const char *text)
{
	cJSON *j = cJSON_Parse(text);

	CHECKF(j != NULL && cJSON_IsObject(j), "%s: json does not parse",
	    label);
	cJSON_Delete(j);
	CHECKF(strchr(text, '\n') == text + strlen(text) - 1,
	    "%s: json is not one line", label);
}

static void
save_html(const char *name, const char *html)
{
	const char *dir = getenv("RDOC_HTML_DIR");
	char path[4096];
	FILE *f;

	if (dir == NULL || dir[0] == '\0')
		return;
	snprintf(path, sizeof(path), "%s/rdoc-%s.html", dir, name);
	f = fopen(path, "w");
	if (f == NULL || fputs(html, f) == EOF || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
}

/* ---- The main fixture, whole ---- */

static const char want_md1[] =
"# IPT caseload and outcome report\n"
"\n"
"As of 2026-03-02. Period: 2026-02-24 to 2026-03-02 (7 days).\n"
"\n"
"Records read: 120, used: 115, flagged: 3, ignored as future-dated: 2, "
"ignored as invalid: 3. Patients: 4.\n"
"\n"
"A service-evaluation and research aid; it does not make clinical "
"decisions.\n"
"\n"
"## Safety follow-up\n"
"\n"
"Patients with an open course or a record in the period whose latest "
"risk answer is high, moderate, positive, unknown or low, or whose "
"scores are worsening.\n"
"\n"
"| id | last_record | latest_risk | phq9_risk | phqa_risk | epds_risk | "
"cssrs_risk | dep_last | worsening |\n"
"|---|---|---|---|---|---|---|---:|---|\n"
"| P\\|alpha1 | 2026-03-01 | high | positive | | | high | 18 | no |\n"
"| Q\\_bravo2 | 2026-02-27 | low | | | | low | | yes |\n"
"| R\\<charlie3\\> | 2026-02-20 | not_assessed | | | | | 15 | yes |\n"
"\n"
"No risk answer recorded: R\\<charlie3\\>, S\\&delta4\n"
"\n"
"## This period\n"
"\n"
"From 2026-02-24 to 2026-03-02.\n"
"\n"
"- Contacts attended: 12\n"
"- New patients: 2\n"
"- Courses ended: 1\n"
"- Worsened (latest depression score at least 6 above the one before): "
"1\n"
"\n"
"## Due\n"
"\n"
"### Due from 2026-03-03 to 2026-03-09\n"
"\n"
"| id | date | kind | session | measures |\n"
"|---|---|---|---:|---|\n"
"| P\\|alpha1 | 2026-03-04 | session | 5 | phq9 gad7 |\n"
"| T\"echo5 | 2026-03-06 | follow\\_up | | |\n"
"\n"
"### Overdue: treatment sessions planned before 2026-02-23 and not "
"attended\n"
"\n"
"| id | date | kind | session | measures |\n"
"|---|---|---|---:|---|\n"
"| Q\\_bravo2 | 2026-02-16 | session | 3 | phq9 |\n"
"\n";

/* Split: C99 guarantees string literals of 4095 bytes only. */
static const char want_md2[] =
"## Outcomes\n"
"\n"
"Counts over all patients; sessions among finished courses (ended, 2 or "
"more sessions attended). Scores: the depression measure (PHQ-9, else "
"PHQ-A) of finished courses with 2 or more scores. Rates: percent with "
"numerator, denominator and 95% Wilson interval. A rate whose "
"denominator is below 2 is suppressed.\n"
"\n"
"### Overall\n"
"\n"
"| metric | value | numerator | denominator | 95% CI |\n"
"|---|---:|---:|---:|---|\n"
"| patients | 4 | | | |\n"
"| active | 2 | | | |\n"
"| ended | 2 | | | |\n"
"| finished | 2 | | | |\n"
"| dropouts | 0 | | | |\n"
"| sessions_mean | 9.5 | | | |\n"
"| sessions_median | 9.5 | | | |\n"
"| n | 2 | | | |\n"
"| first_mean | 17.5 | | | |\n"
"| last_mean | 6.0 | | | |\n"
"| change_mean | -11.5 | | | |\n"
"| first_sd | 2.1 | | | |\n"
"| effect_size_d | 5.42 | | | |\n"
"| recovery | 50.0% | 1 | 2 | 9.5 to 90.5 |\n"
"| reliable_improvement | 100.0% | 2 | 2 | 34.2 to 100.0 |\n"
"| reliable_deterioration | 0.0% | 0 | 2 | 0.0 to 65.8 |\n"
"| reliable_recovery | 50.0% | 1 | 2 | 9.5 to 90.5 |\n"
"| response | 100.0% | 2 | 2 | 34.2 to 100.0 |\n"
"| remission | 50.0% | 1 | 2 | 9.5 to 90.5 |\n"
"| remission_adolescent | n/a | 0 | 0 | n/a |\n"
"| dropout | 0.0% | 0 | 2 | 0.0 to 65.8 |\n"
"\n"
"### site = A,1; focal\\_area = grief\n"
"\n"
"| metric | value | numerator | denominator | 95% CI |\n"
"|---|---:|---:|---:|---|\n"
"| patients | 2 | | | |\n"
"| active | 1 | | | |\n"
"| ended | 1 | | | |\n"
"| finished | 1 | | | |\n"
"| dropouts | 0 | | | |\n"
"| sessions_mean | n/a | | | |\n"
"| sessions_median | n/a | | | |\n"
"| n | 1 | | | |\n"
"| first_mean | 17.5 | | | |\n"
"| last_mean | 6.0 | | | |\n"
"| change_mean | -11.5 | | | |\n"
"| first_sd | n/a | | | |\n"
"| effect_size_d | n/a | | | |\n"
"| recovery | suppressed | | | |\n"
"| reliable_improvement | 100.0% | 2 | 2 | 34.2 to 100.0 |\n"
"| reliable_deterioration | 0.0% | 0 | 2 | 0.0 to 65.8 |\n"
"| reliable_recovery | 50.0% | 1 | 2 | 9.5 to 90.5 |\n"
"| response | 100.0% | 2 | 2 | 34.2 to 100.0 |\n"
"| remission | 50.0% | 1 | 2 | 9.5 to 90.5 |\n"
"| remission_adolescent | n/a | 0 | 0 | n/a |\n"
"| dropout | 0.0% | 0 | 2 | 0.0 to 65.8 |\n"
"\n"
"## Benchmarks\n"
"\n"
"| rate | value | 95% CI | reference | verdict | source |\n"
"|---|---:|---|---:|---|---|\n"
"| recovery | 50.0% | 9.5 to 90.5 | 50% | within | NHS Talking Therapies "
"|\n"
"| reliable_improvement | 100.0% | 34.2 to 100.0 | 69.1% | within | NHS "
"Talking Therapies |\n"
"| remission | 50.0% | 9.5 to 90.5 | 65-70% | within | project brief |\n"
"| remission_adolescent | n/a | n/a | 80% | n/a | project brief |\n"
"| dropout | 0.0% | 0.0 to 65.8 | 19.7% | within | Swift and Greenberg "
"2012 |\n"
"\n"
"below: the whole 95% interval is below the reference; above: the whole "
"interval is above it; within: the interval includes it.\n"
"\n"
"## Trajectory\n"
"\n"
"Mean depression score (PHQ-9, else PHQ-A) of attended sessions by "
"session number, with its 95% confidence interval (n of 2 or more).\n"
"\n"
"| session | n | mean | 95% CI |\n"
"|---:|---:|---:|---|\n"
"| 1 | 4 | 17.5 | 15.2 to 19.8 |\n"
"| 2 | 3 | 14.0 | 10.1 to 17.9 |\n"
"| 3 | 3 | 11.3 | 8.0 to 14.7 |\n"
"| 5 | 1 | 9.0 | n/a |\n"
"| 8 | 2 | 6.0 | -0.9 to 12.9 |\n"
"\n"
"## Data quality\n"
"\n"
"| flagged | values |\n"
"|---|---:|\n"
"| invalid phq9\\_total | 2 |\n"
"| missing id | 1 |\n"
"\n"
"- Patients with a single depression score: 1\n"
"- Records ignored as future-dated: 2\n"
"- Records ignored as invalid (no valid id or date): 3\n";

static const char want_json[] =
"{\"report\":\"ipt-report\",\"version\":1,\"as_of\":\"2026-03-02\","
"\"period\":{\"from\":\"2026-02-24\",\"to\":\"2026-03-02\"},"
"\"inputs\":{\"records_read\":120,\"records_used\":115,"
"\"records_flagged\":3,\"records_future\":2,\"records_invalid\":3,"
"\"patients\":4},\"safety\":[{\"id\":\"P|alpha1\","
"\"last_record\":\"2026-03-01\",\"latest_risk\":\"high\","
"\"risk\":{\"phq9_risk\":\"positive\",\"phqa_risk\":null,"
"\"epds_risk\":null,\"cssrs_risk\":\"high\"},\"dep_last\":18,"
"\"worsening\":\"no\"},{\"id\":\"Q_bravo2\","
"\"last_record\":\"2026-02-27\",\"latest_risk\":\"low\","
"\"risk\":{\"phq9_risk\":null,\"phqa_risk\":null,\"epds_risk\":null,"
"\"cssrs_risk\":\"low\"},\"dep_last\":null,\"worsening\":\"yes\"},"
"{\"id\":\"R<charlie3>\",\"last_record\":\"2026-02-20\","
"\"latest_risk\":\"not_assessed\",\"risk\":{\"phq9_risk\":null,"
"\"phqa_risk\":null,\"epds_risk\":null,\"cssrs_risk\":null},"
"\"dep_last\":15,\"worsening\":\"yes\"}],"
"\"not_assessed\":[\"R<charlie3>\",\"S&delta4\"],"
"\"period_activity\":{\"contacts\":12,\"new_patients\":2,\"ended\":1,"
"\"worsened\":1},\"due\":[{\"id\":\"P|alpha1\",\"date\":\"2026-03-04\","
"\"kind\":\"session\",\"session\":5,\"measures\":\"phq9 gad7\"},"
"{\"id\":\"T\\\"echo5\",\"date\":\"2026-03-06\",\"kind\":\"follow_up\","
"\"session\":null,\"measures\":null}],\"overdue\":[{\"id\":\"Q_bravo2\","
"\"date\":\"2026-02-16\",\"kind\":\"session\",\"session\":3,"
"\"measures\":\"phq9\"}],\"outcomes\":[{\"group\":{},"
"\"counts\":{\"patients\":4,\"active\":2,\"ended\":2,\"finished\":2,"
"\"dropouts\":0,\"sessions_mean\":9.5,\"sessions_median\":9.5},"
"\"scores\":{\"n\":2,\"first_mean\":17.5,\"last_mean\":6.0,"
"\"change_mean\":-11.5,\"first_sd\":2.1,\"effect_size_d\":5.42},"
"\"rates\":{\"recovery\":{\"numerator\":1,\"denominator\":2,"
"\"percent\":50.0,\"ci_low\":9.5,\"ci_high\":90.5},"
"\"reliable_improvement\":{\"numerator\":2,\"denominator\":2,"
"\"percent\":100.0,\"ci_low\":34.2,\"ci_high\":100.0},"
"\"reliable_deterioration\":{\"numerator\":0,\"denominator\":2,"
"\"percent\":0.0,\"ci_low\":0.0,\"ci_high\":65.8},"
"\"reliable_recovery\":{\"numerator\":1,\"denominator\":2,"
"\"percent\":50.0,\"ci_low\":9.5,\"ci_high\":90.5},"
"\"response\":{\"numerator\":2,\"denominator\":2,\"percent\":100.0,"
"\"ci_low\":34.2,\"ci_high\":100.0},\"remission\":{\"numerator\":1,"
"\"denominator\":2,\"percent\":50.0,\"ci_low\":9.5,\"ci_high\":90.5},"
"\"remission_adolescent\":{\"numerator\":0,\"denominator\":0,"
"\"percent\":null,\"ci_low\":null,\"ci_high\":null},"
"\"dropout\":{\"numerator\":0,\"denominator\":2,\"percent\":0.0,"
"\"ci_low\":0.0,\"ci_high\":65.8}}},{\"group\":{\"site\":\"A,1\","
"\"focal_area\":\"grief\"},\"counts\":{\"patients\":2,\"active\":1,"
"\"ended\":1,\"finished\":1,\"dropouts\":0,\"sessions_mean\":null,"
"\"sessions_median\":null},\"scores\":{\"n\":1,\"first_mean\":17.5,"
"\"last_mean\":6.0,\"change_mean\":-11.5,\"first_sd\":null,"
"\"effect_size_d\":null},\"rates\":{\"recovery\":{\"numerator\":null,"
"\"denominator\":null,\"percent\":null,\"ci_low\":null,\"ci_high\":null,"
"\"suppressed\":true},\"reliable_improvement\":{\"numerator\":2,"
"\"denominator\":2,\"percent\":100.0,\"ci_low\":34.2,\"ci_high\":100.0},"
"\"reliable_deterioration\":{\"numerator\":0,\"denominator\":2,"
"\"percent\":0.0,\"ci_low\":0.0,\"ci_high\":65.8},"
"\"reliable_recovery\":{\"numerator\":1,\"denominator\":2,"
"\"percent\":50.0,\"ci_low\":9.5,\"ci_high\":90.5},"
"\"response\":{\"numerator\":2,\"denominator\":2,\"percent\":100.0,"
"\"ci_low\":34.2,\"ci_high\":100.0},\"remission\":{\"numerator\":1,"
"\"denominator\":2,\"percent\":50.0,\"ci_low\":9.5,\"ci_high\":90.5},"
"\"remission_adolescent\":{\"numerator\":0,\"denominator\":0,"
"\"percent\":null,\"ci_low\":null,\"ci_high\":null},"
"\"dropout\":{\"numerator\":0,\"denominator\":2,\"percent\":0.0,"
"\"ci_low\":0.0,\"ci_high\":65.8}}}],"
"\"benchmarks\":[{\"rate\":\"recovery\",\"reference\":\"50\","
"\"verdict\":\"within\"},{\"rate\":\"reliable_improvement\","
"\"reference\":\"69.1\",\"verdict\":\"within\"},{\"rate\":\"remission\","
"\"reference\":\"65-70\",\"verdict\":\"within\"},"
"{\"rate\":\"remission_adolescent\",\"reference\":\"80\","
"\"verdict\":\"n/a\"},{\"rate\":\"dropout\",\"reference\":\"19.7\","
"\"verdict\":\"within\"}],\"trajectory\":[{\"session\":1,\"n\":4,"
"\"mean\":17.5,\"ci_low\":15.2,\"ci_high\":19.8},{\"session\":2,\"n\":3,"
"\"mean\":14.0,\"ci_low\":10.1,\"ci_high\":17.9},{\"session\":3,\"n\":3,"
"\"mean\":11.3,\"ci_low\":8.0,\"ci_high\":14.7},{\"session\":5,\"n\":1,"
"\"mean\":9.0,\"ci_low\":null,\"ci_high\":null},{\"session\":8,\"n\":2,"
"\"mean\":6.0,\"ci_low\":-0.9,\"ci_high\":12.9}],"
"\"data_quality\":{\"flagged\":{\"invalid phq9_total\":2,"
"\"missing id\":1},\"single_score\":1,\"future\":2,\"invalid\":3}}\n";

static const char want_csv[] =
"group,metric,numerator,denominator,value,ci_low,ci_high\n"
",patients,,,4,,\n"
",active,,,2,,\n"
",ended,,,2,,\n"
",finished,,,2,,\n"
",dropouts,,,0,,\n"
",sessions_mean,,,9.5,,\n"
",sessions_median,,,9.5,,\n"
",n,,,2,,\n"
",first_mean,,,17.5,,\n"
",last_mean,,,6.0,,\n"
",change_mean,,,-11.5,,\n"
",first_sd,,,2.1,,\n"
",effect_size_d,,,5.42,,\n"
",recovery,1,2,50.0,9.5,90.5\n"
",reliable_improvement,2,2,100.0,34.2,100.0\n"
",reliable_deterioration,0,2,0.0,0.0,65.8\n"
",reliable_recovery,1,2,50.0,9.5,90.5\n"
",response,2,2,100.0,34.2,100.0\n"
",remission,1,2,50.0,9.5,90.5\n"
",remission_adolescent,0,0,,,\n"
",dropout,0,2,0.0,0.0,65.8\n"
"\"site=A,1;focal_area=grief\",patients,,,2,,\n"
"\"site=A,1;focal_area=grief\",active,,,1,,\n"
"\"site=A,1;focal_area=grief\",ended,,,1,,\n"
"\"site=A,1;focal_area=grief\",finished,,,1,,\n"
"\"site=A,1;focal_area=grief\",dropouts,,,0,,\n"
"\"site=A,1;focal_area=grief\",sessions_mean,,,,,\n"
"\"site=A,1;focal_area=grief\",sessions_median,,,,,\n"
"\"site=A,1;focal_area=grief\",n,,,1,,\n"
"\"site=A,1;focal_area=grief\",first_mean,,,17.5,,\n"
"\"site=A,1;focal_area=grief\",last_mean,,,6.0,,\n"
"\"site=A,1;focal_area=grief\",change_mean,,,-11.5,,\n"
"\"site=A,1;focal_area=grief\",first_sd,,,,,\n"
"\"site=A,1;focal_area=grief\",effect_size_d,,,,,\n"
"\"site=A,1;focal_area=grief\",recovery,,,suppressed,,\n"
"\"site=A,1;focal_area=grief\",reliable_improvement,2,2,100.0,34.2,"
"100.0\n"
"\"site=A,1;focal_area=grief\",reliable_deterioration,0,2,0.0,0.0,65.8\n"
"\"site=A,1;focal_area=grief\",reliable_recovery,1,2,50.0,9.5,90.5\n"
"\"site=A,1;focal_area=grief\",response,2,2,100.0,34.2,100.0\n"
"\"site=A,1;focal_area=grief\",remission,1,2,50.0,9.5,90.5\n"
"\"site=A,1;focal_area=grief\",remission_adolescent,0,0,,,\n"
"\"site=A,1;focal_area=grief\",dropout,0,2,0.0,0.0,65.8\n";

/* The four outputs of d. */
struct outs {
	char *md, *json, *csv, *html;
};

static void
render_all(const struct rdoc *d, struct outs *o, const char *name)
{
	o->md = render(rdoc_write_md, d);
	o->json = render(rdoc_write_json, d);
	o->csv = render(rdoc_write_csv, d);
	o->html = render(rdoc_write_html, d);
	check_json_parses(name, o->json);
	save_html(name, o->html);
}

static void
free_all(struct outs *o)
{
	free(o->md);
	free(o->json);
	free(o->csv);
	free(o->html);
}

static void
test_full(void)
{
	struct rdoc d;
	struct outs o;
	char *want_md;

	build(&d);
	render_all(&d, &o, "full");
	if (getenv("RDOC_DUMP") != NULL)
		printf("%s\n=====\n%s\n=====\n%s\n=====\n", o.md, o.json,
		    o.csv);
	want_md = xmalloc(sizeof(want_md1) + sizeof(want_md2));
	memcpy(want_md, want_md1, sizeof(want_md1) - 1);
	memcpy(want_md + sizeof(want_md1) - 1, want_md2, sizeof(want_md2));
	check_text("md", o.md, want_md);
	free(want_md);
	check_text("json", o.json, want_json);
	check_text("csv", o.csv, want_csv);
	/* Only the suppressed rate has the key. */
	CHECK_INT(occurrences(o.json, "\"suppressed\""), 1);
	/* Every id is somewhere in md, json and html; csv has none. */
	for (size_t i = 0; i < NWORDS; i++) {
		check_has("md ids", o.md, id_words[i]);
		check_has("json ids", o.json, id_words[i]);
		check_has("html ids", o.html, id_words[i]);
		check_lacks("csv ids", o.csv, id_words[i]);
	}
	free_all(&o);
	rdoc_release(&d);
	CHECK(d.groups == NULL && d.ngroups == 0 && d.safety == NULL);
	rdoc_release(&d);	/* twice is harmless */
}

static void
test_html(void)
{
	struct rdoc d;
	char *h;

	build(&d);
	h = render(rdoc_write_html, &d);
	CHECK(strncmp(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n", 62) == 0);
	check_has("html", h, "<title>IPT caseload and outcome report, as "
	    "of 2026-03-02</title>");
	check_has("html", h, "@page { size: A4; margin: 15mm; }");
	CHECK_INT(occurrences(h, "<style>"), 1);
	check_lacks("html", h, "<script");
	check_lacks("html", h, "<link");
	check_lacks("html", h, "<img");
	check_lacks("html", h, "url(");
	check_lacks("html", h, "https:");
	check_has("html", h, "A service-evaluation and research aid; it "
	    "does not make clinical decisions.");
	/* Three charts, each with its namespace, viewBox and title. */
	CHECK_INT(occurrences(h, "<svg "), 3);
	CHECK_INT(occurrences(h, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 "), 3);
	CHECK_INT(occurrences(h, "</svg>"), 3);
	CHECK_INT(occurrences(h, "role=\"img\""), 3);
	check_has("html", h, "<title id=\"chart-traj-title\">");
	check_has("html", h, "<title id=\"chart-rates-title\">");
	check_has("html", h, "<title id=\"chart-groups-title\">");
	/* The band is a polygon over sessions 1-3 and a bar at session 8. */
	CHECK_INT(occurrences(h, "<polygon "), 1);
	CHECK_INT(occurrences(h, "<polyline "), 1);
	CHECK_INT(occurrences(h, "<circle"), 5);
	/* The remission benchmark is a band (65-70), the others lines. */
	CHECK_INT(occurrences(h, "fill=\"#b8433a\" fill-opacity=\"0.22\""),
	    1);
	check_has("html", h, "<title>remission: 50.0% (1/2), 95% CI 9.5 to "
	    "90.5; benchmark 65-70%, within</title>");
	/* Text from the data is escaped. */
	check_has("html", h, "<td>P|alpha1</td>");
	check_has("html", h, "<td>R&lt;charlie3&gt;</td>");
	check_has("html", h, "R&lt;charlie3&gt;, S&amp;delta4</p>");
	check_has("html", h, "<td>T&quot;echo5</td>");
	check_has("html", h, "<h3>site = A,1; focal_area = grief</h3>");
	/* The same numbers as md. */
	check_has("html", h, "<tr><td>recovery</td><td class=\"num\">50.0%"
	    "</td><td class=\"num\">1</td><td class=\"num\">2</td><td>9.5 to "
	    "90.5</td></tr>");
	check_has("html", h, "<tr><td>recovery</td><td class=\"num\"><span "
	    "class=\"na\">suppressed</span></td><td></td><td></td><td></td>"
	    "</tr>");
	check_has("html", h, "<tr><td>effect_size_d</td><td class=\"num\">"
	    "<span class=\"na\">n/a</span></td>");
	check_has("html", h, "<tr><td class=\"num\">5</td><td class=\"num\">"
	    "1</td><td class=\"num\">9.0</td><td><span class=\"na\">n/a"
	    "</span></td></tr>");
	check_has("html", h, "<tr><td>remission</td><td class=\"num\">50.0%"
	    "</td><td>9.5 to 90.5</td><td class=\"num\">65-70%</td>"
	    "<td>within</td>");
	check_has("html", h, "<h3>Due from 2026-03-03 to 2026-03-09</h3>");
	free(h);
	rdoc_release(&d);
}

static void
test_redact(void)
{
	struct rdoc d;
	struct outs o;

	build(&d);
	d.redact = true;
	render_all(&d, &o, "redact");
	for (size_t i = 0; i < NWORDS; i++) {
		check_lacks("redacted md", o.md, id_words[i]);
		check_lacks("redacted json", o.json, id_words[i]);
		check_lacks("redacted csv", o.csv, id_words[i]);
		check_lacks("redacted html", o.html, id_words[i]);
	}
	check_has("redacted md", o.md, "Patient ids are withheld (--redact)."
	    "\n\n");
	check_has("redacted md", o.md, "or whose scores are worsening.\n\n"
	    "| latest_risk | patients |\n|---|---:|\n| high | 1 |\n"
	    "| moderate | 0 |\n| positive | 0 |\n| unknown | 0 |\n"
	    "| low | 1 |\n| worsening only | 1 |\n| total | 3 |\n\n"
	    "No risk answer recorded: 2\n\n## This period");
	check_has("redacted md", o.md, "## Due\n\n- Due from 2026-03-03 to "
	    "2026-03-09: 2\n- Overdue: treatment sessions planned before "
	    "2026-02-23 and not attended: 1\n\n## Outcomes");
	check_has("redacted json", o.json, "\"patients\":4},\"safety\":"
	    "{\"count\":3,\"by_risk\":{\"high\":1,\"moderate\":0,"
	    "\"positive\":0,\"unknown\":0,\"low\":1,\"not_assessed\":2,"
	    "\"worsening\":1}},\"not_assessed\":2,\"period_activity\":");
	check_has("redacted json", o.json, "\"worsened\":1},\"due\":2,"
	    "\"overdue\":1,\"outcomes\":[");
	check_text("redacted csv", o.csv, want_csv);
	check_has("redacted html", o.html, "<tr><th>total</th><td "
	    "class=\"num\">3</td></tr>");
	check_has("redacted html", o.html, "<p>No risk answer recorded: 2"
	    "</p>");
	check_has("redacted html", o.html, "<li>Due from 2026-03-03 to "
	    "2026-03-09: 2</li>");
	check_has("redacted html", o.html, "<span class=\"n\">3</span><span "
	    "class=\"k\">safety follow-up</span>");
	free_all(&o);

	/* Redacted without --plans: null, as unredacted. */
	d.has_plans = false;
	render_all(&d, &o, "redact-noplans");
	check_has("redacted json", o.json, "\"due\":null,\"overdue\":null,");
	free_all(&o);
	rdoc_release(&d);
}

static void
test_no_plans(void)
{
	struct rdoc d;
	struct outs o;

	build(&d);
	d.has_plans = false;	/* the lists are ignored */
	render_all(&d, &o, "noplans");
	check_has("md", o.md, "## Due\n\nNo --plans file was given: no due "
	    "or overdue list.\n\n## Outcomes");
	check_lacks("md", o.md, "echo5");
	check_has("json", o.json, "\"worsened\":1},\"due\":null,"
	    "\"overdue\":null,\"outcomes\":");
	check_has("html", o.html, "<h2>Due</h2>\n<p>No --plans file was "
	    "given: no due or overdue list.</p>");
	check_lacks("html", o.html, "due next 7 days");
	free_all(&o);
	rdoc_release(&d);
}

static void
test_empty(void)
{
	struct rdoc d;
	struct outs o;

	build(&d);
	d.nsafety = 0;
	d.nnot_assessed = 0;
	memset(d.safety_by_risk, 0, sizeof(d.safety_by_risk));
	d.safety_worsening_only = 0;
	d.ndue = d.noverdue = 0;
	d.nreasons = 0;
	for (int i = 0; i < RDOC_TRAJ_SESSIONS; i++)
		d.traj[i].present = false;
	render_all(&d, &o, "empty");
	check_has("md", o.md, "or whose scores are worsening.\n\nnone\n\n"
	    "No risk answer recorded: none\n\n## This period");
	check_has("md", o.md, "### Due from 2026-03-03 to 2026-03-09\n\n"
	    "none\n\n### Overdue: treatment sessions planned before "
	    "2026-02-23 and not attended\n\nnone\n\n## Outcomes");
	check_has("md", o.md, "(n of 2 or more).\n\nnone\n\n## Data quality"
	    "\n\nFlagged values: none\n\n- Patients");
	check_has("json", o.json, "\"safety\":[],\"not_assessed\":[],");
	check_has("json", o.json, "\"due\":[],\"overdue\":[],");
	check_has("json", o.json, "\"trajectory\":[],\"data_quality\":"
	    "{\"flagged\":{},\"single_score\":1,\"future\":2,\"invalid\":3}}"
	    "\n");
	check_has("html", o.html, "<p>none</p>\n<p>No risk answer recorded: "
	    "none</p>");
	check_has("html", o.html, "<h2>Trajectory</h2>\n<p>Mean depression "
	    "score (PHQ-9, else PHQ-A) of attended sessions by session "
	    "number, with its 95% confidence interval (n of 2 or more).</p>\n"
	    "<p>none</p>\n</section>");
	check_has("html", o.html, "<p>Flagged values: none</p>");
	CHECK_INT(occurrences(o.html, "<svg "), 2);
	free_all(&o);

	d.redact = true;
	render_all(&d, &o, "empty-redact");
	check_has("md", o.md, "| total | 0 |\n\nNo risk answer recorded: 0");
	check_has("json", o.json, "\"safety\":{\"count\":0,\"by_risk\":"
	    "{\"high\":0,\"moderate\":0,\"positive\":0,\"unknown\":0,\"low\":0,"
	    "\"not_assessed\":0,\"worsening\":0}},\"not_assessed\":0,");
	check_has("json", o.json, "\"due\":0,\"overdue\":0,");
	free_all(&o);
	rdoc_release(&d);
}

/* Without --by: overall only, and no group chart. */
static void
test_no_by(void)
{
	struct rdoc d;
	struct outs o;

	build(&d);
	for (size_t j = 0; j < d.nby; j++)
		free(d.groups[1].val[j]);
	free(d.groups[1].val);
	d.groups[1].val = NULL;
	d.ngroups = 1;
	d.nby = 0;
	d.by = NULL;
	render_all(&d, &o, "noby");
	CHECK_INT(occurrences(o.csv, "\n"), 1 + RM_METRICS);
	CHECK(strncmp(o.csv, want_csv, strlen(o.csv)) == 0);
	check_has("json", o.json, "\"outcomes\":[{\"group\":{},\"counts\":");
	CHECK_INT(occurrences(o.json, "\"group\""), 1);
	CHECK_INT(occurrences(o.md, "### Overall"), 1);
	CHECK_INT(occurrences(o.md, "| metric |"), 1);
	check_has("html", o.html, "Recovery by group: no --by groups.");
	CHECK_INT(occurrences(o.html, "<svg "), 2);
	free_all(&o);
	rdoc_release(&d);
}

/*
 * Awkward text: controls become U+FFFD in md and html (escaped in json),
 * markup characters are escaped, a long group value is shortened in the
 * chart but whole in the tables and the tooltip, and several groups keep
 * their order.
 */
static void
test_escaping(void)
{
	static const char long_val[] =
	    "a very long group value that goes on and on";
	struct rdoc d;
	struct outs o;

	build(&d);
	d.safety[0].id = "ctl\x01x\ny\xc2\x85z\xef\xbf\xbe";
	d.safety[1].id = "a*b`c[d]e~f#g\\h_i<j>k&l|m'n";
	free(d.groups[1].val[1]);
	d.groups[1].val[1] = xstrdup(long_val);
	render_all(&d, &o, "escaping");
	check_has("md", o.md, "| ctl\xef\xbf\xbdx\xef\xbf\xbdy\xef\xbf\xbd"
	    "z\xef\xbf\xbe |");
	check_has("md", o.md, "| a\\*b\\`c\\[d\\]e\\~f\\#g\\\\h\\_i\\<j\\>k"
	    "\\&l\\|m'n |");
	check_has("json", o.json, "\"id\":\"ctl\\u0001x\\ny\xc2\x85z"
	    "\xef\xbf\xbe\"");
	check_has("json", o.json, "\"id\":\"a*b`c[d]e~f#g\\\\h_i<j>k&l|m'n\"");
	check_has("html", o.html, "<td>ctl\xef\xbf\xbdx\xef\xbf\xbdy"
	    "\xef\xbf\xbdz\xef\xbf\xbd</td>");
	check_has("html", o.html, "<td>a*b`c[d]e~f#g\\h_i&lt;j&gt;k&amp;l|m"
	    "&#39;n</td>");
	check_has("html", o.html, "<h3>site = A,1; focal_area = a very long "
	    "group value that goes on and on</h3>");
	check_has("html", o.html, ">A,1; a very long group va...</text>");
	check_has("html", o.html, "<title>A,1; a very long group value that "
	    "goes on and on: suppressed; benchmark 50%</title>");
	check_has("csv", o.csv, "\n\"site=A,1;focal_area=a very long group "
	    "value that goes on and on\",patients,,,2,,\n");
	free_all(&o);
	rdoc_release(&d);
}

static void
test_quoting(void)
{
	struct rdoc d;
	char *csv;

	build(&d);
	free(d.groups[1].val[0]);
	d.groups[1].val[0] = xstrdup("say \"hi\"");
	csv = render(rdoc_write_csv, &d);
	check_has("csv", csv, "\n\"site=say \"\"hi\"\";focal_area=grief\","
	    "dropout,0,2,0.0,0.0,65.8\n");
	free(csv);
	free(d.groups[1].val[0]);
	d.groups[1].val[0] = xstrdup("B");
	csv = render(rdoc_write_csv, &d);
	check_has("csv", csv, "\nsite=B;focal_area=grief,recovery,,,"
	    "suppressed,,\n");
	free(csv);
	rdoc_release(&d);
}

/* A write error is reported by every writer (a read-only descriptor). */
static void
test_write_error(void)
{
	writer_fn *const w[] = {
		rdoc_write_md, rdoc_write_json, rdoc_write_csv,
		rdoc_write_html
	};
	struct rdoc d;
	int fd = open("/dev/null", O_RDONLY);

	if (fd < 0) {
		perror("/dev/null");
		exit(2);
	}
	build(&d);
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		CHECKF(w[i](&d, fd) == -1, "writer %zu", i);
	/* The descriptor is the caller's: still open. */
	CHECK(fcntl(fd, F_GETFD) != -1);
	close(fd);
	rdoc_release(&d);
}

static void
test_metric_names(void)
{
	CHECK_STR(rdoc_metric_name(RM_PATIENTS), "patients");
	CHECK_STR(rdoc_metric_name(RM_SESSIONS_MEDIAN), "sessions_median");
	CHECK_STR(rdoc_metric_name(RM_N), "n");
	CHECK_STR(rdoc_metric_name(RM_EFFECT_SIZE_D), "effect_size_d");
	CHECK_STR(rdoc_metric_name(RM_RATE0), "recovery");
	CHECK_STR(rdoc_metric_name(RM_RATE0 + RATE_DROPOUT), "dropout");
	CHECK_STR(rdoc_metric_name(RM_METRICS), "");
}

int
main(void)
{
	test_metric_names();
	test_full();
	test_html();
	test_redact();
	test_no_plans();
	test_empty();
	test_no_by();
	test_escaping();
	test_quoting();
	test_write_error();
	return unit_done("test_rdoc");
}
