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
 * - What md shows, section by section, is decided in rdoc_markup.c,
 *   once for md and html; here is only how md writes it: "#" headings,
 *   "-" lists, pipe tables with "---:" over right-aligned (numeric)
 *   columns, one blank line between blocks.
 * - Text that comes from the data (ids, group values, plan kinds and
 *   measures) has \ ` * _ [ ] < > | ~ & # backslash-escaped, and every
 *   control character (C0, DEL, C1: newline and tab included) replaced
 *   by U+FFFD, so a value can neither break a table nor turn into markup.
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

#include "json.h"
#include "obuf.h"
#include "csvio.h"
#include "rdoc.h"
#include "rdoc_markup.h"
#include "strbuf.h"

/* U+FFFD, written in place of a control character. */
#define REPLACEMENT "\xef\xbf\xbd"

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

/* Markdown has no emphasis we want in a plain report: s as it is. */
static void
md_plain(struct obuf *b, const char *s)
{
	obuf_puts(b, s);
}

/*
 * Blocks are separated by one blank line, owed at a block's end and paid
 * at the next one's start, so the file ends in a single newline.
 */
static void
md_block_open(struct rdoc_out *o)
{
	if (o->gap)
		obuf_putc(&o->b, '\n');
	o->gap = false;
}

static void
md_block_close(struct rdoc_out *o)
{
	o->gap = true;
}

static void
md_heading_open(struct rdoc_out *o, int level)
{
	md_block_open(o);
	for (int i = 0; i < level; i++)
		obuf_putc(&o->b, '#');
	obuf_putc(&o->b, ' ');
}

static void
md_line_close(struct rdoc_out *o)
{
	obuf_putc(&o->b, '\n');
	md_block_close(o);
}

static void
md_heading_close(struct rdoc_out *o, int level)
{
	(void)level;
	md_line_close(o);
}

static void
md_para_open(struct rdoc_out *o, const char *cls)
{
	(void)cls;
	md_block_open(o);
}

static void
md_item_open(struct rdoc_out *o)
{
	obuf_puts(&o->b, "- ");
}

static void
md_item_close(struct rdoc_out *o)
{
	obuf_putc(&o->b, '\n');
}

/* "| a | b |" and "|---|---:|": right-aligned columns hold numbers. */
static void
md_table_open(struct rdoc_out *o)
{
	md_block_open(o);
	obuf_putc(&o->b, '|');
	for (size_t i = 0; i < o->ncols; i++) {
		obuf_putc(&o->b, ' ');
		obuf_puts(&o->b, o->cols[i].name);
		obuf_puts(&o->b, " |");
	}
	obuf_puts(&o->b, "\n|");
	for (size_t i = 0; i < o->ncols; i++)
		obuf_puts(&o->b, o->cols[i].align == RA_RIGHT ? "---:|" :
		    "---|");
	obuf_putc(&o->b, '\n');
}

/* An empty cell is "| |", a blank one too. */
static void
md_cell(struct rdoc_out *o, enum rdoc_cell kind, const char *s)
{
	if (o->col == 0)
		obuf_putc(&o->b, '|');
	if (s[0] != '\0') {
		obuf_putc(&o->b, ' ');
		if (kind == RC_DATA)
			md_text(&o->b, s);
		else
			obuf_puts(&o->b, s);
	}
	obuf_puts(&o->b, " |");
	if (o->col + 1 == o->ncols)
		obuf_putc(&o->b, '\n');
}

static const struct rdoc_markup md_markup = {
	.data = md_text,
	.strong = md_plain,
	.heading_open = md_heading_open,
	.heading_close = md_heading_close,
	.para_open = md_para_open,
	.para_close = md_line_close,
	.list_open = md_block_open,
	.item_open = md_item_open,
	.item_close = md_item_close,
	.list_close = md_block_close,
	.table_open = md_table_open,
	.cell = md_cell,
	.table_close = md_block_close,
};

int
rdoc_write_md(const struct rdoc *d, int fd)
{
	return rdoc_write_marked(d, fd, &md_markup);
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
	rdoc_put_date(b, days);
	obuf_putc(b, '"');
}

static void
js_u64(struct obuf *b, const char *key, uint64_t v, bool first)
{
	js_key(b, key, first);
	rdoc_put_u64(b, v);
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
		js_u64(b, "count", rdoc_safety_count(d), true);
		obuf_puts(b, ",\"by_risk\":{");
		for (int l = REP_LVL_HIGH; l >= REP_LVL_LOW; l--)
			js_u64(b, rep_level_name((enum rep_level)l),
			    d->safety_by_risk[l], l == REP_LVL_HIGH);
		js_u64(b, "not_assessed", d->nnot_assessed, false);
		js_u64(b, "worsening", d->safety_worsening_only, false);
		obuf_puts(b, "}},\"not_assessed\":");
		rdoc_put_u64(b, d->nnot_assessed);
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
		rdoc_put_u64(b, n);
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
	bool first = true;

	obuf_puts(b, ",\"benchmarks\":[");
	for (size_t i = 0; i < d->nbench; i++) {
		obuf_puts(b, i > 0 ? ",{\"rate\":" : "{\"rate\":");
		js_str(b, rep_rate_name(d->bench[i].rate));
		obuf_puts(b, ",\"reference\":");
		js_str(b, d->bench[i].reference);
		obuf_puts(b, ",\"verdict\":");
		js_str(b, rdoc_verdict_name(d->bench[i].verdict));
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
