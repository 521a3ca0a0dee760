/* SPDX-License-Identifier: MIT */
/*
 * gen_intake - deterministic synthetic intake records for the ipt-screen
 * benchmark: gen_intake N OUT.csv.  Same bytes on every machine (own
 * PRNG, no locale, no clock).  Not real patient data.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state = 0x9e3779b97f4a7c15ULL;

static unsigned
rnd(unsigned n)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (unsigned)(state % n);
}

static const char *
pick(const char *const *v, unsigned n)
{
	return v[rnd(n)];
}

#define PICK(v) pick(v, sizeof(v) / sizeof(v[0]))

static const char *const diag[] = {"depression", "depression", "depression",
    "dysthymia", "perinatal_depression", "anxiety", "gad", "ptsd",
    "adjustment", "bipolar", "other", ""};
static const char *const yn[] = {"no", "no", "no", "no", "yes", ""};
static const char *const risk[] = {"none", "none", "low", "moderate",
    "high", ""};
static const char *const dwith[] = {"none", "partner", "parent", "friend",
    ""};
static const char *const stage[] = {"renegotiation", "impasse",
    "dissolution", ""};
static const char *const trans[] = {"none", "job_loss", "retirement",
    "relocation", "divorce", "childbirth", ""};
static const char *const fmt[] = {"individual", "group", "brief", "any"};
static const char *const organic[] = {"excluded", "excluded", "suspected",
    ""};

static void
date(FILE *f, int year)
{
	fprintf(f, ",%d-%02u-%02u", year, 1 + rnd(12), 1 + rnd(28));
}

static void
record(FILE *f, unsigned long i)
{
	fprintf(f, "R%07lu,%u,%s,%s,none,,%s", i, 12 + rnd(70), PICK(diag),
	    rnd(2) ? "first" : "recurrent", PICK(risk));
	for (int k = 0; k < 8; k++)
		fprintf(f, ",%s", PICK(yn));
	fprintf(f, ",%s,none,%s", PICK(organic), PICK(fmt));
	date(f, 2026);
	date(f, 2026);
	if (rnd(4) == 0)
		date(f, 2025);
	else
		fputc(',', f);
	fprintf(f, ",%s,%s", PICK(dwith), PICK(stage));
	date(f, 2025);
	fprintf(f, ",%s", PICK(trans));
	date(f, 2025);
	fprintf(f, ",%u", rnd(6));
	for (int k = 0; k < 9 + 7; k++)
		fprintf(f, ",%u", rnd(4));
	for (int k = 0; k < 5; k++)
		fprintf(f, ",%u", rnd(9));
	fputc('\n', f);
}

int
main(int argc, char **argv)
{
	FILE *f;
	unsigned long n;

	if (argc != 3 || (n = strtoul(argv[1], NULL, 10)) == 0) {
		fprintf(stderr, "usage: gen_intake N OUT.csv\n");
		return 64;
	}
	if ((f = fopen(argv[2], "w")) == NULL) {
		perror(argv[2]);
		return 73;
	}
	fputs("id,age,diagnosis,episode,medication,medication_response,"
	    "suicide_risk,psychosis,mania,homicidal,substance_dependence,"
	    "intellectual_disability,pregnant,breastfeeding,social_isolation,"
	    "organic_brain,concurrent_therapy,format_preference,onset_date,"
	    "referral_date,bereavement_date,dispute_with,dispute_stage,"
	    "dispute_since,transition,transition_date,close_relationships", f);
	for (int k = 1; k <= 9; k++)
		fprintf(f, ",phq9_%d", k);
	for (int k = 1; k <= 7; k++)
		fprintf(f, ",gad7_%d", k);
	for (int k = 1; k <= 5; k++)
		fprintf(f, ",wsas_%d", k);
	fputc('\n', f);
	for (unsigned long i = 1; i <= n; i++)
		record(f, i);
	if (fclose(f) != 0) {
		perror(argv[2]);
		return 74;
	}
	return 0;
}
