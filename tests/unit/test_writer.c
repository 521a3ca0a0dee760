/* SPDX-License-Identifier: MIT */
/*
 * test_writer.c - records out as CSV, a JSON array and JSON Lines
 * (io.md section 5), over a temporary file.
 *
 * Every expected output below was worked out by hand from the spec, not
 * copied from the program's output.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "record.h"
#include "stream.h"
#include "writer.h"
#include "tmpfd.h"
#include "unit.h"

/* Finish w and compare what reached fd with want. */
static void
check_output(struct writer *w, int fd, const char *label, const char *want)
{
	size_t len;

	CHECKF(writer_finish(w) == 0, "%s: writer_finish failed", label);
	char *got = slurp(fd, &len);

	CHECKF(len == strlen(want) && memcmp(got, want, len) == 0,
	    "%s:\n--- got ---\n%s\n--- want ---\n%s", label, got, want);
	free(got);
	close(fd);
}

/* One field of a record built by hand. */
struct fv {
	const char *name;
	enum vkind kind;
	const char *val;
	double num;
};

#define F_END { NULL, VK_NULL, NULL, 0 }

/* Clear r and fill it with the fields of fv[] (up to F_END). */
static void
fill(struct record *r, uint64_t schema, const struct fv *fv)
{
	record_clear(r);
	for (size_t i = 0; fv[i].name != NULL; i++)
		record_add(r, fv[i].name, strlen(fv[i].name), false,
		    fv[i].val, strlen(fv[i].val), fv[i].kind, fv[i].num);
	record_resolve(r);
	r->schema = schema;
	r->line = 1;
	r->recno = 1;
}

static void
colnames_of(struct colnames *c, const char **names, size_t *lens, size_t n)
{
	for (size_t i = 0; i < n; i++)
		lens[i] = strlen(names[i]);
	c->name = names;
	c->len = lens;
	c->n = n;
}

/* CSV input header plus added columns; addcols_bind on each record. */
static void
test_csv_header_addcols(void)
{
	static const char *names[] = {"id", "score_total", "x,y"};
	static const char *const added[] = {"score_total", "score_flag"};
	size_t lens[3];
	struct colnames cn;
	struct addcols add;
	struct writer w;
	struct record r;
	char why[160];
	int fd = tmp_fd();

	colnames_of(&cn, names, lens, 3);
	addcols_init(&add, added, 2);
	record_init(&r);
	writer_init(&w, FMT_CSV, ',', fd);
	writer_csv_header(&w, &cn, &add);
	/* a second call does not write a second header */
	writer_csv_header(&w, &cn, &add);

	fill(&r, 1, (const struct fv[]){
		{ "id", VK_CSV, "1", 0 },
		{ "score_total", VK_CSV, "", 0 },
		{ "x,y", VK_CSV, "a b", 0 }, F_END });
	addcols_bind(&add, &r);
	CHECK_INT(r.n, 4);
	CHECK_INT(add.pos[0], 1);	/* replaced in place */
	CHECK_INT(add.pos[1], 3);	/* appended */
	record_set_int(&r, add.pos[0], "score_total", 7);
	record_set_str(&r, add.pos[1], "score_flag", "ok");
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);

	fill(&r, 1, (const struct fv[]){
		{ "id", VK_CSV, " 2", 0 },
		{ "score_total", VK_CSV, "3", 0 },
		{ "x,y", VK_CSV, "=1+2", 0 }, F_END });
	addcols_bind(&add, &r);
	CHECK_INT(r.n, 4);
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);

	fill(&r, 1, (const struct fv[]){
		{ "id", VK_CSV, "a\nb", 0 },
		{ "score_total", VK_CSV, "say \"x\"", 0 },
		{ "x,y", VK_CSV, "", 0 }, F_END });
	addcols_bind(&add, &r);
	record_set_null(&r, add.pos[0], "score_total");
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	CHECK_INT(w.nrec, 3);

	check_output(&w, fd, "csv header + addcols",
	    "id,score_total,\"x,y\",score_flag\n"
	    "1,7,a b,ok\n"
	    "\" 2\",3,=1+2,\n"
	    "\"a\nb\",,,\n");
	record_release(&r);
	addcols_release(&add);
}

/* A later file with the same columns in another order: mapped by name. */
static void
test_csv_reorder(void)
{
	static const char *names[] = {"a", "b", "c"};
	size_t lens[3];
	struct colnames cn;
	struct writer w;
	struct record r;
	char why[160];
	int fd = tmp_fd();

	colnames_of(&cn, names, lens, 3);
	record_init(&r);
	writer_init(&w, FMT_CSV, ',', fd);
	writer_csv_header(&w, &cn, NULL);

	fill(&r, 1, (const struct fv[]){
		{ "a", VK_CSV, "1", 0 }, { "b", VK_CSV, "2", 0 },
		{ "c", VK_CSV, "3", 0 }, F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	fill(&r, 2, (const struct fv[]){
		{ "c", VK_CSV, "6", 0 }, { "a", VK_CSV, "4", 0 },
		{ "b", VK_CSV, "5", 0 }, F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	fill(&r, 2, (const struct fv[]){
		{ "c", VK_CSV, "9", 0 }, { "a", VK_CSV, "7", 0 },
		{ "b", VK_CSV, "8", 0 }, F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	fill(&r, 3, (const struct fv[]){
		{ "a", VK_CSV, "x", 0 }, { "b", VK_CSV, "y", 0 },
		{ "c", VK_CSV, "z", 0 }, F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	check_output(&w, fd, "csv reorder",
	    "a,b,c\n1,2,3\n4,5,6\n7,8,9\nx,y,z\n");
	record_release(&r);
}

/* JSON input, CSV output: the header from the first record. */
static void
test_json_to_csv(void)
{
	struct writer w;
	struct record r;
	char why[160];
	int fd = tmp_fd();

	record_init(&r);
	writer_init(&w, FMT_CSV, ',', fd);

	fill(&r, 1, (const struct fv[]){
		{ "a", VK_NUM, "1", 1 }, { "b", VK_STR, "x", 0 },
		{ "c", VK_TRUE, "true", 0 }, F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);

	/* missing key b: empty; null: empty */
	fill(&r, 2, (const struct fv[]){
		{ "c", VK_NULL, "", 0 }, { "a", VK_STR, "q,r", 0 }, F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);

	/* a key not in the header: rejected, nothing written */
	fill(&r, 3, (const struct fv[]){
		{ "a", VK_NUM, "1", 1 }, { "z", VK_NUM, "2", 2 }, F_END });
	why[0] = '\0';
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), -1);
	CHECK_STR(why, "key 'z' is not in the CSV header (use -o jsonl)");
	/* the same layout again: still rejected */
	why[0] = '\0';
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), -1);
	CHECK_STR(why, "key 'z' is not in the CSV header (use -o jsonl)");

	fill(&r, 4, (const struct fv[]){
		{ "b", VK_STR, "y", 0 }, F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);

	fill(&r, 5, (const struct fv[]){
		{ "a", VK_RAW, "[1,2]", 0 }, { "c", VK_FALSE, "false", 0 },
		F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);

	/* the layout of the second record again */
	fill(&r, 2, (const struct fv[]){
		{ "c", VK_NUM, "2.5", 2.5 }, { "a", VK_STR, "", 0 }, F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);

	/* an extra key in a record of the same size as the header */
	fill(&r, 7, (const struct fv[]){
		{ "a", VK_NUM, "1", 1 }, { "b", VK_NUM, "2", 2 },
		{ "Z", VK_NUM, "3", 3 }, F_END });
	why[0] = '\0';
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), -1);
	CHECK_STR(why, "key 'Z' is not in the CSV header (use -o jsonl)");

	/* {}: every column empty */
	fill(&r, 8, (const struct fv[]){ F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);

	/* the header's own layout */
	fill(&r, 1, (const struct fv[]){
		{ "a", VK_NUM, "-3", -3 }, { "b", VK_STR, " s ", 0 },
		{ "c", VK_NULL, "", 0 }, F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	CHECK_INT(w.nrec, 7);

	check_output(&w, fd, "json to csv",
	    "a,b,c\n"
	    "1,x,true\n"
	    "\"q,r\",,\n"
	    ",y,\n"
	    "\"[1,2]\",,false\n"
	    ",,2.5\n"
	    ",,\n"
	    "-3,\" s \",\n");
	record_release(&r);
}

/* The header from a first JSON record whose keys need quoting. */
static void
test_json_to_csv_quoted_header(void)
{
	struct writer w;
	struct record r;
	char why[160];
	int fd = tmp_fd();

	record_init(&r);
	writer_init(&w, FMT_CSV, ',', fd);
	fill(&r, 1, (const struct fv[]){
		{ "a b ", VK_STR, "1", 0 }, { "k\"q", VK_STR, "2", 0 },
		{ "=x", VK_STR, "3", 0 }, F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	check_output(&w, fd, "json to csv, quoted header",
	    "\"a b \",\"k\"\"q\",=x\n1,2,3\n");
	record_release(&r);
}

/* JSON array and JSON Lines framing. */
static void
test_json_framing(void)
{
	static const struct fv r1[] = {
		{ "a", VK_NUM, "1", 1 }, { "b", VK_STR, "x", 0 }, F_END };
	static const struct fv r2[] = { { "a", VK_NULL, "", 0 }, F_END };
	static const struct fv r0[] = { F_END };
	struct writer w;
	struct record r;
	char why[160];
	int fd;

	record_init(&r);

	fd = tmp_fd();
	writer_init(&w, FMT_JSON, ',', fd);
	fill(&r, 1, r1);
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	fill(&r, 2, r2);
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	check_output(&w, fd, "json array of two",
	    "[\n{\"a\":1,\"b\":\"x\"},\n{\"a\":null}\n]\n");

	fd = tmp_fd();
	writer_init(&w, FMT_JSON, ',', fd);
	check_output(&w, fd, "json array of none", "[]\n");

	fd = tmp_fd();
	writer_init(&w, FMT_JSON, ',', fd);
	fill(&r, 1, r0);
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	check_output(&w, fd, "json array of {}", "[\n{}\n]\n");

	fd = tmp_fd();
	writer_init(&w, FMT_JSON, ',', fd);
	for (int i = 0; i < 3; i++) {
		fill(&r, 1, r1);
		CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	}
	check_output(&w, fd, "json array of three",
	    "[\n{\"a\":1,\"b\":\"x\"},\n{\"a\":1,\"b\":\"x\"},\n"
	    "{\"a\":1,\"b\":\"x\"}\n]\n");

	fd = tmp_fd();
	writer_init(&w, FMT_JSONL, ',', fd);
	fill(&r, 1, r1);
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	fill(&r, 2, r2);
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	fill(&r, 3, r0);
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	check_output(&w, fd, "jsonl of three",
	    "{\"a\":1,\"b\":\"x\"}\n{\"a\":null}\n{}\n");

	fd = tmp_fd();
	writer_init(&w, FMT_JSONL, ',', fd);
	check_output(&w, fd, "jsonl of none", "");

	/* writer_csv_header is a no-op for JSON output */
	{
		static const char *names[] = {"a", "b"};
		size_t lens[2];
		struct colnames cn;

		colnames_of(&cn, names, lens, 2);
		fd = tmp_fd();
		writer_init(&w, FMT_JSONL, ',', fd);
		writer_csv_header(&w, &cn, NULL);
		check_output(&w, fd, "jsonl with csv header call", "");
		fd = tmp_fd();
		writer_init(&w, FMT_JSON, ',', fd);
		writer_csv_header(&w, &cn, NULL);
		check_output(&w, fd, "json with csv header call", "[]\n");
	}
	record_release(&r);
}

/* CSV text typed on the way to JSON. */
static void
test_csv_to_json_typing(void)
{
	struct writer w;
	struct record r;
	char why[160];
	int fd = tmp_fd();

	record_init(&r);
	writer_init(&w, FMT_JSONL, ',', fd);
	fill(&r, 1, (const struct fv[]){
		{ "e", VK_CSV, "", 0 },
		{ "n", VK_CSV, "12", 0 },
		{ "z", VK_CSV, "007", 0 },
		{ "big", VK_CSV, "1e400", 0 },
		{ "t", VK_CSV, "true", 0 },
		{ "nl", VK_CSV, "null", 0 },
		{ "f", VK_CSV, "-0.5e+3", 0 },
		{ "s", VK_CSV, " 12", 0 },
		{ "d", VK_CSV, "1.0", 0 },
		{ "eq", VK_CSV, "=1+2", 0 },
		{ "q", VK_CSV, "a\"b", 0 },
		{ "neg0", VK_CSV, "-0", 0 },
		{ "x", VK_CSV, "0x1", 0 },
		{ "nan", VK_CSV, "NaN", 0 },
		{ "dot", VK_CSV, ".5", 0 },
		{ "sp", VK_CSV, " ", 0 },
		{ "tab", VK_CSV, "a\tb", 0 },
		{ "plus", VK_CSV, "+1", 0 },
		{ "exp", VK_CSV, "1E5", 0 },
		{ "uni", VK_CSV, "\xc3\xa9/", 0 },
		F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	check_output(&w, fd, "csv text typed in json",
	    "{\"e\":null,\"n\":12,\"z\":\"007\",\"big\":\"1e400\","
	    "\"t\":\"true\",\"nl\":\"null\",\"f\":-0.5e+3,\"s\":\" 12\","
	    "\"d\":1.0,\"eq\":\"=1+2\",\"q\":\"a\\\"b\",\"neg0\":-0,"
	    "\"x\":\"0x1\",\"nan\":\"NaN\",\"dot\":\".5\",\"sp\":\" \","
	    "\"tab\":\"a\\tb\",\"plus\":\"+1\",\"exp\":1E5,"
	    "\"uni\":\"\xc3\xa9/\"}\n");
	record_release(&r);
}

/* JSON kinds on the way to JSON and to CSV. */
static void
test_kinds(void)
{
	static const struct fv kinds[] = {
		{ "n", VK_NUM, "2.5", 2.5 },
		{ "big", VK_NUM, "1e+16", 1e16 },
		{ "o", VK_RAW, "{\"b\":[1]}", 0 },
		{ "t", VK_TRUE, "true", 0 },
		{ "f", VK_FALSE, "false", 0 },
		{ "z", VK_NULL, "", 0 },
		{ "s", VK_STR, "12", 0 },
		{ "c", VK_STR, "x\x01", 0 },
		{ "k\"q", VK_NUM, "1", 1 },
		{ "\xc3\xa9", VK_STR, "\xc3\xbc", 0 },
		F_END };
	struct writer w;
	struct record r;
	char why[160];
	int fd = tmp_fd();

	record_init(&r);
	writer_init(&w, FMT_JSON, ',', fd);
	fill(&r, 1, kinds);
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	check_output(&w, fd, "json kinds",
	    "[\n{\"n\":2.5,\"big\":1e+16,\"o\":{\"b\":[1]},\"t\":true,"
	    "\"f\":false,\"z\":null,\"s\":\"12\",\"c\":\"x\\u0001\","
	    "\"k\\\"q\":1,\"\xc3\xa9\":\"\xc3\xbc\"}\n]\n");

	fd = tmp_fd();
	writer_init(&w, FMT_CSV, ',', fd);
	fill(&r, 1, (const struct fv[]){
		{ "n", VK_NUM, "2.5", 2.5 },
		{ "t", VK_TRUE, "true", 0 },
		{ "f", VK_FALSE, "false", 0 },
		{ "z", VK_NULL, "", 0 },
		{ "s", VK_STR, "a,b", 0 },
		{ "o", VK_RAW, "{\"b\":1}", 0 },
		{ "c", VK_CSV, " x", 0 },
		{ "e", VK_CSV, "=1+2", 0 },
		F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	check_output(&w, fd, "kinds to csv",
	    "n,t,f,z,s,o,c,e\n"
	    "2.5,true,false,,\"a,b\",\"{\"\"b\"\":1}\",\" x\",=1+2\n");
	record_release(&r);
}

/* Records of several layouts in turn, through one JSON writer. */
static void
test_json_layouts(void)
{
	struct writer w;
	struct record r;
	char why[160];
	int fd = tmp_fd();

	record_init(&r);
	writer_init(&w, FMT_JSONL, ',', fd);
	fill(&r, 1, (const struct fv[]){
		{ "k\"q", VK_NUM, "1", 1 }, { "b", VK_STR, "x", 0 }, F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	fill(&r, 2, (const struct fv[]){
		{ "c\n", VK_TRUE, "true", 0 }, F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	fill(&r, 1, (const struct fv[]){
		{ "k\"q", VK_NUM, "2", 2 }, { "b", VK_STR, "y", 0 }, F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	/* the same input layout with a column a tool added */
	fill(&r, 1, (const struct fv[]){
		{ "k\"q", VK_NUM, "3", 3 }, { "b", VK_STR, "z", 0 }, F_END });
	record_set_int(&r, r.n, "added", 9);
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	fill(&r, 3, (const struct fv[]){ F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	fill(&r, 4, (const struct fv[]){
		{ "b", VK_STR, "w", 0 }, { "k\"q", VK_NULL, "", 0 }, F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	check_output(&w, fd, "json layouts",
	    "{\"k\\\"q\":1,\"b\":\"x\"}\n"
	    "{\"c\\n\":true}\n"
	    "{\"k\\\"q\":2,\"b\":\"y\"}\n"
	    "{\"k\\\"q\":3,\"b\":\"z\",\"added\":9}\n"
	    "{}\n"
	    "{\"b\":\"w\",\"k\\\"q\":null}\n");
	record_release(&r);
}

/* Another delimiter: quoting follows it, for values and header names. */
static void
test_tab_delimiter(void)
{
	static const char *names[] = {"a", "b c", "d\te"};
	size_t lens[3];
	struct colnames cn;
	struct writer w;
	struct record r;
	char why[160];
	int fd = tmp_fd();

	colnames_of(&cn, names, lens, 3);
	record_init(&r);
	writer_init(&w, FMT_CSV, '\t', fd);
	writer_csv_header(&w, &cn, NULL);
	fill(&r, 1, (const struct fv[]){
		{ "a", VK_CSV, "x,y", 0 }, { "b c", VK_CSV, "p\tq", 0 },
		{ "d\te", VK_CSV, "", 0 }, F_END });
	CHECK_INT(writer_put(&w, &r, why, sizeof(why)), 0);
	check_output(&w, fd, "tab delimiter",
	    "a\tb c\t\"d\te\"\nx,y\t\"p\tq\"\t\n");
	record_release(&r);
}

int
main(void)
{
	test_csv_header_addcols();
	test_csv_reorder();
	test_json_to_csv();
	test_json_to_csv_quoted_header();
	test_json_framing();
	test_csv_to_json_typing();
	test_kinds();
	test_json_layouts();
	test_tab_delimiter();
	return unit_done("test_writer");
}
