"""The hand-written demo clinic: 25 fictional patients of a small running-injury practice.

Plain intake values as the form would hold them (see domain.intake.Intake for the keys), plus
`onset_days_ago` / `referral_days_ago`, which the demo turns into dates relative to today so the
clinic always looks current, and `archived`. The red-flag and medication questions were asked
at the first visit: any not answered yes here was answered no, except for the patients in
NOT_YET_SCREENED, whose first visit is still to come (their charts say the screen is not done).
Every person, phone number, address, insurer and
provider here is invented; phone numbers use the 555-01xx and drama ranges, email addresses the
reserved example domains. No Qt, no SQL.
"""

from __future__ import annotations

from ..domain.intake import ANSWER_FIELDS, RedFlag

_AS_TOLD: tuple[dict[str, object], ...] = (
    {
        "first_name": "Łukasz", "last_name": "Wiśniewski", "date_of_birth": "1986-04-17",
        "sex": "male", "pronouns": "he/him", "mobile_phone": "(555) 010-4417",
        "email": "lukasz.wisniewski@example.com", "preferred_language": "Polish",
        "address": "18 Alder Street, Apt 4B, Riverton",
        "emergency_name": "Agnieszka Wiśniewska", "emergency_relationship": "Wife",
        "emergency_phone": "(555) 010-4418",
        "referral_source": "Self", "payer": "Harbor Mutual Health", "member_id": "HMH-220417",
        "chief_complaint": "Pain and thickening in the right Achilles a few finger-widths above "
                           "the heel. Stiff for the first steps every morning; warms up after a "
                           "mile, then aches for the rest of the day after long runs.",
        "side": "right", "onset": "gradual", "onset_days_ago": 75,
        "pain_now": 3, "pain_best": 1, "pain_worst": 6,
        "activity": "Road running, marathon training", "weekly_running_km": 55,
        "goals": "I want to run the autumn marathon under 3:30 without limping the day after.",
        "conditions": "None", "medications": "None",
        "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "José", "last_name": "Hernández", "preferred_name": "Pepe",
        "date_of_birth": "1979-09-03", "sex": "male", "mobile_phone": "555-012-9034",
        "email": "pepe.hernandez@example.org", "preferred_language": "Spanish",
        "referral_source": "Podiatrist", "referring_provider": "Dr. Inés Calvo, podiatry",
        "referral_days_ago": 20, "payer": "Cascade Health Plan", "member_id": "CHP-77310",
        "chief_complaint": "Sore right at the back of the left heel where the tendon attaches. "
                           "Worse running uphill and when the heel counter of his shoes presses.",
        "side": "left", "onset": "gradual", "onset_days_ago": 160,
        "pain_now": 2, "pain_best": 1, "pain_worst": 5,
        "activity": "Trail running, mountain ultras", "weekly_running_km": 70,
        "goals": "Back on the mountain trails by spring, climbing without the heel burning.",
        "conditions": "Mild high blood pressure", "medications": "Amlodipine 5 mg daily",
        "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Siobhán", "last_name": "O'Brien", "date_of_birth": "1991-12-08",
        "sex": "female", "pronouns": "she/her", "mobile_phone": "+353 85 555 0199",
        "email": "siobhan.obrien@example.net", "preferred_language": "English",
        "emergency_name": "Ciarán O'Brien", "emergency_relationship": "Brother",
        "emergency_phone": "+353 87 555 0142",
        "referral_source": "Physician", "referring_provider": "Dr. Amelia Hart, family medicine",
        "referral_days_ago": 9, "payer": "Self-pay",
        "chief_complaint": "Both Achilles tendons became painful within days of finishing a "
                           "course of antibiotics for a kidney infection. Tender mid-tendon, "
                           "stiff on the stairs at work.",
        "side": "both", "onset": "sudden", "onset_days_ago": 18,
        "pain_now": 4, "pain_best": 2, "pain_worst": 6,
        "activity": "Parkrun most Saturdays, commutes by bike", "weekly_running_km": 15,
        "goals": "Get back to parkrun and know that my tendons are safe to load.",
        "medications": "Ciprofloxacin 500 mg twice daily for 10 days (finished 3 weeks ago)",
        "fluoroquinolone": True, "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "François", "last_name": "Lefèvre", "date_of_birth": "1968-02-29",
        "sex": "male", "mobile_phone": "(555) 014-2290", "home_phone": "555 014 7781",
        "email": "f.lefevre@example.com", "preferred_language": "French",
        "referral_source": "Orthopaedic surgeon",
        "referring_provider": "Dr. Rafael Ortiz, orthopaedics", "referral_days_ago": 12,
        "payer": "Medicare", "member_id": "1EG4-TE5-MK72",
        "chief_complaint": "Insertional pain at the right heel with a bony bump. Had a steroid "
                           "injection near the tendon six weeks ago; it helped for a fortnight.",
        "side": "right", "onset": "gradual", "onset_days_ago": 400,
        "pain_now": 4, "pain_best": 2, "pain_worst": 7,
        "activity": "Runs 5–10 km three times a week, gardens", "weekly_running_km": 22,
        "goals": "Walk the dog for an hour and jog again without the heel throbbing at night.",
        "conditions": "Type 2 diabetes, diet controlled", "surgeries": "Appendix removed 1990",
        "medications": "Metformin 500 mg twice daily",
        "corticosteroid_injection": True, "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Kwame", "last_name": "Mensah", "date_of_birth": "1980-06-21",
        "sex": "male", "mobile_phone": "(555) 013-6621", "email": "kwame.mensah@example.org",
        "emergency_name": "Ama Mensah", "emergency_relationship": "Partner",
        "emergency_phone": "(555) 013-6622",
        "referral_source": "Self", "payer": "Harbor Mutual Health", "member_id": "HMH-558021",
        "chief_complaint": "Lunging for a shot at badminton, felt as if someone had kicked the "
                           "back of his left ankle, heard a pop. Walking flat-footed since and "
                           "cannot push up onto the toes of that leg.",
        "side": "left", "onset": "sudden", "onset_days_ago": 2,
        "pain_now": 4, "pain_best": 2, "pain_worst": 7,
        "activity": "Badminton twice a week, occasional 5 km runs", "weekly_running_km": 5,
        "goals": "Find out what happened and get back on court.",
        "pop_or_snap": True, "cannot_rise_on_toes": True,
        "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Zoë", "last_name": "Fischer", "date_of_birth": "1998-11-30",
        "sex": "female", "pronouns": "she/they", "mobile_phone": "+44 7700 900412",
        "email": "zoe.fischer@example.com", "preferred_language": "German",
        "referral_source": "Coach or club", "payer": "Self-pay",
        "chief_complaint": "Ache around and behind the right kneecap on downhill running, "
                           "stairs and after sitting through films.",
        "side": "right", "onset": "gradual", "onset_days_ago": 60,
        "pain_now": 2, "pain_best": 0, "pain_worst": 5,
        "activity": "Club 10 km runner, climbing", "weekly_running_km": 35,
        "goals": "Race the club 10 km in June and get down stairs without holding the rail.",
        "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Søren", "last_name": "Østergaard", "date_of_birth": "1994-03-05",
        "sex": "male", "mobile_phone": "555.016.4410", "email": "soren.ostergaard@example.net",
        "preferred_language": "Danish",
        "referral_source": "Coach or club", "payer": "Cascade Health Plan",
        "member_id": "CHP-81123",
        "chief_complaint": "Sharp grab in the back of the right thigh during the last sprint "
                           "of an interval session; bruise appeared two days later.",
        "side": "right", "onset": "sudden", "onset_days_ago": 10,
        "pain_now": 3, "pain_best": 1, "pain_worst": 6,
        "activity": "Track 400 m and 800 m", "weekly_running_km": 40,
        "goals": "Sprint flat out again this season without feeling it pull.",
        "surgeries": "None", "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Lan", "last_name": "Nguyễn", "date_of_birth": "1975-07-14",
        "sex": "female", "mobile_phone": "(555) 015-0714", "email": "lan.nguyen@example.com",
        "preferred_language": "Vietnamese",
        "emergency_name": "Minh Nguyễn", "emergency_relationship": "Son",
        "emergency_phone": "(555) 015-0715",
        "referral_source": "Physician", "referring_provider": "Dr. Amelia Hart, family medicine",
        "referral_days_ago": 15, "payer": "Harbor Mutual Health", "member_id": "HMH-130714",
        "chief_complaint": "Stabbing pain under the left heel with the first steps out of bed "
                           "and after standing all day at the salon.",
        "side": "left", "onset": "gradual", "onset_days_ago": 120,
        "pain_now": 5, "pain_best": 2, "pain_worst": 8,
        "activity": "Walks 30 minutes daily, stands at work", "weekly_running_km": 0,
        "goals": "Finish a work day without limping to the car.",
        "conditions": "Hypothyroidism", "medications": "Levothyroxine 75 mcg",
        "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Jonas", "last_name": "Müller", "date_of_birth": "1989-01-26",
        "sex": "male", "mobile_phone": "+49 1515 5550123", "email": "jonas.mueller@example.net",
        "preferred_language": "German",
        "referral_source": "Another patient", "payer": "Self-pay",
        "chief_complaint": "Left Achilles tight and sore mid-tendon since adding brick sessions "
                           "and a new pair of low-drop shoes.",
        "side": "left", "onset": "gradual", "onset_days_ago": 45,
        "pain_now": 2, "pain_best": 0, "pain_worst": 5,
        "activity": "Triathlon, half-Ironman distance", "weekly_running_km": 48,
        "goals": "Start the half-Ironman in August and run the whole half marathon.",
        "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Björk", "last_name": "Ólafsdóttir", "date_of_birth": "1984-08-09",
        "sex": "female", "mobile_phone": "+354 555 0191", "email": "bjork.o@example.net",
        "preferred_language": "Icelandic",
        "referral_source": "Self", "payer": "Pinecrest Insurance", "member_id": "PIN-4410-09",
        "chief_complaint": "Felt a sudden tearing sting in the inner right calf pushing off on "
                           "hill repeats; can walk but not jog.",
        "side": "right", "onset": "sudden", "onset_days_ago": 6,
        "pain_now": 3, "pain_best": 1, "pain_worst": 6,
        "activity": "Hill and fell running", "weekly_running_km": 38,
        "goals": "Run the fell race in September and trust the calf on steep climbs.",
        "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Mateo", "last_name": "Rossi", "date_of_birth": "2001-05-19",
        "sex": "male", "mobile_phone": "(555) 017-3321", "email": "mateo.rossi@example.com",
        "preferred_language": "Italian",
        "referral_source": "Physician", "referring_provider": "Urgent care clinic",
        "referral_days_ago": 4, "payer": "Cascade Health Plan", "member_id": "CHP-90519",
        "chief_complaint": "Rolled the right ankle inwards landing on a defender's foot at "
                           "five-a-side; swollen on the outside, bruised, walking in a brace.",
        "side": "right", "onset": "sudden", "onset_days_ago": 5,
        "pain_now": 4, "pain_best": 2, "pain_worst": 7,
        "activity": "Five-a-side football, gym", "weekly_running_km": 10,
        "goals": "Play the league final in five weeks.",
        "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Emily", "last_name": "Carter", "date_of_birth": "1996-02-11",
        "sex": "female", "mobile_phone": "555-018-2211", "email": "emily.carter@example.org",
        "referral_source": "Self", "payer": "Self-pay",
        "chief_complaint": "Burning on the outside of the left knee that comes on at about "
                           "8 km into every run and forces her to walk.",
        "side": "left", "onset": "gradual", "onset_days_ago": 35,
        "pain_now": 0, "pain_best": 0, "pain_worst": 7,
        "activity": "First half marathon training block", "weekly_running_km": 42,
        "goals": "Finish my first half marathon running the whole way.",
        "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Margaret", "last_name": "Whitfield", "preferred_name": "Peggy",
        "date_of_birth": "1962-10-02", "sex": "female", "home_phone": "(555) 019-1002",
        "email": "peggy.whitfield@example.com",
        "address": "7 Orchard Lane, Riverton",
        "emergency_name": "David Whitfield", "emergency_relationship": "Husband",
        "emergency_phone": "(555) 019-1003",
        "referral_source": "Physician", "referring_provider": "Dr. Amelia Hart, family medicine",
        "referral_days_ago": 30, "payer": "Medicare", "member_id": "5TR2-QH8-WY19",
        "chief_complaint": "Right Achilles sore and swollen mid-tendon; worst getting up after "
                           "sitting and on the first jog of the week.",
        "side": "right", "onset": "gradual", "onset_days_ago": 210,
        "pain_now": 3, "pain_best": 2, "pain_worst": 6,
        "activity": "Jog-walks with a running group, line dancing", "weekly_running_km": 12,
        "goals": "Keep up with my running group and do the 5 km charity run with my grandson.",
        "conditions": "Type 2 diabetes, high cholesterol",
        "medications": "Atorvastatin 20 mg, metformin 1 g twice daily",
        "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Kenji", "last_name": "Watanabe", "date_of_birth": "1973-12-19",
        "sex": "male", "mobile_phone": "+1 555 020 1219", "email": "kenji.watanabe@example.com",
        "preferred_language": "Japanese",
        "referral_source": "Coach or club", "payer": "Harbor Mutual Health",
        "member_id": "HMH-731219",
        "chief_complaint": "Both Achilles stiff in the mornings, left more than right, since "
                           "moving from road to track sessions for a masters 5000 m.",
        "side": "both", "onset": "gradual", "onset_days_ago": 90,
        "pain_now": 2, "pain_best": 1, "pain_worst": 5,
        "activity": "Masters track and road racing", "weekly_running_km": 60,
        "goals": "Race the masters 5000 m championship without the tendons flaring up.",
        "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Priya", "last_name": "Natarajan", "date_of_birth": "1983-04-27",
        "sex": "female", "mobile_phone": "(555) 021-0427", "email": "priya.n@example.com",
        "preferred_language": "Tamil",
        "referral_source": "Podiatrist", "referring_provider": "Dr. Inés Calvo, podiatry",
        "referral_days_ago": 14, "payer": "Pinecrest Insurance", "member_id": "PIN-8832-27",
        "chief_complaint": "Tender bump at the back of the right heel where the tendon inserts; "
                           "stretching on a step edge makes it worse.",
        "side": "right", "onset": "gradual", "onset_days_ago": 240,
        "pain_now": 3, "pain_best": 1, "pain_worst": 6,
        "activity": "Runs with a women's running club, yoga", "weekly_running_km": 25,
        "goals": "Run pain-free with my club and stop avoiding shoes with a back.",
        "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Henrik", "last_name": "Lindqvist", "date_of_birth": "1970-09-15",
        "sex": "male", "mobile_phone": "+46 70 555 0133", "email": "henrik.lindqvist@example.net",
        "preferred_language": "Swedish",
        "referral_source": "Self", "payer": "Self-pay",
        "chief_complaint": "Aching left calf and lower Achilles after a twelve-hour flight; the "
                           "calf looks puffy and feels warm to touch.",
        "side": "left", "onset": "gradual", "onset_days_ago": 3,
        "pain_now": 5, "pain_best": 3, "pain_worst": 6,
        "activity": "Runs 10 km at lunchtime, business travel", "weekly_running_km": 30,
        "goals": "Understand what this is before I run again.",
        "calf_swelling": True, "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Aisha", "last_name": "Rahman", "date_of_birth": "2004-01-08",
        "sex": "female", "mobile_phone": "555 022 0108", "email": "aisha.rahman@example.net",
        "referral_source": "Coach or club", "payer": "Cascade Health Plan",
        "member_id": "CHP-40108",
        "chief_complaint": "Diffuse ache along the inner edge of both shins when running on the "
                           "track, settling with rest.",
        "side": "both", "onset": "gradual", "onset_days_ago": 28,
        "pain_now": 1, "pain_best": 0, "pain_worst": 5,
        "activity": "College cross-country", "weekly_running_km": 65,
        "goals": "Make the conference cross-country team this fall.",
        "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Olamide", "last_name": "Adeyemi", "date_of_birth": "1990-10-23",
        "sex": "female", "mobile_phone": "(555) 023-1023", "email": "ola.adeyemi@example.com",
        "preferred_language": "Yoruba",
        "referral_source": "Another patient", "payer": "Self-pay",
        "chief_complaint": "Niggle in the right Achilles in week five of a beginner 5 km plan; "
                           "stiff on the stairs the morning after runs.",
        "side": "right", "onset": "gradual", "onset_days_ago": 21,
        "pain_now": 1, "pain_best": 0, "pain_worst": 4,
        "activity": "Beginner running plan, three runs a week", "weekly_running_km": 9,
        "goals": "Run my first 5 km without stopping.",
    },
    {
        "first_name": "Lucía", "last_name": "Fernández", "date_of_birth": "1999-06-12",
        "sex": "female", "mobile_phone": "+34 612 555 012", "email": "lucia.fernandez@example.net",
        "preferred_language": "Spanish",
        "referral_source": "Orthopaedic surgeon",
        "referring_provider": "Dr. Rafael Ortiz, orthopaedics", "referral_days_ago": 7,
        "payer": "Harbor Mutual Health", "member_id": "HMH-990612",
        "chief_complaint": "Five months after a right ACL reconstruction; cleared to start "
                           "running and wants a plan. Knee swells a little after long walks.",
        "side": "right", "onset": "sudden", "onset_days_ago": 190,
        "pain_now": 1, "pain_best": 0, "pain_worst": 3,
        "activity": "Handball, gym", "weekly_running_km": 0,
        "goals": "Play handball again next season and trust the knee when I land.",
        "surgeries": "Right ACL reconstruction (hamstring graft), five months ago",
        "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Tomáš", "last_name": "Novák", "date_of_birth": "1987-03-30",
        "sex": "male", "mobile_phone": "+420 601 555 330", "email": "tomas.novak@example.net",
        "preferred_language": "Czech",
        "referral_source": "Self", "payer": "Self-pay",
        "chief_complaint": "Left ankle sprain on a trail run; rehab completed and discharged.",
        "side": "left", "onset": "sudden", "onset_days_ago": 330,
        "pain_now": 0, "pain_best": 0, "pain_worst": 2,
        "activity": "Trail running", "weekly_running_km": 30,
        "goals": "Run trails again without the ankle giving way.",
        "consent_to_treat": True, "privacy_notice": True, "archived": True,
    },
    {
        "first_name": "Ingrid", "last_name": "Johansson", "date_of_birth": "1961-05-04",
        "sex": "female", "home_phone": "555-024-0504", "mobile_phone": "555-024-0505",
        "email": "ingrid.johansson@example.com", "preferred_language": "Swedish",
        "referral_source": "Physician", "referring_provider": "Dr. Amelia Hart, family medicine",
        "referral_days_ago": 25, "payer": "Medicare", "member_id": "8KD3-RT4-PL05",
        "chief_complaint": "Pain over the outside of the right hip lying on that side at night "
                           "and climbing stairs; worse since taking up Nordic walking.",
        "side": "right", "onset": "gradual", "onset_days_ago": 150,
        "pain_now": 3, "pain_best": 2, "pain_worst": 6,
        "activity": "Nordic walking, swimming", "weekly_running_km": 0,
        "goals": "Sleep on my right side again and walk the coast path in May.",
        "conditions": "Osteopenia", "medications": "Calcium and vitamin D",
        "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Anne-Marie", "last_name": "Dubois", "date_of_birth": "1977-08-18",
        "sex": "female", "mobile_phone": "(555) 025-0818", "email": "am.dubois@example.net",
        "preferred_language": "French",
        "referral_source": "Self", "payer": "Pinecrest Insurance", "member_id": "PIN-1177-18",
        "chief_complaint": "Left Achilles sore mid-tendon with a tender nodule; had the right "
                           "Achilles repaired after a rupture some years ago and is worried.",
        "side": "left", "onset": "gradual", "onset_days_ago": 55,
        "pain_now": 2, "pain_best": 1, "pain_worst": 5,
        "activity": "Runs 5 km twice a week, tennis", "weekly_running_km": 12,
        "goals": "Keep playing tennis and not go through another rupture.",
        "surgeries": "Right Achilles tendon repair, 2019",
        "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Rhys", "last_name": "Llewellyn", "date_of_birth": "1992-07-07",
        "sex": "male", "mobile_phone": "+44 7700 900871", "email": "rhys.llewellyn@example.net",
        "preferred_language": "Welsh",
        "referral_source": "Insurer", "payer": "Harbor Mutual Health", "member_id": "HMH-920707",
        "chief_complaint": "Right Achilles sore two to four centimetres above the heel after "
                           "adding hill repeats; morning stiffness for about twenty minutes.",
        "side": "right", "onset": "gradual", "onset_days_ago": 40,
        "pain_now": 2, "pain_best": 1, "pain_worst": 5,
        "activity": "Road running and Sunday football", "weekly_running_km": 45,
        "goals": "Get back to hill sessions for the half marathon in the valley.",
        "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Mei", "last_name": "Chen", "date_of_birth": "2000-02-14",
        "sex": "female", "mobile_phone": "(555) 026-0214", "email": "mei.chen@example.com",
        "preferred_language": "Mandarin",
        "referral_source": "Coach or club", "payer": "Cascade Health Plan",
        "member_id": "CHP-00214",
        "chief_complaint": "Sharp spot of pain on the front of the left shin that now aches at "
                           "night; hopping on that leg hurts. Raised mileage quickly for a "
                           "marathon while eating little.",
        "side": "left", "onset": "gradual", "onset_days_ago": 14,
        "pain_now": 4, "pain_best": 2, "pain_worst": 7,
        "activity": "Marathon training", "weekly_running_km": 80,
        "goals": "Run the spring marathon, if it is safe to.",
        "night_pain": True, "consent_to_treat": True, "privacy_notice": True,
    },
    {
        "first_name": "Fatma", "last_name": "Yılmaz", "date_of_birth": "1985-11-02",
        "sex": "female", "mobile_phone": "+90 532 555 0112", "email": "fatma.yilmaz@example.com",
        "preferred_language": "Turkish",
        "referral_source": "Physician", "referring_provider": "Urgent care clinic",
        "referral_days_ago": 8, "payer": "Self-pay",
        "chief_complaint": "Left ankle keeps giving way on uneven ground after a third sprain "
                           "this year.",
        "side": "left", "onset": "sudden", "onset_days_ago": 12,
        "pain_now": 2, "pain_best": 1, "pain_worst": 5,
        "activity": "Hiking, walks to work", "weekly_running_km": 0,
        "goals": "Hike with my family this summer without worrying about my ankle.",
    },
)

# Registered by telephone; nobody has asked the screening questions yet.
NOT_YET_SCREENED = frozenset({"Yılmaz"})
_QUESTIONS = (*ANSWER_FIELDS, *(flag.value for flag in RedFlag))


def _screened(patient: dict[str, object]) -> dict[str, object]:
    if patient["last_name"] in NOT_YET_SCREENED:
        return patient
    return {**dict.fromkeys(_QUESTIONS, "no"), **patient}


DEMO_PATIENTS: tuple[dict[str, object], ...] = tuple(_screened(p) for p in _AS_TOLD)
