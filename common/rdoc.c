/* SPDX-License-Identifier: MIT */
/*
 * rdoc.c - names, counts and printers every writer of a report document
 * reads, and its release.  The writers are in rdoc_text.c (md, json,
 * csv), rdoc_html.c and, for what md and html share, rdoc_markup.c.
 */
#include <stdlib.h>

#include "date.h"
#include "obuf.h"
#include "rdoc.h"

const char *
rdoc_metric_name(enum rdoc_metric m)
{
	static const char *const names[RM_RATE0] = {
		"patients", "active", "ended", "finished", "dropouts",
		"sessions_mean", "sessions_median",
		"n", "first_mean", "last_mean", "change_mean", "first_sd",
		"effect_size_d"
	};

	if ((unsigned)m < RM_RATE0)
		return names[m];
	if ((unsigned)m < RM_METRICS)
		return rep_rate_name((enum rep_rate)(m - RM_RATE0));
	return "";
}

const char *
rdoc_verdict_name(enum rdoc_verdict v)
{
	static const char *const names[] = {"n/a", "below", "within",
		"above"};

	return (unsigned)v <= RV_ABOVE ? names[v] : "";
}

uint64_t
rdoc_safety_count(const struct rdoc *d)
{
	uint64_t n = d->safety_worsening_only;

	for (int l = REP_LVL_LOW; l <= REP_LVL_HIGH; l++)
		n += d->safety_by_risk[l];
	return n;
}

const struct rdoc_value *
rdoc_overall(const struct rdoc *d, enum rdoc_metric m)
{
	static const struct rdoc_value none = {.kind = RK_RATE, .na = true};

	return d->ngroups > 0 ? &d->groups[0].v[m] : &none;
}

/* Our own digits: uint64_t may not fit obuf_putll()'s long long. */
void
rdoc_put_u64(struct obuf *b, uint64_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	obuf_put(b, tmp + i, sizeof(tmp) - i);
}

void
rdoc_put_date(struct obuf *b, long days)
{
	char s[11];

	date_format(days, s);
	obuf_puts(b, s);
}

/*
 * Free what the rdoc owns: the safety, not_assessed, due and overdue
 * arrays, every group's values (nby strings each) and the reasons.  The
 * borrowed strings and the by array are left alone.  d is all zeros
 * afterwards, so releasing twice is harmless.
 */
void
rdoc_release(struct rdoc *d)
{
	free(d->safety);
	free(d->not_assessed);
	free(d->due);
	free(d->overdue);
	for (size_t i = 0; i < d->ngroups; i++) {
		if (d->groups[i].val == NULL)
			continue;
		for (size_t j = 0; j < d->nby; j++)
			free(d->groups[i].val[j]);
		free(d->groups[i].val);
	}
	free(d->groups);
	free(d->reasons);
	*d = (struct rdoc){0};
}
