# ipt-score bench peer (jq, JSON Lines): PHQ-9 and GAD-7 totals and bands
# appended to every object.   jq -c -f score.jq FILE
(.phq9_1 + .phq9_2 + .phq9_3 + .phq9_4 + .phq9_5 + .phq9_6 + .phq9_7 + .phq9_8 + .phq9_9) as $p
| (.gad7_1 + .gad7_2 + .gad7_3 + .gad7_4 + .gad7_5 + .gad7_6 + .gad7_7) as $g
| .phq9_total = $p
| .phq9_band = (if $p < 5 then "minimal" elif $p < 10 then "mild" elif $p < 15 then "moderate" elif $p < 20 then "moderately_severe" else "severe" end)
| .gad7_total = $g
| .gad7_band = (if $g < 5 then "minimal" elif $g < 10 then "mild" elif $g < 15 then "moderate" else "severe" end)
