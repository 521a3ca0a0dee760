#!/bin/sh
# tests/bad/record.sh - bad-input tests of the shared record layer
# (spec/io.md), run through ipt-score.  One case per applicable row of the
# bad-input checklist (reference/libs.md section 5, C1-C37 and J1-J31),
# plus the file, rejects-file, --strict, exit-precedence and write-error
# rules of io.md.  Where the checklist and io.md differ, io.md wins.
#
#   IPT_BIN=$PWD/bin sh tests/bad/record.sh
#
# Every input is generated under $T.  The records use the GAD-2 items
# (gad2_1, gad2_2: 0-3, nothing may be missing) so that the record layer's
# behaviour is visible in ipt-score's output without clinical detail.

. "$(dirname "$0")/../lib.sh"

cd "$T" || exit 1

# Input header and the matching output header.
IH='id,gad2_1,gad2_2'
OH='id,gad2_1,gad2_2,gad2_total,gad2_band,gad2_status'
P1='P1,1,2,3,positive,complete'
P3='P3,0,0,0,negative,complete'
J1='{"id":"P1","gad2_1":1,"gad2_2":2}'
J3='{"id":"P3","gad2_1":0,"gad2_2":0}'
JP1='{"id":"P1","gad2_1":1,"gad2_2":2,"gad2_total":3,"gad2_band":"positive","gad2_status":"complete"}'
JP3='{"id":"P3","gad2_1":0,"gad2_2":0,"gad2_total":0,"gad2_band":"negative","gad2_status":"complete"}'

# sum IN OUT REJECTED FLAGGED: the closing summary line.
sum() {
	printf 'ipt-score: records in %s, out %s, rejected %s, flagged %s' \
	    "$1" "$2" "$3" "$4"
}

# mk FILE FORMAT [ARG...]: write printf output to FILE.
mk() {
	f=$1
	shift
	# shellcheck disable=SC2059
	printf "$@" >"$f"
}

# x N: N bytes 'x' on stdout.
x() { head -c "$1" /dev/zero | tr '\0' x; }

# want_json: stdout must be one parseable JSON value (a closed array).
want_json() {
	if jq -e 'type == "array"' "$T/out" >/dev/null 2>&1; then ok; else
		bad "stdout is not a closed JSON array" "$T/out"; fi
}

# want_file FILE TEXT: FILE must hold exactly TEXT (plus LF).
want_file() {
	printf '%s\n' "$2" >"$T/want"
	if cmp -s "$T/want" "$1"; then ok; else
		diff "$T/want" "$1" >"$T/diff" 2>&1
		bad "$1 differs (- want, + got)" "$T/diff"; fi
}

# want_out_big FILE: stdout must equal FILE; on failure show sizes and the
# first difference only (the files are megabytes long).
want_out_big() {
	if cmp -s "$1" "$T/out"; then ok; else
		{ wc -c "$1" "$T/out"; cmp "$1" "$T/out"; } >"$T/diff" 2>&1
		bad "stdout differs from $1" "$T/diff"; fi
}

# want_empty FILE: FILE must exist and be empty.
want_empty() {
	if [ -f "$1" ] && [ ! -s "$1" ]; then ok; else
		bad "$1 is missing or not empty" "$1"; fi
}

########################################################################
# CSV

t C1_unterminated_quote
mk c1.csv '%s\nP1,1,2\nP2,"3\n' "$IH"
run ipt-score c1.csv
want_rc 65
want_err "ipt-score: c1.csv:3:4: unterminated quoted field
$(sum 1 1 0 0)"
want_out "$OH
$P1"

t C1_unterminated_quote_json_closed
run ipt-score -o json c1.csv
want_rc 65
want_err "ipt-score: c1.csv:3:4: unterminated quoted field
$(sum 1 1 0 0)"
want_out "[
$JP1
]"
want_json

t C1_unterminated_quote_reported_where_opened
mk c1b.csv '%s\nP1,1,2\nP2,0,"0\nmore\r\nlines\rat the end\n' "$IH"
run ipt-score c1b.csv
want_rc 65
want_err "ipt-score: c1b.csv:3:6: unterminated quoted field
$(sum 1 1 0 0)"
want_out "$OH
$P1"

t C2_stray_quote
mk c2.csv '%s\nP1,1,2\nP2,3"x,1\nP3,0,0\n' "$IH"
run ipt-score c2.csv
want_rc 65
want_err "ipt-score: c2.csv:3:5: quote in unquoted field
$(sum 1 1 0 0)"
want_out "$OH
$P1"

t C3_text_after_closing_quote
mk c3.csv '%s\nP1,1,2\nP2,"3"x,1\nP3,0,0\n' "$IH"
run ipt-score -o json c3.csv
want_rc 65
want_err "ipt-score: c3.csv:3:7: text after closing quote
$(sum 1 1 0 0)"
want_out "[
$JP1
]"
want_json

t C4_too_few_fields
mk c4.csv '%s\nP1,1,2\nP2,3\nP3,0,0\n' "$IH"
run ipt-score c4.csv
want_rc 1
want_err "ipt-score: c4.csv:3: record 2: expected 3 fields, got 2
$(sum 3 2 1 0)"
want_out "$OH
$P1
$P3"

t C5_too_many_fields
mk c5.csv '%s\nP1,1,2\nP2,3,0,1\nP3,0,0\n' "$IH"
run ipt-score c5.csv
want_rc 1
want_err "ipt-score: c5.csv:3: record 2: expected 3 fields, got 4
$(sum 3 2 1 0)"
want_out "$OH
$P1
$P3"

# The BOM is in front of gad2_1: if it were kept, gad2_1 would not be an
# item column and GAD-2 would be insufficient.  Removed in every file.
t C6_bom_stripped_every_file
mk c6.csv '\357\273\277gad2_1,gad2_2,id\n1,2,P1\n'
run ipt-score c6.csv c6.csv
want_rc 0
want_no_err
want_out "gad2_1,gad2_2,id,gad2_total,gad2_band,gad2_status
1,2,P1,3,positive,complete
1,2,P1,3,positive,complete"

t C7_crlf
mk c7.csv '%s\r\nP1,1,2\r\nP2,1\r\nP3,0,0\r\n' "$IH"
run ipt-score c7.csv
want_rc 1
want_err "ipt-score: c7.csv:3: record 2: expected 3 fields, got 2
$(sum 3 2 1 0)"
want_out "$OH
$P1
$P3"

t C8_cr_only
mk c8.csv '%s\rP1,1,2\rP2,1\rP3,0,0\r' "$IH"
run ipt-score c8.csv
want_rc 1
want_err "ipt-score: c8.csv:3: record 2: expected 3 fields, got 2
$(sum 3 2 1 0)"
want_out "$OH
$P1
$P3"

t C9_mixed_endings
mk c9.csv '%s\nP1,1,2\r\nP3,0,0\rP4,1\nP5,0\r\n' "$IH"
run ipt-score c9.csv
want_rc 1
want_err "ipt-score: c9.csv:4: record 3: expected 3 fields, got 2
ipt-score: c9.csv:5: record 4: expected 3 fields, got 2
$(sum 4 2 2 0)"
want_out "$OH
$P1
$P3"

t C10_nul_in_field
mk c10.csv '%s\nP1,1,2\nP2,1\0002,2\nP3,0,0\n' "$IH"
run ipt-score --rejects r10.jsonl c10.csv
want_rc 1
want_err "ipt-score: c10.csv:3: record 2: NUL byte in field 'gad2_1'
$(sum 3 2 1 0)"
want_out "$OH
$P1
$P3"
want_file r10.jsonl '{"file":"c10.csv","line":3,"record":2,"reason":"NUL byte in field '"'gad2_1'"'","raw_base64":"UDIsMQAyLDI="}'

t C10_nul_in_header
mk c10h.csv 'id,gad2_1,gad2_\0002\nP1,1,2\n'
run ipt-score c10h.csv
want_rc 65
want_err "ipt-score: c10h.csv:1: NUL byte in header
$(sum 0 0 0 0)"
want_no_out

t C11_invalid_utf8_in_field
mk c11.csv '%s\nP1,1,2\nP\377,1,2\nP3,0,0\n' "$IH"
run ipt-score -o json c11.csv
want_rc 1
want_err "ipt-score: c11.csv:3: record 2: invalid UTF-8 in field 'id'
$(sum 3 2 1 0)"
want_out "[
$JP1,
$JP3
]"
want_json

t C11_invalid_utf8_in_header
mk c11h.csv 'id\377,gad2_1,gad2_2\nP1,1,2\n'
run ipt-score c11h.csv
want_rc 65
want_err "ipt-score: c11h.csv:1: invalid UTF-8 in header
$(sum 0 0 0 0)"
want_no_out

# Encoded surrogate U+D800, overlong '/', U+110000, and a truncated
# sequence; valid multi-byte text (e-acute, U+10FFFF) is accepted.
t C12_surrogate_overlong_out_of_range
mk c12.csv '%s\nP1,1,2\nP\355\240\200,1,2\nP,\300\257,2\nP\364\220\200\200,1,2\nP,1,\303\nP\303\251\364\217\277\277,0,0\n' "$IH"
run ipt-score c12.csv
want_rc 1
want_err "ipt-score: c12.csv:3: record 2: invalid UTF-8 in field 'id'
ipt-score: c12.csv:4: record 3: invalid UTF-8 in field 'gad2_1'
ipt-score: c12.csv:5: record 4: invalid UTF-8 in field 'id'
ipt-score: c12.csv:6: record 5: invalid UTF-8 in field 'gad2_2'
$(sum 6 2 4 0)"
printf '%s\n%s\nP\303\251\364\217\277\277,0,0,0,negative,complete\n' \
    "$OH" "$P1" >c12.want
want_out_file c12.want

# "a field longer than 1 MiB (1,048,576 bytes as read; exactly 1 MiB is
# accepted)" - io.md section 3.
t C13_field_exactly_1mib_accepted
{ printf '%s\n' "$IH"; x 1048576; printf ',1,2\nP3,0,0\n'; } >c13a.csv
{ printf '%s\n' "$OH"; x 1048576; printf ',1,2,3,positive,complete\n%s\n' "$P3"; } >c13a.want
run ipt-score c13a.csv
want_rc 0
want_no_err
want_out_big c13a.want

t C13_field_over_1mib_fatal
{ printf '%s\nP1,1,2\n' "$IH"; x 1048577; printf ',1,2\nP3,0,0\n'; } >c13b.csv
run ipt-score c13b.csv
want_rc 65
want_err "ipt-score: c13b.csv:3:1048577: field longer than 1048576 bytes
$(sum 1 1 0 0)"
want_out "$OH
$P1"

t C14_4097_columns_in_header
awk 'BEGIN { printf "id"; for (i = 2; i <= 4097; i++) printf ",c%d", i
	printf "\n1"; for (i = 2; i <= 4097; i++) printf ",1"; printf "\n" }' >c14.csv
run ipt-score c14.csv
want_rc 65
want_err "ipt-score: c14.csv:1: more than 4096 columns in header
$(sum 0 0 0 0)"
want_no_out

t C14_4096_columns_accepted
awk 'BEGIN { printf "gad2_1"; for (i = 2; i <= 4096; i++) printf ",c%d", i
	printf "\n1"; for (i = 2; i <= 4096; i++) printf ",%d", i; printf "\n" }' >c14b.csv
run ipt-score c14b.csv
want_rc 0
want_no_err
n=$(awk -F, 'NR == 2 { print NF }' "$T/out")
if [ "$n" = 4099 ]; then ok; else bad "record has $n fields, want 4099"; fi

t C14_10000_fields_in_a_row
{ printf '%s\nP1,1,2\n' "$IH"
  awk 'BEGIN { for (i = 1; i < 10000; i++) printf "%d,", i; print "x" }'
  printf 'P3,0,0\n'; } >c14c.csv
run ipt-score c14c.csv
want_rc 1
want_err "ipt-score: c14c.csv:3: record 2: expected 3 fields, got 10000
$(sum 3 2 1 0)"
want_out "$OH
$P1
$P3"

t C15_duplicate_header_name
mk c15.csv 'id,gad2_1,gad2_1\nP1,1,2\n'
run ipt-score c15.csv
want_rc 65
want_err "ipt-score: c15.csv:1: duplicate column 'gad2_1' in header
$(sum 0 0 0 0)"
want_no_out

t C16_empty_header_name
mk c16.csv '\n\nid,,gad2_1\nP1,x,1\n'
run ipt-score c16.csv
want_rc 65
want_err "ipt-score: c16.csv:3: empty column name in header
$(sum 0 0 0 0)"
want_no_out

t C17_header_only
mk c17.csv '%s\n' "$IH"
run ipt-score c17.csv
want_rc 0
want_no_err
want_out "$OH"

t C17_header_only_json
run ipt-score -o json c17.csv
want_rc 0
want_no_err
want_out "[]"
want_json

t C18_empty_input_file
: >c18.csv
run ipt-score c18.csv
want_rc 65
want_err "ipt-score: c18.csv: no header
$(sum 0 0 0 0)"
want_no_out

t C18_empty_stdin_blank_lines_only
mk c18b.csv '\n\r\n\r'
run ipt-score <c18b.csv
want_rc 65
want_err "ipt-score: <stdin>: no header
$(sum 0 0 0 0)"
want_no_out

# No required columns in the record layer; ipt-score with no item
# columns passes records through and says so once (io.md section 8).
t C19_no_item_columns
mk c19.csv 'id,score\nP1, 3 \nP2,=1\n'
run ipt-score c19.csv
want_rc 0
want_err "ipt-score: no instrument items found; records passed through unchanged"
want_out 'id,score
P1," 3 "
P2,=1'

t C20_blank_lines_keep_physical_lines
mk c20.csv '\n%s\nP1,1,2\n\n\nP2,3\n\r\nP4,0\nP3,0,0' "$IH"
run ipt-score c20.csv
want_rc 1
want_err "ipt-score: c20.csv:6: record 2: expected 3 fields, got 2
ipt-score: c20.csv:8: record 3: expected 3 fields, got 2
$(sum 4 2 2 0)"
want_out "$OH
$P1
$P3"

# "A line of spaces is a record" (io.md section 3): one field, rejected.
t C20_line_of_spaces_is_a_record
mk c20b.csv '%s\nP1,1,2\n   \n\t\nP3,0,0\n' "$IH"
run ipt-score c20b.csv
want_rc 1
want_err "ipt-score: c20b.csv:3: record 2: expected 3 fields, got 1
ipt-score: c20b.csv:4: record 3: expected 3 fields, got 1
$(sum 4 2 2 0)"
want_out "$OH
$P1
$P3"

# 1e400 in an item: the record maps to fields, the value is flagged; in
# JSON output the text is not a finite number, so it stays a string.
t C21_1e400_in_item
mk c21.csv '%s\nP1,1e400,2\n' "$IH"
run ipt-score -o jsonl c21.csv
want_rc 1
want_err "ipt-score: c21.csv:2: record 1: field 'gad2_1': '1e400' is not an integer
$(sum 1 1 0 1)"
want_out '{"id":"P1","gad2_1":"1e400","gad2_2":2,"gad2_total":null,"gad2_band":null,"gad2_status":"invalid"}'

t C22_minus_zero_is_zero
mk c22.csv '%s\nP1,-0,3\n' "$IH"
run ipt-score c22.csv
want_rc 0
want_no_err
want_out "$OH
P1,-0,3,3,positive,complete"

t C23_nan_inf
mk c23.csv '%s\nP1,NaN,1\nP2,inf,1\nP3,0,Infinity\nP4,nan,1\n' "$IH"
run ipt-score c23.csv
want_rc 1
want_err "ipt-score: c23.csv:2: record 1: field 'gad2_1': 'NaN' is not an integer
ipt-score: c23.csv:3: record 2: field 'gad2_1': 'inf' is not an integer
ipt-score: c23.csv:4: record 3: field 'gad2_2': 'Infinity' is not an integer
ipt-score: c23.csv:5: record 4: field 'gad2_1': 'nan' is not an integer
$(sum 4 4 0 4)"
want_out "$OH
P1,NaN,1,,,invalid
P2,inf,1,,,invalid
P3,0,Infinity,,,invalid
P4,nan,1,,,invalid"

# Trimmed when parsed (valid 3), kept byte for byte in the output (and so
# quoted there: it starts with a space or a tab).
t C24_padded_item
mk c24.csv '%s\nP1, 3 ," 3 "\nP2,"\t0",0\t\n' "$IH"
run ipt-score c24.csv
want_rc 0
want_no_err
printf '%s\nP1," 3 "," 3 ",6,positive,complete\nP2,"\t0","0\t",0,negative,complete\n' "$OH" >c24.want
want_out_file c24.want

t C24_padded_item_json_keeps_text
run ipt-score -o jsonl c24.csv
want_rc 0
want_no_err
want_out '{"id":"P1","gad2_1":" 3 ","gad2_2":" 3 ","gad2_total":6,"gad2_band":"positive","gad2_status":"complete"}
{"id":"P2","gad2_1":"\t0","gad2_2":"0\t","gad2_total":0,"gad2_band":"negative","gad2_status":"complete"}'

t C25_decimal_item
mk c25.csv '%s\nP1,3.0,1\nP2,2.5,1\n' "$IH"
run ipt-score c25.csv
want_rc 1
want_err "ipt-score: c25.csv:2: record 1: field 'gad2_1': '3.0' is not an integer
ipt-score: c25.csv:3: record 2: field 'gad2_1': '2.5' is not an integer
$(sum 2 2 0 2)"
want_out "$OH
P1,3.0,1,,,invalid
P2,2.5,1,,,invalid"

# Leading zeros are allowed in text integers (io.md section 6); signs,
# hex, exponents and non-ASCII digits are not.
t C26_integer_forms
mk c26.csv '%s\nP1,03,00\nP2,+3,0\nP3,0x3,0\nP4,3e0,0\nP5,\331\243,0\n' "$IH"
run ipt-score c26.csv
want_rc 1
want_err "ipt-score: c26.csv:3: record 2: field 'gad2_1': '+3' is not an integer
ipt-score: c26.csv:4: record 3: field 'gad2_1': '0x3' is not an integer
ipt-score: c26.csv:5: record 4: field 'gad2_1': '3e0' is not an integer
ipt-score: c26.csv:6: record 5: field 'gad2_1': '$(printf '\331\243')' is not an integer
$(sum 5 5 0 4)"
want_out "$OH
P1,03,00,3,positive,complete
P2,+3,0,,,invalid
P3,0x3,0,,,invalid
P4,3e0,0,,,invalid
P5,$(printf '\331\243'),0,,,invalid"

t C27_out_of_range_flagged
mk c27.csv '%s\nP1,4,-1\nP3,0,0\n' "$IH"
run ipt-score c27.csv
want_rc 1
want_err "ipt-score: c27.csv:2: record 1: field 'gad2_1': '4' is outside 0..3
ipt-score: c27.csv:2: record 1: field 'gad2_2': '-1' is outside 0..3
$(sum 2 2 0 1)"
want_out "$OH
P1,4,-1,,,invalid
$P3"

# Empty unquoted and "" are both missing; GAD-2 allows none missing, so
# the total is insufficient - not a flag, so exit 0 and no summary.
t C28_empty_item_is_missing
mk c28.csv '%s\nP1,1,\nP2,"",2\nP3,,""\n' "$IH"
run ipt-score -o jsonl c28.csv
want_rc 0
want_no_err
want_out '{"id":"P1","gad2_1":1,"gad2_2":null,"gad2_total":null,"gad2_band":null,"gad2_status":"insufficient"}
{"id":"P2","gad2_1":null,"gad2_2":2,"gad2_total":null,"gad2_band":null,"gad2_status":"insufficient"}
{"id":"P3","gad2_1":null,"gad2_2":null,"gad2_total":null,"gad2_band":null,"gad2_status":"absent"}'

# Quoted line breaks: line numbers are physical (CRLF inside quotes is
# one line), record numbers count records; the value is kept byte for byte.
t C29_quoted_newline_line_vs_record
mk c29.csv '%s\n"P\n1",1,2\n"P\r\n2",1\n"P\r3",0,0\nP4,1\n' "$IH"
run ipt-score c29.csv
want_rc 1
want_err "ipt-score: c29.csv:4: record 2: expected 3 fields, got 2
ipt-score: c29.csv:8: record 4: expected 3 fields, got 2
$(sum 4 2 2 0)"
printf '%s\n"P\n1",1,2,3,positive,complete\n"P\r3",0,0,0,negative,complete\n' \
    "$OH" >c29.want
want_out_file c29.want

# A quote opened and never closed, 3 MiB to end of input: stops at the
# field cap (not at end of input, not out of memory).
t C30_runaway_quote
{ printf '%s\nP1,1,2\nP2,"' "$IH"; x 3145728; } >c30.csv
run ipt-score -o json c30.csv
want_rc 65
want_err "ipt-score: c30.csv:3:1048581: field longer than 1048576 bytes
$(sum 1 1 0 0)"
want_out "[
$JP1
]"
want_json

t C30_runaway_quote_many_lines
{ printf '%s\nP1,1,2\nP2,"' "$IH"
  awk 'BEGIN { for (i = 0; i < 100000; i++) print "abcdefghijklmnopqrstuvwxyz" }'
} >c30b.csv
run ipt-score c30b.csv
want_rc 65
want_err "ipt-score: c30b.csv:38839:5: field longer than 1048576 bytes
$(sum 1 1 0 0)"
want_out "$OH
$P1"

t C30_no_terminator_3mib
{ printf '%s\nP1,1,2\n' "$IH"; x 3145728; } >c30c.csv
run ipt-score c30c.csv
want_rc 65
want_err "ipt-score: c30c.csv:3:1048577: field longer than 1048576 bytes
$(sum 1 1 0 0)"
want_out "$OH
$P1"

t C31_id_spaces_kept
mk c31.csv '%s\n" P001",1,2\nP001,1,2\n' "$IH"
run ipt-score c31.csv
want_rc 0
want_no_err
want_out "$OH
\" P001\",1,2,3,positive,complete
P001,1,2,3,positive,complete"

t C33_formula_text_as_is
mk c33.csv '%s\n"=HYPERLINK(""http://x"")",1,2\n=1+2,0,0\n' "$IH"
run ipt-score c33.csv
want_rc 0
want_no_err
want_out "$OH
\"=HYPERLINK(\"\"http://x\"\")\",1,2,3,positive,complete
=1+2,0,0,0,negative,complete"

t C35_semicolon_without_d
mk c35.csv 'id;gad2_1;gad2_2\nP1;1;2\n'
run ipt-score c35.csv
want_rc 0
want_err "ipt-score: no instrument items found; records passed through unchanged"
want_out 'id;gad2_1;gad2_2
P1;1;2'

t C35_semicolon_with_d
run ipt-score -d ';' c35.csv
want_rc 0
want_no_err
want_out 'id;gad2_1;gad2_2;gad2_total;gad2_band;gad2_status
P1;1;2;3;positive;complete'

t C35_tab_delimiter
mk c35t.csv 'id\tgad2_1\tgad2_2\nP1\t1\t2\nP2\t1,2\n'
run ipt-score -d tab c35t.csv
want_rc 1
want_err "ipt-score: c35t.csv:3: record 2: expected 3 fields, got 2
$(sum 2 1 1 0)"
printf 'id\tgad2_1\tgad2_2\tgad2_total\tgad2_band\tgad2_status\nP1\t1\t2\t3\tpositive\tcomplete\n' >c35t.want
want_out_file c35t.want

t C35_bad_delimiter_usage
run ipt-score -d '"' c35.csv
want_rc 64
want_err "ipt-score: invalid delimiter '\"': one ASCII byte other than '\"', CR or LF, or 'tab'
Try 'ipt-score --help'."
want_no_out

t C36_last_row_without_newline
mk c36.csv '%s\nP1,1,2\nP3,0,0' "$IH"
run ipt-score c36.csv
want_rc 0
want_no_err
want_out "$OH
$P1
$P3"

t C36_ragged_last_row_without_newline
mk c36b.csv '%s\nP1,1,2\nP2,0' "$IH"
run ipt-score c36b.csv
want_rc 1
want_err "ipt-score: c36b.csv:3: record 2: expected 3 fields, got 2
$(sum 2 1 1 0)"
want_out "$OH
$P1"

# A read error: standard input is a directory (read fails with EISDIR).
mkdir -p adir
t C37_read_error_stdin
run ipt-score <adir
want_rc 74
want_err "ipt-score: cannot read '<stdin>': Is a directory"
want_no_out

t C37_read_error_stdin_not_readable
: >wonly
run ipt-score 0>wonly
want_rc 74
want_err "ipt-score: cannot read '<stdin>': Bad file descriptor"
want_no_out

########################################################################
# Files, columns across files, rejects file, --strict, exit precedence

mk ok.csv '%s\nP1,1,2\n' "$IH"
mk rej.csv '%s\nP2,1\nP3,0,0\n' "$IH"

t F1_missing_file_continues
run ipt-score nope.csv ok.csv
want_rc 66
want_err "ipt-score: cannot open 'nope.csv': No such file or directory"
want_out "$OH
$P1"

t F2_directory_operand
run ipt-score ok.csv adir ok.csv
want_rc 66
want_err "ipt-score: cannot open 'adir': Is a directory"
want_out "$OH
$P1
$P1"

t F3_column_order_may_differ
mk reord.csv 'gad2_2,id,gad2_1\n0,P3,0\n'
run ipt-score ok.csv reord.csv
want_rc 0
want_no_err
want_out "$OH
$P1
$P3"

t F4_columns_differ_extra
mk diff1.csv 'id,gad2_1,gad2_2,x\nP3,0,0,1\n'
run ipt-score ok.csv diff1.csv
want_rc 65
want_err "ipt-score: diff1.csv: columns differ from the first file: 'x'
$(sum 1 1 0 0)"
want_out "$OH
$P1"

t F5_columns_differ_missing_json_closed
mk diff2.csv 'id,gad2_1\nP3,0\n'
run ipt-score -o json ok.csv diff2.csv
want_rc 65
want_err "ipt-score: diff2.csv: columns differ from the first file: 'gad2_2'
$(sum 1 1 0 0)"
want_out "[
$JP1
]"
want_json

t F6_record_numbers_run_across_files
run ipt-score ok.csv rej.csv c4.csv
want_rc 1
want_err "ipt-score: rej.csv:2: record 2: expected 3 fields, got 2
ipt-score: c4.csv:3: record 5: expected 3 fields, got 2
$(sum 6 4 2 0)"
want_out "$OH
$P1
$P3
$P1
$P3"

t R1_rejects_file_lines
mk rr.csv '%s\nP1,1,2\nP2,1\nP\377,1,2\n"a\nb",\000,1\nP3,0,0\n' "$IH"
run ipt-score --rejects rr.jsonl rr.csv
want_rc 1
want_err "ipt-score: rr.csv:3: record 2: expected 3 fields, got 2
ipt-score: rr.csv:4: record 3: invalid UTF-8 in field 'id'
ipt-score: rr.csv:5: record 4: NUL byte in field 'gad2_1'
$(sum 5 2 3 0)"
want_out "$OH
$P1
$P3"
want_file rr.jsonl '{"file":"rr.csv","line":3,"record":2,"reason":"expected 3 fields, got 2","raw":"P2,1"}
{"file":"rr.csv","line":4,"record":3,"reason":"invalid UTF-8 in field '"'id'"'","raw_base64":"UP8sMSwy"}
{"file":"rr.csv","line":5,"record":4,"reason":"NUL byte in field '"'gad2_1'"'","raw_base64":"ImEKYiIsACwx"}'
if jq -e . rr.jsonl >/dev/null 2>&1; then ok; else bad "rr.jsonl is not JSON Lines" rr.jsonl; fi

t R2_rejects_stdin_name
run ipt-score --rejects r2.jsonl <rej.csv
want_rc 1
want_err "ipt-score: <stdin>:2: record 1: expected 3 fields, got 2
$(sum 2 1 1 0)"
want_out "$OH
$P3"
want_file r2.jsonl '{"file":"<stdin>","line":2,"record":1,"reason":"expected 3 fields, got 2","raw":"P2,1"}'

t R3_rejects_file_created_empty
rm -f r3.jsonl
run ipt-score --rejects r3.jsonl ok.csv
want_rc 0
want_no_err
want_out "$OH
$P1"
want_empty r3.jsonl

t R4_rejects_uncreatable_73_before_reading
run ipt-score --rejects /nonexistent/dir/r.jsonl rej.csv nope.csv
want_rc 73
want_err "ipt-score: cannot create '/nonexistent/dir/r.jsonl': No such file or directory"
want_no_out

t S1_strict_first_reject_fatal
rm -f s1.jsonl
run ipt-score --strict --rejects s1.jsonl rr.csv
want_rc 65
want_err "ipt-score: rr.csv:3: record 2: expected 3 fields, got 2
$(sum 2 1 1 0)"
want_out "$OH
$P1"
want_file s1.jsonl '{"file":"rr.csv","line":3,"record":2,"reason":"expected 3 fields, got 2","raw":"P2,1"}'

t S2_strict_json_closed
run ipt-score --strict -o json rr.csv
want_rc 65
want_err "ipt-score: rr.csv:3: record 2: expected 3 fields, got 2
$(sum 2 1 1 0)"
want_out "[
$JP1
]"
want_json

t S3_strict_flag_not_fatal
run ipt-score --strict c27.csv
want_rc 1
want_err "ipt-score: c27.csv:2: record 1: field 'gad2_1': '4' is outside 0..3
ipt-score: c27.csv:2: record 1: field 'gad2_2': '-1' is outside 0..3
$(sum 2 2 0 1)"
want_out "$OH
P1,4,-1,,,invalid
$P3"

t X1_missing_file_and_reject_66
run ipt-score nope.csv rej.csv
want_rc 66
want_err "ipt-score: cannot open 'nope.csv': No such file or directory
ipt-score: rej.csv:2: record 1: expected 3 fields, got 2
$(sum 2 1 1 0)"
want_out "$OH
$P3"

t X2_missing_file_and_fatal_65
run ipt-score ok.csv nope.csv c1.csv
want_rc 65
want_err "ipt-score: cannot open 'nope.csv': No such file or directory
ipt-score: c1.csv:3:4: unterminated quoted field
$(sum 2 2 0 0)"
want_out "$OH
$P1
$P1"

t X3_usage_before_rejects_73
run ipt-score -d ab --rejects /nonexistent/dir/r.jsonl ok.csv
want_rc 64
want_err "ipt-score: invalid delimiter 'ab': one ASCII byte other than '\"', CR or LF, or 'tab'
Try 'ipt-score --help'."
want_no_out

t X4_write_error_before_reject
"$IPT_BIN/ipt-score" rej.csv >/dev/full 2>"$T/err"
rc=$?
want_rc 74
want_err_has "No space left on device"

t W1_write_error_dev_full
"$IPT_BIN/ipt-score" ok.csv >/dev/full 2>"$T/err"
rc=$?
want_rc 74
want_err "ipt-score: write error: No space left on device"

t W2_write_error_dev_full_json
"$IPT_BIN/ipt-score" -o json ok.csv >/dev/full 2>"$T/err"
rc=$?
want_rc 74
want_err "ipt-score: write error: No space left on device"

awk 'BEGIN { print "id,gad2_1,gad2_2"; for (i = 0; i < 200000; i++) print "P" i ",1,2" }' >big.csv

t W3_sigpipe_default_quiet
(trap - PIPE; "$IPT_BIN/ipt-score" big.csv 2>"$T/err") | head -n 1 >"$T/out"
want_no_err
want_out "$OH"

t W4_sigpipe_ignored_74_no_message
(trap '' PIPE; "$IPT_BIN/ipt-score" big.csv 2>"$T/err"; echo $? >"$T/rc") |
    head -n 1 >"$T/out"
rc=$(cat "$T/rc")
want_rc 74
want_no_err
want_out "$OH"

t L1_locale_ignored
mk loc.jsonl '{"id":"P1","gad2_1":2.0,"gad2_2":1,"w":0.5,"v":1e-7,"u":12345678.25}\n'
run env LC_ALL=C ipt-score -o csv loc.jsonl
cp "$T/out" loc.c
run env LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 LC_NUMERIC=de_DE.UTF-8 ipt-score -o csv loc.jsonl
want_rc 0
want_no_err
want_out_file loc.c
want_out 'id,gad2_1,gad2_2,w,v,u,gad2_total,gad2_band,gad2_status
P1,2,1,0.5,1e-07,12345678.25,3,positive,complete'

t M1_warning_cap
awk 'BEGIN { print "id,gad2_1,gad2_2"; for (i = 1; i <= 25; i++) print "P" i ",1"; print "P3,0,0" }' >many.csv
run ipt-score many.csv
want_rc 1
awk 'BEGIN { for (i = 1; i <= 20; i++)
	printf "ipt-score: many.csv:%d: record %d: expected 3 fields, got 2\n", i + 1, i
	print "ipt-score: 5 more warnings not shown" }' >many.want
sum 26 1 25 0 >>many.want
echo >>many.want
if cmp -s many.want "$T/err"; then ok; else
	diff many.want "$T/err" >"$T/diff"; bad "stderr differs" "$T/diff"; fi
want_out "$OH
$P3"

t M2_quiet_keeps_summary
run ipt-score -q many.csv
want_rc 1
want_err "$(sum 26 1 25 0)"

########################################################################
# JSON Lines and JSON arrays

t J1_nesting_100000_rejected
python3 -c '
print("{\"id\":\"P1\",\"gad2_1\":1,\"gad2_2\":2}")
print("{\"a\":" * 100000 + "1" + "}" * 100000)
print("{\"id\":\"P3\",\"gad2_1\":0,\"gad2_2\":0}")' >j1.jsonl
run ipt-score j1.jsonl
want_rc 1
want_err "ipt-score: j1.jsonl:2: record 2: nesting deeper than 64 levels
$(sum 3 2 1 0)"
want_out "$JP1
$JP3"

# The record object is level 1: 64 levels pass, 65 (objects or arrays)
# do not.
t J1_nesting_64_levels_boundary
python3 -c '
def nest(n): return "{\"a\":" * (n - 1) + "{}" + "}" * (n - 1)
print("{\"id\":\"P1\",\"n\":" + nest(63) + "}")
print("{\"id\":\"P2\",\"n\":" + nest(64) + "}")
print("{\"id\":\"P3\",\"n\":" + "[" * 64 + "]" * 64 + "}")
print("{\"id\":\"P4\",\"n\":" + "[" * 63 + "]" * 63 + "}")' >j1b.jsonl
run ipt-score j1b.jsonl
want_rc 1
want_err "ipt-score: no instrument items found; records passed through unchanged
ipt-score: j1b.jsonl:2: record 2: nesting deeper than 64 levels
ipt-score: j1b.jsonl:3: record 3: nesting deeper than 64 levels
$(sum 4 2 2 0)"
python3 -c '
def nest(n): return "{\"a\":" * (n - 1) + "{}" + "}" * (n - 1)
print("{\"id\":\"P1\",\"n\":" + nest(63) + "}")
print("{\"id\":\"P4\",\"n\":" + "[" * 63 + "]" * 63 + "}")' >j1b.want
want_out_file j1b.want

t J1_nesting_in_array_element
python3 -c '
print("[{\"id\":\"P1\",\"gad2_1\":1,\"gad2_2\":2},")
print("[" * 100000 + "]" * 100000 + ",")
print("{\"id\":\"P3\",\"gad2_1\":0,\"gad2_2\":0}]")' >j1c.json
run ipt-score j1c.json
want_rc 1
want_err "ipt-score: j1c.json:2: record 2: nesting deeper than 64 levels
$(sum 3 2 1 0)"
want_out "[
$JP1,
$JP3
]"
want_json

t J2_top_level_scalars
mk j2.jsonl '%s\n3\n"x"\nnull\n[1]\ntrue\n%s\n' "$J1" "$J3"
run ipt-score j2.jsonl
want_rc 1
want_err "ipt-score: j2.jsonl:2: record 2: not a JSON object
ipt-score: j2.jsonl:3: record 3: not a JSON object
ipt-score: j2.jsonl:4: record 4: not a JSON object
ipt-score: j2.jsonl:5: record 5: not a JSON object
ipt-score: j2.jsonl:6: record 6: not a JSON object
$(sum 7 2 5 0)"
want_out "$JP1
$JP3"

t J2_first_line_scalar_with_i_jsonl
mk j2b.jsonl '3\n%s\n%s\n' "$J1" "$J3"
run ipt-score -i jsonl j2b.jsonl
want_rc 1
want_err "ipt-score: j2b.jsonl:1: record 1: not a JSON object
$(sum 3 2 1 0)"
want_out "$JP1
$JP3"

t J3_truncated_last_line
mk j3.jsonl '%s\n{"id":"P2","gad' "$J1"
run ipt-score --rejects j3r.jsonl j3.jsonl
want_rc 1
want_err "ipt-score: j3.jsonl:2: record 2: not valid JSON
$(sum 2 1 1 0)"
want_out "$JP1"
want_file j3r.jsonl '{"file":"j3.jsonl","line":2,"record":2,"reason":"not valid JSON","raw":"{\"id\":\"P2\",\"gad"}'

t J4_duplicate_keys_any_depth
mk j4.jsonl '%s\n{"id":"P2","gad2_1":1,"gad2_1":2}\n{"id":"P3","m":{"a":1,"a":2}}\n{"id":"P4","m":[{"b":1,"b":1}]}\n{"id":"P5","id":"P5"}\n%s\n' "$J1" "$J3"
run ipt-score j4.jsonl
want_rc 1
want_err "ipt-score: j4.jsonl:2: record 2: duplicate key 'gad2_1'
ipt-score: j4.jsonl:3: record 3: duplicate key 'a'
ipt-score: j4.jsonl:4: record 4: duplicate key 'b'
ipt-score: j4.jsonl:5: record 5: duplicate key 'id'
$(sum 6 2 4 0)"
want_out "$JP1
$JP3"

t J5_case_variant_keys_differ
mk j5.jsonl '{"id":"P1","ID":"p1","Id":"x","gad2_1":1,"gad2_2":2,"m":{"k":1,"K":2}}\n'
run ipt-score j5.jsonl
want_rc 0
want_no_err
want_out '{"id":"P1","ID":"p1","Id":"x","gad2_1":1,"gad2_2":2,"m":{"k":1,"K":2},"gad2_total":3,"gad2_band":"positive","gad2_status":"complete"}'

t J6_extra_key_passes_through
mk j6.jsonl '%s\n{"id":"P2","gad2_1":0,"gad2_2":0,"x":1}\n{"id":"P3"}\n' "$J1"
run ipt-score j6.jsonl
want_rc 0
want_no_err
want_out "$JP1"'
{"id":"P2","gad2_1":0,"gad2_2":0,"x":1,"gad2_total":0,"gad2_band":"negative","gad2_status":"complete"}
{"id":"P3","gad2_total":null,"gad2_band":null,"gad2_status":"absent"}'

t J6_key_not_in_csv_header
run ipt-score -o csv j6.jsonl
want_rc 1
want_err "ipt-score: j6.jsonl:2: record 2: key 'x' is not in the CSV header (use -o jsonl)
$(sum 3 2 1 0)"
want_out "$OH
$P1
P3,,,,,absent"

t J7_trailing_garbage
mk j7.jsonl '%s\n{"id":"P2"} x\n{"id":"P2"},\n%s\n' "$J1" "$J3"
run ipt-score j7.jsonl
want_rc 1
want_err "ipt-score: j7.jsonl:2: record 2: not valid JSON
ipt-score: j7.jsonl:3: record 3: not valid JSON
$(sum 4 2 2 0)"
want_out "$JP1
$JP3"

t J8_two_objects_on_a_line
mk j8.jsonl '%s\n{}{}\n{"id":"P2"} {"id":"P2"}\n%s\n{}\n' "$J1" "$J3"
run ipt-score j8.jsonl
want_rc 1
want_err "ipt-score: j8.jsonl:2: record 2: not valid JSON
ipt-score: j8.jsonl:3: record 3: not valid JSON
$(sum 5 3 2 0)"
want_out "$JP1
$JP3"'
{"gad2_total":null,"gad2_band":null,"gad2_status":"absent"}'

t J9_escaped_nul
mk j9.jsonl '%s\n{"id":"a\\u0000b"}\n{"id":"P2","m":{"k":["\\u0000"]}}\n{"id":"P2","\\u0000":1}\n%s\n' "$J1" "$J3"
run ipt-score j9.jsonl
want_rc 1
want_err "ipt-score: j9.jsonl:2: record 2: NUL character in a string
ipt-score: j9.jsonl:3: record 3: NUL character in a string
ipt-score: j9.jsonl:4: record 4: NUL character in a string
$(sum 5 2 3 0)"
want_out "$JP1
$JP3"

t J10_raw_nul
mk j10.jsonl '%s\n{"id":"a\000b"}\n%s\n' "$J1" "$J3"
run ipt-score --rejects j10r.jsonl j10.jsonl
want_rc 1
want_err "ipt-score: j10.jsonl:2: record 2: NUL byte
$(sum 3 2 1 0)"
want_out "$JP1
$JP3"
want_file j10r.jsonl '{"file":"j10.jsonl","line":2,"record":2,"reason":"NUL byte","raw_base64":"eyJpZCI6ImEAYiJ9"}'

t J11_invalid_utf8
mk j11.jsonl '%s\n{"id":"\377"}\n{"id":"P2","m":{"k":"\355\240\200"}}\n{"\300\257":1}\n%s\n' "$J1" "$J3"
run ipt-score j11.jsonl
want_rc 1
want_err "ipt-score: j11.jsonl:2: record 2: invalid UTF-8
ipt-score: j11.jsonl:3: record 3: invalid UTF-8
ipt-score: j11.jsonl:4: record 4: invalid UTF-8
$(sum 5 2 3 0)"
want_out "$JP1
$JP3"

t J12_lone_surrogate
mk j12.jsonl '%s\n{"id":"\\ud800"}\n{"id":"\\udc00x"}\n{"id":"\\ud83d\\ude00"}\n' "$J1"
run ipt-score j12.jsonl
want_rc 1
want_err "ipt-score: j12.jsonl:2: record 2: not valid JSON
ipt-score: j12.jsonl:3: record 3: not valid JSON
$(sum 4 2 2 0)"
want_out "$JP1"'
{"id":"'"$(printf '\360\237\230\200')"'","gad2_total":null,"gad2_band":null,"gad2_status":"absent"}'

t J13_number_outside_double_range
mk j13.jsonl '%s\n{"id":"P2","n":1e400}\n{"id":"P2","n":-1e400}\n{"id":"P2","m":[1e999]}\n%s\n' "$J1" "$J3"
run ipt-score j13.jsonl
want_rc 1
want_err "ipt-score: j13.jsonl:2: record 2: number outside the double range
ipt-score: j13.jsonl:3: record 3: number outside the double range
ipt-score: j13.jsonl:4: record 4: number outside the double range
$(sum 5 2 3 0)"
want_out "$JP1
$JP3"

# Underflow is inside the double range: it reads as 0 (no crash).
t J14_underflow_reads_as_zero
mk j14.jsonl '{"id":"P1","gad2_1":1e-400,"gad2_2":1,"n":-1e-400}\n'
run ipt-score j14.jsonl
want_rc 0
want_no_err
want_out '{"id":"P1","gad2_1":0,"gad2_2":1,"n":0,"gad2_total":1,"gad2_band":"negative","gad2_status":"complete"}'

t J15_integral_numbers
mk j15.jsonl '{"id":"P1","gad2_1":3.0,"gad2_2":3e0}\n{"id":"P2","gad2_1":-0,"gad2_2":2.5}\n'
run ipt-score j15.jsonl
want_rc 1
want_err "ipt-score: j15.jsonl:2: record 2: field 'gad2_2': '2.5' is not an integer
$(sum 2 2 0 1)"
want_out '{"id":"P1","gad2_1":3,"gad2_2":3,"gad2_total":6,"gad2_band":"positive","gad2_status":"complete"}
{"id":"P2","gad2_1":0,"gad2_2":2.5,"gad2_total":null,"gad2_band":null,"gad2_status":"invalid"}'

t J16_number_as_string
mk j16.jsonl '{"id":"P1","gad2_1":"3","gad2_2":" 2\\t"}\n{"id":"P2","gad2_1":"3.0","gad2_2":"1"}\n'
run ipt-score j16.jsonl
want_rc 1
want_err "ipt-score: j16.jsonl:2: record 2: field 'gad2_1': '3.0' is not an integer
$(sum 2 2 0 1)"
want_out '{"id":"P1","gad2_1":"3","gad2_2":" 2\t","gad2_total":5,"gad2_band":"positive","gad2_status":"complete"}
{"id":"P2","gad2_1":"3.0","gad2_2":"1","gad2_total":null,"gad2_band":null,"gad2_status":"invalid"}'

t J17_boolean_item
mk j17.jsonl '{"id":"P1","gad2_1":true,"gad2_2":1}\n'
run ipt-score j17.jsonl
want_rc 1
want_err "ipt-score: j17.jsonl:1: record 1: field 'gad2_1': 'true' is not an integer
$(sum 1 1 0 1)"
want_out '{"id":"P1","gad2_1":true,"gad2_2":1,"gad2_total":null,"gad2_band":null,"gad2_status":"invalid"}'

t J18_null_item_is_missing
mk j18.jsonl '{"id":"P1","gad2_1":null,"gad2_2":1}\n{"id":"P2","gad2_1":null,"gad2_2":null}\n'
run ipt-score j18.jsonl
want_rc 0
want_no_err
want_out '{"id":"P1","gad2_1":null,"gad2_2":1,"gad2_total":null,"gad2_band":null,"gad2_status":"insufficient"}
{"id":"P2","gad2_1":null,"gad2_2":null,"gad2_total":null,"gad2_band":null,"gad2_status":"absent"}'

t J19_100_digit_number
mk j19.jsonl '{"id":"P1","gad2_1":1%s,"gad2_2":1}\n{"id":"P2","n":1%s}\n' \
    "$(x 99 | tr x 0)" "$(x 99 | tr x 0)"
run ipt-score j19.jsonl
want_rc 1
want_err_has "ipt-score: j19.jsonl:1: record 1: field 'gad2_1': '"
want_err_has "$(sum 2 2 0 1)"
want_out '{"id":"P1","gad2_1":1e+99,"gad2_2":1,"gad2_total":null,"gad2_band":null,"gad2_status":"invalid"}
{"id":"P2","n":1e+99,"gad2_total":null,"gad2_band":null,"gad2_status":"absent"}'

# "A line longer than 1 MiB (terminator excluded) rejects that record."
python3 -c '
pre = "{\"id\":\"P2\",\"s\":\""; post = "\"}"
n = 1048576 - len(pre) - len(post)
open("j20a.jsonl", "w").write(pre + "x" * n + post + "\r\n" + pre + "x" * n + post)
open("j20b.jsonl", "w").write("{\"id\":\"P1\",\"gad2_1\":1,\"gad2_2\":2}\n" +
    pre + "x" * (n + 1) + post + "\n{\"id\":\"P3\",\"gad2_1\":0,\"gad2_2\":0}\n")'

t J20_line_exactly_1mib_accepted
run ipt-score -q --stats j20a.jsonl
want_rc 0
want_err "ipt-score: no instrument items found; records passed through unchanged
$(sum 2 2 0 0)"

t J20_line_over_1mib_rejected
run ipt-score j20b.jsonl
want_rc 1
want_err "ipt-score: j20b.jsonl:2: record 2: line longer than 1048576 bytes
$(sum 3 2 1 0)"
want_out "$JP1
$JP3"

python3 -c '
def obj(n): return "{" + ",".join("\"k%d\":1" % i for i in range(n)) + "}"
open("j21.jsonl", "w").write("{\"id\":\"P1\",\"gad2_1\":1,\"gad2_2\":2}\n" +
    obj(10000) + "\n" + obj(4096) + "\n" + obj(4097) + "\n")'

t J21_10000_keys
run ipt-score -o csv j21.jsonl
want_rc 1
want_err "ipt-score: j21.jsonl:2: record 2: more than 4096 keys
ipt-score: j21.jsonl:3: record 3: key 'k0' is not in the CSV header (use -o jsonl)
ipt-score: j21.jsonl:4: record 4: more than 4096 keys
$(sum 4 1 3 0)"
want_out "$OH
$P1"

t J21_4096_keys_accepted
run ipt-score -q --stats j21.jsonl
want_rc 1
want_err "$(sum 4 2 2 0)"
n=$(sed -n 2p "$T/out" | jq 'keys | length')
if [ "$n" = 4099 ]; then ok; else bad "record 3 has $n keys, want 4099"; fi

t J22_bom_first_line_only
mk j22.jsonl '\357\273\277%s\n\357\273\277{"id":"P2"}\n%s\n' "$J1" "$J3"
run ipt-score j22.jsonl
want_rc 1
want_err "ipt-score: j22.jsonl:2: record 2: not valid JSON
$(sum 3 2 1 0)"
want_out "$JP1
$JP3"

t J23_crlf
mk j23.jsonl '%s\r\n{"id":"P2","gad2_1":tru}\r\n%s' "$J1" "$J3"
run ipt-score --rejects j23r.jsonl j23.jsonl
want_rc 1
want_err "ipt-score: j23.jsonl:2: record 2: not valid JSON
$(sum 3 2 1 0)"
want_out "$JP1
$JP3"
want_file j23r.jsonl '{"file":"j23.jsonl","line":2,"record":2,"reason":"not valid JSON","raw":"{\"id\":\"P2\",\"gad2_1\":tru}"}'

t J24_blank_lines
mk j24.jsonl '\n  \n%s\n\n \t\r\n\r\n{"id":"P2",}\n\n%s\n\n' "$J1" "$J3"
run ipt-score j24.jsonl
want_rc 1
want_err "ipt-score: j24.jsonl:7: record 2: not valid JSON
$(sum 3 2 1 0)"
want_out "$JP1
$JP3"

t J25_comments
mk j25.jsonl '%s\n// comment\n{"id":"P2" /* c */}\n/* {"id":"P2"} */\n%s\n' "$J1" "$J3"
run ipt-score j25.jsonl
want_rc 1
want_err "ipt-score: j25.jsonl:2: record 2: not valid JSON
ipt-score: j25.jsonl:3: record 3: not valid JSON
ipt-score: j25.jsonl:4: record 4: not valid JSON
$(sum 5 2 3 0)"
want_out "$JP1
$JP3"

t J26_trailing_comma_in_object
mk j26.jsonl '%s\n{"id":"P2",}\n{"id":"P2","m":[1,]}\n%s\n' "$J1" "$J3"
run ipt-score j26.jsonl
want_rc 1
want_err "ipt-score: j26.jsonl:2: record 2: not valid JSON
ipt-score: j26.jsonl:3: record 3: not valid JSON
$(sum 4 2 2 0)"
want_out "$JP1
$JP3"

t J26_trailing_comma_in_array_fatal
mk j26.json '[\n%s,\n%s,\n]\n' "$J1" "$J3"
run ipt-score j26.json
want_rc 65
want_err "ipt-score: j26.json:4:1: trailing comma
$(sum 2 2 0 0)"
want_out "[
$JP1,
$JP3
]"
want_json

t J27_single_quotes_unquoted_keys
mk j27.jsonl "%s\n{'id':'P2'}\n{id:\"P2\"}\n%s\n" "$J1" "$J3"
run ipt-score j27.jsonl
want_rc 1
want_err "ipt-score: j27.jsonl:2: record 2: not valid JSON
ipt-score: j27.jsonl:3: record 3: not valid JSON
$(sum 4 2 2 0)"
want_out "$JP1
$JP3"

# 007 and -01 are not JSON numbers (RFC 8259): "A line that is not exactly
# one valid JSON object (a syntax error, ...) rejects that record".
t J28_leading_zeros
mk j28.jsonl '%s\n{"id":"P2","gad2_1":007,"gad2_2":1}\n{"id":"P2","gad2_1":01,"gad2_2":1}\n{"id":"P2","n":-01}\n%s\n' "$J1" "$J3"
run ipt-score j28.jsonl
want_rc 1
want_err "ipt-score: j28.jsonl:2: record 2: not valid JSON
ipt-score: j28.jsonl:3: record 3: not valid JSON
ipt-score: j28.jsonl:4: record 4: not valid JSON
$(sum 5 2 3 0)"
want_out "$JP1
$JP3"

python3 -c '
head = "{\"id\":\"P1\",\"gad2_1\":1,\"gad2_2\":2}\n"
long = "{\"id\":\"P2\",\"s\":\"" + "x" * 3000000
open("j29a.jsonl", "w").write(head + long + "\n{\"id\":\"P3\",\"gad2_1\":0,\"gad2_2\":0}\n")
open("j29b.jsonl", "w").write(head + long)'

t J29_overlong_line_resync
run ipt-score j29a.jsonl
want_rc 1
want_err "ipt-score: j29a.jsonl:2: record 2: line longer than 1048576 bytes
$(sum 3 2 1 0)"
want_out "$JP1
$JP3"

t J29_overlong_last_line_no_newline
run ipt-score -o json j29b.jsonl
want_rc 1
want_err "ipt-score: j29b.jsonl:2: record 2: line longer than 1048576 bytes
$(sum 2 1 1 0)"
want_out "[
$JP1
]"
want_json

t J30_array_bad_elements
mk j30.json '[\n%s,\n3,\n{"id":"P2","gad2_1":tru},\n  {"id":"P2",\n   "a":1,"a":2},\n%s\n]\n' "$J1" "$J3"
run ipt-score --rejects j30r.jsonl j30.json ok.csv
want_rc 1
want_err "ipt-score: j30.json:3: record 2: not a JSON object
ipt-score: j30.json:4: record 3: not valid JSON
ipt-score: j30.json:5: record 4: duplicate key 'a'
$(sum 6 3 3 0)"
want_out "[
$JP1,
$JP3,
$JP1
]"
want_json
want_file j30r.jsonl '{"file":"j30.json","line":3,"record":2,"reason":"not a JSON object","raw":"3"}
{"file":"j30.json","line":4,"record":3,"reason":"not valid JSON","raw":"{\"id\":\"P2\",\"gad2_1\":tru}"}
{"file":"j30.json","line":5,"record":4,"reason":"duplicate key '"'a'"'","raw":"{\"id\":\"P2\",\n   \"a\":1,\"a\":2}"}'

t J31_id_only
mk j31.jsonl '%s\n{"id":"P2"}\n{}\n' "$J1"
run ipt-score -o csv j31.jsonl
want_rc 0
want_no_err
want_out "$OH
$P1
P2,,,,,absent
,,,,,absent"

# JSON array framing: fatal, at the line where the element starts; what
# was written stays written and the output array is closed.

t A1_missing_comma
mk a1.json '[\n%s,\n{"id":"P2"} %s\n]\n' "$J1" "$J3"
run ipt-score a1.json
want_rc 65
want_err "ipt-score: a1.json:3:13: missing comma between elements
$(sum 2 2 0 0)"
want_out "[
$JP1,
"'{"id":"P2","gad2_total":null,"gad2_band":null,"gad2_status":"absent"}
]'
want_json

t A2_bracket_mismatch
mk a2.json '[\n%s,\n{"id":"P2",\n"m":[1}\n]\n' "$J1"
run ipt-score -o csv a2.json
want_rc 65
want_err "ipt-score: a2.json:3:1: bracket mismatch
$(sum 1 1 0 0)"
want_out "$OH
$P1"

t A3_element_over_1mib
python3 -c '
open("a3.json", "w").write("[\n{\"id\":\"P1\",\"gad2_1\":1,\"gad2_2\":2},\n  {\"id\":\"P2\",\n\"s\":\"" + "x" * 1048600 + "\"},\n{\"id\":\"P3\"}\n]\n")'
run ipt-score a3.json
want_rc 65
want_err "ipt-score: a3.json:3:3: element longer than 1048576 bytes
$(sum 1 1 0 0)"
want_out "[
$JP1
]"
want_json

t A4_end_of_input_before_bracket
mk a4.json '[\n%s,\n%s\n' "$J1" "$J3"
run ipt-score a4.json
want_rc 65
want_err "ipt-score: a4.json:4:1: unexpected end of input before ']'
$(sum 2 2 0 0)"
want_out "[
$JP1,
$JP3
]"
want_json

t A5_text_after_bracket
mk a5.json '[\n%s\n] x\n' "$J1"
run ipt-score a5.json
want_rc 65
want_err "ipt-score: a5.json:3:3: text after ']'
$(sum 1 1 0 0)"
want_out "[
$JP1
]"
want_json

t A6_second_array_after_bracket
mk a6.json '[%s]\n[%s]\n' "$J1" "$J3"
run ipt-score a6.json
want_rc 65
want_err "ipt-score: a6.json:2:1: text after ']'
$(sum 1 1 0 0)"
want_out "[
$JP1
]"
want_json

# "an empty file read as JSON or JSON Lines is an empty stream (exit 0;
# JSON output [] ; CSV output nothing at all)" - io.md section 2.
: >empty
t E1_empty_file_as_json
run ipt-score -i json empty
want_rc 0
want_no_err
want_out "[]"

t E2_empty_file_as_json_to_csv
run ipt-score -i json -o csv empty
want_rc 0
want_no_err
want_no_out

t E3_empty_file_as_jsonl
run ipt-score -i jsonl -o json empty
want_rc 0
want_no_err
want_out "[]"

# 2026-11-25: cJSON accepts unescaped control characters inside strings
# and the number forms 007 and 1.; RFC 8259 forbids all three.
t J_raw_tab_in_string
mk jtab.jsonl '{"id":"P1","gad2_1":"a\tb"}\n{"id":"P2","gad2_1":1,"gad2_2":1}\n'
run ipt-score jtab.jsonl
want_rc 1
want_err "ipt-score: jtab.jsonl:1: record 1: not valid JSON
ipt-score: records in 2, out 1, rejected 1, flagged 0"
want_out '{"id":"P2","gad2_1":1,"gad2_2":1,"gad2_total":2,"gad2_band":"negative","gad2_status":"complete"}'

t J_point_without_digits
mk jdot.jsonl '{"id":"P1","gad2_1":1.}\n'
run ipt-score jdot.jsonl
want_rc 1
want_err_has "ipt-score: jdot.jsonl:1: record 1: not valid JSON"

t J_exponent_leading_zero_ok
mk jexp.jsonl '{"id":"P1","gad2_1":1e-00,"gad2_2":0}\n'
run ipt-score jexp.jsonl
want_rc 0
want_out '{"id":"P1","gad2_1":1,"gad2_2":0,"gad2_total":1,"gad2_band":"negative","gad2_status":"complete"}'

# 2026-11-25, found by fuzz_json (tests/fuzz/regress/01..03): cJSON takes
# control bytes as whitespace, accepts a bad \u escape by cutting the
# string, and reads -.5 as a number.  All three are not valid JSON.
t J_fuzz01_control_byte_whitespace
mk jf1.jsonl '{\001}\n'
run ipt-score jf1.jsonl
want_rc 1
want_err "ipt-score: jf1.jsonl:1: record 1: not valid JSON
ipt-score: records in 1, out 0, rejected 1, flagged 0"
want_no_out

t J_fuzz02_bad_u_escape
mk jf2.jsonl '{"d":"\\udm00"}\n'
run ipt-score jf2.jsonl
want_rc 1
want_err_has "ipt-score: jf2.jsonl:1: record 1: not valid JSON"

t J_fuzz03_minus_point
mk jf3.jsonl '{"a":-.5}\n'
run ipt-score jf3.jsonl
want_rc 1
want_err_has "ipt-score: jf3.jsonl:1: record 1: not valid JSON"

# 2026-11-25, found by fuzz_csv: a one-column record with an empty value
# was written as a blank line, which a reader skips, so running the tool
# on its own output lost the record.  It is written as "" now.
t CSV_lone_empty_value_round_trip
mk lone.csv 'a\n""\nx\n'
run ipt-score lone.csv
want_out 'a
""
x'
cp "$T/out" "$T/lone2.csv"
run ipt-score lone2.csv
want_out 'a
""
x'

finish bad
