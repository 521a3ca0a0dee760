# ipt-score bench peer (mawk/gawk): PHQ-9 and GAD-7 totals and bands.
# Input: the bench CSV from gen.c (id,date,session,site,phq9_1..phq9_9,
# gad7_1..gad7_7; no quotes, no empty cells).  Every input column passes
# through; phq9_total,phq9_band,gad7_total,gad7_band are appended.
# Fields are addressed by position (the fastest form for awk, as in
# shared/reference/perf.md); the header is checked so a changed layout
# fails instead of scoring the wrong columns.
BEGIN { FS = OFS = "," }
NR == 1 {
    if ($5 != "phq9_1" || $13 != "phq9_9" || $14 != "gad7_1" || $20 != "gad7_7" || NF != 20) {
        print "score.awk: unexpected header: " $0 > "/dev/stderr"
        exit 2
    }
    print $0, "phq9_total", "phq9_band", "gad7_total", "gad7_band"
    next
}
{
    p = $5 + $6 + $7 + $8 + $9 + $10 + $11 + $12 + $13
    g = $14 + $15 + $16 + $17 + $18 + $19 + $20
    print $0, p, (p < 5 ? "minimal" : p < 10 ? "mild" : p < 15 ? "moderate" : p < 20 ? "moderately_severe" : "severe"), g, (g < 5 ? "minimal" : g < 10 ? "mild" : g < 15 ? "moderate" : "severe")
}
