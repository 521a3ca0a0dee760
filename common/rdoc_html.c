/* SPDX-License-Identifier: MIT */
/*
 * rdoc_html.c - a report document as one self-contained HTML5 file
 * (ipt-report.md section 6): the sections and numbers of the Markdown
 * report, one <style> block sized for A4 paper, and three inline SVG
 * charts.  No scripts, no external fonts, styles, images or links, so the
 * file can be mailed, archived and printed as it is.
 *
 * The sections, their words and what they show for n/a, suppressed,
 * empty lists and --redact are md's, written once in rdoc_markup.c; this
 * file gives the html markup for them and adds, through the hook, the
 * document head, the summary tiles, the charts and the footer.
 *
 * Choices where section 6 is silent (the man page states them):
 * - Text from the data is HTML-escaped (& < > " ') and every character
 *   HTML or XML forbids (C0 and C1 controls, DEL, noncharacters) is
 *   replaced by U+FFFD, so the document parses without error and each
 *   inline SVG is also well-formed XML.
 * - Numbers are right-aligned, "n/a" and "suppressed" greyed, risk
 *   levels shown as coloured badges and a worsening "yes" in bold red.
 * - Charts: (1) the trajectory, mean dep score by session on a fixed
 *   0-27 scale with the caseness line at 10 and the 95% band shaded
 *   where n >= 2 (a run of one session is drawn as a bar); (2) the
 *   overall rates, one bar each with its Wilson interval as a whisker
 *   and the benchmark as a line (a band for remission's 65-70); (3) the
 *   recovery rate of each --by group against the recovery benchmark.
 *   A chart with nothing to draw is replaced by a line saying so.
 *   Group labels longer than LABEL_MAX characters are shortened with
 *   "..." in the chart (the tables give them whole, and so does the
 *   tooltip).
 * - Coordinates are computed in tenths of a unit and printed by our own
 *   integer printer: the output does not depend on the locale.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "obuf.h"
#include "rdoc.h"
#include "rdoc_markup.h"
#include "strbuf.h"

#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD */
#define LABEL_MAX 28		/* characters of a chart label */

/* Colours, chosen to print well in greyscale too. */
#define C_BAR "#3b6ea8"
#define C_BENCH "#b8433a"
#define C_GRID "#e2e2e2"
#define C_AXIS "#6b6b6b"
#define C_INK "#222222"

/*
 * The code point of the UTF-8 sequence at s and its length in *len; an
 * invalid sequence (not expected: io.md validates input) is one byte
 * read as U+FFFD.
 */
static uint32_t
utf8_decode(const unsigned char *s, size_t *len)
{
	static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
	uint32_t c = s[0];
	size_t n = c < 0x80 ? 1 : c < 0xc2 ? 0 : c < 0xe0 ? 2 :
	    c < 0xf0 ? 3 : c < 0xf5 ? 4 : 0;

	*len = 1;
	if (n == 0)
		return 0xfffd;
	if (n > 1)
		c &= 0x7fu >> n;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0xfffd;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < least[n])	/* overlong */
		return 0xfffd;
	*len = n;
	return c;
}

/*
 * A character written as U+FFFD: one HTML or XML forbids (controls,
 * noncharacters, surrogates), and tab, CR and LF too, which would show
 * as a space.
 */
static bool
forbidden(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
	    (c >= 0xd800 && c <= 0xdfff) || (c >= 0xfdd0 && c <= 0xfdef) ||
	    (c & 0xfffe) == 0xfffe || c > 0x10ffff;
}

/* Data text, escaped (see the file comment). */
static void
h_text(struct obuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n;
		uint32_t c = utf8_decode(p, &n);

		switch (c) {
		case '&': obuf_puts(b, "&amp;"); break;
		case '<': obuf_puts(b, "&lt;"); break;
		case '>': obuf_puts(b, "&gt;"); break;
		case '"': obuf_puts(b, "&quot;"); break;
		case '\'': obuf_puts(b, "&#39;"); break;
		default:
			if (forbidden(c) || c == 0xfffd)
				obuf_puts(b, REPLACEMENT);
			else
				obuf_put(b, p, n);
		}
		p += n;
	}
}

/* s cut to LABEL_MAX characters, "..." marking a cut. */
static void
h_label(struct obuf *b, const char *s)
{
	char cut[LABEL_MAX * 4 + 4];
	const unsigned char *p = (const unsigned char *)s;
	size_t chars = 0, at = 0, n;

	while (p[at] != '\0' && chars < LABEL_MAX) {
		utf8_decode(p + at, &n);
		at += n;
		chars++;
	}
	if (p[at] == '\0') {
		h_text(b, s);
		return;
	}
	/* Room for the dots: back off three characters. */
	at = 0;
	for (size_t i = 0; i + 3 < LABEL_MAX; i++) {
		utf8_decode(p + at, &n);
		at += n;
	}
	memcpy(cut, s, at);
	memcpy(cut + at, "...", 4);
	h_text(b, cut);
}

/* ---- Numbers for SVG: tenths of a unit, printed without printf ---- */

static long
tenths(double x)
{
	return isfinite(x) ? lround(x * 10.0) : 0;
}

static void
put_t(struct obuf *b, long t)
{
	if (t < 0) {
		obuf_putc(b, '-');
		t = -t;
	}
	obuf_putll(b, t / 10);
	if (t % 10 != 0) {
		obuf_putc(b, '.');
		obuf_putc(b, (char)('0' + t % 10));
	}
}

/* name="value" with a leading space; value in tenths. */
static void
attr_t(struct obuf *b, const char *name, long t)
{
	obuf_putc(b, ' ');
	obuf_puts(b, name);
	obuf_puts(b, "=\"");
	put_t(b, t);
	obuf_putc(b, '"');
}

static void
svg_line(struct obuf *b, long x1, long y1, long x2, long y2,
    const char *style)
{
	obuf_puts(b, "<line");
	attr_t(b, "x1", x1);
	attr_t(b, "y1", y1);
	attr_t(b, "x2", x2);
	attr_t(b, "y2", y2);
	obuf_putc(b, ' ');
	obuf_puts(b, style);
	obuf_puts(b, "/>\n");
}

static void
svg_rect(struct obuf *b, long x, long y, long w, long h, const char *style)
{
	obuf_puts(b, "<rect");
	attr_t(b, "x", x);
	attr_t(b, "y", y);
	attr_t(b, "width", w < 0 ? 0 : w);
	attr_t(b, "height", h);
	obuf_putc(b, ' ');
	obuf_puts(b, style);
	obuf_puts(b, "/>\n");
}

/* The opening of a <text> element; the caller writes text and </text>. */
static void
svg_text_open(struct obuf *b, long x, long y, const char *style)
{
	obuf_puts(b, "<text");
	attr_t(b, "x", x);
	attr_t(b, "y", y);
	if (style[0] != '\0') {
		obuf_putc(b, ' ');
		obuf_puts(b, style);
	}
	obuf_putc(b, '>');
}

static void
svg_text(struct obuf *b, long x, long y, const char *style, const char *s)
{
	svg_text_open(b, x, y, style);
	obuf_puts(b, s);
	obuf_puts(b, "</text>\n");
}

static void
svg_open(struct obuf *b, const char *id, long w, long h)
{
	obuf_puts(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0");
	obuf_putc(b, ' ');
	put_t(b, w);
	obuf_putc(b, ' ');
	put_t(b, h);
	obuf_puts(b, "\" role=\"img\" aria-labelledby=\"");
	obuf_puts(b, id);
	obuf_puts(b, "-title\" font-size=\"12\" fill=\"" C_INK "\">\n"
	    "<title id=\"");
	obuf_puts(b, id);
	obuf_puts(b, "-title\">");
}

/* ---- Document head and small pieces ---- */

static const char style_sheet[] =
"@page { size: A4; margin: 15mm; }\n"
"* { box-sizing: border-box; }\n"
"html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
"body { font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, "
"\"Helvetica Neue\", Arial, sans-serif; font-size: 10.5pt; "
"line-height: 1.45; color: " C_INK "; max-width: 180mm; margin: 0 auto; "
"padding: 12px; }\n"
"h1 { font-size: 18pt; margin: 0 0 4px; }\n"
"h2 { font-size: 13.5pt; margin: 22px 0 8px; padding-bottom: 3px; "
"border-bottom: 2px solid " C_BAR "; break-after: avoid; }\n"
"h3 { font-size: 11pt; margin: 14px 0 6px; break-after: avoid; }\n"
"p { margin: 6px 0; }\n"
".meta { color: #444; }\n"
".aid { border-left: 4px solid " C_BENCH "; background: #faf3f2; "
"padding: 6px 10px; }\n"
".tiles { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0; "
"padding: 0; list-style: none; }\n"
".tiles li { flex: 1 1 0; min-width: 28mm; border: 1px solid #d0d7e2; "
"border-radius: 4px; padding: 6px 8px; background: #f5f8fc; }\n"
".tiles .n { display: block; font-size: 15pt; font-weight: 600; }\n"
".tiles .k { display: block; font-size: 8.5pt; color: #555; }\n"
"table { border-collapse: collapse; margin: 6px 0 10px; "
"font-size: 9.5pt; }\n"
"thead { display: table-header-group; }\n"
"tr { break-inside: avoid; }\n"
"th, td { border: 1px solid #d4d4d4; padding: 3px 7px; "
"text-align: left; vertical-align: top; }\n"
"th { background: #eef2f7; font-weight: 600; }\n"
"tbody tr:nth-child(even) { background: #fafafa; }\n"
"td.num, th.num { text-align: right; font-variant-numeric: "
"tabular-nums; }\n"
".lvl { display: inline-block; padding: 0 6px; border-radius: 3px; "
"font-weight: 600; font-size: 8.5pt; }\n"
".lvl-high { background: #b8433a; color: #fff; }\n"
".lvl-moderate { background: #d9822b; color: #fff; }\n"
".lvl-positive { background: #e8b90f; color: #222; }\n"
".lvl-unknown { background: #7a5ea8; color: #fff; }\n"
".lvl-low { background: #cfe3cf; color: #1f4d1f; }\n"
".lvl-not_endorsed, .lvl-not_assessed { background: #e6e6e6; "
"color: #333; }\n"
".yes { font-weight: 600; color: #b8433a; }\n"
".na { color: #777; }\n"
"figure { margin: 8px 0 14px; break-inside: avoid; }\n"
"figure svg { width: 100%; height: auto; display: block; }\n"
"figcaption { font-size: 9pt; color: #555; margin-top: 2px; }\n"
"svg text { font-family: inherit; }\n"
".small { font-size: 9pt; color: #555; }\n"
"footer { margin-top: 24px; font-size: 8.5pt; color: #666; "
"border-top: 1px solid #ddd; padding-top: 6px; }\n"
"@media print { body { max-width: none; padding: 0; } "
"h2 { margin-top: 14px; } section { break-inside: auto; } "
"table, figure { break-inside: avoid; } }\n";

static void
h_head(const struct rdoc *d, struct obuf *b)
{
	obuf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<title>" RDOC_TITLE ", as of ");
	rdoc_put_date(b, d->as_of);
	obuf_puts(b, "</title>\n<style>\n");
	obuf_puts(b, style_sheet);
	obuf_puts(b, "</style>\n</head>\n<body>\n<header>\n");
}

static void
tile(struct obuf *b, uint64_t n, const char *what)
{
	obuf_puts(b, "<li><span class=\"n\">");
	rdoc_put_u64(b, n);
	obuf_puts(b, "</span><span class=\"k\">");
	obuf_puts(b, what);
	obuf_puts(b, "</span></li>\n");
}

/* The key numbers at a glance, closing the header. */
static void
h_tiles(const struct rdoc *d, struct obuf *b)
{
	obuf_puts(b, "<ul class=\"tiles\">\n");
	tile(b, d->patients, "patients");
	tile(b, d->redact ? rdoc_safety_count(d) : d->nsafety,
	    "safety follow-up");
	tile(b, d->contacts, "contacts this period");
	if (d->has_plans) {
		tile(b, d->ndue, "due next 7 days");
		tile(b, d->noverdue, "overdue");
	}
	obuf_puts(b, "</ul>\n</header>\n<main>\n");
}

static void
h_foot(const struct rdoc *d, struct obuf *b)
{
	obuf_puts(b, "</main>\n<footer>ipt-report, as of ");
	rdoc_put_date(b, d->as_of);
	obuf_puts(b, ". " RDOC_AID "</footer>\n</body>\n</html>\n");
}

/* ---- The markup of rdoc_markup.h ---- */

static void
h_strong(struct obuf *b, const char *s)
{
	obuf_puts(b, "<strong>");
	obuf_puts(b, s);
	obuf_puts(b, "</strong>");
}

static void
h_section_open(struct rdoc_out *o, const char *id)
{
	obuf_puts(&o->b, "<section id=\"");
	obuf_puts(&o->b, id);
	obuf_puts(&o->b, "\">\n");
}

static void
h_section_close(struct rdoc_out *o)
{
	obuf_puts(&o->b, "</section>\n");
}

static void
h_heading_open(struct rdoc_out *o, int level)
{
	obuf_puts(&o->b, "<h");
	obuf_putc(&o->b, (char)('0' + level));
	obuf_putc(&o->b, '>');
}

static void
h_heading_close(struct rdoc_out *o, int level)
{
	obuf_puts(&o->b, "</h");
	obuf_putc(&o->b, (char)('0' + level));
	obuf_puts(&o->b, ">\n");
}

static void
h_para_open(struct rdoc_out *o, const char *cls)
{
	if (cls == NULL) {
		obuf_puts(&o->b, "<p>");
		return;
	}
	obuf_puts(&o->b, "<p class=\"");
	obuf_puts(&o->b, cls);
	obuf_puts(&o->b, "\">");
}

static void
h_para_close(struct rdoc_out *o)
{
	obuf_puts(&o->b, "</p>\n");
}

static void
h_list_open(struct rdoc_out *o)
{
	obuf_puts(&o->b, "<ul>\n");
}

static void
h_item_open(struct rdoc_out *o)
{
	obuf_puts(&o->b, "<li>");
}

static void
h_item_close(struct rdoc_out *o)
{
	obuf_puts(&o->b, "</li>\n");
}

static void
h_list_close(struct rdoc_out *o)
{
	obuf_puts(&o->b, "</ul>\n");
}

static void
h_table_open(struct rdoc_out *o)
{
	obuf_puts(&o->b, "<table>\n<thead><tr>");
	for (size_t i = 0; i < o->ncols; i++) {
		obuf_puts(&o->b, o->cols[i].align == RA_RIGHT ?
		    "<th class=\"num\">" : "<th>");
		obuf_puts(&o->b, o->cols[i].name);
		obuf_puts(&o->b, "</th>");
	}
	obuf_puts(&o->b, "</tr></thead>\n<tbody>\n");
}

/* A risk level as a coloured badge. */
static void
h_level(struct obuf *b, const char *name)
{
	obuf_puts(b, "<span class=\"lvl lvl-");
	obuf_puts(b, name);
	obuf_puts(b, "\">");
	obuf_puts(b, name);
	obuf_puts(b, "</span>");
}

/*
 * <td>, styled: numbers right-aligned, an alert in bold red, "n/a" grey.
 * A blank cell is a bare <td></td> even in a column of numbers.
 */
static void
h_td(struct rdoc_out *o, enum rdoc_cell kind, const char *s)
{
	struct obuf *b = &o->b;

	if (o->cols[o->col].align == RA_RIGHT)
		obuf_puts(b, "<td class=\"num\">");
	else
		obuf_puts(b, kind == RC_ALERT ? "<td class=\"yes\">" : "<td>");
	if (kind == RC_DATA) {
		h_text(b, s);
	} else if (kind == RC_LEVEL) {
		h_level(b, s);
	} else if (kind == RC_NA) {
		obuf_puts(b, "<span class=\"na\">");
		obuf_puts(b, s);
		obuf_puts(b, "</span>");
	} else {
		obuf_puts(b, s);
	}
	obuf_puts(b, "</td>");
}

static void
h_cell(struct rdoc_out *o, enum rdoc_cell kind, const char *s)
{
	if (o->col == 0)
		obuf_puts(&o->b, "<tr>");
	if (kind == RC_ROWHEAD) {
		obuf_puts(&o->b, "<th>");
		obuf_puts(&o->b, s);
		obuf_puts(&o->b, "</th>");
	} else if (kind == RC_BLANK) {
		obuf_puts(&o->b, "<td></td>");
	} else {
		h_td(o, kind, s);
	}
	if (o->col + 1 == o->ncols)
		obuf_puts(&o->b, "</tr>\n");
}

static void
h_table_close(struct rdoc_out *o)
{
	obuf_puts(&o->b, "</tbody>\n</table>\n");
}

/* ---- Bar charts: the outcome rates and the groups ---- */

/* The layout of one horizontal bar chart, in tenths. */
struct bars {
	long left;		/* x of 0% */
	long width;		/* 0% to 100% */
	long top;		/* y of the first row */
	long row;		/* row height */
	long total;		/* the viewBox width */
};

static long
bar_x(const struct bars *g, double percent)
{
	if (percent < 0)
		percent = 0;
	if (percent > 100)
		percent = 100;
	return g->left + tenths(percent * (double)g->width / 1000.0);
}

/* Grid lines every 20% with labels above the first row. */
static void
bars_grid(struct obuf *b, const struct bars *g, long nrows)
{
	static const char *const label[] = {"0%", "20%", "40%", "60%",
		"80%", "100%"};
	long bottom = g->top + nrows * g->row;

	for (int i = 0; i <= 5; i++) {
		long x = bar_x(g, 20.0 * i);

		svg_line(b, x, g->top - 40, x, bottom,
		    i == 0 ? "stroke=\"" C_AXIS "\"" :
		    "stroke=\"" C_GRID "\"");
		svg_text(b, x, g->top - 70,
		    "text-anchor=\"middle\" fill=\"" C_AXIS "\" "
		    "font-size=\"11\"", label[i]);
	}
}

/* The benchmark of one row: a line, or a band for a range. */
static void
bars_bench(struct obuf *b, const struct bars *g, long y,
    const struct rdoc_bench *k)
{
	long x0 = bar_x(g, k->ref_low), x1 = bar_x(g, k->ref_high);

	if (x1 > x0)
		svg_rect(b, x0, y + 20, x1 - x0, g->row - 40,
		    "fill=\"" C_BENCH "\" fill-opacity=\"0.22\"");
	svg_line(b, x0, y + 20, x0, y + g->row - 20,
	    "stroke=\"" C_BENCH "\" stroke-width=\"2\"");
	if (x1 > x0)
		svg_line(b, x1, y + 20, x1, y + g->row - 20,
		    "stroke=\"" C_BENCH "\" stroke-width=\"2\"");
}

/* "41.2% (7/17), 95% CI 21.6 to 64.0", or "n/a", or "suppressed". */
static void
rate_words(struct obuf *b, const struct rdoc_value *v, bool ci)
{
	if (v->suppressed) {
		obuf_puts(b, "suppressed");
		return;
	}
	if (v->na) {
		obuf_puts(b, "n/a");
		return;
	}
	obuf_puts(b, v->value);
	obuf_puts(b, "% (");
	obuf_putll(b, v->num);
	obuf_putc(b, '/');
	obuf_putll(b, v->den);
	obuf_putc(b, ')');
	if (ci) {
		obuf_puts(b, ", 95% CI ");
		obuf_puts(b, v->ci_low);
		obuf_puts(b, " to ");
		obuf_puts(b, v->ci_high);
	}
}

/*
 * Row i: the label (plain text; a group's is shortened), the bar and
 * whisker of v, the benchmark k (or NULL) and the value on the right,
 * with everything in the row's tooltip.
 */
static void
bars_row(struct obuf *b, const struct bars *g, long i, const char *label,
    bool is_group, const struct rdoc_value *v, const struct rdoc_bench *k)
{
	long y = g->top + i * g->row, mid = y + g->row / 2;

	obuf_puts(b, "<g>\n<title>");
	h_text(b, label);
	obuf_puts(b, ": ");
	rate_words(b, v, true);
	if (k != NULL) {
		obuf_puts(b, "; benchmark ");
		obuf_puts(b, k->reference);
		obuf_putc(b, '%');
	}
	/* The verdict is the overall rate's (section 6.6), not a group's. */
	if (k != NULL && !is_group) {
		obuf_puts(b, ", ");
		obuf_puts(b, rdoc_verdict_name(k->verdict));
	}
	obuf_puts(b, "</title>\n");
	svg_text_open(b, g->left - 80, mid + 40, "text-anchor=\"end\"");
	if (is_group)
		h_label(b, label);
	else
		h_text(b, label);
	obuf_puts(b, "</text>\n");
	if (!v->suppressed && !v->na && v->den > 0) {
		long x = bar_x(g, 100.0 * (double)v->num / (double)v->den);
		long lo = bar_x(g, v->low), hi = bar_x(g, v->high);

		svg_rect(b, g->left, mid - 70, x - g->left, 140,
		    "fill=\"" C_BAR "\"");
		svg_line(b, lo, mid, hi, mid, "stroke=\"" C_INK "\" "
		    "stroke-width=\"1.5\"");
		svg_line(b, lo, mid - 45, lo, mid + 45, "stroke=\"" C_INK "\" "
		    "stroke-width=\"1.5\"");
		svg_line(b, hi, mid - 45, hi, mid + 45, "stroke=\"" C_INK "\" "
		    "stroke-width=\"1.5\"");
	}
	if (k != NULL)
		bars_bench(b, g, y, k);
	svg_text_open(b, g->left + g->width + 80, mid + 40,
	    v->suppressed || v->na ? "fill=\"" C_AXIS "\"" : "");
	rate_words(b, v, false);
	obuf_puts(b, "</text>\n</g>\n");
}

/* The legend under a bar chart at y. */
static void
bars_legend(struct obuf *b, const struct bars *g, long y, bool bench,
    const char *bench_words)
{
	long x = g->left;

	svg_rect(b, x, y - 90, 240, 120, "fill=\"" C_BAR "\"");
	svg_text(b, x + 320, y + 20, "", "rate");
	x += 900;
	svg_line(b, x, y - 30, x + 300, y - 30, "stroke=\"" C_INK "\" "
	    "stroke-width=\"1.5\"");
	svg_line(b, x, y - 75, x, y + 15, "stroke=\"" C_INK "\" "
	    "stroke-width=\"1.5\"");
	svg_line(b, x + 300, y - 75, x + 300, y + 15, "stroke=\"" C_INK "\" "
	    "stroke-width=\"1.5\"");
	svg_text(b, x + 380, y + 20, "", "95% Wilson interval");
	if (!bench)
		return;
	x += 1700;
	svg_line(b, x, y - 100, x, y + 40, "stroke=\"" C_BENCH "\" "
	    "stroke-width=\"2\"");
	svg_text(b, x + 80, y + 20, "", bench_words);
}

static const struct rdoc_bench *
bench_of(const struct rdoc *d, enum rep_rate r)
{
	for (size_t i = 0; i < d->nbench; i++)
		if (d->bench[i].rate == r)
			return &d->bench[i];
	return NULL;
}

static void
chart_rates(const struct rdoc *d, struct obuf *b)
{
	struct bars g = {1900, 3800, 450, 280, 7000};
	long height = g.top + REP_RATES * g.row + 480;

	obuf_puts(b, "<figure>\n");
	svg_open(b, "chart-rates", g.total, height);
	obuf_puts(b, "Outcome rates, overall, with 95% intervals and "
	    "benchmarks</title>\n");
	bars_grid(b, &g, REP_RATES);
	for (int r = 0; r < REP_RATES; r++)
		bars_row(b, &g, r, rep_rate_name((enum rep_rate)r), false,
		    rdoc_overall(d, (enum rdoc_metric)(RM_RATE0 + r)),
		    bench_of(d, (enum rep_rate)r));
	bars_legend(b, &g, g.top + REP_RATES * g.row + 300, d->nbench > 0,
	    "benchmark (a band for a range)");
	obuf_puts(b, "</svg>\n<figcaption>Overall rates: bar = percent, "
	    "whisker = 95% Wilson interval, red = benchmark.</figcaption>\n"
	    "</figure>\n");
}


static void
chart_groups(const struct rdoc *d, struct obuf *b)
{
	struct bars g = {1900, 3800, 450, 280, 7000};
	const struct rdoc_bench *k = bench_of(d, RATE_RECOVERY);
	long rows = (long)d->ngroups - 1;
	struct strbuf label = STRBUF_INIT;

	if (d->nby == 0) {
		obuf_puts(b, "<p class=\"small\">Recovery by group: no --by "
		    "groups.</p>\n");
		return;
	}
	if (rows <= 0) {
		obuf_puts(b, "<p class=\"small\">Recovery by group: no "
		    "groups.</p>\n");
		return;
	}
	obuf_puts(b, "<figure>\n");
	svg_open(b, "chart-groups", g.total, g.top + rows * g.row + 480);
	obuf_puts(b, "Recovery rate by group, with 95% intervals</title>\n");
	bars_grid(b, &g, rows);
	for (long i = 0; i < rows; i++) {
		strbuf_reset(&label);
		for (size_t j = 0; j < d->nby; j++) {
			if (j > 0)
				strbuf_puts(&label, "; ");
			strbuf_puts(&label, d->groups[i + 1].val[j]);
		}
		bars_row(b, &g, i, label.s, true,
		    &d->groups[i + 1].v[RM_RATE0 + RATE_RECOVERY], k);
	}
	strbuf_release(&label);
	bars_legend(b, &g, g.top + rows * g.row + 300, k != NULL,
	    "recovery benchmark");
	obuf_puts(b, "</svg>\n<figcaption>Recovery by ");
	for (size_t j = 0; j < d->nby; j++) {
		if (j > 0)
			obuf_puts(b, ", ");
		h_text(b, d->by[j]);
	}
	obuf_puts(b, ": bar = percent, whisker = 95% Wilson interval"
	    "</figcaption>\n</figure>\n");
}

/* ---- The trajectory chart ---- */

/* Plot area in tenths; the score axis is 0..27 (PHQ-9 and PHQ-A). */
#define T_W 6800
#define T_H 3050
#define T_LEFT 600
#define T_RIGHT 6600
#define T_TOP 200
#define T_BOTTOM 2500
#define T_MAX 27.0

static long
traj_x(long session)
{
	return T_LEFT + 200 +
	    tenths((double)(session - 1) * (T_RIGHT - T_LEFT - 400) / 150.0);
}

static long
traj_y(double v)
{
	if (v < 0)
		v = 0;
	if (v > T_MAX)
		v = T_MAX;
	return T_BOTTOM - tenths(v * (T_BOTTOM - T_TOP) / (10.0 * T_MAX));
}

static void
traj_axes(const struct rdoc *d, struct obuf *b)
{
	static const char *const label[] = {"0", "5", "10", "15", "20",
		"25"};

	for (int i = 0; i <= 5; i++) {
		long y = traj_y(5.0 * i);

		svg_line(b, T_LEFT, y, T_RIGHT, y, i == 0 ?
		    "stroke=\"" C_AXIS "\"" : "stroke=\"" C_GRID "\"");
		svg_text(b, T_LEFT - 80, y + 40, "text-anchor=\"end\" "
		    "fill=\"" C_AXIS "\" font-size=\"11\"", label[i]);
	}
	svg_line(b, T_LEFT, T_TOP, T_LEFT, T_BOTTOM,
	    "stroke=\"" C_AXIS "\"");
	svg_text(b, T_LEFT - 80, T_BOTTOM + 330, "text-anchor=\"end\" "
	    "fill=\"" C_AXIS "\" font-size=\"10\"", "n");
	for (int s = 1; s <= RDOC_TRAJ_SESSIONS; s++) {
		const struct rdoc_traj *t = &d->traj[s - 1];
		long x = traj_x(s);

		svg_line(b, x, T_BOTTOM, x, T_BOTTOM + 50,
		    "stroke=\"" C_AXIS "\"");
		svg_text_open(b, x, T_BOTTOM + 170, "text-anchor=\"middle\" "
		    "font-size=\"11\"");
		obuf_putll(b, s);
		obuf_puts(b, "</text>\n");
		if (!t->present)
			continue;
		svg_text_open(b, x, T_BOTTOM + 330, "text-anchor=\"middle\" "
		    "fill=\"" C_AXIS "\" font-size=\"10\"");
		obuf_putll(b, t->n);
		obuf_puts(b, "</text>\n");
	}
	svg_text(b, (T_LEFT + T_RIGHT) / 2, T_BOTTOM + 500,
	    "text-anchor=\"middle\"", "Session number");
	/* The y axis title, turned to run up the axis at (16, 135). */
	obuf_puts(b, "<text x=\"16\" y=\"135\" "
	    "transform=\"rotate(-90 16 135)\" text-anchor=\"middle\">"
	    "Mean score</text>\n");
	/* Caseness: PHQ-9 or PHQ-A of 10 or more. */
	svg_line(b, T_LEFT, traj_y(10), T_RIGHT, traj_y(10),
	    "stroke=\"" C_BENCH "\" stroke-dasharray=\"6 4\"");
	svg_text(b, T_RIGHT - 20, traj_y(10) - 60, "text-anchor=\"end\" "
	    "fill=\"" C_BENCH "\" font-size=\"10\"", "caseness (10)");
}

/* The band over sessions first..last (a run of sessions with a band). */
static void
traj_band(const struct rdoc *d, struct obuf *b, int first, int last)
{
	if (first == last) {
		const struct rdoc_traj *t = &d->traj[first];
		long x = traj_x(t->session), hi = traj_y(t->high_d);

		svg_rect(b, x - 60, hi, 120, traj_y(t->low_d) - hi,
		    "fill=\"" C_BAR "\" fill-opacity=\"0.2\"");
		return;
	}
	obuf_puts(b, "<polygon fill=\"" C_BAR "\" fill-opacity=\"0.2\" "
	    "points=\"");
	for (int i = first; i <= last; i++) {
		put_t(b, traj_x(d->traj[i].session));
		obuf_putc(b, ',');
		put_t(b, traj_y(d->traj[i].high_d));
		obuf_putc(b, ' ');
	}
	for (int i = last; i >= first; i--) {
		put_t(b, traj_x(d->traj[i].session));
		obuf_putc(b, ',');
		put_t(b, traj_y(d->traj[i].low_d));
		if (i > first)
			obuf_putc(b, ' ');
	}
	obuf_puts(b, "\"/>\n");
}

static void
traj_point(struct obuf *b, const struct rdoc_traj *t)
{
	obuf_puts(b, "<circle");
	attr_t(b, "cx", traj_x(t->session));
	attr_t(b, "cy", traj_y(t->mean_d));
	obuf_puts(b, " r=\"3.5\" fill=\"#ffffff\" stroke=\"" C_BAR "\" "
	    "stroke-width=\"2\"><title>Session ");
	obuf_putll(b, t->session);
	obuf_puts(b, ": mean ");
	obuf_puts(b, t->mean);
	obuf_puts(b, ", n ");
	obuf_putll(b, t->n);
	if (t->band) {
		obuf_puts(b, ", 95% CI ");
		obuf_puts(b, t->ci_low);
		obuf_puts(b, " to ");
		obuf_puts(b, t->ci_high);
	}
	obuf_puts(b, "</title></circle>\n");
}

static void
chart_traj(const struct rdoc *d, struct obuf *b)
{
	int run = -1;
	bool first = true;

	obuf_puts(b, "<figure>\n");
	svg_open(b, "chart-traj", T_W, T_H);
	obuf_puts(b, "Mean depression score by session number, with 95% "
	    "confidence band</title>\n");
	traj_axes(d, b);
	for (int i = 0; i <= RDOC_TRAJ_SESSIONS; i++) {
		bool in = i < RDOC_TRAJ_SESSIONS && d->traj[i].present &&
		    d->traj[i].band;

		if (in && run < 0)
			run = i;
		if (!in && run >= 0) {
			traj_band(d, b, run, i - 1);
			run = -1;
		}
	}
	obuf_puts(b, "<polyline fill=\"none\" stroke=\"" C_BAR "\" "
	    "stroke-width=\"2.5\" stroke-linejoin=\"round\" points=\"");
	for (int i = 0; i < RDOC_TRAJ_SESSIONS; i++) {
		if (!d->traj[i].present)
			continue;
		if (!first)
			obuf_putc(b, ' ');
		first = false;
		put_t(b, traj_x(d->traj[i].session));
		obuf_putc(b, ',');
		put_t(b, traj_y(d->traj[i].mean_d));
	}
	obuf_puts(b, "\"/>\n");
	for (int i = 0; i < RDOC_TRAJ_SESSIONS; i++)
		if (d->traj[i].present)
			traj_point(b, &d->traj[i]);
	obuf_puts(b, "</svg>\n<figcaption>Line: mean score (PHQ-9, else "
	    "PHQ-A) of attended sessions; shaded: 95% confidence interval "
	    "(n of 2 or more); dashed: caseness threshold 10; n under each "
	    "session.</figcaption>\n</figure>\n");
}

/* ---- The html-only parts, where rdoc_markup.c asks for them ---- */

static void
h_hook(struct rdoc_out *o, const struct rdoc *d, enum rdoc_hook at)
{
	switch (at) {
	case RH_BEGIN:
		h_head(d, &o->b);
		break;
	case RH_HEAD_END:
		h_tiles(d, &o->b);
		break;
	case RH_OUTCOMES:
		chart_rates(d, &o->b);
		chart_groups(d, &o->b);
		break;
	case RH_TRAJECTORY:
		chart_traj(d, &o->b);
		break;
	case RH_END:
		h_foot(d, &o->b);
		break;
	}
}

static const struct rdoc_markup html_markup = {
	.data = h_text,
	.strong = h_strong,
	.section_open = h_section_open,
	.section_close = h_section_close,
	.heading_open = h_heading_open,
	.heading_close = h_heading_close,
	.para_open = h_para_open,
	.para_close = h_para_close,
	.list_open = h_list_open,
	.item_open = h_item_open,
	.item_close = h_item_close,
	.list_close = h_list_close,
	.table_open = h_table_open,
	.cell = h_cell,
	.table_close = h_table_close,
	.hook = h_hook,
};

int
rdoc_write_html(const struct rdoc *d, int fd)
{
	return rdoc_write_marked(d, fd, &html_markup);
}
