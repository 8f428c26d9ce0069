"""Demo charts: runners with midportion Achilles tendinopathy who get better.

Each runner's evaluation on the Achilles/running template, the visits that followed and their
VISA-A and pain scores: a marathoner now due for re-evaluation, a triathlete and a footballer, all
three past the VISA-A MCID, and one signed note corrected by an addendum. Fictional people; see
services.demo_chart_parts for the shape. No Qt, no SQL.
"""

from __future__ import annotations

from .demo_chart_parts import (
    ACHILLES,
    INTACT_TENDON,
    NO_RED_FLAGS,
    DemoChart,
    Scores,
    Visit,
    nprs,
    pair,
    sided,
    visa_a,
)

_LUKASZ = DemoChart(
    last_name="Wiśniewski", title="Right Achilles midportion tendinopathy", side="right",
    template=ACHILLES, diagnosis="midportion_tendinopathy", evaluated_days_ago=40,
    slot="07:30",
    evaluation={
        "involved_side": "right", "morning_stiffness_min": 20,
        "history": "Came on gradually about five weeks ago in a marathon build, the month he "
                   "added a second speed session and a 32 km long run. Pain 3–4 cm above the "
                   "right heel, stiff for the first steps every morning. Two weeks off running "
                   "changed nothing; has tried calf stretching and a heel cup. No earlier "
                   "Achilles trouble.",
        "aggravating": "First steps in the morning, runs over 15 km, intervals, stairs the day "
                       "after a long run.",
        "easing": "Warming up (eases after the first 2 km), a day off running, ice.",
        "pain_rest": 2, "pain_run": 4, "pain_next_morning": 6,
        **NO_RED_FLAGS, "fluoroquinolone": False, "steroid_injection": False,
        "weekly_km": 55.0, "longest_run_km": 30.0, "runs_per_week": 5, "load_change_pct": 35,
        "surfaces": ["road", "track"], "hills": "some",
        "shoe_model": "Daily trainer; carbon-plated racer for sessions", "shoe_km": 640,
        "shoe_drop_mm": 8.0, "race_goals": "City marathon in 14 weeks, aiming under 3:30.",
        "cadence": 164, "foot_strike": "rearfoot", "overstride": True, "loud_landing": True,
        "pelvic_drop": "mild", "knee_valgus": "none", "trunk_lean": "upright",
        "heel_whip": "none", "arm_swing": "balanced",
        "gait_notes": "Treadmill at easy pace (5:20/km): heel lands well ahead of the hips with "
                      "the knee nearly straight, audible landing. A 5–7 % higher cadence tried "
                      "in clinic quietened the landing and felt easier on the tendon.",
        "knee_to_wall": pair(12.0, 9.5), "heel_raise": pair(28, 17),
        "hop_count": pair(40, 25), "hop_pain": pair(0, 4), "calf_girth": pair(38.5, 37.5),
        "heel_raise_surface": "flat",
        "palpation_location_cm": 4.0, "tenderness": "moderate", "thickening": True,
        **INTACT_TENDON,
        "arc_sign": sided(right="positive"), "royal_london": sided(right="positive"),
        "tendinopathy_site": "midportion", "irritability": "moderate",
        "assessment_text": "Right midportion Achilles tendinopathy after a quick rise in load "
                           "(about +35 % in a month, speed work and long runs together). Calf "
                           "endurance clearly down on the right (heel-raise LSI 61 %), less "
                           "dorsiflexion and painful hopping. Moderate irritability: next-"
                           "morning pain settles within a day. Overstriding at a low cadence "
                           "adds braking load.",
        "plan_summary": "Isometrics, then heavy slow calf resistance, with pain monitoring (up "
                        "to 5/10 during, settled by the next morning). Easy runs only, capped "
                        "at 35 km a week; no speed work or hills for now; cadence up 5–7 %. "
                        "Weekly review for six weeks, VISA-A every two to three weeks. Expect "
                        "about twelve weeks back to full training.",
    },
    visits=(
        Visit(7, "Morning stiffness down to about 15 minutes. Isometrics daily; four easy runs, "
                 "30 km in all, pain 3/10 while running and gone by the next morning.",
              "Single-leg heel raise (flat floor): R 19 / L 28 reps. Tender 4 cm above the "
              "insertion, moderate. Leg-press isometric holds 5 × 45 s at about 70 % effort, "
              "pain 2/10. Seated calf raise 3 × 15 at 20 kg.",
              "Tolerating isometrics and easy running; the tendon settles overnight. "
              "Irritability now low to moderate.",
              "Start heavy slow resistance every second day: standing calf raise on the Smith "
              "machine and seated calf raise, 3 × 15. Easy runs only, up to 35 km; cadence 172 "
              "with a metronome app. Review in one week."),
        Visit(14, "One bad morning (5/10) after a 16 km run on Sunday, better by lunchtime. "
                  "Otherwise stiffness about 10 minutes.",
              "Heel raise R 21 / L 28. Knee-to-wall R 10.5 cm / L 12.0 cm. Smith-machine calf "
              "raise 3 × 12 at 40 kg, seated 3 × 12 at 30 kg, pain 3/10. VISA-A 57 "
              "(baseline 48).",
              "Improving; the long run was too big a jump. Strength building on the right.",
              "Heavy slow resistance 3 × 10 every second day, adding load when the last reps "
              "feel easy. Easy running up to 40 km a week, long run capped at 14 km. Strides "
              "once a week if next-morning pain stays at 3/10 or less. Weekly review."),
        Visit(21, "Best week so far: 38 km and next-morning pain never above 2/10. Strides "
                  "felt fine.",
              "Heel raise R 24 / L 29. Smith-machine calf raise 3 × 10 at 50 kg, seated "
              "3 × 10 at 40 kg. 20 pain-free single-leg hops on the right, 2/10 afterwards.",
              "Good response to heavy slow resistance; nearly ready for energy-storage work."),
        Visit(28, "42 km this week including 6 × 1 min at 10 km pace on the track; 2/10 the "
                  "next morning. Stiffness under 5 minutes.",
              "Heel raise R 26 / L 29 (LSI 90 %). Knee-to-wall R 11.5 / L 12.0 cm. "
              "Smith-machine calf raise 3 × 8 at 60 kg. Pogo hops 3 × 20, pain 1/10. "
              "VISA-A 66.",
              "Clinically important improvement: VISA-A up 18 points since the evaluation. "
              "Calf endurance nearly symmetrical.",
              "Plyometrics twice a week (pogo hops, then skipping). One speed session a week "
              "with short reps. Long run back up to 18 km. Review in one week; re-evaluation "
              "due at the next visit."),
        Visit(35, "18 km long run with no reaction. Worried whether the marathon date is "
                  "still realistic.",
              "Heel raise R 27 / L 29. 35 single-leg hops on the right, pain 1/10. Heavy slow "
              "resistance 3 × 8 at 62.5 kg.",
              "On track for a graded return to marathon training; discussed a realistic "
              "target time."),
    ),
    scores=(
        Scores("nprs", 0, nprs(6)), Scores("visa-a", 0, visa_a(48)),
        Scores("nprs", 14, nprs(4)), Scores("visa-a", 14, visa_a(57)),
        Scores("nprs", 28, nprs(3)), Scores("visa-a", 28, visa_a(66)),
    ),
)

_JONAS = DemoChart(
    last_name="Müller", title="Left Achilles midportion tendinopathy", side="left",
    template=ACHILLES, diagnosis="midportion_tendinopathy", evaluated_days_ago=27,
    slot="07:00",
    evaluation={
        "involved_side": "left", "morning_stiffness_min": 15,
        "history": "Tight and sore mid-tendon on the left for almost three weeks, since adding "
                   "bike-to-run brick sessions and changing to a 4 mm drop shoe in the same "
                   "fortnight. Swims and cycles without pain. No earlier tendon problems.",
        "aggravating": "Running off the bike, the first 10 minutes of any run, the new "
                       "low-drop shoes.",
        "easing": "His old shoes, a long warm-up.",
        "pain_rest": 1, "pain_run": 4, "pain_next_morning": 5,
        **NO_RED_FLAGS, "fluoroquinolone": False, "steroid_injection": False,
        "weekly_km": 48.0, "longest_run_km": 21.0, "runs_per_week": 4, "load_change_pct": 40,
        "surfaces": ["road", "treadmill"], "hills": "none",
        "shoe_model": "New low-drop trainer (previous pair 10 mm)", "shoe_km": 150,
        "shoe_drop_mm": 4.0,
        "race_goals": "Half-Ironman in August: run the whole half marathon.",
        "cadence": 176, "foot_strike": "midfoot", "overstride": False, "loud_landing": False,
        "pelvic_drop": "mild", "knee_valgus": "none", "trunk_lean": "forward",
        "heel_whip": "none", "arm_swing": "crossing",
        "gait_notes": "Run straight off the bike trainer: for the first five minutes a stiff, "
                      "short push-off on the left and a forward trunk lean; smooths out after "
                      "about ten minutes.",
        "knee_to_wall": pair(10.0, 12.5), "heel_raise": pair(20, 31),
        "hop_count": pair(35, 50), "hop_pain": pair(3, 0), "calf_girth": pair(37.0, 37.5),
        "heel_raise_surface": "flat",
        "palpation_location_cm": 3.5, "tenderness": "mild", "thickening": True,
        **INTACT_TENDON,
        "arc_sign": sided(left="positive"), "royal_london": sided(left="positive"),
        "tendinopathy_site": "midportion", "irritability": "low",
        "assessment_text": "Left midportion Achilles tendinopathy from brick runs and a drop "
                           "from 10 mm to 4 mm shoes at the same time. Low irritability. "
                           "Heel-raise LSI 65 %, less ankle dorsiflexion on the left.",
        "plan_summary": "Back to the 10 mm shoes for now. Brick runs on hold for two weeks; "
                        "swimming and cycling unchanged. Heavy slow resistance three times a "
                        "week. Easy running up to 40 km with pain at 3/10 or less and settled "
                        "by the next morning. Review every one to two weeks.",
    },
    visits=(
        Visit(6, "Back in the old shoes; morning stiffness 10 minutes. Two strength sessions, "
                 "no flare.",
              "Heel raise L 22 / R 31. Smith-machine calf raise 3 × 15 at 30 kg, seated "
              "3 × 15 at 20 kg, pain 2/10.",
              "Responding well to load.",
              "Heavy slow resistance three times a week, more weight when 15 reps feel easy. "
              "Easy runs up to 40 km."),
        Visit(13, "No next-morning pain after a 15 km run. Keen to restart brick sessions.",
              "Heel raise L 25 / R 31. Knee-to-wall L 11.0 / R 12.5 cm. Smith-machine calf "
              "raise 3 × 12 at 45 kg. VISA-A 66 (baseline 58).",
              "Improving steadily.",
              "One short brick a week (30 min bike, 10 min run). Heavy slow resistance "
              "3 × 10, heavier."),
        Visit(20, "Short brick felt fine. Longest run 18 km.",
              "Heel raise L 28 / R 31. Single-leg hops L 45 / R 50, pain 1/10. Pogo hops "
              "3 × 20.",
              "Ready for plyometrics."),
        Visit(27, "Stiffness under five minutes. 45-minute brick at race effort with no "
                  "reaction.",
              "Heel raise L 30 / R 32 (LSI 94 %). Smith-machine calf raise 3 × 8 at 60 kg. "
              "VISA-A 75.",
              "Clinically important improvement (VISA-A +17). Calf capacity nearly "
              "symmetrical.",
              "Back to the full triathlon plan with one brick a week, building about 10 % a "
              "week. Keep heavy calf work twice a week through the season. Review in three "
              "weeks; discharge if stable."),
    ),
    scores=(
        Scores("nprs", 0, nprs(5)), Scores("visa-a", 0, visa_a(58)),
        Scores("nprs", 13, nprs(3)), Scores("visa-a", 13, visa_a(66)),
        Scores("nprs", 27, nprs(2)), Scores("visa-a", 27, visa_a(75)),
    ),
)

_RHYS = DemoChart(
    last_name="Llewellyn", title="Right Achilles midportion tendinopathy", side="right",
    template=ACHILLES, diagnosis="midportion_tendinopathy", evaluated_days_ago=26,
    slot="18:15",
    evaluation={
        "involved_side": "right", "morning_stiffness_min": 20,
        "history": "Two weeks of pain 2–4 cm above the right heel since adding weekly hill "
                   "repeats for a hilly half marathon. Also plays Sunday football on "
                   "artificial grass.",
        "aggravating": "Hill repeats, football on artificial grass, the first steps in the "
                       "morning.",
        "easing": "Flat easy runs once warm, rest.",
        "pain_rest": 1, "pain_run": 4, "pain_next_morning": 5,
        **NO_RED_FLAGS, "fluoroquinolone": False, "steroid_injection": False,
        "weekly_km": 45.0, "longest_run_km": 18.0, "runs_per_week": 4, "load_change_pct": 25,
        "surfaces": ["road", "grass"], "hills": "lots",
        "shoe_model": "Road trainer; football boots with artificial-grass studs",
        "shoe_km": 700, "shoe_drop_mm": 8.0,
        "race_goals": "The valley half marathon (hilly) in ten weeks.",
        "cadence": 168, "foot_strike": "rearfoot", "overstride": True, "loud_landing": False,
        "pelvic_drop": "mild", "knee_valgus": "none", "trunk_lean": "upright",
        "heel_whip": "medial", "arm_swing": "uneven",
        "gait_notes": "Treadmill at 6 % incline: early heel lift and a bouncy push-off on the "
                      "right. Medial heel whip on the right at easy pace.",
        "knee_to_wall": pair(12.5, 10.5), "heel_raise": pair(30, 21),
        "hop_count": pair(50, 35), "hop_pain": pair(0, 3), "calf_girth": pair(38.0, 37.5),
        "heel_raise_surface": "flat",
        "palpation_location_cm": 3.0, "tenderness": "moderate", "thickening": True,
        **INTACT_TENDON,
        "arc_sign": sided(right="positive"), "royal_london": sided(right="positive"),
        "tendinopathy_site": "midportion", "irritability": "moderate",
        "assessment_text": "Right midportion Achilles tendinopathy from hill repeats added on "
                           "top of football. Heel-raise LSI 70 %, hop LSI 70 %, less "
                           "dorsiflexion on the right.",
        "plan_summary": "Hill repeats and football on hold for three weeks; flat easy running "
                        "up to 35 km. Heavy slow resistance three times a week, then "
                        "plyometrics and a graded return to hills. Weekly review; VISA-A "
                        "every two weeks.",
    },
    visits=(
        Visit(5, "Flat runs only; stiffness 15 minutes. Missing football.",
              "Heel raise R 22 / L 30. Smith-machine calf raise 3 × 15 at 35 kg, seated "
              "3 × 15 at 25 kg, pain 2/10.",
              "Tolerating heavy slow resistance.",
              "Heavy slow resistance three times a week; flat easy runs up to 35 km; cadence "
              "up 5 % on easy runs."),
        Visit(12, "One sore morning (4/10) after a 16 km run; otherwise improving.",
              "Heel raise R 42 / L 31. Knee-to-wall R 11.0 / L 12.5 cm. Smith-machine calf "
              "raise 3 × 12 at 50 kg. VISA-A 64 (baseline 56).",
              "Improving; the long run was a little too long.",
              "Long run capped at 14 km for a week. Add weight to the calf raises.",
              addendum=("Correction of the right heel-raise count",
                        "The right single-leg heel raise count in this note should read 24 "
                        "reps, not 42 (digits swapped when typing). The left count of 31 is "
                        "correct.")),
        Visit(19, "No morning pain this week. Asking about football.",
              "Heel raise R 27 / L 31. Pogo hops 3 × 20, pain 1/10. Single-leg hops R 42 / "
              "L 50.",
              "Ready for plyometrics and gentle hills.",
              "Pogo hops and skipping twice a week. One session of 4 × 60 s gentle hill "
              "efforts. Football training only, no matches for two weeks."),
        Visit(26, "Hill efforts fine. Trained with the football team; felt it a little on the "
                  "artificial grass.",
              "Heel raise R 29 / L 31 (LSI 94 %). Single-leg hops R 47 / L 50, no pain. "
              "VISA-A 73.",
              "Clinically important improvement (VISA-A +17 since the evaluation)."),
    ),
    scores=(
        Scores("nprs", 0, nprs(5)), Scores("visa-a", 0, visa_a(56)),
        Scores("nprs", 12, nprs(3)), Scores("visa-a", 12, visa_a(64)),
        Scores("nprs", 26, nprs(2)), Scores("visa-a", 26, visa_a(73)),
    ),
)

MIDPORTION_CHARTS = (_LUKASZ, _JONAS, _RHYS)
