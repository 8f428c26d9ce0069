"""Demo charts: midportion Achilles tendinopathy with something that makes it harder.

Tendons sore after ciprofloxacin (loaded gently, rupture signs explained), diabetes and a VISA-A
that plateaus (with one form scored on the wrong version of question 8 and marked in error), both
sides at once (no healthy side for a symmetry index), and a tennis player afraid of a second
rupture whose note for today is still a draft. Fictional people; see services.demo_chart_parts
for the shape. No Qt, no SQL.
"""

from __future__ import annotations

from .demo_chart_parts import (
    ACHILLES,
    INTACT_TENDON,
    NEGATIVE_BOTH,
    NO_RED_FLAGS,
    DemoChart,
    Scores,
    Visit,
    nprs,
    pair,
    sided,
    visa_a,
    wrong_branch,
)

_SIOBHAN = DemoChart(
    last_name="O'Brien", title="Both Achilles tendinopathy after ciprofloxacin", side="both",
    template=ACHILLES, diagnosis="midportion_tendinopathy", evaluated_days_ago=7,
    slot="12:15",
    evaluation={
        "involved_side": "both", "morning_stiffness_min": 25,
        "history": "Both Achilles became painful within days of finishing ciprofloxacin for a "
                   "kidney infection (course ended about three weeks ago). No injury, no pop. "
                   "Sore mid-tendon on both sides, the right a little worse; stiff on the "
                   "stairs at work. Stopped parkrun two weeks ago.",
        "aggravating": "Stairs, the first steps in the morning, walking fast to the bus.",
        "easing": "Warmth, gentle walking.",
        "pain_rest": 3,
        **NO_RED_FLAGS, "fluoroquinolone": True, "steroid_injection": False,
        "weekly_km": 0.0, "longest_run_km": 5.0, "runs_per_week": 0, "load_change_pct": -100,
        "surfaces": ["road", "grass"], "hills": "none",
        "race_goals": "Back to Saturday parkrun (5 km).",
        "gait_notes": "Running not assessed: not running since the tendons became sore, and "
                      "not to be tried until the loading programme allows. Walking normal "
                      "apart from short steps on the stairs.",
        "knee_to_wall": pair(11.0, 10.5), "heel_raise": pair(14, 12),
        "calf_girth": pair(36.0, 36.0), "heel_raise_surface": "flat",
        "palpation_location_cm": 5.0, "tenderness": "moderate", "thickening": False,
        **INTACT_TENDON,
        "arc_sign": NEGATIVE_BOTH,
        "royal_london": {"left": "positive", "right": "positive"},
        "tendinopathy_site": "midportion", "irritability": "high",
        "assessment_text": "Both Achilles tendons painful mid-tendon after a fluoroquinolone "
                           "course, with low heel-raise endurance on both sides (R 12, L 14 "
                           "reps). No sign of rupture. Highly irritable, and the rupture risk "
                           "stays raised for months after fluoroquinolones, so loading starts "
                           "low and builds slowly.",
        "plan_summary": "Explained the link with ciprofloxacin and the signs of rupture (pop, "
                        "sudden weakness, a gap): phone the same day if any appear. Letter to "
                        "Dr. Hart. Isometric calf holds only for two weeks, then a slow build "
                        "to heavy slow resistance. No running, jumping or sprinting yet; "
                        "walking and cycling allowed if pain stays at 3/10 or less. Review "
                        "twice a week at first.",
    },
    visits=(
        Visit(3, "Tendons a little less stiff; isometrics comfortable. Walked to work both "
                 "days.",
              "Wall-supported isometric heel-raise holds 5 × 30 s on each leg, pain 2/10. "
              "Tender mid-tendon both sides, moderate. No swelling, no gap.",
              "Tolerating isometric load without a flare.",
              "Isometrics twice a day. Add seated calf-raise holds with 5 kg. Cycling up to "
              "30 minutes on the flat."),
        Visit(6, "Small flare on the right after carrying shopping upstairs; settled by the "
                 "next morning.",
              "Double-leg heel raise 2 × 15 without pain; single-leg R 13 / L 15. Seated "
              "isometric holds 5 × 45 s at 10 kg.",
              "Left easing from high to moderate irritability; right still reactive."),
    ),
    scores=(Scores("nprs", 0, nprs(5)), Scores("visa-a", 0, visa_a(41))),
)

_PEGGY_DAY_13 = visa_a(53)
_PEGGY = DemoChart(
    last_name="Whitfield", title="Right Achilles midportion tendinopathy", side="right",
    template=ACHILLES, diagnosis="midportion_tendinopathy", evaluated_days_ago=28,
    slot="11:00",
    evaluation={
        "involved_side": "right", "morning_stiffness_min": 30,
        "history": "Six months of pain and swelling mid-tendon on the right, worst getting "
                   "up after sitting and on the first jog of the week. Physiotherapy elsewhere "
                   "(calf stretches, ultrasound) made little difference. Type 2 diabetes for "
                   "twelve years. No fluoroquinolones, no injections.",
        "aggravating": "Standing up after sitting, the first jog of the week, line dancing.",
        "easing": "Walking it off, an ankle support.",
        "pain_rest": 2, "pain_run": 5, "pain_next_morning": 5,
        **NO_RED_FLAGS, "fluoroquinolone": False, "steroid_injection": False,
        "weekly_km": 12.0, "longest_run_km": 5.0, "runs_per_week": 3, "load_change_pct": 0,
        "surfaces": ["grass", "road"], "hills": "none",
        "shoe_model": "Walking and running shoe", "shoe_km": 1100, "shoe_drop_mm": 12.0,
        "race_goals": "5 km charity run with her grandson in the spring.",
        "cadence": 150, "foot_strike": "rearfoot", "overstride": True, "loud_landing": False,
        "pelvic_drop": "mild", "knee_valgus": "mild", "trunk_lean": "forward",
        "heel_whip": "none", "arm_swing": "reduced",
        "gait_notes": "Jog-walk pace about 8:30/km: short stride and a flat push-off on the "
                      "right.",
        "knee_to_wall": pair(8.5, 7.0), "heel_raise": pair(15, 6),
        "calf_girth": pair(36.5, 37.5), "heel_raise_surface": "flat",
        "palpation_location_cm": 4.5, "tenderness": "moderate", "thickening": True,
        "nodules": True, "crepitus": False, "palpable_gap": False,
        "thompson": NEGATIVE_BOTH, "matles": NEGATIVE_BOTH,
        "arc_sign": sided(right="positive"), "royal_london": sided(right="negative"),
        "tendinopathy_site": "midportion", "irritability": "moderate",
        "assessment_text": "Long-standing right midportion Achilles tendinopathy with marked "
                           "thickening and a nodule; large calf endurance deficit (heel-raise "
                           "LSI 40 %). Hopping not tested. Diabetes is likely to slow the "
                           "tendon's response to loading: expect a longer course.",
        "plan_summary": "Calf loading from double- to single-leg heel raises three times a "
                        "week; pain up to 4/10 allowed if settled by the next morning. "
                        "Jog-walk group continues at the current level. Weekly review, VISA-A "
                        "every two weeks; talk to Dr. Hart and consider an ultrasound if "
                        "nothing has changed by week 8.",
    },
    visits=(
        Visit(6, "Heel raises at home most days. Morning stiffness unchanged, 30 minutes.",
              "Heel raise R 7 / L 15. Double-leg heel raise 3 × 15, pain 3/10. Tender "
              "mid-tendon, moderate; nodule unchanged.",
              "Tolerating loading; no change yet, as expected this early.",
              "Double-leg heel raises with the weight shifted onto the right; add seated calf "
              "raise with 5 kg. Jog-walk as usual."),
        Visit(13, "Line-dancing night flared it for two days.",
              "Heel raise R 8 / L 15. Seated calf raise 3 × 12 at 10 kg. VISA-A 53.",
              "Small change only; the dancing is a spike in load.",
              "Dance half the evening for now. Single-leg heel raises on the right with "
              "support, 3 × 8."),
        Visit(20, "Stiffness 25 minutes. Managed the whole jog-walk session twice.",
              "Heel raise R 9 / L 16. Single-leg heel raise 3 × 8 at body weight.",
              "Slow gains in capacity."),
        Visit(27, "No real change in the mornings; disappointed.",
              "Heel raise R 9 / L 16. VISA-A 52 (baseline 50).",
              "VISA-A has plateaued over four weeks despite good adherence; diabetes and the "
              "long history are likely factors.",
              "Talked it through with Peggy: keep loading, with heavier seated calf raises "
              "(3 × 10 at 20 kg). Letter to Dr. Hart about glucose control and an "
              "ultrasound. Re-evaluate at week 6."),
    ),
    scores=(
        Scores("nprs", 0, nprs(5)), Scores("visa-a", 0, visa_a(50)),
        Scores("nprs", 13, nprs(5)),
        Scores("visa-a", 13, wrong_branch(_PEGGY_DAY_13, "8A", 21),
               in_error="Question 8 answered as 8A (no pain during sport) but jogging still "
                        "hurts; scored again with 8B the same day."),
        Scores("visa-a", 13, _PEGGY_DAY_13),
        Scores("nprs", 27, nprs(4)), Scores("visa-a", 27, visa_a(52)),
    ),
)

_KENJI = DemoChart(
    last_name="Watanabe", title="Both Achilles midportion tendinopathy", side="both",
    template=ACHILLES, diagnosis="midportion_tendinopathy", evaluated_days_ago=21,
    slot="18:00",
    evaluation={
        "involved_side": "both", "morning_stiffness_min": 15,
        "history": "Ten weeks of morning stiffness in both Achilles, the left worse, since "
                   "moving from road running to track sessions in spikes for a masters "
                   "5000 m. Ten days off in the autumn changed nothing.",
        "aggravating": "Spikes, the bends on the track, the first steps in the morning.",
        "easing": "Road shoes, a long warm-up.",
        "pain_rest": 1, "pain_run": 4, "pain_next_morning": 4,
        **NO_RED_FLAGS, "fluoroquinolone": False, "steroid_injection": False,
        "weekly_km": 60.0, "longest_run_km": 20.0, "runs_per_week": 6, "load_change_pct": 15,
        "surfaces": ["track", "road"], "hills": "none",
        "shoe_model": "Track spikes twice a week; road trainer", "shoe_km": 300,
        "shoe_drop_mm": 8.0, "race_goals": "Masters 5000 m championship in the summer.",
        "cadence": 182, "foot_strike": "forefoot", "overstride": False, "loud_landing": False,
        "pelvic_drop": "none", "knee_valgus": "none", "trunk_lean": "upright",
        "heel_whip": "none", "arm_swing": "balanced",
        "gait_notes": "In spikes on the treadmill at 4:00/km: forefoot strike with a marked "
                      "heel drop after contact, more on the left.",
        "knee_to_wall": pair(9.5, 10.5), "heel_raise": pair(22, 27),
        "hop_count": pair(40, 48), "hop_pain": pair(3, 2), "heel_raise_surface": "flat",
        "palpation_location_cm": 4.0, "tenderness": "mild", "thickening": True,
        **INTACT_TENDON,
        "arc_sign": {"left": "positive", "right": "positive"},
        "royal_london": {"left": "positive", "right": "positive"},
        "tendinopathy_site": "midportion", "irritability": "low",
        "assessment_text": "Midportion Achilles tendinopathy on both sides, left more than "
                           "right, after the switch to spikes and track bends. Low "
                           "irritability. Heel-raise endurance lower on the left (22 against "
                           "27 reps); with both sides involved there is no healthy side to "
                           "compare, so progress is followed over time.",
        "plan_summary": "Spikes out for four weeks; track sessions in flats, changing "
                        "direction on alternate reps. Heavy slow resistance three times a "
                        "week. Weekly distance kept at 55–60 km. Review every one to two "
                        "weeks.",
    },
    visits=(
        Visit(7, "Runs in flats feel better on the bends.",
              "Heel raise L 23 / R 27. Smith-machine calf raise 3 × 15 at 40 kg, pain 2/10 on "
              "the left.",
              "Settling.",
              "Heavy slow resistance three times a week, adding load weekly."),
        Visit(14, "Stiffness 10 minutes on the left, none on the right.",
              "Heel raise L 25 / R 28. Smith-machine calf raise 3 × 12 at 55 kg. VISA-A 70 "
              "(baseline 62).",
              "Improving, not yet by a clinically important amount.",
              "Add pogo hops 3 × 20 twice a week. One track session in flats, 200 m reps."),
        Visit(19, "8 × 400 m in flats, no reaction the next morning.",
              "Heel raise L 27 / R 28. Pogo hops without pain.",
              "Good progress."),
    ),
    scores=(
        Scores("nprs", 0, nprs(4)), Scores("visa-a", 0, visa_a(62)),
        Scores("nprs", 14, nprs(3)), Scores("visa-a", 14, visa_a(70)),
    ),
)

_ANNE_MARIE = DemoChart(
    last_name="Dubois", title="Left Achilles midportion tendinopathy", side="left",
    template=ACHILLES, diagnosis="midportion_tendinopathy", evaluated_days_ago=22,
    slot="09:00",
    evaluation={
        "involved_side": "left", "morning_stiffness_min": 15,
        "history": "Five weeks of soreness mid-tendon on the left with a tender lump, first "
                   "noticed after a weekend tennis tournament. The right Achilles was repaired "
                   "after a rupture in 2019 and she fears the same on the left. No pop, no "
                   "sudden weakness.",
        "aggravating": "Serving and lunging at tennis, the first run of the week, stairs.",
        "easing": "Rest days, a heel lift.",
        "pain_rest": 1, "pain_run": 4, "pain_next_morning": 4,
        **NO_RED_FLAGS, "fluoroquinolone": False, "steroid_injection": False,
        "weekly_km": 12.0, "longest_run_km": 5.0, "runs_per_week": 2, "load_change_pct": 10,
        "surfaces": ["road"], "hills": "none",
        "shoe_model": "Tennis shoes on court; neutral running shoe", "shoe_km": 350,
        "shoe_drop_mm": 8.0, "race_goals": "Club doubles league; 5 km runs twice a week.",
        "cadence": 166, "foot_strike": "rearfoot", "overstride": False, "loud_landing": False,
        "pelvic_drop": "none", "knee_valgus": "none", "trunk_lean": "upright",
        "heel_whip": "none", "arm_swing": "balanced",
        "gait_notes": "Easy jog (6:30/km) nearly symmetrical; a slightly shorter push-off on "
                      "the repaired right side, long-standing.",
        "knee_to_wall": pair(10.0, 9.0), "heel_raise": pair(19, 23),
        "hop_count": pair(30, 32), "hop_pain": pair(3, 0), "calf_girth": pair(36.0, 34.5),
        "heel_raise_surface": "flat",
        "palpation_location_cm": 4.5, "tenderness": "moderate", "thickening": True,
        "nodules": True, "crepitus": False, "palpable_gap": False,
        "thompson": NEGATIVE_BOTH, "matles": NEGATIVE_BOTH,
        "arc_sign": sided(left="positive"), "royal_london": sided(left="positive"),
        "tendinopathy_site": "midportion", "irritability": "moderate",
        "assessment_text": "Left midportion Achilles tendinopathy with a nodule; the tendon is "
                           "intact (Thompson and Matles negative, no gap). Heel-raise LSI "
                           "83 %, but the comparison is the repaired right tendon, itself "
                           "below normal, so the true deficit is larger. Fear of rupture is "
                           "the main barrier: education is part of the treatment.",
        "plan_summary": "Explained tendinopathy against rupture and why loading is the "
                        "treatment. Isometrics, then heavy slow resistance for both calves "
                        "(the right still lags after the repair). Doubles only, no singles "
                        "for four weeks; two easy 5 km runs a week. Weekly review.",
    },
    visits=(
        Visit(7, "Less worried since last week's talk. Isometrics every day.",
              "Heel raise L 20 / R 23. Leg-press isometric holds 5 × 45 s, pain 2/10. Nodule "
              "tender, moderate.",
              "Settling; fear of rupture easing.",
              "Heavy slow resistance for both legs, 3 × 15, three times a week. Doubles "
              "tennis only."),
        Visit(14, "Played doubles twice; mild soreness the next morning (3/10).",
              "Heel raise L 22 / R 24. Seated calf raise 3 × 12 at 30 kg on each leg. "
              "VISA-A 68 (baseline 60).",
              "Improving, short of the VISA-A MCID so far."),
        Visit(22, "Ran 5 km twice this week; no morning stiffness after the second run.",
              draft=True),
    ),
    scores=(
        Scores("nprs", 0, nprs(4)), Scores("visa-a", 0, visa_a(60)),
        Scores("nprs", 14, nprs(3)), Scores("visa-a", 14, visa_a(68)),
    ),
)

MIDPORTION_RISK_CHARTS = (_SIOBHAN, _PEGGY, _KENJI, _ANNE_MARIE)
