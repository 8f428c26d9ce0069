"""Demo charts: insertional Achilles tendinopathy, and the suspected rupture.

Three patients whose pain sits at the heel bone (compression at end-range dorsiflexion is what
to take away, so no step stretches), one of them after a corticosteroid injection; and a
badminton player with a positive Thompson test, whose evaluation raises the refer banner and whose
only other note documents the same-day orthopaedic referral: no exercise progression.
Fictional people; see services.demo_chart_parts for the shape. No Qt, no SQL.
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

_JOSE = DemoChart(
    last_name="Hernández", title="Left insertional Achilles tendinopathy", side="left",
    template=ACHILLES, diagnosis="insertional_tendinopathy", evaluated_days_ago=18,
    slot="17:30",
    evaluation={
        "involved_side": "left", "morning_stiffness_min": 10,
        "history": "About five months of pain where the left Achilles meets the heel bone, "
                   "building through an ultra block with long climbs; a tender bump there. "
                   "Dr. Calvo (podiatry) fitted a 6 mm heel lift and referred him for a "
                   "loading programme.",
        "aggravating": "Uphill running and power hiking, stretching on a step, stiff heel "
                       "counters.",
        "easing": "The heel lift, open-backed shoes, rest days.",
        "pain_rest": 1, "pain_run": 5, "pain_next_morning": 3,
        **NO_RED_FLAGS, "fluoroquinolone": False, "steroid_injection": False,
        "weekly_km": 70.0, "longest_run_km": 42.0, "runs_per_week": 6, "load_change_pct": 20,
        "surfaces": ["trail", "road"], "hills": "lots",
        "shoe_model": "Trail shoe with the podiatrist's heel lift", "shoe_km": 420,
        "shoe_drop_mm": 6.0,
        "race_goals": "Mountain ultra in the spring (60 km, 3000 m of climbing).",
        "cadence": 170, "foot_strike": "midfoot", "overstride": False, "loud_landing": False,
        "pelvic_drop": "none", "knee_valgus": "none", "trunk_lean": "forward",
        "heel_whip": "none", "arm_swing": "balanced",
        "gait_notes": "Treadmill at 8 % incline: long climbing stride with a heavy toe-off; "
                      "left heel pain 4/10 after five minutes at 12 %.",
        "knee_to_wall": pair(8.0, 10.5), "heel_raise": pair(15, 26),
        "hop_count": pair(30, 45), "hop_pain": pair(3, 0), "calf_girth": pair(37.0, 37.5),
        "heel_raise_surface": "flat",
        "palpation_location_cm": 0.5, "tenderness": "moderate", "thickening": True,
        **INTACT_TENDON,
        "arc_sign": sided(left="negative"), "royal_london": sided(left="negative"),
        "tendinopathy_site": "insertional", "irritability": "moderate",
        "assessment_text": "Left insertional Achilles tendinopathy with a Haglund-type bump. "
                           "Compression of the insertion at end-range dorsiflexion (steep "
                           "climbs, step stretches) drives it. Heel-raise LSI 58 %. Moderate "
                           "irritability.",
        "plan_summary": "Keep the heel lift; no stretching off a step; heel raises on the "
                        "flat floor only, never below level. Isometrics, then heavy slow calf "
                        "raises to level. Trail running on gentle gradients, walking the "
                        "steep climbs with short steps; up to 50 km a week. Weekly review; "
                        "VISA-A every two to three weeks.",
    },
    visits=(
        Visit(4, "Heel sore for a day after the first isometric session, then fine. Wearing "
                 "open-backed shoes at work.",
              "Heel raise (flat floor) L 16 / R 26. Leg-press isometric holds 5 × 45 s, pain "
              "2/10. Tender at the insertion, moderate.",
              "Settling now the compression has gone.",
              "Isometrics daily. Flat-floor heel raises 3 × 15, never below level. Easy "
              "trail runs on gentle gradients only."),
        Visit(11, "25 km trail loop walking the steep parts: heel 4/10 at the end, 2/10 the "
                  "next morning.",
              "Heel raise L 19 / R 26. Seated calf raise to level 3 × 12 at 25 kg, pain "
              "2/10.",
              "Tolerating load; climbing is still what provokes it.",
              "Heavy slow calf raises to level, 3 × 12 every second day. Climbing capped at "
              "300 m a run, short steps. Review in one week."),
        Visit(16, "Two long runs this week (28 and 22 km); heel stayed under 3/10.",
              "Heel raise L 21 / R 27. Seated calf raise 3 × 10 at 35 kg. Tender at the "
              "insertion, mild. VISA-A 58 (baseline 52).",
              "Steady, modest gain; not yet a clinically important change."),
    ),
    scores=(
        Scores("nprs", 0, nprs(5)), Scores("visa-a", 0, visa_a(52)),
        Scores("nprs", 16, nprs(4)), Scores("visa-a", 16, visa_a(58)),
    ),
)

_FRANCOIS = DemoChart(
    last_name="Lefèvre", title="Right insertional Achilles tendinopathy", side="right",
    template=ACHILLES, diagnosis="insertional_tendinopathy", evaluated_days_ago=10,
    slot="10:00",
    evaluation={
        "involved_side": "right", "morning_stiffness_min": 30,
        "history": "More than a year of pain at the back of the right heel with a bony bump. "
                   "Dr. Ortiz (orthopaedics) diagnosed insertional tendinopathy with a Haglund "
                   "deformity; a corticosteroid injection near the tendon about a month ago helped "
                   "for a fortnight. Throbs in the evening after long walks, easing when he "
                   "puts the foot up.",
        "aggravating": "Walking the dog for more than 30 minutes, jogging, shoes with a stiff "
                       "back.",
        "easing": "Clogs, a heel lift, rest.",
        "pain_rest": 3, "pain_run": 6, "pain_next_morning": 5,
        **NO_RED_FLAGS, "fluoroquinolone": False, "steroid_injection": True,
        "weekly_km": 15.0, "longest_run_km": 8.0, "runs_per_week": 2, "load_change_pct": -30,
        "surfaces": ["road", "grass"], "hills": "some",
        "shoe_model": "Cushioned road shoe", "shoe_km": 900, "shoe_drop_mm": 10.0,
        "race_goals": "No races: jog 5 km three times a week again.",
        "cadence": 158, "foot_strike": "rearfoot", "overstride": True, "loud_landing": False,
        "pelvic_drop": "mild", "knee_valgus": "mild", "trunk_lean": "upright",
        "heel_whip": "none", "arm_swing": "reduced",
        "gait_notes": "Jogging at about 7:10/km: short, flat-footed push-off on the right, "
                      "keeping weight off the right heel.",
        "knee_to_wall": pair(9.0, 7.5), "heel_raise": pair(18, 9),
        "calf_girth": pair(39.0, 37.5), "heel_raise_surface": "flat",
        "palpation_location_cm": 0.0, "tenderness": "severe", "thickening": True,
        **INTACT_TENDON,
        "tendinopathy_site": "insertional", "irritability": "high",
        "assessment_text": "Right insertional Achilles tendinopathy with a Haglund deformity; "
                           "marked calf endurance deficit (heel-raise LSI 50 %), hopping not "
                           "tested. Highly irritable. The recent corticosteroid injection near "
                           "the tendon and diabetes both raise the risk of rupture: loading "
                           "starts low and builds slowly, with no end-range dorsiflexion.",
        "plan_summary": "8 mm heel lift in both shoes; no step stretches. Daily isometric "
                        "calf holds, slow heel raises on the flat from week 3. Dog walks up to "
                        "30 minutes on the flat; no jogging until morning pain has been 3/10 "
                        "or less for two weeks. Weekly review; VISA-A every three weeks. "
                        "Letter to Dr. Ortiz with the plan.",
    },
    visits=(
        Visit(4, "Evening throbbing less since the heel lifts. Walks 20 minutes twice a day.",
              "Seated isometric plantarflexion holds 5 × 30 s, pain 3/10. Insertion tender, "
              "now moderate rather than severe.",
              "Early signs of settling.",
              "Isometrics daily; a fifth set when pain during them stays at 3/10 or less."),
        Visit(9, "Walked the dog for 35 minutes on Saturday: sore that evening (5/10), settled "
                 "overnight.",
              "Double-leg heel raise on the flat 3 × 10; single-leg R 10 / L 18. Isometric "
              "holds 5 × 45 s.",
              "Tolerating a little more walking; endurance deficit unchanged."),
    ),
    scores=(
        Scores("nprs", 0, nprs(6)), Scores("visa-a", 0, visa_a(34)),
        Scores("nprs", 9, nprs(5)),
    ),
)

_PRIYA = DemoChart(
    last_name="Natarajan", title="Right insertional Achilles tendinopathy", side="right",
    template=ACHILLES, diagnosis="insertional_tendinopathy", evaluated_days_ago=12,
    slot="16:00",
    evaluation={
        "involved_side": "right", "morning_stiffness_min": 10,
        "history": "Seven months of pain at the back of the right heel where the tendon "
                   "inserts, with a tender bump. Stretching on a step edge, suggested at yoga, "
                   "made it much worse. Dr. Calvo (podiatry) advised a heel raise and referred "
                   "her for loading.",
        "aggravating": "Stretching on a step, downward dog, shoes with a firm back, running "
                       "uphill.",
        "easing": "Backless shoes, the heel raise, ice.",
        "pain_rest": 1, "pain_run": 4, "pain_next_morning": 3,
        **NO_RED_FLAGS, "fluoroquinolone": False, "steroid_injection": False,
        "weekly_km": 25.0, "longest_run_km": 10.0, "runs_per_week": 3, "load_change_pct": 0,
        "surfaces": ["road", "grass"], "hills": "some",
        "shoe_model": "Neutral road shoe", "shoe_km": 500, "shoe_drop_mm": 10.0,
        "race_goals": "Club 10 km in the autumn, without pain.",
        "cadence": 168, "foot_strike": "rearfoot", "overstride": False, "loud_landing": False,
        "pelvic_drop": "mild", "knee_valgus": "mild", "trunk_lean": "upright",
        "heel_whip": "none", "arm_swing": "balanced",
        "gait_notes": "Easy pace (6:15/km) unremarkable apart from a mild pelvic drop in "
                      "left stance.",
        "knee_to_wall": pair(13.0, 12.5), "heel_raise": pair(25, 17),
        "hop_count": pair(40, 30), "hop_pain": pair(0, 2), "heel_raise_surface": "flat",
        "palpation_location_cm": 0.5, "tenderness": "moderate", "thickening": False,
        **INTACT_TENDON,
        "arc_sign": sided(right="negative"), "royal_london": sided(right="negative"),
        "tendinopathy_site": "insertional", "irritability": "moderate",
        "assessment_text": "Right insertional Achilles tendinopathy aggravated by compressive "
                           "stretching into dorsiflexion. Ankle range is good; heel-raise LSI "
                           "68 %.",
        "plan_summary": "No step stretches or deep dorsiflexion poses (downward dog with the "
                        "heels up). Heel raises on the flat, building to heavy slow "
                        "resistance. Running continues on flat routes, up to 25 km a week. "
                        "Weekly review.",
    },
    visits=(
        Visit(5, "No step stretching since the evaluation; the heel is noticeably calmer. "
                 "Yoga modified.",
              "Heel raise (flat floor) R 18 / L 25. Seated calf raise 3 × 15 at 15 kg, pain "
              "1/10.",
              "Responding to taking the compression away.",
              "Seated calf raise heavier each week; add standing heel raises on the flat "
              "3 × 12."),
        Visit(11, "8 km on the flat with no pain the next morning.",
              "Heel raise R 20 / L 25. Seated calf raise 3 × 12 at 25 kg.",
              "Steady progress."),
    ),
    scores=(
        Scores("nprs", 0, nprs(4)), Scores("visa-a", 0, visa_a(59)),
        Scores("nprs", 11, nprs(2)),
    ),
)

_KWAME = DemoChart(
    last_name="Mensah", title="Left suspected Achilles rupture", side="left",
    template=ACHILLES, diagnosis="achilles_rupture", evaluated_days_ago=1, slot="08:30",
    evaluation_minutes=45, visit_minutes=30,
    evaluation={
        "involved_side": "left",
        "history": "Yesterday evening, lunging for a shot at badminton, felt as if someone had "
                   "kicked the back of his left ankle and heard a pop. Could not play on; "
                   "walking flat-footed since. Has not seen a doctor. No earlier Achilles "
                   "pain, no fluoroquinolones, no injections.",
        "aggravating": "Pushing off when walking, stairs.",
        "easing": "Walking flat-footed, rest.",
        "pain_rest": 3,
        "felt_pop": True, "calf_swelling": False, "systemic": False, "night_pain": False,
        "fluoroquinolone": False, "steroid_injection": False,
        "weekly_km": 5.0, "runs_per_week": 1, "surfaces": ["road"],
        "race_goals": "Back on court for the club league.",
        "gait_notes": "Running not assessed (suspected rupture). Walking: flat-footed with no "
                      "push-off on the left, short steps.",
        "heel_raise": pair(0, 32), "calf_girth": pair(38.5, 39.0),
        "heel_raise_surface": "flat",
        "palpation_location_cm": 5.0, "tenderness": "moderate", "thickening": False,
        "nodules": False, "crepitus": False, "palpable_gap": True,
        "thompson": sided(left="positive", right="negative"),
        "matles": sided(left="positive", right="negative"),
        "tendinopathy_site": "not_applicable", "irritability": "high",
        "assessment_text": "Clinical picture of a complete left Achilles tendon rupture: pop at "
                           "push-off, a palpable gap about 5 cm above the insertion, positive "
                           "Thompson and Matles tests, no single-leg heel raise. Needs "
                           "same-day orthopaedic assessment and immobilisation in equinus; no "
                           "loading and no exercise progression.",
        "plan_summary": "Urgent referral today to the fracture clinic (Dr. Ortiz). Boot with "
                        "heel wedges and crutches, non-weight-bearing until seen. No exercise "
                        "programme. See him again once the orthopaedic plan (surgery or "
                        "functional bracing) is known, and plan rehabilitation with the ATRS.",
    },
    visits=(
        Visit(0, "Agreed to the urgent referral; his partner is driving him to the fracture "
                 "clinic.",
              "Phoned the fracture clinic and spoke to the orthopaedic registrar: accepted for "
              "review at 14:00 today. Referral letter with the findings (Thompson and Matles "
              "positive on the left, palpable gap, no single-leg heel raise) given to the "
              "patient. Boot with three heel wedges and crutches fitted; non-weight-bearing "
              "on the stairs checked.",
              "Suspected complete left Achilles rupture, referred the same day. No exercise "
              "progression until the orthopaedic plan is known.",
              "All loading on hold. Patient to phone after the fracture clinic; book a "
              "rehabilitation review once the plan is known.",
              time_in="09:15"),
    ),
    scores=(Scores("nprs", 0, nprs(4)),),
)

INSERTIONAL_AND_RUPTURE_CHARTS = (_JOSE, _FRANCOIS, _PRIYA, _KWAME)
