/* SPDX-License-Identifier: MIT */
/*
 * rdoc_text.c - a report document as Markdown, JSON or CSV
 * (ipt-report.md section 6).  The numbers are the rdoc's strings, laid
 * out unchanged; nothing here computes or rounds.
 *
 * Choices where section 6 is silent (the man page states them):
 *
 * All formats
 * - A count, score, percent or interval that is n/a is "n/a" in md,
 *   null in json and empty in csv; a rate that is n/a (denominator 0)
 *   still shows its numerator and denominator, 0 and 0.  A suppressed
 *   rate (denominator below --min-cell) hides its numerator and
 *   denominator too.
 * - With --redact the writers read only counts: safety_by_risk[] for
 *   low..high, safety_worsening_only, nnot_assessed, ndue and noverdue;
 *   no element of safety[], not_assessed[], due[] or overdue[] is read,
 *   so no id can reach the output, and those arrays may be left empty.
 *
 * md (GitHub-flavoured Markdown)
 * - Text that comes from the data (ids, group values, plan kinds and
 *   measures) has \ ` * _ [ ] < > | ~ & # backslash-escaped, and every
 *   control character (C0, DEL, C1: newline and tab included) replaced
 *   by U+FFFD, so a value can neither break a table nor turn into markup.
 * - Empty values in the safety and due tables are blank cells; other
 *   missing numbers are "n/a".  Percents carry a "%" sign; an interval
 *   is written "L to H" (a trajectory bound may be negative).
 * - An empty list (safety, not_assessed, due, overdue, trajectory,
 *   flagged reasons) is the word "none", never a missing section.
 * - The outcomes are one table per group: "Overall", then each --by
 *   group headed "col = value; col = value".
 * - With --redact the safety list is a table of counts by latest_risk
 *   (high, moderate, positive, unknown, low, worsening only, total), the
 *   not_assessed line a count, and due and overdue counts.
 *
 * json
 * - One line and a newline; keys in the order of section 6.
 * - Without --plans, "due" and "overdue" are null (no list was made,
 *   which is not the same as an empty one); so with --redact.
 * - A due entry's "session" is null for a contact without a session
 *   number, and "measures" null when no measure is due.
 * - A rate that is n/a keeps its numerator and denominator (0 and 0)
 *   and has null percent, ci_low and ci_high.  A suppressed rate has
 *   null for all five and "suppressed":true after them.
 * - With --redact: "safety":{"count":N,"by_risk":{...}} where count is
 *   the length of the safety list (high + moderate + positive + unknown
 *   + low + worsening) and by_risk holds, in this order, "high",
 *   "moderate", "positive", "unknown", "low", "not_assessed" (the
 *   patients of the not_assessed line, equal to the top-level
 *   "not_assessed" and not part of count: a worsening patient with no
 *   risk answer is in both "worsening" and "not_assessed") and
 *   "worsening" (worsening-only patients).
 * - "data_quality": {"flagged":{reason:count,...},"single_score":N,
 *   "future":N,"invalid":N}, reasons in the rdoc's order.
 *
 * csv
 * - Only the outcome table goes to csv: one row per (group, metric),
 *   groups and metrics in rdoc order, lines ending in "\n".  The group
 *   is "col=value;col=value" (empty for overall); values are written as
 *   they are, so a value holding ';' or '=' is ambiguous there (json
 *   names groups unambiguously).  Fields are quoted only when they hold
 *   ',', '"', CR or LF, quotes doubled (RFC 4180).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "json.h"
#include "obuf.h"
#include "csvio.h"
#include "rdoc.h"
#include "strbuf.h"

/* U+FFFD, written in place of a control character. */
#define REPLACEMENT "\xef\xbf\xbd"

static void
put_u64(struct obuf *b, uint64_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	obuf_put(b, tmp + i, sizeof(tmp) - i);
}

static void
put_date(struct obuf *b, long days)
{
	char s[11];

	date_format(days, s);
	obuf_puts(b, s);
}

/* The counts --redact shows for the safety list. */
static uint64_t
safety_count(const struct rdoc *d)
{
	uint64_t n = d->safety_worsening_only;

	for (int l = REP_LVL_LOW; l <= REP_LVL_HIGH; l++)
		n += d->safety_by_risk[l];
	return n;
}

static const struct rdoc_value *
overall(const struct rdoc *d, enum rdoc_metric m)
{
	static const struct rdoc_value none = {.kind = RK_RATE, .na = true};

	return d->ngroups > 0 ? &d->groups[0].v[m] : &none;
}

/* ---- Markdown ---- */

/*
 * Data text for a table cell, a heading or a line: see the file comment.
 * s is valid UTF-8 (io.md), so a C1 control is always 0xc2 0x80..0x9f.
 */
static void
md_text(struct obuf *b, const char *s)
{
	static const char special[] = "\\`*_[]<>|~&#";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			obuf_puts(b, REPLACEMENT);
		} else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			obuf_puts(b, REPLACEMENT);
			p++;
		} else {
			if (strchr(special, *p) != NULL)
				obuf_putc(b, '\\');
			obuf_putc(b, (char)*p);
		}
	}
}

static void
md_interval(struct obuf *b, const char *low, const char *high)
{
	obuf_puts(b, low);
	obuf_puts(b, " to ");
	obuf_puts(b, high);
}

static void
md_head(const struct rdoc *d, struct obuf *b)
{
	obuf_puts(b, "# IPT caseload and outcome report\n\nAs of ");
	put_date(b, d->as_of);
	obuf_puts(b, ". Period: ");
	put_date(b, d->period_from);
	obuf_puts(b, " to ");
	put_date(b, d->period_to);
	obuf_puts(b, " (");
	obuf_putll(b, d->window);
	obuf_puts(b, d->window == 1 ? " day).\n\n" : " days).\n\n");
	obuf_puts(b, "Records read: ");
	put_u64(b, d->read);
	obuf_puts(b, ", used: ");
	put_u64(b, d->used);
	obuf_puts(b, ", flagged: ");
	put_u64(b, d->flagged);
	obuf_puts(b, ", ignored as future-dated: ");
	put_u64(b, d->future);
	obuf_puts(b, ", ignored as invalid: ");
	put_u64(b, d->invalid);
	obuf_puts(b, ". Patients: ");
	put_u64(b, d->patients);
	obuf_puts(b, ".\n\n");
	if (d->redact)
		obuf_puts(b, "Patient ids are withheld (--redact).\n\n");
	obuf_puts(b, "A service-evaluation and research aid; it does not "
	    "make clinical decisions.\n\n");
}

static void
md_safety_row(struct obuf *b, const struct rdoc_safety *s)
{
	obuf_puts(b, "| ");
	md_text(b, s->id);
	obuf_puts(b, " | ");
	put_date(b, s->last_record);
	obuf_puts(b, " | ");
	obuf_puts(b, rep_level_name(s->latest_risk));
	for (int f = 0; f < REP_RISK_FIELDS; f++) {
		obuf_puts(b, " |");
		if (s->risk[f] != REP_LVL_NONE) {
			obuf_putc(b, ' ');
			obuf_puts(b, rep_level_name(s->risk[f]));
		}
	}
	obuf_puts(b, " |");
	if (s->dep_last != REP_NO_SCORE) {
		obuf_putc(b, ' ');
		obuf_putll(b, s->dep_last);
	}
	obuf_puts(b, s->worsening ? " | yes |\n" : " | no |\n");
}

static void
md_safety_redacted(const struct rdoc *d, struct obuf *b)
{
	obuf_puts(b, "| latest_risk | patients |\n|---|---:|\n");
	for (int l = REP_LVL_HIGH; l >= REP_LVL_LOW; l--) {
		obuf_puts(b, "| ");
		obuf_puts(b, rep_level_name((enum rep_level)l));
		obuf_puts(b, " | ");
		put_u64(b, d->safety_by_risk[l]);
		obuf_puts(b, " |\n");
	}
	obuf_puts(b, "| worsening only | ");
	put_u64(b, d->safety_worsening_only);
	obuf_puts(b, " |\n| total | ");
	put_u64(b, safety_count(d));
	obuf_puts(b, " |\n\nNo risk answer recorded: ");
	put_u64(b, d->nnot_assessed);
	obuf_puts(b, "\n\n");
}

static void
md_safety(const struct rdoc *d, struct obuf *b)
{
	obuf_puts(b, "## Safety follow-up\n\n"
	    "Patients with an open course or a record in the period whose "
	    "latest risk answer is high, moderate, positive, unknown or low, "
	    "or whose scores are worsening.\n\n");
	if (d->redact) {
		md_safety_redacted(d, b);
		return;
	}
	if (d->nsafety == 0) {
		obuf_puts(b, "none\n\n");
	} else {
		obuf_puts(b, "| id | last_record | latest_risk | phq9_risk | "
		    "phqa_risk | epds_risk | cssrs_risk | dep_last | "
		    "worsening |\n"
		    "|---|---|---|---|---|---|---|---:|---|\n");
		for (size_t i = 0; i < d->nsafety; i++)
			md_safety_row(b, &d->safety[i]);
		obuf_putc(b, '\n');
	}
	obuf_puts(b, "No risk answer recorded: ");
	if (d->nnot_assessed == 0)
		obuf_puts(b, "none");
	for (size_t i = 0; i < d->nnot_assessed; i++) {
		if (i > 0)
			obuf_puts(b, ", ");
		md_text(b, d->not_assessed[i]);
	}
	obuf_puts(b, "\n\n");
}

static void
md_period(const struct rdoc *d, struct obuf *b)
{
	obuf_puts(b, "## This period\n\nFrom ");
	put_date(b, d->period_from);
	obuf_puts(b, " to ");
	put_date(b, d->period_to);
	obuf_puts(b, ".\n\n- Contacts attended: ");
	put_u64(b, d->contacts);
	obuf_puts(b, "\n- New patients: ");
	put_u64(b, d->new_patients);
	obuf_puts(b, "\n- Courses ended: ");
	put_u64(b, d->ended);
	obuf_puts(b, "\n- Worsened (latest depression score at least 6 above "
	    "the one before): ");
	put_u64(b, d->worsened);
	obuf_puts(b, "\n\n");
}

static void
md_due_list(struct obuf *b, const struct rdoc_due *e, size_t n)
{
	if (n == 0) {
		obuf_puts(b, "none\n\n");
		return;
	}
	obuf_puts(b, "| id | date | kind | session | measures |\n"
	    "|---|---|---|---:|---|\n");
	for (size_t i = 0; i < n; i++) {
		obuf_puts(b, "| ");
		md_text(b, e[i].id);
		obuf_puts(b, " | ");
		put_date(b, e[i].date);
		obuf_puts(b, " | ");
		md_text(b, e[i].kind);
		obuf_puts(b, " |");
		if (e[i].session != 0) {
			obuf_putc(b, ' ');
			obuf_putll(b, e[i].session);
		}
		obuf_puts(b, " |");
		if (e[i].measures[0] != '\0') {
			obuf_putc(b, ' ');
			md_text(b, e[i].measures);
		}
		obuf_puts(b, " |\n");
	}
	obuf_putc(b, '\n');
}

/* "Due (2026-03-03 to 2026-03-09)" and "Overdue (before 2026-02-23)". */
static void
md_due_heading(const struct rdoc *d, struct obuf *b, bool over)
{
	if (over) {
		obuf_puts(b, "Overdue: treatment sessions planned before ");
		put_date(b, d->as_of - 7);
		obuf_puts(b, " and not attended");
		return;
	}
	obuf_puts(b, "Due from ");
	put_date(b, d->as_of + 1);
	obuf_puts(b, " to ");
	put_date(b, d->as_of + 7);
}

static void
md_due(const struct rdoc *d, struct obuf *b)
{
	obuf_puts(b, "## Due\n\n");
	if (!d->has_plans) {
		obuf_puts(b, "No --plans file was given: no due or overdue "
		    "list.\n\n");
		return;
	}
	if (d->redact) {
		obuf_puts(b, "- ");
		md_due_heading(d, b, false);
		obuf_puts(b, ": ");
		put_u64(b, d->ndue);
		obuf_puts(b, "\n- ");
		md_due_heading(d, b, true);
		obuf_puts(b, ": ");
		put_u64(b, d->noverdue);
		obuf_puts(b, "\n\n");
		return;
	}
	obuf_puts(b, "### ");
	md_due_heading(d, b, false);
	obuf_puts(b, "\n\n");
	md_due_list(b, d->due, d->ndue);
	obuf_puts(b, "### ");
	md_due_heading(d, b, true);
	obuf_puts(b, "\n\n");
	md_due_list(b, d->overdue, d->noverdue);
}

/* "site = A; focal_area = grief" (md) for group g >= 1. */
static void
md_group_name(const struct rdoc *d, struct obuf *b, size_t g)
{
	for (size_t j = 0; j < d->nby; j++) {
		if (j > 0)
			obuf_puts(b, "; ");
		md_text(b, d->by[j]);
		obuf_puts(b, " = ");
		md_text(b, d->groups[g].val[j]);
	}
}

static void
md_value_row(struct obuf *b, enum rdoc_metric m, const struct rdoc_value *v)
{
	obuf_puts(b, "| ");
	obuf_puts(b, rdoc_metric_name(m));
	obuf_puts(b, " | ");
	if (v->kind == RK_RATE && v->suppressed) {
		obuf_puts(b, "suppressed | | | |\n");
		return;
	}
	obuf_puts(b, v->na ? "n/a" : v->value);
	if (v->kind != RK_RATE) {
		obuf_puts(b, " | | | |\n");
		return;
	}
	if (!v->na)
		obuf_putc(b, '%');
	obuf_puts(b, " | ");
	obuf_putll(b, v->num);
	obuf_puts(b, " | ");
	obuf_putll(b, v->den);
	obuf_puts(b, " | ");
	if (v->na)
		obuf_puts(b, "n/a");
	else
		md_interval(b, v->ci_low, v->ci_high);
	obuf_puts(b, " |\n");
}

static void
md_outcomes(const struct rdoc *d, struct obuf *b)
{
	obuf_puts(b, "## Outcomes\n\n"
	    "Counts over all patients; sessions among finished courses "
	    "(ended, 2 or more sessions attended). Scores: the depression "
	    "measure (PHQ-9, else PHQ-A) of finished courses with 2 or more "
	    "scores. Rates: percent with numerator, denominator and 95% "
	    "Wilson interval.");
	if (d->min_cell > 0) {
		obuf_puts(b, " A rate whose denominator is below ");
		obuf_putll(b, d->min_cell);
		obuf_puts(b, " is suppressed.");
	}
	obuf_puts(b, "\n\n");
	for (size_t g = 0; g < d->ngroups; g++) {
		obuf_puts(b, "### ");
		if (g == 0)
			obuf_puts(b, "Overall");
		else
			md_group_name(d, b, g);
		obuf_puts(b, "\n\n| metric | value | numerator | "
		    "denominator | 95% CI |\n|---|---:|---:|---:|---|\n");
		for (int m = 0; m < RM_METRICS; m++)
			md_value_row(b, (enum rdoc_metric)m,
			    &d->groups[g].v[m]);
		obuf_putc(b, '\n');
	}
}

static void
md_bench(const struct rdoc *d, struct obuf *b)
{
	static const char *const verdict[] = {"n/a", "below", "within",
		"above"};

	obuf_puts(b, "## Benchmarks\n\n"
	    "| rate | value | 95% CI | reference | verdict | source |\n"
	    "|---|---:|---|---:|---|---|\n");
	for (size_t i = 0; i < d->nbench; i++) {
		const struct rdoc_bench *k = &d->bench[i];
		const struct rdoc_value *v = overall(d, RM_RATE0 + k->rate);

		obuf_puts(b, "| ");
		obuf_puts(b, rep_rate_name(k->rate));
		obuf_puts(b, " | ");
		if (v->suppressed) {
			obuf_puts(b, "suppressed |");
		} else if (v->na) {
			obuf_puts(b, "n/a | n/a");
		} else {
			obuf_puts(b, v->value);
			obuf_puts(b, "% | ");
			md_interval(b, v->ci_low, v->ci_high);
		}
		obuf_puts(b, " | ");
		obuf_puts(b, k->reference);
		obuf_puts(b, "% | ");
		obuf_puts(b, verdict[k->verdict]);
		obuf_puts(b, " | ");
		md_text(b, k->source);
		obuf_puts(b, " |\n");
	}
	obuf_puts(b, "\nbelow: the whole 95% interval is below the reference; "
	    "above: the whole interval is above it; within: the interval "
	    "includes it.\n\n");
}

static void
md_traj(const struct rdoc *d, struct obuf *b)
{
	bool any = false;

	obuf_puts(b, "## Trajectory\n\n"
	    "Mean depression score (PHQ-9, else PHQ-A) of attended sessions "
	    "by session number, with its 95% confidence interval (n of 2 or "
	    "more).\n\n");
	for (int i = 0; i < RDOC_TRAJ_SESSIONS; i++) {
		const struct rdoc_traj *t = &d->traj[i];

		if (!t->present)
			continue;
		if (!any)
			obuf_puts(b, "| session | n | mean | 95% CI |\n"
			    "|---:|---:|---:|---|\n");
		any = true;
		obuf_puts(b, "| ");
		obuf_putll(b, t->session);
		obuf_puts(b, " | ");
		obuf_putll(b, t->n);
		obuf_puts(b, " | ");
		obuf_puts(b, t->mean);
		obuf_puts(b, " | ");
		if (t->band)
			md_interval(b, t->ci_low, t->ci_high);
		else
			obuf_puts(b, "n/a");
		obuf_puts(b, " |\n");
	}
	obuf_puts(b, any ? "\n" : "none\n\n");
}

static void
md_quality(const struct rdoc *d, struct obuf *b)
{
	obuf_puts(b, "## Data quality\n\n");
	if (d->nreasons == 0) {
		obuf_puts(b, "Flagged values: none\n\n");
	} else {
		obuf_puts(b, "| flagged | values |\n|---|---:|\n");
		for (size_t i = 0; i < d->nreasons; i++) {
			obuf_puts(b, "| ");
			md_text(b, d->reasons[i].reason);
			obuf_puts(b, " | ");
			put_u64(b, d->reasons[i].count);
			obuf_puts(b, " |\n");
		}
		obuf_putc(b, '\n');
	}
	obuf_puts(b, "- Patients with a single depression score: ");
	put_u64(b, d->single_score);
	obuf_puts(b, "\n- Records ignored as future-dated: ");
	put_u64(b, d->future);
	obuf_puts(b, "\n- Records ignored as invalid (no valid id or date): ");
	put_u64(b, d->invalid);
	obuf_putc(b, '\n');
}

int
rdoc_write_md(const struct rdoc *d, int fd)
{
	struct obuf b;

	obuf_init(&b, fd);
	md_head(d, &b);
	md_safety(d, &b);
	md_period(d, &b);
	md_due(d, &b);
	md_outcomes(d, &b);
	md_bench(d, &b);
	md_traj(d, &b);
	md_quality(d, &b);
	return obuf_close(&b, 0);
}

/* ---- JSON ---- */

static void
js_str(struct obuf *b, const char *s)
{
	json_put_string(b, s, strlen(s));
}

/* "key": (a comma first unless first) */
static void
js_key(struct obuf *b, const char *key, bool first)
{
	if (!first)
		obuf_putc(b, ',');
	js_str(b, key);
	obuf_putc(b, ':');
}

static void
js_date(struct obuf *b, long days)
{
	obuf_putc(b, '"');
	put_date(b, days);
	obuf_putc(b, '"');
}

static void
js_u64(struct obuf *b, const char *key, uint64_t v, bool first)
{
	js_key(b, key, first);
	put_u64(b, v);
}

/* A printed number, or null. */
static void
js_num(struct obuf *b, const char *key, const char *num, bool na,
    bool first)
{
	js_key(b, key, first);
	obuf_puts(b, na ? "null" : num);
}

static void
js_level(struct obuf *b, enum rep_level l)
{
	if (l == REP_LVL_NONE)
		obuf_puts(b, "null");
	else
		js_str(b, rep_level_name(l));
}

static void
js_head(const struct rdoc *d, struct obuf *b)
{
	obuf_puts(b, "{\"report\":\"ipt-report\",\"version\":1,\"as_of\":");
	js_date(b, d->as_of);
	obuf_puts(b, ",\"period\":{\"from\":");
	js_date(b, d->period_from);
	obuf_puts(b, ",\"to\":");
	js_date(b, d->period_to);
	obuf_puts(b, "},\"inputs\":{");
	js_u64(b, "records_read", d->read, true);
	js_u64(b, "records_used", d->used, false);
	js_u64(b, "records_flagged", d->flagged, false);
	js_u64(b, "records_future", d->future, false);
	js_u64(b, "records_invalid", d->invalid, false);
	js_u64(b, "patients", d->patients, false);
	obuf_putc(b, '}');
}

static void
js_safety_entry(struct obuf *b, const struct rdoc_safety *s)
{
	static const char *const field[REP_RISK_FIELDS] = {
		"phq9_risk", "phqa_risk", "epds_risk", "cssrs_risk"
	};

	obuf_puts(b, "{\"id\":");
	js_str(b, s->id);
	obuf_puts(b, ",\"last_record\":");
	js_date(b, s->last_record);
	obuf_puts(b, ",\"latest_risk\":");
	js_str(b, rep_level_name(s->latest_risk));
	obuf_puts(b, ",\"risk\":{");
	for (int f = 0; f < REP_RISK_FIELDS; f++) {
		js_key(b, field[f], f == 0);
		js_level(b, s->risk[f]);
	}
	obuf_puts(b, "},\"dep_last\":");
	if (s->dep_last == REP_NO_SCORE)
		obuf_puts(b, "null");
	else
		obuf_putll(b, s->dep_last);
	obuf_puts(b, s->worsening ? ",\"worsening\":\"yes\"}" :
	    ",\"worsening\":\"no\"}");
}

static void
js_safety(const struct rdoc *d, struct obuf *b)
{
	if (d->redact) {
		obuf_puts(b, ",\"safety\":{");
		js_u64(b, "count", safety_count(d), true);
		obuf_puts(b, ",\"by_risk\":{");
		for (int l = REP_LVL_HIGH; l >= REP_LVL_LOW; l--)
			js_u64(b, rep_level_name((enum rep_level)l),
			    d->safety_by_risk[l], l == REP_LVL_HIGH);
		js_u64(b, "not_assessed", d->nnot_assessed, false);
		js_u64(b, "worsening", d->safety_worsening_only, false);
		obuf_puts(b, "}},\"not_assessed\":");
		put_u64(b, d->nnot_assessed);
		return;
	}
	obuf_puts(b, ",\"safety\":[");
	for (size_t i = 0; i < d->nsafety; i++) {
		if (i > 0)
			obuf_putc(b, ',');
		js_safety_entry(b, &d->safety[i]);
	}
	obuf_puts(b, "],\"not_assessed\":[");
	for (size_t i = 0; i < d->nnot_assessed; i++) {
		if (i > 0)
			obuf_putc(b, ',');
		js_str(b, d->not_assessed[i]);
	}
	obuf_putc(b, ']');
}

static void
js_due_list(const struct rdoc *d, struct obuf *b, const char *key,
    const struct rdoc_due *e, size_t n)
{
	js_key(b, key, false);
	if (!d->has_plans) {
		obuf_puts(b, "null");
		return;
	}
	if (d->redact) {
		put_u64(b, n);
		return;
	}
	obuf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			obuf_putc(b, ',');
		obuf_puts(b, "{\"id\":");
		js_str(b, e[i].id);
		obuf_puts(b, ",\"date\":");
		js_date(b, e[i].date);
		obuf_puts(b, ",\"kind\":");
		js_str(b, e[i].kind);
		obuf_puts(b, ",\"session\":");
		if (e[i].session == 0)
			obuf_puts(b, "null");
		else
			obuf_putll(b, e[i].session);
		obuf_puts(b, ",\"measures\":");
		if (e[i].measures[0] == '\0')
			obuf_puts(b, "null");
		else
			js_str(b, e[i].measures);
		obuf_putc(b, '}');
	}
	obuf_putc(b, ']');
}

static void
js_rate(struct obuf *b, const char *name, const struct rdoc_value *v,
    bool first)
{
	js_key(b, name, first);
	if (v->suppressed) {
		obuf_puts(b, "{\"numerator\":null,\"denominator\":null,"
		    "\"percent\":null,\"ci_low\":null,\"ci_high\":null,"
		    "\"suppressed\":true}");
		return;
	}
	obuf_putc(b, '{');
	js_key(b, "numerator", true);
	obuf_putll(b, v->num);
	js_key(b, "denominator", false);
	obuf_putll(b, v->den);
	js_num(b, "percent", v->value, v->na, false);
	js_num(b, "ci_low", v->ci_low, v->na, false);
	js_num(b, "ci_high", v->ci_high, v->na, false);
	obuf_putc(b, '}');
}

static void
js_group(const struct rdoc *d, struct obuf *b, size_t g)
{
	const struct rdoc_group *gr = &d->groups[g];

	obuf_puts(b, "{\"group\":{");
	for (size_t j = 0; g > 0 && j < d->nby; j++) {
		js_key(b, d->by[j], j == 0);
		js_str(b, gr->val[j]);
	}
	obuf_puts(b, "},\"counts\":{");
	for (int m = RM_COUNT_FIRST; m < RM_SCORE_FIRST; m++)
		js_num(b, rdoc_metric_name((enum rdoc_metric)m),
		    gr->v[m].value, gr->v[m].na, m == RM_COUNT_FIRST);
	obuf_puts(b, "},\"scores\":{");
	for (int m = RM_SCORE_FIRST; m < RM_RATE0; m++)
		js_num(b, rdoc_metric_name((enum rdoc_metric)m),
		    gr->v[m].value, gr->v[m].na, m == RM_SCORE_FIRST);
	obuf_puts(b, "},\"rates\":{");
	for (int m = RM_RATE0; m < RM_METRICS; m++)
		js_rate(b, rdoc_metric_name((enum rdoc_metric)m), &gr->v[m],
		    m == RM_RATE0);
	obuf_puts(b, "}}");
}

static void
js_rest(const struct rdoc *d, struct obuf *b)
{
	static const char *const verdict[] = {"n/a", "below", "within",
		"above"};
	bool first = true;

	obuf_puts(b, ",\"benchmarks\":[");
	for (size_t i = 0; i < d->nbench; i++) {
		obuf_puts(b, i > 0 ? ",{\"rate\":" : "{\"rate\":");
		js_str(b, rep_rate_name(d->bench[i].rate));
		obuf_puts(b, ",\"reference\":");
		js_str(b, d->bench[i].reference);
		obuf_puts(b, ",\"verdict\":");
		js_str(b, verdict[d->bench[i].verdict]);
		obuf_putc(b, '}');
	}
	obuf_puts(b, "],\"trajectory\":[");
	for (int i = 0; i < RDOC_TRAJ_SESSIONS; i++) {
		const struct rdoc_traj *t = &d->traj[i];

		if (!t->present)
			continue;
		obuf_puts(b, first ? "{\"session\":" : ",{\"session\":");
		first = false;
		obuf_putll(b, t->session);
		obuf_puts(b, ",\"n\":");
		obuf_putll(b, t->n);
		js_num(b, "mean", t->mean, false, false);
		js_num(b, "ci_low", t->ci_low, !t->band, false);
		js_num(b, "ci_high", t->ci_high, !t->band, false);
		obuf_putc(b, '}');
	}
	obuf_puts(b, "],\"data_quality\":{\"flagged\":{");
	for (size_t i = 0; i < d->nreasons; i++)
		js_u64(b, d->reasons[i].reason, d->reasons[i].count, i == 0);
	obuf_putc(b, '}');
	js_u64(b, "single_score", d->single_score, false);
	js_u64(b, "future", d->future, false);
	js_u64(b, "invalid", d->invalid, false);
	obuf_puts(b, "}}\n");
}

int
rdoc_write_json(const struct rdoc *d, int fd)
{
	struct obuf b;

	obuf_init(&b, fd);
	js_head(d, &b);
	js_safety(d, &b);
	obuf_puts(&b, ",\"period_activity\":{");
	js_u64(&b, "contacts", d->contacts, true);
	js_u64(&b, "new_patients", d->new_patients, false);
	js_u64(&b, "ended", d->ended, false);
	js_u64(&b, "worsened", d->worsened, false);
	obuf_putc(&b, '}');
	js_due_list(d, &b, "due", d->due, d->ndue);
	js_due_list(d, &b, "overdue", d->overdue, d->noverdue);
	obuf_puts(&b, ",\"outcomes\":[");
	for (size_t g = 0; g < d->ngroups; g++) {
		if (g > 0)
			obuf_putc(&b, ',');
		js_group(d, &b, g);
	}
	obuf_putc(&b, ']');
	js_rest(d, &b);
	return obuf_close(&b, 0);
}

/* ---- CSV ---- */

/*
 * Every field goes through csv_put_field(): io.md's quoting for the
 * delimiter in use (-d), which may even be a digit or a point.
 */
static void
csv_str(struct obuf *b, const char *s, char delim, bool last)
{
	csv_put_field(b, s, strlen(s), delim);
	obuf_putc(b, last ? '\n' : delim);
}

static void
csv_long(struct obuf *b, long v, char delim)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", v);
	csv_str(b, buf, delim, false);
}

/* The group field, "col=value;col=value" (empty for overall), into sb. */
static void
csv_group(const struct rdoc *d, struct strbuf *sb, size_t g)
{
	strbuf_reset(sb);
	for (size_t j = 0; g > 0 && j < d->nby; j++) {
		if (j > 0)
			strbuf_put(sb, ";", 1);
		strbuf_puts(sb, d->by[j]);
		strbuf_put(sb, "=", 1);
		strbuf_puts(sb, d->groups[g].val[j]);
	}
}

/*
 * numerator, denominator, value, ci_low, ci_high of one metric: counts
 * and scores fill value only.
 */
static void
csv_value(struct obuf *b, const struct rdoc_value *v, char delim)
{
	bool rate = v->kind == RK_RATE, shown = !v->na && !v->suppressed;

	if (rate && !v->suppressed) {
		csv_long(b, v->num, delim);
		csv_long(b, v->den, delim);
	} else {
		csv_str(b, "", delim, false);
		csv_str(b, "", delim, false);
	}
	csv_str(b, v->suppressed ? "suppressed" : shown ? v->value : "", delim,
	    false);
	csv_str(b, rate && shown ? v->ci_low : "", delim, false);
	csv_str(b, rate && shown ? v->ci_high : "", delim, true);
}

int
rdoc_write_csv(const struct rdoc *d, int fd)
{
	struct obuf b;
	struct strbuf grp = STRBUF_INIT;

	static const char *const head[] = {"group", "metric", "numerator",
		"denominator", "value", "ci_low", "ci_high"};
	char delim = d->delim != '\0' ? d->delim : ',';

	obuf_init(&b, fd);
	for (size_t k = 0; k < 7; k++)
		csv_str(&b, head[k], delim, k == 6);
	for (size_t g = 0; g < d->ngroups; g++) {
		csv_group(d, &grp, g);
		for (int m = 0; m < RM_METRICS; m++) {
			csv_put_field(&b, grp.s, grp.len, delim);
			obuf_putc(&b, delim);
			csv_str(&b, rdoc_metric_name((enum rdoc_metric)m),
			    delim, false);
			csv_value(&b, &d->groups[g].v[m], delim);
		}
	}
	strbuf_release(&grp);
	return obuf_close(&b, 0);
}
