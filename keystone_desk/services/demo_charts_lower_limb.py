"""Demo charts on the general lower-extremity template: heel, knee and ankle.

Plantar heel pain, patellofemoral pain and an acute ankle sprain, each followed with the LEFS and
the PSFS (the activities in the patient's own words), and last year's ankle sprain, rehabilitated
and discharged with a signed summary of outcomes and goals: the clinic's archived patient.
Fictional people; see services.demo_chart_parts for the shape. No Qt, no SQL.
"""

from __future__ import annotations

from .demo_chart_parts import (
    DemoChart,
    Discharge,
    Scores,
    Visit,
    activities,
    lefs,
    nprs,
    pair,
    psfs,
    sided,
)

LOWER_LIMB = "general-lower-extremity"
_NO_RED_FLAGS = {"weight_bearing": False, "calf_swelling": False, "systemic": False,
                 "locking": False}

_LAN_ACTIVITIES = activities("Standing through a full day at the salon",
                             "The first steps out of bed", "Walking 30 minutes after work")
_LAN = DemoChart(
    last_name="Nguyễn", title="Left plantar heel pain", side="left", template=LOWER_LIMB,
    diagnosis="ankle_pain", condition="Plantar heel pain (plantar fasciopathy)",
    evaluated_days_ago=14, slot="13:00",
    evaluation={
        "involved_side": "left", "region": ["foot"],
        "history": "Three and a half months of stabbing pain under the left heel with the "
                   "first steps out of bed and after standing all day at the salon. Came on "
                   "gradually after changing to flat work shoes. No injury, no numbness or "
                   "tingling, no night pain. Has tried a soft insole.",
        "aggravating": "First steps in the morning, standing more than two hours, walking "
                       "barefoot at home.",
        "easing": "Supportive trainers, sitting, rolling the foot on a cold bottle.",
        "pain_now": 5, "pain_worst": 8,
        "function": "Standing through a working day, walking 30 minutes, the first hour of "
                    "the morning.",
        "goals": "Finish a work day without limping to the car.",
        **_NO_RED_FLAGS,
        "ankle_dorsiflexion": pair(5, 12), "ankle_plantarflexion": pair(45, 48),
        "ankle_plantarflexion_kg": pair(28.5, 36.0), "hip_abduction_kg": pair(14.0, 15.5),
        "single_leg_squat": "good", "step_down": "good",
        "single_leg_balance": pair(25, 40),
        "functional_notes": "Windlass test reproduces the heel pain on the left. Most tender "
                            "at the medial calcaneal tubercle. Single-leg heel raise L 14 / "
                            "R 22 reps.",
        "irritability": "moderate",
        "assessment_text": "Typical left plantar heel pain (plantar fasciopathy): first-step "
                           "pain, tender at the medial calcaneal tubercle, positive windlass "
                           "test, stiff and weaker calf (plantarflexion LSI 79 %). Long days "
                           "standing in flat shoes are the main load.",
        "plan_summary": "Footwear and load advice: supportive shoes at work, no barefoot "
                        "walking. High-load strengthening (single-leg heel raise with a towel "
                        "under the toes, 3 × 12 every second day), calf stretches, taping for "
                        "work days. Weekly review for four weeks; LEFS and PSFS every two "
                        "weeks.",
    },
    visits=(
        Visit(4, "Taping helped at work; first steps still 6/10.",
              "Heel raise with a towel under the toes: L 3 × 8, R 3 × 12. Tender at the "
              "medial calcaneal tubercle. Low-Dye taping reapplied.",
              "Early response to taping and the change of shoes.",
              "Home programme as given; try the new work shoes with a firm heel counter."),
        Visit(8, "New shoes helping: two work days finished without limping.",
              "Towel heel raise L 3 × 10 with 5 kg in a backpack. Single-leg balance L 32 s "
              "/ R 40 s.",
              "Improving."),
        Visit(11, "First steps 3/10. Walked 30 minutes after work twice this week.",
              "Towel heel raise L 3 × 12 with 8 kg. LEFS 55 (baseline 46), PSFS 5.0 "
              "(baseline 3.0).",
              "Clinically important improvement on the LEFS and the PSFS.",
              "Carry on; tape only on long days. Review in two weeks."),
    ),
    scores=(
        Scores("nprs", 0, nprs(5)), Scores("psfs", 0, psfs(3, 2, 4), _LAN_ACTIVITIES),
        Scores("lefs", 0, lefs(46)),
        Scores("nprs", 11, nprs(3)), Scores("psfs", 11, psfs(5, 4, 6), _LAN_ACTIVITIES),
        Scores("lefs", 11, lefs(55)),
    ),
)

_ZOE_ACTIVITIES = activities("Running downhill", "Going down stairs",
                             "Sitting through a film")
_ZOE = DemoChart(
    last_name="Fischer", title="Right patellofemoral pain", side="right", template=LOWER_LIMB,
    diagnosis="patellofemoral_pain", evaluated_days_ago=25, slot="16:30",
    evaluation={
        "involved_side": "right", "region": ["knee"],
        "history": "Five weeks of aching around and behind the right kneecap, starting in a "
                   "block of downhill trail runs before a club 10 km. Worse going downstairs "
                   "and after sitting through a film. No swelling, locking or giving way. "
                   "Climbs twice a week; drop-knee moves bring it on.",
        "aggravating": "Downhill running, going down stairs, long sitting, deep knee bends "
                       "when climbing.",
        "easing": "Flat running, straightening the leg, rest.",
        "pain_now": 2, "pain_worst": 5,
        "function": "Downhill running, stairs, sitting through films and lectures.",
        "goals": "Race the club 10 km in June; get down stairs without holding the rail.",
        **_NO_RED_FLAGS,
        "knee_flexion": pair(145, 145), "knee_extension": pair(0, 0),
        "hip_internal_rotation": pair(35, 33),
        "hip_abduction_kg": pair(18.5, 14.0), "hip_extension_kg": pair(24.0, 19.5),
        "knee_extension_kg": pair(38.0, 30.5),
        "lachman": sided(right="negative"), "mcmurray": sided(right="negative"),
        "valgus_stress": sided(right="negative"), "varus_stress": sided(right="negative"),
        "single_leg_squat": "poor_right", "step_down": "poor_right",
        "single_leg_balance": pair(60, 55), "timed_hop": pair(2.10, 2.35),
        "functional_notes": "Right step-down: knee drifts inwards with a pelvic drop; pain "
                            "3/10 at about 60° of knee bend.",
        "irritability": "low",
        "assessment_text": "Right patellofemoral pain after a rise in downhill running, with "
                           "weaker hip abductors and quadriceps on the right (hip abduction "
                           "LSI 76 %, knee extension LSI 80 %) and poor control on the right "
                           "step-down. Low irritability.",
        "plan_summary": "Load advice: downhill running and deep drop-knee climbing moves "
                        "paused for three weeks; flat running continues. Hip and knee "
                        "strengthening three times a week (side-lying hip abduction, "
                        "step-downs, leg press 0–60°). Weekly review; LEFS and PSFS every two "
                        "weeks.",
    },
    visits=(
        Visit(7, "Stairs a little easier. 25 km on the flat without pain.",
              "Right step-down: less inward drift of the knee. Leg press 0–60° 3 × 12 at "
              "50 kg; side-lying hip abduction 3 × 15 with a band.",
              "Responding to strengthening.",
              "Strength programme as before, adding split squats 3 × 10."),
        Visit(13, "Sat through a whole film without the ache.",
              "Hip abduction (dynamometer) R 15.5 / L 18.5 kg. Leg press 3 × 10 at 65 kg. "
              "LEFS 67 (baseline 62), PSFS 5.7 (baseline 4.0).",
              "Improving.",
              "Reintroduce gentle downhill running: 2 × 200 m on a shallow slope."),
        Visit(18, "Downhill reps fine, a little ache afterwards.",
              "Right step-down: good control to 60°. Split squat 3 × 10 holding 8 kg "
              "dumbbells.",
              "Tolerating downhill running again."),
        Visit(23, "Raced a club 5 km with no pain. Stairs fine.",
              "Hip abduction R 17.0 / L 18.5 kg (LSI 92 %). Knee extension R 35.0 / "
              "L 38.0 kg. LEFS 73, PSFS 7.7.",
              "Clinically important improvement on the LEFS and the PSFS.",
              "Strength work twice a week; build downhill running over three weeks. Review "
              "in two weeks; discharge if the club 10 km goes well."),
    ),
    scores=(
        Scores("nprs", 0, nprs(4)), Scores("psfs", 0, psfs(3, 5, 4), _ZOE_ACTIVITIES),
        Scores("lefs", 0, lefs(62)),
        Scores("nprs", 13, nprs(3)), Scores("psfs", 13, psfs(5, 6, 6), _ZOE_ACTIVITIES),
        Scores("lefs", 13, lefs(67)),
        Scores("nprs", 23, nprs(2)), Scores("psfs", 23, psfs(7, 8, 8), _ZOE_ACTIVITIES),
        Scores("lefs", 23, lefs(73)),
    ),
)

_MATEO = DemoChart(
    last_name="Rossi", title="Right lateral ankle sprain", side="right", template=LOWER_LIMB,
    diagnosis="ankle_sprain", evaluated_days_ago=3, slot="08:00",
    evaluation={
        "involved_side": "right", "region": ["ankle"],
        "history": "Two days ago rolled the right ankle inwards landing on a defender's foot "
                   "at five-a-side. Heard no crack and walked off with a limp. Urgent care "
                   "X-rays clear; given a lace-up brace. Swollen and bruised on the outside.",
        "aggravating": "Uneven ground, stairs, turning.",
        "easing": "The brace, keeping it up, ice.",
        "pain_now": 4, "pain_worst": 7,
        "function": "Walking more than 15 minutes, stairs, football, the gym.",
        "goals": "Play the league final in five weeks.",
        **_NO_RED_FLAGS,
        "ankle_dorsiflexion": pair(15, 5), "ankle_plantarflexion": pair(50, 35),
        "ankle_plantarflexion_mmt": pair(5, 4), "ankle_dorsiflexion_mmt": pair(5, 4),
        "ankle_anterior_drawer": sided(left="negative", right="positive"),
        "talar_tilt": sided(left="negative", right="negative"),
        "ottawa_ankle": sided(right="negative"),
        "single_leg_balance": pair(45, 8),
        "functional_notes": "Hopping not tested this early. Figure-of-eight swelling R 2.5 cm "
                            "more than L.",
        "irritability": "moderate",
        "assessment_text": "Acute right lateral ankle sprain, most likely the anterior "
                           "talofibular ligament, grade II (anterior drawer positive, talar "
                           "tilt negative). Ottawa rules negative and X-rays clear. Swelling, "
                           "less dorsiflexion and poor single-leg balance (8 s against 45 s).",
        "plan_summary": "Brace for sport for four to six weeks. Early weight-bearing; ankle "
                        "range, balance and calf raises daily as pain allows. Progress to "
                        "hopping, cutting and football drills over four to five weeks, aiming "
                        "at the league final. Twice-weekly review at first.",
    },
    visits=(
        Visit(3, "Swelling down; walking at home without the brace.",
              "Dorsiflexion R 10° / L 15°. Single-leg balance R 15 s. Double-leg calf raise "
              "3 × 15 without pain; single-leg R 3 × 8.",
              "Quick early improvement.",
              "Add single-leg balance on foam and band-resisted eversion. Exercise bike 20 "
              "minutes."),
    ),
    scores=(
        Scores("lefs", 0, lefs(38)),
        Scores("psfs", 0, psfs(0, 4, 5), activities(
            "Playing five-a-side football", "Walking more than 15 minutes",
            "Going down stairs")),
        Scores("nprs", 0, nprs(4)), Scores("nprs", 3, nprs(3)),
    ),
)

_TOMAS_ACTIVITIES = activities("Running on trails", "Walking on uneven ground",
                               "Hopping on the left leg")
_TOMAS = DemoChart(
    last_name="Novák", title="Left lateral ankle sprain", side="left", template=LOWER_LIMB,
    diagnosis="ankle_sprain", evaluated_days_ago=326, slot="17:45",
    evaluation={
        "involved_side": "left", "region": ["ankle"],
        "history": "Rolled the left ankle on a rocky descent four days ago during a trail "
                   "run; swollen on the outside within the hour. Walked 3 km back to the car. "
                   "No earlier sprains.",
        "aggravating": "Uneven ground, going down stairs, pivoting.",
        "easing": "Rest, keeping it up, compression.",
        "pain_now": 5, "pain_worst": 7,
        "function": "Running, walking on uneven ground, stairs.",
        "goals": "Run trails again without the ankle giving way.",
        **_NO_RED_FLAGS,
        "ankle_dorsiflexion": pair(4, 14), "ankle_plantarflexion": pair(35, 50),
        "ankle_plantarflexion_mmt": pair(4, 5),
        "ankle_anterior_drawer": sided(left="positive", right="negative"),
        "talar_tilt": sided(left="negative", right="negative"),
        "ottawa_ankle": sided(left="negative"),
        "single_leg_balance": pair(6, 50),
        "functional_notes": "Hop tests deferred until walking is pain-free.",
        "irritability": "moderate",
        "assessment_text": "Acute left lateral ankle sprain (anterior talofibular ligament, "
                           "grade II). Ottawa rules negative, so no X-ray needed. Swelling, "
                           "loss of dorsiflexion and poor balance on the left. Good outlook "
                           "with exercise; for a trail runner the main risk is spraining it "
                           "again.",
        "plan_summary": "Lace-up brace and early weight-bearing. Range, calf strength and "
                        "balance daily, progressing to hopping, agility and trail-specific "
                        "drills. Back to trail running by week 6 to 8 if hop tests reach 90 % "
                        "of the right. Weekly review.",
    },
    visits=(
        Visit(7, "Walking without a limp on the flat.",
              "Dorsiflexion L 8° / R 14°. Single-leg balance L 15 s. Single-leg calf raise L "
              "3 × 10.",
              "Progressing as expected.",
              "Add balance on foam, band eversion 3 × 15, exercise bike 30 minutes."),
        Visit(14, "Jogged 2 km on the track without pain.",
              "Single-leg balance L 35 s / R 50 s. Single-leg calf raise L 3 × 15. LEFS 55.",
              "Ready for a return-to-run programme.",
              "Walk-run programme on flat ground three times a week. Start hopping drills."),
        Visit(28, "Running 20 minutes without stopping on gravel paths.",
              "Timed 6 m hop L 2.45 s / R 2.20 s (LSI 90 %). Single-leg balance L 48 s. "
              "LEFS 66.",
              "Good progress.",
              "Add downhill and technical trail sections gradually; lateral hops and agility "
              "drills."),
        Visit(42, "Two 10 km trail runs with no giving way.",
              "Timed 6 m hop L 2.25 s / R 2.20 s (LSI 98 %). Side-hop test the same both "
              "sides.",
              "Close to full function.",
              "Balance and hopping programme three times a week for three months. Review in "
              "two weeks for discharge."),
    ),
    scores=(
        Scores("nprs", 0, nprs(5)), Scores("psfs", 0, psfs(1, 4, 2), _TOMAS_ACTIVITIES),
        Scores("lefs", 0, lefs(44)),
        Scores("nprs", 14, nprs(3)), Scores("psfs", 14, psfs(3, 6, 4), _TOMAS_ACTIVITIES),
        Scores("lefs", 14, lefs(55)),
        Scores("nprs", 28, nprs(2)), Scores("psfs", 28, psfs(6, 8, 6), _TOMAS_ACTIVITIES),
        Scores("lefs", 28, lefs(66)),
        Scores("nprs", 56, nprs(0)), Scores("psfs", 56, psfs(9, 10, 9), _TOMAS_ACTIVITIES),
        Scores("lefs", 56, lefs(77)),
    ),
    discharge=Discharge(
        56, summary="Six visits over eight weeks for a grade II left lateral ankle sprain. "
                    "Back to trail running, about 30 km a week, with no giving way. LEFS 44 "
                    "to 77, PSFS 2.3 to 9.3, pain 5/10 to 0/10; timed hop LSI 98 %.",
        recommendations="Keep up the balance and hopping programme twice a week for three "
                        "months, and before each trail season. A brace for the first few "
                        "technical races if he wants one. Come back if the ankle gives way "
                        "again.",
        goal_status="met"),
)

LOWER_LIMB_CHARTS = (_LAN, _ZOE, _MATEO, _TOMAS)
