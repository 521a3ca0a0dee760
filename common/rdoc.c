/* SPDX-License-Identifier: MIT */
/*
 * rdoc.c - the names of the outcome metrics and the release of a report
 * document.  The writers are in rdoc_text.c (md, json, csv) and
 * rdoc_html.c.
 */
#include <stdlib.h>

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
