/* SPDX-License-Identifier: MIT */
/*
 * state_eq.h - equality of two patient states (report.h), field by field
 * so that padding never matters: for the unit tests that compare a state
 * built one way with one built another (test_caseload, test_partial).
 */
#ifndef IPT_TEST_STATE_EQ_H
#define IPT_TEST_STATE_EQ_H

#include <stdbool.h>
#include <stdint.h>

#include "report.h"

static inline bool
key_eq(const struct rep_key *a, const struct rep_key *b)
{
	return a->date == b->date && a->session == b->session;
}

static inline bool
span_eq(const struct rep_score_span *x, const struct rep_score_span *y)
{
	return key_eq(&x->first_key, &y->first_key) &&
	    key_eq(&x->last_key, &y->last_key) &&
	    key_eq(&x->prev_key, &y->prev_key) && x->first == y->first &&
	    x->last == y->last && x->prev == y->prev && x->n == y->n;
}

/* Every field of the state, padding aside. */
static inline bool
state_eq(const struct patient_state *a, const struct patient_state *b)
{
	if (a->records != b->records || a->attended != b->attended ||
	    a->first_date != b->first_date || a->last_date != b->last_date ||
	    a->last_record != b->last_record ||
	    a->ended_yes != b->ended_yes || a->end_date != b->end_date ||
	    !key_eq(&a->risk_key, &b->risk_key) ||
	    a->period_contacts != b->period_contacts ||
	    a->period_ended != b->period_ended || a->ntraj != b->ntraj ||
	    a->overflow != b->overflow)
		return false;
	for (int m = 0; m < REP_MEASURES; m++)
		if (!span_eq(&a->m[m], &b->m[m]))
			return false;
	for (int i = 0; i < REP_RISK_FIELDS; i++)
		if (a->risk[i] != b->risk[i])
			return false;
	for (uint32_t i = 0; i < a->ntraj && i < REP_TRAJ_MAX; i++) {
		const struct rep_traj_rec *x = &a->traj[i], *y = &b->traj[i];

		if (x->date != y->date || x->numbered != y->numbered ||
		    x->score[0] != y->score[0] || x->score[1] != y->score[1])
			return false;
	}
	for (int k = 0; k < REP_TRAJ_MAX; k++)
		if (a->tsum[k].n != b->tsum[k].n ||
		    a->tsum[k].sum != b->tsum[k].sum ||
		    a->tsum[k].sq != b->tsum[k].sq)
			return false;
	return true;
}

#endif
