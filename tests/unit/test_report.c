/* SPDX-License-Identifier: MIT */
/*
 * test_report.c - ipt-report's metrics core (ipt-report.md sections 3, 5
 * and 7): per-patient facts, order independence and merging of states,
 * cohort counts and rates, Wilson intervals and the rounding rules.
 *
 * Every expectation was worked out by hand from the spec; the arithmetic
 * is in the comments.  Dates are written as day offsets from BASE
 * (2026-01-05), and a patient's facts are compared as one line (see
 * describe()), so a case shows every fact at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "report.h"
#include "unit.h"

#define N REP_NO_SCORE
#define ND (-9999)		/* no end_date (as an offset) */
#define UNK REP_UNKNOWN
#define MAXROWS 8

static long base;

/*
 * One session record.  risk holds the four risk fields (phq9, phqa, epds,
 * cssrs) as letters: '.' empty, n not_endorsed, l low, u unknown,
 * p positive, m moderate, h high.  ended is 'y', 'n' or 0 (missing).
 */
struct row {
	int d, s;
	char att;
	int phq9, phqa, gad7, wsas, epds;
	const char *risk;
	char ended;
	int end_d;
};

static enum rep_level
level(char c)
{
	const char *codes = ".nlupmh";
	const char *p = strchr(codes, c);

	return p != NULL ? (enum rep_level)(p - codes) : REP_LVL_NONE;
}

static void
make_obs(const struct row *r, struct rep_obs *o)
{
	rep_obs_init(o, base + r->d, r->s);
	o->attended = r->att == 'y';
	o->score[REP_PHQ9] = r->phq9;
	o->score[REP_PHQA] = r->phqa;
	o->score[REP_GAD7] = r->gad7;
	o->score[REP_WSAS] = r->wsas;
	o->score[REP_EPDS] = r->epds;
	for (int i = 0; i < REP_RISK_FIELDS; i++)
		o->risk[i] = level(r->risk[i]);
	o->ended = r->ended == 'y' ? REP_ENDED_YES :
	    r->ended == 'n' ? REP_ENDED_NO : REP_ENDED_MISSING;
	o->end_date = r->end_d == ND ? REP_NO_DATE : base + r->end_d;
}

static void
fold(struct patient_state *s, const struct row *rows, const int *order,
    int n)
{
	struct rep_obs o;

	patient_state_init(s);
	for (int i = 0; i < n; i++) {
		make_obs(&rows[order != NULL ? order[i] : i], &o);
		patient_state_add(s, &o);
	}
}

static const char *
day_str(long d, char *buf)
{
	if (d == REP_NO_DATE)
		return "-";
	snprintf(buf, 16, "%ld", d - base);
	return buf;
}

static const char *
score_str(int v, char *buf)
{
	if (v == REP_NO_SCORE)
		return "-";
	snprintf(buf, 16, "%d", v);
	return buf;
}

static char
yn(bool b)
{
	return b ? 'y' : 'n';
}

static const char *
risk_str(enum rep_level l)
{
	return l == REP_LVL_NONE ? "-" : rep_level_name(l);
}

/*
 * All facts on one line: attended, first/last attended date, last
 * record; m=first,last,n per measure; dep; then E(nded) F(inished)
 * P(aired) CS CE (caseness start/end) R(ecovered) RI RD RR (reliable
 * improvement, deterioration, recovery) RS (response) RM (remission)
 * W(orsening); planned, T, dropout; latest_risk(risk fields).
 */
static const char *
describe(const struct patient_facts *f)
{
	static char line[600];
	char b1[16], b2[16], b3[16];
	size_t n;

	n = (size_t)snprintf(line, sizeof(line), "a=%ld f=%s l=%s r=%s",
	    f->attended, day_str(f->first_date, b1),
	    day_str(f->last_date, b2), day_str(f->last_record, b3));
	for (int m = 0; m < REP_MEASURES; m++)
		n += (size_t)snprintf(line + n, sizeof(line) - n,
		    " %s=%s,%s,%ld", rep_measure_name(m),
		    score_str(f->m_first[m], b1), score_str(f->m_last[m], b2),
		    f->m_n[m]);
	n += (size_t)snprintf(line + n, sizeof(line) - n, " dep=%s E%c F%c "
	    "P%c CS%c CE%c R%c RI%c RD%c RR%c RS%c RM%c W%c",
	    f->dep < 0 ? "-" : rep_measure_name(f->dep), yn(f->ended),
	    yn(f->finished), yn(f->paired), yn(f->caseness_start),
	    yn(f->caseness_end), yn(f->recovered),
	    yn(f->reliable_improvement), yn(f->reliable_deterioration),
	    yn(f->reliable_recovery), yn(f->response), yn(f->remission),
	    yn(f->worsening));
	if (f->planned == REP_UNKNOWN)
		snprintf(b1, sizeof(b1), "-");
	else
		snprintf(b1, sizeof(b1), "%ld", f->planned);
	snprintf(line + n, sizeof(line) - n, " pl=%s T=%d do=%s "
	    "risk=%s(%s,%s,%s,%s)", b1, f->termination,
	    f->dropout == REP_EMPTY ? "-" : f->dropout == REP_YES ? "y" : "n",
	    rep_level_name(f->latest_risk), risk_str(f->risk[0]),
	    risk_str(f->risk[1]), risk_str(f->risk[2]), risk_str(f->risk[3]));
	return line;
}

struct fact_case {
	const char *name;
	struct row rows[MAXROWS];
	int nrows;
	int as_of;		/* offset from base */
	long inactive, planned;
	const char *want;
};

/* Measures with no score, written once. */
#define NO_PHQA "phqa=-,-,0"
#define NO_WSAS_EPDS "wsas=-,-,0 epds=-,-,0"
#define NO_RISK "risk=not_assessed(-,-,-,-)"

static const struct fact_case fact_cases[] = {
	/*
	 * phq9 15 -> 4 (n 3), gad7 10 -> 3 (n 3); ended yes on day 14, as-of
	 * day 20 (14 >= 20 - 28: not inactive, ended by the flag).
	 * finished: 3 >= 2.  caseness_start 15 >= 10; end 4 < 10, 3 < 8.
	 * improvement 15 - 4 = 11 >= 6, 10 - 3 = 7 >= 4; no worsening.
	 * response 2*4 = 8 <= 15; remission 15 >= 10, 4 < 5.
	 * planned 12: T = 3; dropout 3 < 12 - 3 = 9: yes.
	 */
	{"full recovered course", {
		{0, 1, 'y', 15, N, 10, N, N, "....", 0, ND},
		{7, 2, 'y', 8, N, 6, N, N, "....", 0, ND},
		{14, 3, 'y', 4, N, 3, N, N, "....", 'y', ND}}, 3, 20, 28, 12,
	    "a=3 f=0 l=14 r=14 phq9=15,4,3 " NO_PHQA " gad7=10,3,3 "
	    NO_WSAS_EPDS " dep=phq9 Ey Fy Py CSy CEn Ry RIy RDn RRy RSy RMy "
	    "Wn pl=12 T=3 do=y " NO_RISK},
	/* Last seen day 72, as-of 100: 72 < 100 - 28 = 72 is false: active. */
	{"inactive: exactly at the limit is active", {
		{72, 1, 'y', 12, N, N, N, N, "....", 0, ND}}, 1, 100, 28, UNK,
	    "a=1 f=72 l=72 r=72 phq9=12,12,1 " NO_PHQA " gad7=-,-,0 "
	    NO_WSAS_EPDS " dep=phq9 En Fn Pn CSy CEy Rn RIn RDn RRn RSn RMn "
	    "Wn pl=- T=0 do=n " NO_RISK},
	/*
	 * Day 71: 71 < 72: ended.  One attended: not finished.  planned
	 * unknown and ended: dropout empty.
	 */
	{"inactive: one day past the limit is ended", {
		{71, 1, 'y', 12, N, N, N, N, "....", 0, ND}}, 1, 100, 28, UNK,
	    "a=1 f=71 l=71 r=71 phq9=12,12,1 " NO_PHQA " gad7=-,-,0 "
	    NO_WSAS_EPDS " dep=phq9 Ey Fn Pn CSy CEy Rn RIn RDn RRn RSn RMn "
	    "Wn pl=- T=0 do=- " NO_RISK},
	/* The same with planned 8: T = 2, 1 < 8 - 2 = 6: dropout yes. */
	{"ended early with a plan: dropout", {
		{71, 1, 'y', 12, N, N, N, N, "....", 0, ND}}, 1, 100, 28, 8,
	    "a=1 f=71 l=71 r=71 phq9=12,12,1 " NO_PHQA " gad7=-,-,0 "
	    NO_WSAS_EPDS " dep=phq9 Ey Fn Pn CSy CEy Rn RIn RDn RRn RSn RMn "
	    "Wn pl=8 T=2 do=y " NO_RISK},
	/*
	 * A record not attended keeps the course alive (last_record 80 >=
	 * 72) but is neither counted nor scored: phq9 3 on it is ignored.
	 */
	{"record not attended: last_record only", {
		{10, 1, 'y', 14, N, N, N, N, "....", 0, ND},
		{80, 0, 'n', 3, N, N, N, N, "....", 0, ND}}, 2, 100, 28, UNK,
	    "a=1 f=10 l=10 r=80 phq9=14,14,1 " NO_PHQA " gad7=-,-,0 "
	    NO_WSAS_EPDS " dep=phq9 En Fn Pn CSy CEy Rn RIn RDn RRn RSn RMn "
	    "Wn pl=- T=0 do=n " NO_RISK},
	/*
	 * Two attended, one phq9 score: finished but not paired (n = 1), so
	 * no outcome; caseness_end from the only score, 14 >= 10.
	 */
	{"one score only: not paired", {
		{0, 1, 'y', 14, N, N, N, N, "....", 0, ND},
		{7, 2, 'y', N, N, N, N, N, "....", 'y', ND}}, 2, 10, 28, UNK,
	    "a=2 f=0 l=7 r=7 phq9=14,14,1 " NO_PHQA " gad7=-,-,0 "
	    NO_WSAS_EPDS " dep=phq9 Ey Fy Pn CSy CEy Rn RIn RDn RRn RSn RMn "
	    "Wn pl=- T=0 do=- " NO_RISK},
	/*
	 * gad7 only: dep empty, paired on gad7 alone.  12 >= 8 at start,
	 * 6 < 8 at end: recovered; 12 - 6 = 6 >= 4: reliable improvement.
	 * planned 16: T = 3; 2 < 13: dropout.
	 */
	{"anxiety measure only", {
		{0, 1, 'y', N, N, 12, N, N, "....", 0, ND},
		{7, 2, 'y', N, N, 6, N, N, "....", 'y', ND}}, 2, 10, 28, 16,
	    "a=2 f=0 l=7 r=7 phq9=-,-,0 " NO_PHQA " gad7=12,6,2 "
	    NO_WSAS_EPDS " dep=- Ey Fy Py CSy CEn Ry RIy RDn RRy RSn RMn "
	    "Wn pl=16 T=3 do=y " NO_RISK},
	/*
	 * Ties on (date, session), worst last: (0,1) holds 9 then 14, so
	 * the first score is 9; (10,2) holds 3 then 7, so the last is 7.
	 * Active (10 >= 20 - 28).  Paired needs no finished course.
	 */
	{"ties on (date, session): higher value later", {
		{0, 1, 'y', 14, N, N, N, N, "....", 0, ND},
		{0, 1, 'y', 9, N, N, N, N, "....", 0, ND},
		{10, 2, 'y', 7, N, N, N, N, "....", 0, ND},
		{10, 2, 'y', 3, N, N, N, N, "....", 0, ND}}, 4, 20, 28, UNK,
	    "a=4 f=0 l=10 r=10 phq9=9,7,4 " NO_PHQA " gad7=-,-,0 "
	    NO_WSAS_EPDS " dep=phq9 En Fn Py CSn CEn Rn RIn RDn RRn RSn RMn "
	    "Wn pl=- T=0 do=n " NO_RISK},
	/*
	 * No session sorts first on its date: (5,-,20) < (5,1,10) and
	 * (12,-,3) < (12,2,9): first 20, last 9 (not 10 and 3).
	 */
	{"no session before numbered on the same date", {
		{5, 1, 'y', 10, N, N, N, N, "....", 0, ND},
		{12, 0, 'y', 3, N, N, N, N, "....", 0, ND},
		{5, 0, 'y', 20, N, N, N, N, "....", 0, ND},
		{12, 2, 'y', 9, N, N, N, N, "....", 0, ND}}, 4, 20, 28, UNK,
	    "a=4 f=5 l=12 r=12 phq9=20,9,4 " NO_PHQA " gad7=-,-,0 "
	    NO_WSAS_EPDS " dep=phq9 En Fn Py CSy CEn Rn RIn RDn RRn RSn RMn "
	    "Wn pl=- T=0 do=n " NO_RISK},
	/* Session numbers order a date: (5,2,18) before (5,3,5). */
	{"session order within a date", {
		{5, 3, 'y', 5, N, N, N, N, "....", 0, ND},
		{5, 2, 'y', 18, N, N, N, N, "....", 0, ND}}, 2, 6, 28, UNK,
	    "a=2 f=5 l=5 r=5 phq9=18,5,2 " NO_PHQA " gad7=-,-,0 "
	    NO_WSAS_EPDS " dep=phq9 En Fn Py CSy CEn Rn RIn RDn RRn RSn RMn "
	    "Wn pl=- T=0 do=n " NO_RISK},
	/*
	 * Latest risk record: (20,2), two records merged field by field:
	 * phq9 not_endorsed, cssrs low; worst of them low.  (20,-) with
	 * cssrs high sorts before (20,2); (25,3) has no risk field.
	 */
	{"latest risk: tied records merged, earlier ignored", {
		{0, 1, 'y', N, N, N, N, N, "p..h", 0, ND},
		{20, 0, 'n', N, N, N, N, N, "...h", 0, ND},
		{20, 2, 'y', N, N, N, N, N, "n...", 0, ND},
		{20, 2, 'y', N, N, N, N, N, "...l", 0, ND},
		{25, 3, 'y', N, N, N, N, N, "....", 0, ND}}, 5, 30, 28, UNK,
	    "a=4 f=0 l=25 r=25 phq9=-,-,0 " NO_PHQA " gad7=-,-,0 "
	    NO_WSAS_EPDS " dep=- En Fn Pn CSn CEn Rn RIn RDn RRn RSn RMn "
	    "Wn pl=- T=0 do=n risk=low(not_endorsed,-,-,low)"},
	/*
	 * Tied (3,1): phq9 max(positive, not_endorsed) = positive, epds
	 * unknown, cssrs unknown; positive > unknown.
	 */
	{"latest risk: positive over unknown", {
		{3, 1, 'y', N, N, N, N, N, "p..u", 0, ND},
		{3, 1, 'y', N, N, N, N, N, "n.u.", 0, ND}}, 2, 10, 28, UNK,
	    "a=2 f=3 l=3 r=3 phq9=-,-,0 " NO_PHQA " gad7=-,-,0 "
	    NO_WSAS_EPDS " dep=- En Fn Pn CSn CEn Rn RIn RDn RRn RSn RMn "
	    "Wn pl=- T=0 do=n risk=positive(positive,-,unknown,unknown)"},
	/*
	 * moderate > positive; a record not attended still carries risk.
	 * No attended record: first and last date empty.
	 */
	{"latest risk: moderate, record not attended", {
		{4, 0, 'n', N, N, N, N, N, "p..m", 0, ND}}, 1, 10, 28, UNK,
	    "a=0 f=- l=- r=4 phq9=-,-,0 " NO_PHQA " gad7=-,-,0 "
	    NO_WSAS_EPDS " dep=- En Fn Pn CSn CEn Rn RIn RDn RRn RSn RMn "
	    "Wn pl=- T=0 do=n risk=moderate(positive,-,-,moderate)"},
	/*
	 * phq9 5 -> 12: +7 >= 6 worse; gad7 4 -> 4.  Not at caseness at
	 * start (5 < 10, 4 < 8), at caseness at end (12).  Response: 24 <=
	 * 5 no; remission: 5 < 10 no.  planned 6: T 2, 2 < 4: dropout.
	 */
	{"reliable deterioration", {
		{0, 1, 'y', 5, N, 4, N, N, "....", 0, ND},
		{7, 2, 'y', 12, N, 4, N, N, "....", 'y', ND}}, 2, 10, 28, 6,
	    "a=2 f=0 l=7 r=7 phq9=5,12,2 " NO_PHQA " gad7=4,4,2 "
	    NO_WSAS_EPDS " dep=phq9 Ey Fy Py CSn CEy Rn RIn RDy RRn RSn RMn "
	    "Wy pl=6 T=2 do=y " NO_RISK},
	/*
	 * phq9 16 -> 9 improves (7 >= 6) while gad7 5 -> 10 worsens (5 >=
	 * 4): neither reliable improvement nor deterioration; worsening
	 * yes.  caseness_end: 10 >= 8.  Response 18 <= 16 no.  planned 20:
	 * T 3, 2 < 17: dropout.
	 */
	{"mixed change", {
		{0, 1, 'y', 16, N, 5, N, N, "....", 0, ND},
		{7, 2, 'y', 9, N, 10, N, N, "....", 'y', ND}}, 2, 10, 28, 20,
	    "a=2 f=0 l=7 r=7 phq9=16,9,2 " NO_PHQA " gad7=5,10,2 "
	    NO_WSAS_EPDS " dep=phq9 Ey Fy Py CSy CEy Rn RIn RDn RRn RSn RMn "
	    "Wy pl=20 T=3 do=y " NO_RISK},
	/*
	 * Thresholds: phq9 15 -> 10 falls 5 (< 6), gad7 9 -> 5 falls 4
	 * (>= 4): reliable improvement.  phq9 10 >= 10 at the end: still
	 * at caseness, not recovered.  Response 20 <= 15 no.
	 */
	{"thresholds: exactly 4 on gad7, 10 still caseness", {
		{0, 1, 'y', 15, N, 9, N, N, "....", 0, ND},
		{7, 2, 'y', 10, N, 5, N, N, "....", 'y', ND}}, 2, 10, 28, UNK,
	    "a=2 f=0 l=7 r=7 phq9=15,10,2 " NO_PHQA " gad7=9,5,2 "
	    NO_WSAS_EPDS " dep=phq9 Ey Fy Py CSy CEy Rn RIy RDn RRn RSn RMn "
	    "Wn pl=- T=0 do=- " NO_RISK},
	/*
	 * end_date day 30 with as-of 29: not yet ended (7 >= 29 - 28 = 1,
	 * active), so every outcome is no.
	 */
	{"end_date after as-of", {
		{0, 1, 'y', 10, N, N, N, N, "....", 0, 30},
		{7, 2, 'y', 4, N, N, N, N, "....", 'n', ND}}, 2, 29, 28, UNK,
	    "a=2 f=0 l=7 r=7 phq9=10,4,2 " NO_PHQA " gad7=-,-,0 "
	    NO_WSAS_EPDS " dep=phq9 En Fn Py CSy CEn Rn RIn RDn RRn RSn RMn "
	    "Wn pl=- T=0 do=n " NO_RISK},
	/*
	 * As-of 30 = end_date: ended (7 >= 2, not inactive).  phq9 10 -> 4:
	 * recovered (10 >= 10, 4 < 10), 10 - 4 = 6 >= 6 reliable, response
	 * 8 <= 10, remission 10 >= 10 and 4 < 5.
	 */
	{"end_date on as-of", {
		{0, 1, 'y', 10, N, N, N, N, "....", 0, 30},
		{7, 2, 'y', 4, N, N, N, N, "....", 'n', ND}}, 2, 30, 28, UNK,
	    "a=2 f=0 l=7 r=7 phq9=10,4,2 " NO_PHQA " gad7=-,-,0 "
	    NO_WSAS_EPDS " dep=phq9 Ey Fy Py CSy CEn Ry RIy RDn RRy RSy RMy "
	    "Wn pl=- T=0 do=- " NO_RISK},
	/*
	 * Response edge: 10 -> 5 gives 2*5 = 10 <= 10 yes; remission needs
	 * 5 < 5: no.  10 - 5 = 5 < 6: no reliable improvement.
	 */
	{"response at exactly half", {
		{0, 1, 'y', 10, N, N, N, N, "....", 0, ND},
		{7, 2, 'y', 5, N, N, N, N, "....", 'y', ND}}, 2, 10, 28, UNK,
	    "a=2 f=0 l=7 r=7 phq9=10,5,2 " NO_PHQA " gad7=-,-,0 "
	    NO_WSAS_EPDS " dep=phq9 Ey Fy Py CSy CEn Ry RIn RDn RRn RSy RMn "
	    "Wn pl=- T=0 do=- " NO_RISK},
	/*
	 * phq-a is dep when no phq9 total on an attended record (the phq9
	 * 7 on day 5 was not attended).  20 -> 4: recovered, 16 >= 6,
	 * response 8 <= 20, remission 4 < 5.  wsas and epds pass through.
	 */
	{"phq-a as the depression measure", {
		{0, 1, 'y', N, 20, N, 25, 14, "....", 0, ND},
		{5, 2, 'n', 7, N, N, N, N, "....", 0, ND},
		{7, 2, 'y', N, 4, N, 12, 15, "....", 'y', ND}}, 3, 10, 28, UNK,
	    "a=2 f=0 l=7 r=7 phq9=-,-,0 phqa=20,4,2 gad7=-,-,0 "
	    "wsas=25,12,2 epds=14,15,2 dep=phqa Ey Fy Py CSy CEn Ry RIy RDn "
	    "RRy RSy RMy Wn pl=- T=0 do=- " NO_RISK},
};

static void
test_fact_cases(void)
{
	size_t ncase = sizeof(fact_cases) / sizeof(fact_cases[0]);

	for (size_t i = 0; i < ncase; i++) {
		const struct fact_case *c = &fact_cases[i];
		struct patient_state s;
		struct patient_facts f;
		const char *got;

		fold(&s, c->rows, NULL, c->nrows);
		CHECK_INT(s.records, c->nrows);
		patient_facts(&s, base + c->as_of, c->inactive, c->planned, &f);
		got = describe(&f);
		CHECKF(strcmp(got, c->want) == 0, "%s:\n  got  %s\n  want %s",
		    c->name, got, c->want);
	}
}

/*
 * Six records with score ties, a record without session, risk ties and
 * an ended flag.  By hand: phq9 in order (0,-,11) (0,1,9) (0,1,14)
 * (10,2,3) (10,2,7): first 11, last 7, n 5.  gad7 (0,1,3) (0,1,5):
 * first 3, last 5.  Latest risk key (10,2): phq9 max(n, u) = unknown,
 * cssrs max(l, m) = moderate.  Ended yes; 5 attended.  11 >= 10 start,
 * 7 < 10 and 5 < 8 end: recovered; 11 - 7 = 4 < 6: no reliable change;
 * response 14 <= 11 no.
 */
static const struct row perm_rows[] = {
	{0, 1, 'y', 9, N, 5, N, N, "....", 0, ND},
	{0, 1, 'y', 14, N, 3, N, N, "p...", 0, ND},
	{0, 0, 'y', 11, N, N, N, N, "....", 0, ND},
	{10, 2, 'y', 7, N, N, N, N, "n..l", 0, ND},
	{10, 2, 'y', 3, N, N, N, N, "...m", 'y', ND},
	{10, 2, 'n', N, N, N, N, N, "u...", 0, 40},
};
#define NPERM ((int)(sizeof(perm_rows) / sizeof(perm_rows[0])))
static const char perm_want[] =
    "a=5 f=0 l=10 r=10 phq9=11,7,5 " NO_PHQA " gad7=3,5,2 " NO_WSAS_EPDS
    " dep=phq9 Ey Fy Py CSy CEn Ry RIn RDn RRn RSn RMn Wn pl=- T=0 do=- "
    "risk=moderate(unknown,-,-,moderate)";

static const char *
state_line(const struct patient_state *s)
{
	struct patient_facts f;

	patient_facts(s, base + 20, 28, UNK, &f);
	return describe(&f);
}

static void
swap(int *a, int i, int j)
{
	int t = a[i];

	a[i] = a[j];
	a[j] = t;
}

/* The next order in lexicographic order; false after the last. */
static bool
next_permutation(int *a, int n)
{
	int i = n - 2, j = n - 1;

	while (i >= 0 && a[i] >= a[i + 1])
		i--;
	if (i < 0)
		return false;
	while (a[j] <= a[i])
		j--;
	swap(a, i, j);
	for (int l = i + 1, r = n - 1; l < r; l++, r--)
		swap(a, l, r);
	return true;
}

/* All 720 input orders give the hand-computed facts. */
static void
test_order_independence(void)
{
	int order[NPERM], bad = 0, seen = 0;
	struct patient_state s;

	for (int i = 0; i < NPERM; i++)
		order[i] = i;
	do {
		fold(&s, perm_rows, order, NPERM);
		if (strcmp(state_line(&s), perm_want) != 0 && bad++ == 0)
			fprintf(stderr, "order %d%d%d%d%d%d: %s\n", order[0],
			    order[1], order[2], order[3], order[4], order[5],
			    state_line(&s));
		seen++;
	} while (next_permutation(order, NPERM));
	CHECK_INT(seen, 720);
	CHECK_INT(bad, 0);
}

/* Fold the rows whose bit is set in mask. */
static void
fold_mask(struct patient_state *s, unsigned mask)
{
	struct rep_obs o;

	patient_state_init(s);
	for (int i = 0; i < NPERM; i++) {
		if ((mask >> i & 1) == 0)
			continue;
		make_obs(&perm_rows[i], &o);
		patient_state_add(s, &o);
	}
}

/*
 * Every split of the six records into two parts, merged either way,
 * equals the whole (mask 0 and 63 merge with an empty state); and three
 * parts merge associatively.
 */
static void
test_merge(void)
{
	int bad = 0;
	unsigned all = (1u << NPERM) - 1;

	for (unsigned mask = 0; mask <= all; mask++) {
		struct patient_state a, b, ab, ba;

		fold_mask(&a, mask);
		fold_mask(&b, all & ~mask);
		ab = a;
		patient_state_merge(&ab, &b);
		ba = b;
		patient_state_merge(&ba, &a);
		if (strcmp(state_line(&ab), perm_want) != 0 ||
		    strcmp(state_line(&ba), perm_want) != 0 ||
		    ab.records != NPERM || ba.records != NPERM)
			bad++;
	}
	CHECK_INT(bad, 0);
	{
		struct patient_state p[3], left, right;

		fold_mask(&p[0], 011);	/* rows 0 and 3 */
		fold_mask(&p[1], 022);	/* rows 1 and 4 */
		fold_mask(&p[2], 044);	/* rows 2 and 5 */
		left = p[0];
		patient_state_merge(&left, &p[1]);
		patient_state_merge(&left, &p[2]);
		right = p[1];
		patient_state_merge(&right, &p[2]);
		patient_state_merge(&p[0], &right);
		CHECK_STR(state_line(&left), perm_want);
		CHECK_STR(state_line(&p[0]), perm_want);
	}
}

/* Fold a two- or one-score phq9 course ending on day 7 into facts. */
static void
course(int first, int last, int attended, bool ended, long planned,
    struct patient_facts *f)
{
	struct patient_state s;
	struct rep_obs o;

	patient_state_init(&s);
	for (int i = 0; i < attended; i++) {
		rep_obs_init(&o, base + 7 * i / (attended > 1 ?
		    attended - 1 : 1), i + 1);
		o.attended = true;
		if (i == 0)
			o.score[REP_PHQ9] = first;
		else if (i == attended - 1)
			o.score[REP_PHQ9] = last;
		o.ended = ended && i == attended - 1 ? REP_ENDED_YES :
		    REP_ENDED_MISSING;
		patient_state_add(&s, &o);
	}
	patient_facts(&s, base + 10, 28, planned, f);
}

static void
check_frac(struct rep_frac q, int decimals, const char *want, int line)
{
	char buf[REP_NUM_BUFSZ];

	if (q.den == 0) {
		unit_check_str("n/a", want, __FILE__, line);
		return;
	}
	rep_fmt_frac(q.num, q.den, decimals, buf);
	unit_check_str(buf, want, __FILE__, line);
}

/* x is read after ok was computed (argument order is unspecified). */
static void
check_double(bool ok, const double *x, int decimals, const char *want,
    int line)
{
	char buf[REP_NUM_BUFSZ];

	if (!ok) {
		unit_check_str("n/a", want, __FILE__, line);
		return;
	}
	rep_fmt_double(*x, decimals, buf);
	unit_check_str(buf, want, __FILE__, line);
}

/*
 * Five patients, as-of day 10 (all courses end by the ended flag):
 *   P1 phq9 15 -> 4, 3 attended, ended, planned 12, age 30: recovered,
 *      reliable improvement and recovery, response, remission;
 *      dropout 3 < 9.
 *   P2 12 -> 12, 4 attended, ended, planned 6, age 15: at caseness,
 *      not recovered; dropout 4 < 4 no.
 *   P3 8 -> 14, 2 attended, ended, planned unknown, age 16: not at
 *      caseness; deterioration (+6); dropout empty.
 *   P4 20 -> 10, 2 attended, active, planned 12, age unknown.
 *   P5 18, 1 attended, ended, planned 10, age 14: dropout 1 < 8.
 */
static void
test_cohort(void)
{
	static const struct {
		int first, last, attended;
		bool ended;
		long planned, age;
	} pts[] = {
		{15, 4, 3, true, 12, 30},
		{12, 12, 4, true, 6, 15},
		{8, 14, 2, true, UNK, 16},
		{20, 10, 2, false, 12, UNK},
		{18, N, 1, true, 10, 14},
	};
	struct cohort c;
	struct patient_facts f;
	double sd = 0, d = 0;
	char buf[REP_NUM_BUFSZ];

	cohort_init(&c);
	for (size_t i = 0; i < sizeof(pts) / sizeof(pts[0]); i++) {
		course(pts[i].first, pts[i].last, pts[i].attended,
		    pts[i].ended, pts[i].planned, &f);
		cohort_add(&c, &f, pts[i].age);
	}
	/* patients 5; P4 active; ended 4; finished P1-P3; dropouts P1, P5. */
	CHECK_INT(c.patients, 5);
	CHECK_INT(c.active, 1);
	CHECK_INT(c.ended, 4);
	CHECK_INT(c.finished, 3);
	CHECK_INT(c.dropouts, 2);
	/* Sessions of the finished: 3, 4, 2: mean 9/3 = 3.0, median 3. */
	check_frac(cohort_sessions_mean(&c), 1, "3.0", __LINE__);
	check_frac(cohort_sessions_median(&c), 1, "3.0", __LINE__);
	/*
	 * Scores of P1-P3: first 15, 12, 8 (sum 35), last 4, 12, 14 (30).
	 * first_mean 35/3 = 11.67 -> 11.7; last_mean 30/3 = 10.0; change
	 * (30 - 35)/3 = -1.67 -> -1.7.  SD: n sum(x^2) - sum(x)^2 = 3 *
	 * (225 + 144 + 64) - 35^2 = 1299 - 1225 = 74; 74 / (3 * 2) =
	 * 12.333; sqrt = 3.5119 -> 3.5.  d = (5/3) / 3.5119 = 0.4746 ->
	 * 0.47.
	 */
	CHECK_INT(c.score_n, 3);
	check_frac(cohort_first_mean(&c), 1, "11.7", __LINE__);
	check_frac(cohort_last_mean(&c), 1, "10.0", __LINE__);
	check_frac(cohort_change_mean(&c), 1, "-1.7", __LINE__);
	check_double(cohort_first_sd(&c, &sd), &sd, 1, "3.5", __LINE__);
	check_double(cohort_effect_size(&c, &d), &d, 2, "0.47", __LINE__);
	/*
	 * recovery: finished, paired, at caseness = P1, P2: 1/2.
	 * reliable improvement / deterioration: P1-P3 paired: 1/3 each
	 * (P1; P3).  reliable recovery 1/2.  response (dep_first > 0):
	 * 1/3.  remission (dep_first >= 10: P1, P2): 1/2; adolescents
	 * among them: P2 (15): 0/1.  dropout: ended with planned known:
	 * P1, P2, P5: 2/3.
	 */
	CHECK_INT(c.rate[RATE_RECOVERY].num, 1);
	CHECK_INT(c.rate[RATE_RECOVERY].den, 2);
	CHECK_INT(c.rate[RATE_RELIABLE_IMPROVEMENT].num, 1);
	CHECK_INT(c.rate[RATE_RELIABLE_IMPROVEMENT].den, 3);
	CHECK_INT(c.rate[RATE_RELIABLE_DETERIORATION].num, 1);
	CHECK_INT(c.rate[RATE_RELIABLE_DETERIORATION].den, 3);
	CHECK_INT(c.rate[RATE_RELIABLE_RECOVERY].num, 1);
	CHECK_INT(c.rate[RATE_RELIABLE_RECOVERY].den, 2);
	CHECK_INT(c.rate[RATE_RESPONSE].num, 1);
	CHECK_INT(c.rate[RATE_RESPONSE].den, 3);
	CHECK_INT(c.rate[RATE_REMISSION].num, 1);
	CHECK_INT(c.rate[RATE_REMISSION].den, 2);
	CHECK_INT(c.rate[RATE_REMISSION_ADOLESCENT].num, 0);
	CHECK_INT(c.rate[RATE_REMISSION_ADOLESCENT].den, 1);
	CHECK_INT(c.rate[RATE_DROPOUT].num, 2);
	CHECK_INT(c.rate[RATE_DROPOUT].den, 3);
	rep_fmt_percent(c.rate[RATE_DROPOUT].num, c.rate[RATE_DROPOUT].den,
	    buf);
	CHECK_STR(buf, "66.7");		/* 200/3 = 66.67 */
	CHECK_STR(rep_rate_name(RATE_REMISSION_ADOLESCENT),
	    "remission_adolescent");
	cohort_release(&c);
}

/*
 * Empty cohort: every mean, the median, SD and d are n/a and every
 * denominator 0.  Then four finished courses with 2, 6, 3, 4 sessions
 * (median (3 + 4)/2 = 3.5, mean 15/4 = 3.75 -> 3.8), each phq9 10 -> 7:
 * first_mean 10.0, SD 0.0, so d is n/a.
 */
static void
test_cohort_edges(void)
{
	static const int sessions[] = {2, 6, 3, 4};
	struct cohort c;
	struct patient_facts f;
	double x = 0;

	cohort_init(&c);
	check_frac(cohort_sessions_mean(&c), 1, "n/a", __LINE__);
	check_frac(cohort_sessions_median(&c), 1, "n/a", __LINE__);
	check_frac(cohort_first_mean(&c), 1, "n/a", __LINE__);
	check_double(cohort_first_sd(&c, &x), &x, 1, "n/a", __LINE__);
	check_double(cohort_effect_size(&c, &x), &x, 2, "n/a", __LINE__);
	for (int i = 0; i < REP_RATES; i++)
		CHECK_INT(c.rate[i].den, 0);
	/* One score pair: SD needs n >= 2. */
	course(10, 5, 2, true, UNK, &f);
	cohort_add(&c, &f, UNK);
	check_double(cohort_first_sd(&c, &x), &x, 1, "n/a", __LINE__);
	cohort_release(&c);

	cohort_init(&c);
	for (int i = 0; i < 4; i++) {
		course(10, 7, sessions[i], true, UNK, &f);
		cohort_add(&c, &f, UNK);
	}
	check_frac(cohort_sessions_mean(&c), 1, "3.8", __LINE__);
	check_frac(cohort_sessions_median(&c), 1, "3.5", __LINE__);
	check_frac(cohort_first_mean(&c), 1, "10.0", __LINE__);
	check_double(cohort_first_sd(&c, &x), &x, 1, "0.0", __LINE__);
	check_double(cohort_effect_size(&c, &x), &x, 2, "n/a", __LINE__);
	cohort_release(&c);
}

/*
 * Wilson at z = 1.959964: z^2 = 3.841458881296, z^2/2 = 1.920729440648,
 * z^2/4 = 0.960364720324.
 */
static const struct {
	long x, n;
	const char *low, *high;
} wilson_cases[] = {
	/* n = 0: n/a. */
	{0, 0, "n/a", "n/a"},
	/*
	 * 0/10: sqrt(0 + z^2/4) = z/2, so half = centre = 1.920729 /
	 * 13.841459 = 0.138766: [0, 27.753] -> 0.0, 27.8.
	 */
	{0, 10, "0.0", "27.8"},
	/*
	 * 5/10: centre (5 + 1.920729)/13.841459 = 0.5; half = 1.959964 *
	 * sqrt(2.5 + 0.960365)/13.841459 = 1.959964 * 1.860206 /
	 * 13.841459 = 0.263407: 23.659 -> 23.7, 76.341 -> 76.3.
	 */
	{5, 10, "23.7", "76.3"},
	/* 10/10: mirror of 0/10: 100 - 27.753 = 72.247 -> 72.2, 100.0. */
	{10, 10, "72.2", "100.0"},
	/*
	 * 51/100: centre 52.920729/103.841459 = 0.509630; half = 1.959964
	 * * sqrt(24.99 + 0.960365)/103.841459 = 1.959964 * 5.094150 /
	 * 103.841459 = 0.096150: 41.348 -> 41.3, 60.578 -> 60.6.
	 */
	{51, 100, "41.3", "60.6"},
	/*
	 * 1/3: centre 2.920729/6.841459 = 0.426916; half = 1.959964 *
	 * sqrt(0.666667 + 0.960365)/6.841459 = 1.959964 * 1.275551 /
	 * 6.841459 = 0.365424: 6.149 -> 6.1, 79.234 -> 79.2.
	 */
	{1, 3, "6.1", "79.2"},
};

static void
test_wilson(void)
{
	size_t n = sizeof(wilson_cases) / sizeof(wilson_cases[0]);

	for (size_t i = 0; i < n; i++) {
		double lo = -1, hi = -1;
		bool ok = rep_wilson(wilson_cases[i].x, wilson_cases[i].n, &lo,
		    &hi);

		check_double(ok, &lo, 1, wilson_cases[i].low, __LINE__);
		check_double(ok, &hi, 1, wilson_cases[i].high, __LINE__);
		if (ok)
			CHECK(lo >= 0 && lo <= hi && hi <= 100);
	}
}

static const struct {
	long long num, den;
	int decimals;
	const char *want;
} frac_cases[] = {
	{1, 8, 1, "0.1"},	/* 0.125 */
	{3, 20, 1, "0.2"},	/* 0.15 exactly: half away from zero */
	{-3, 20, 1, "-0.2"},
	{-1, 20, 1, "-0.1"},	/* -0.05 */
	{-1, 30, 1, "0.0"},	/* -0.033 rounds to zero: no minus */
	{5, 2, 0, "3"},
	{2, 3, 2, "0.67"},
	{1000, 1, 1, "1000.0"},
	{7, -2, 1, "-3.5"},
};

/* Percents from the exact fraction 1000 x / n, tenths. */
static const struct {
	long x, n;
	const char *want;
} percent_cases[] = {
	{1, 3, "33.3"}, {2, 3, "66.7"}, {1, 8, "12.5"},
	{1, 16, "6.3"},		/* 6.25 exactly -> 6.3 */
	{1, 2000, "0.1"},	/* 0.05 exactly -> 0.1 */
	{1, 2001, "0.0"},	/* 0.04998 */
	{0, 10, "0.0"}, {10, 10, "100.0"},
};

/*
 * Doubles round on their exact binary value: 0.15 is stored as
 * 0.1499999999999999944 (-> 0.1) although 0.15 * 10 == 1.5 in double;
 * 0.25 and 0.125 are exact ties (-> 0.3, 0.13, where printf's
 * round-half-even would give 0.2 and 0.12); 2.675 is stored below
 * 2.675 (-> 2.67).
 */
static const struct {
	double x;
	int decimals;
	const char *want;
} double_cases[] = {
	{0.15, 1, "0.1"}, {0.25, 1, "0.3"}, {0.75, 1, "0.8"},
	{-0.25, 1, "-0.3"}, {0.125, 2, "0.13"}, {2.675, 2, "2.67"},
	{1.005, 2, "1.00"}, {-0.04, 1, "0.0"}, {-0.05, 1, "-0.1"},
	{-2.5, 0, "-3"}, {99.99, 1, "100.0"}, {0.0, 2, "0.00"},
	{3.5118845842842, 1, "3.5"}, {27.75328030260577, 1, "27.8"},
};

static void
test_numbers(void)
{
	char buf[REP_NUM_BUFSZ];

	for (size_t i = 0; i < sizeof(frac_cases) / sizeof(frac_cases[0]);
	    i++) {
		rep_fmt_frac(frac_cases[i].num, frac_cases[i].den,
		    frac_cases[i].decimals, buf);
		CHECK_STR(buf, frac_cases[i].want);
	}
	for (size_t i = 0;
	    i < sizeof(percent_cases) / sizeof(percent_cases[0]); i++) {
		rep_fmt_percent(percent_cases[i].x, percent_cases[i].n, buf);
		CHECK_STR(buf, percent_cases[i].want);
	}
	for (size_t i = 0;
	    i < sizeof(double_cases) / sizeof(double_cases[0]); i++) {
		size_t len = rep_fmt_double(double_cases[i].x,
		    double_cases[i].decimals, buf);

		CHECK_STR(buf, double_cases[i].want);
		CHECK_INT(len, strlen(double_cases[i].want));
	}
}

/* A session number past 32 bits is read as the largest one. */
static void
test_key_limits(void)
{
	struct rep_obs o;

	rep_obs_init(&o, base, 99999999999L);
	CHECK_INT(o.key.session, REP_SESSION_MAX);
	rep_obs_init(&o, base, 7);
	CHECK_INT(o.key.session, 7);
	CHECK_INT(o.key.date, base);
}

static void
test_names(void)
{
	CHECK_STR(rep_level_name(REP_LVL_NONE), "not_assessed");
	CHECK_STR(rep_level_name(REP_LVL_HIGH), "high");
	CHECK_STR(rep_measure_name(REP_EPDS), "epds");
	/* The scale, worst last, as section 3 orders it. */
	CHECK(REP_LVL_HIGH > REP_LVL_MODERATE &&
	    REP_LVL_MODERATE > REP_LVL_POSITIVE &&
	    REP_LVL_POSITIVE > REP_LVL_UNKNOWN &&
	    REP_LVL_UNKNOWN > REP_LVL_LOW &&
	    REP_LVL_LOW > REP_LVL_NOT_ENDORSED &&
	    REP_LVL_NOT_ENDORSED > REP_LVL_NONE);
}

/*
 * Sections 6.3 and 6.7: period counts, worsening in the period and the
 * trajectory, for every input order and every split into two parts.
 *
 * Rows (day, session, attended, phq9, phqa):
 *   0: d0  s1 y phq9 10          numbered 1
 *   1: d7  -  y phq9 12          ordinal 2 (unnumbered sorts first on d7)
 *   2: d7  s2 y phq9 14          numbered 2
 *   3: d14 -  n phq9 20          not attended: no score, no ordinal
 *   4: d21 -  y phqa 15          ordinal 4, but dep is phq9: nothing
 *   5: d28 -  y phq9 21          ordinal 5
 *   6: d25 -  n ended yes        in the period: the course ended in it
 *   7: d35 s6 y phqa 9           numbered 6, phqa only: nothing
 * dep = phq9 (the patient has phq9 scores), so the trajectory is
 *   s1: 10 (n 1); s2: 12 + 14 = 26, squares 144 + 196 = 340 (n 2);
 *   s5: 21 (n 1); nothing else.
 * Period d22..d35: attended records in it are rows 5 and 7 (2 contacts);
 * the last phq9 is 21 (d28), the one before it 14 (d7, s2 after the
 * unnumbered 12): 21 - 14 = 7 >= 6, worsened in the period.  With the
 * period d29..d35 the last phq9 (d28) is outside it: not worsened.
 */
static const struct row traj_rows[] = {
	{0, 1, 'y', 10, N, N, N, N, "....", 0, ND},
	{7, 0, 'y', 12, N, N, N, N, "....", 0, ND},
	{7, 2, 'y', 14, N, N, N, N, "....", 0, ND},
	{14, 0, 'n', 20, N, N, N, N, "....", 0, ND},
	{21, 0, 'y', N, 15, N, N, N, "....", 0, ND},
	{28, 0, 'y', 21, N, N, N, N, "....", 0, ND},
	{25, 0, 'n', N, N, N, N, N, "....", 'y', ND},
	{35, 6, 'y', N, 9, N, N, N, "....", 0, ND},
};
#define NTRAJ ((int)(sizeof(traj_rows) / sizeof(traj_rows[0])))
#define PERIOD_FROM 22
#define PERIOD_TO 35

static void
fold_period(struct patient_state *s, const int *order, unsigned mask)
{
	struct rep_obs o;

	patient_state_init(s);
	for (int i = 0; i < NTRAJ; i++) {
		int k = order != NULL ? order[i] : i;

		if ((mask >> k & 1) == 0)
			continue;
		make_obs(&traj_rows[k], &o);
		o.in_period = traj_rows[k].d >= PERIOD_FROM &&
		    traj_rows[k].d <= PERIOD_TO;
		patient_state_add(s, &o);
	}
}

/* The trajectory and period facts as one line, for comparing. */
static const char *
traj_line(const struct patient_state *s)
{
	static char buf[512];
	struct rep_traj_acc acc[REP_TRAJ_MAX];
	struct patient_facts f;
	size_t len = 0;

	memset(acc, 0, sizeof(acc));
	patient_facts(s, base + PERIOD_TO, 28, UNK, &f);
	patient_trajectory(s, &f, acc);
	for (int k = 0; k < REP_TRAJ_MAX; k++)
		if (acc[k].n > 0)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
			    "s%d:%llu/%llu/%llu ", k + 1,
			    (unsigned long long)acc[k].n,
			    (unsigned long long)acc[k].sum,
			    (unsigned long long)acc[k].sq);
	snprintf(buf + len, sizeof(buf) - len, "contacts %ld ended %d "
	    "worsened %d,%d", s->period_contacts, s->period_ended,
	    patient_worsened_in(s, &f, base + PERIOD_FROM, base + PERIOD_TO),
	    patient_worsened_in(s, &f, base + 29, base + PERIOD_TO));
	return buf;
}

static void
test_period_trajectory(void)
{
	const char *want = "s1:1/10/100 s2:2/26/340 s5:1/21/441 "
	    "contacts 2 ended 1 worsened 1,0";
	unsigned all = (1u << NTRAJ) - 1;
	int order[NTRAJ], bad = 0;
	struct patient_state s, a, b;

	fold_period(&s, NULL, all);
	CHECK_STR(traj_line(&s), want);
	for (int i = 0; i < NTRAJ; i++)
		order[i] = i;
	do {
		fold_period(&s, order, all);
		bad += strcmp(traj_line(&s), want) != 0;
	} while (next_permutation(order, NTRAJ));
	CHECK_INT(bad, 0);
	for (unsigned mask = 0; mask <= all; mask++) {
		fold_period(&a, NULL, mask);
		fold_period(&b, NULL, all & ~mask);
		patient_state_merge(&a, &b);
		bad += strcmp(traj_line(&a), want) != 0;
	}
	CHECK_INT(bad, 0);
}

/*
 * A phqa-only patient: dep is phqa.  Rows d0 s1 20, d7 unnumbered 14
 * (ordinal 2), d14 s3 8: s1 20, s2 14, s3 8.  More than REP_TRAJ_MAX
 * attended records: an unnumbered 17th has no trajectory point.
 */
static void
test_trajectory_phqa(void)
{
	struct rep_traj_acc acc[REP_TRAJ_MAX];
	struct patient_facts f;
	struct patient_state s;
	struct rep_obs o;

	patient_state_init(&s);
	rep_obs_init(&o, base, 1);
	o.attended = true;
	o.score[REP_PHQA] = 20;
	patient_state_add(&s, &o);
	rep_obs_init(&o, base + 7, REP_NO_SESSION);
	o.attended = true;
	o.score[REP_PHQA] = 14;
	patient_state_add(&s, &o);
	rep_obs_init(&o, base + 14, 3);
	o.attended = true;
	o.score[REP_PHQA] = 8;
	patient_state_add(&s, &o);
	for (int d = 21; d < 21 + 7 * 14; d += 7) {	/* ordinals 4..17 */
		rep_obs_init(&o, base + d, REP_NO_SESSION);
		o.attended = true;
		o.score[REP_PHQA] = 1;
		patient_state_add(&s, &o);
	}
	memset(acc, 0, sizeof(acc));
	patient_facts(&s, base + 200, 28, UNK, &f);
	CHECK_INT(f.dep, REP_PHQA);
	patient_trajectory(&s, &f, acc);
	CHECK_INT((long)acc[0].sum, 20);
	CHECK_INT((long)acc[1].sum, 14);
	CHECK_INT((long)acc[2].sum, 8);
	CHECK_INT((long)acc[3].n, 1);
	CHECK_INT((long)acc[15].n, 1);	/* ordinal 16: the last point */
	CHECK_INT((long)s.ntraj, REP_TRAJ_MAX);
	CHECK(!s.overflow);
}

int
main(void)
{
	base = date_to_days(2026, 1, 5);
	test_period_trajectory();
	test_trajectory_phqa();
	test_fact_cases();
	test_order_independence();
	test_merge();
	test_cohort();
	test_cohort_edges();
	test_wilson();
	test_numbers();
	test_names();
	test_key_limits();
	return unit_done("report");
}
