"""The demo clinic: a realistic hand-written practice with its charts, then reproducible synthetic
patients (registered only)."""

from datetime import timedelta

import pytest

from keystone_desk.cli import run
from keystone_desk.domain.charting import EpisodeStatus, NoteKind
from keystone_desk.domain.discharge import goals_from, outcome_lines
from keystone_desk.domain.evaluation_values import lsi_by_field, referral_reasons
from keystone_desk.domain.intake import Answer, RedFlag
from keystone_desk.domain.templates import validate_values
from keystone_desk.services.clinic import Clinic
from keystone_desk.services.demo_patients import DEMO_PATIENTS


def only(clinic, query):
    found = clinic.patients.search(query, include_archived=True)
    assert len(found) == 1, (query, [p.display_name for p in found])
    return clinic.patients.get(found[0].id)


def snapshot(clinic):
    """Everything about the patients except the random uids."""
    return clinic.db.execute(
        "SELECT id, first_name, last_name, date_of_birth, sex, phone, email, intake_json, "
        "archived FROM patients ORDER BY id"
    ).fetchall()


def test_default_demo_is_the_hand_written_clinic_with_one_discharged_patient(clinic, admin):
    assert clinic.demo.load(admin) == 25 == len(DEMO_PATIENTS)
    assert clinic.patients.count() == 24
    assert clinic.patients.count(include_archived=True) == 25
    assert only(clinic, "novak").archived


def test_suspected_rupture_patient_carries_the_red_flags(clinic, admin):
    clinic.demo.load(admin)
    kwame = only(clinic, "mensah")
    assert kwame.intake.red_flags == {RedFlag.POP_OR_SNAP, RedFlag.CANNOT_RISE_ON_TOES}
    assert kwame.intake.onset == "sudden"
    summary = clinic.patients.search("mensah")[0]
    assert summary.red_flags == 2


def test_the_red_flag_screen_is_done_except_for_the_patient_not_yet_seen(clinic, admin):
    clinic.demo.load(admin)
    kwame = only(clinic, "mensah").intake
    assert kwame.red_flag_screen_done
    assert kwame.red_flag_answer(RedFlag.NIGHT_PAIN) is Answer.NO
    assert kwame.fluoroquinolone is Answer.NO
    fatma = only(clinic, "yilmaz").intake
    assert fatma.red_flags_not_asked == list(RedFlag)
    assert fatma.fluoroquinolone is Answer.NOT_ASKED
    unscreened = [p.last_name for p in clinic.patients.search("", include_archived=True, limit=50)
                  if not clinic.patients.get(p.id).intake.red_flag_screen_done]
    assert unscreened == ["Yılmaz"]


def test_rupture_risk_factors_are_recorded_in_histories(clinic, admin):
    clinic.demo.load(admin)
    assert only(clinic, "obrien").intake.rupture_risk_factors() == ["Fluoroquinolone antibiotic"]
    assert only(clinic, "lefevre").intake.rupture_risk_factors() == [
        "Recent corticosteroid injection"]


@pytest.mark.parametrize("typed, last_name", [
    ("lukasz", "Wiśniewski"), ("obrien", "O'Brien"), ("O'Brien", "O'Brien"), ("jose", "Hernández"),
    ("nguyen", "Nguyễn"), ("muller", "Müller"), ("bjork", "Ólafsdóttir"),
    ("olafsdottir", "Ólafsdóttir"), ("soren", "Østergaard"), ("zoe", "Fischer"),
    ("francois", "Lefèvre"), ("yilmaz", "Yılmaz"),
])
def test_names_in_many_languages_are_found_typed_plainly(clinic, admin, typed, last_name):
    clinic.demo.load(admin)
    assert only(clinic, typed).intake.last_name == last_name


def test_demo_covers_achilles_and_other_lower_limb_problems(clinic, admin):
    clinic.demo.load(admin)
    complaints = " ".join(
        clinic.patients.get(p.id).intake.chief_complaint.lower()
        for p in clinic.patients.search("", include_archived=True)
    )
    for words in ("achilles", "heel", "kneecap", "ankle", "thigh", "calf", "shin", "hip"):
        assert words in complaints


def test_a_small_demo_takes_the_first_hand_written_patients(clinic, admin):
    assert clinic.demo.load(admin, patients=3) == 3
    assert {p.last_name for p in clinic.patients.search("")} == {
        "Wiśniewski", "Hernández", "O'Brien"}


def test_same_seed_gives_the_same_clinic_and_another_seed_another(tmp_path, clock):
    def build(name, seed):
        clinic = Clinic(tmp_path / name, clock=clock)
        clinic.demo.load(clinic.builtin_administrator(), patients=400, seed=seed)
        rows = snapshot(clinic)
        clinic.close()
        return rows

    first, again, other = build("a.db", 11), build("b.db", 11), build("c.db", 12)
    assert len(first) == 400
    assert first == again
    assert first[:25] == other[:25] and first[25:] != other[25:]


def test_synthetic_patients_are_distinct_valid_and_varied(clinic, admin):
    assert clinic.demo.load(admin, patients=1500, seed=3) == 1500
    rows = clinic.db.execute("SELECT identity_key, phone, email, last_name FROM patients").fetchall()
    assert len({r[0] for r in rows}) == 1500
    assert any(r[1].startswith("+") for r in rows) and any(r[1].startswith("(") for r in rows)
    assert sum(1 for r in rows if r[2]) > 1000
    assert sum(1 for r in rows if not r[3].isascii()) > 300
    last_synthetic = clinic.patients.get(1500).intake
    assert last_synthetic.red_flag_screen_done  # screened at the first visit


def test_loading_again_adds_nobody_twice(clinic, admin):
    clinic.demo.load(admin, patients=60, seed=2)
    assert clinic.demo.load(admin, patients=60, seed=2) == 0
    assert clinic.patients.count(include_archived=True) == 60


def test_every_demo_patient_is_audited_as_created_by_the_acting_user(clinic, admin):
    clinic.demo.load(admin, patients=40, seed=5)
    actions = clinic.db.execute(
        "SELECT action, detail, user_id, count(*) FROM audit_events WHERE entity = 'patient' "
        "GROUP BY action, detail, user_id"
    ).fetchall()
    assert sorted(actions) == [("archive", "", admin.id, 1),
                               ("create", "demo clinic", admin.id, 40)]
    therapist = clinic.auth.login("maria.lopez", "demo-therapist-2026")
    assert {row[0] for row in clinic.db.execute(
        "SELECT DISTINCT user_id FROM audit_events WHERE action NOT IN ('login')")} == {
        admin.id, therapist.id}


def test_demo_has_one_user_per_role_with_the_documented_passwords(clinic, admin):
    from keystone_desk.domain.users import Role
    from keystone_desk.services.demo_users import DEMO_USERS

    clinic.demo.load(admin, patients=3)
    signed_in = {u.username: clinic.auth.login(u.username, u.password) for u in DEMO_USERS}
    assert {user.role for user in signed_in.values()} == set(Role)
    assert signed_in["admin"].id == admin.id
    clinic.demo.load(admin, patients=5)  # again: nobody added twice, passwords kept
    assert len(clinic.auth.list_users(admin)) == 4


def test_demo_charts_are_written_and_signed_by_the_demo_therapist(clinic, admin):
    clinic.demo.load(admin, patients=3)
    signers = clinic.db.execute(
        "SELECT DISTINCT u.username, n.signer_name, n.signer_credentials FROM notes n "
        "JOIN users u ON u.id = n.signed_by").fetchall()
    authors = clinic.db.execute("SELECT DISTINCT therapist_id FROM notes").fetchall()
    assert signers == [("maria.lopez", "Maria Lopez", "PT, DPT")]
    assert authors == [(clinic.auth.login("maria.lopez", "demo-therapist-2026").id,)]


def test_progress_is_reported(clinic, admin):
    seen = []
    clinic.demo.load(admin, patients=30, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]


# ----- the charts behind the hand-written patients

ACHILLES_PATIENTS = ("Wiśniewski", "Hernández", "O'Brien", "Lefèvre", "Mensah", "Müller",
                     "Whitfield", "Watanabe", "Natarajan", "Dubois", "Llewellyn")
LOWER_LIMB_PATIENTS = ("Nguyễn", "Fischer", "Rossi", "Novák")


def episode_of(clinic, last_name):
    patient = only(clinic, last_name)
    [episode] = clinic.episodes.for_patient(patient.id)
    return episode


def all_episodes(clinic):
    return [e for p in clinic.patients.search("", include_archived=True)
            for e in clinic.episodes.for_patient(p.id)]


def notes_of(episode, kind):
    return [n for n in episode.notes if n.kind is kind]


def visa_a_scores(clinic, episode):
    return [r.score for r in clinic.measures.history(episode.id, "visa-a",
                                                     include_in_error=False)]


def test_achilles_patients_have_an_episode_opened_weeks_ago_with_a_signed_evaluation(
        clinic, admin):
    clinic.demo.load(admin)
    today = clinic.clock().date()
    for last_name in ACHILLES_PATIENTS:
        episode = episode_of(clinic, last_name)
        assert "Achilles" in episode.title and episode.title.endswith(
            f"{episode.opened_on:%b %Y}"), episode.title
        [evaluation] = notes_of(episode, NoteKind.EVALUATION)
        assert evaluation.template_id == "achilles-running"
        assert evaluation.is_signed and clinic.notes.verify_signature(evaluation.id)
        assert evaluation.header.time_in and evaluation.header.time_out
        assert evaluation.content["diagnosis"]["icd10"].startswith(("M76.6", "S86.01"))
        assert validate_values(clinic.templates.get("achilles-running"), evaluation.content) == []
        if last_name != "Mensah":
            assert (today - episode.opened_on).days >= 7
            daily = notes_of(episode, NoteKind.DAILY)
            assert 2 <= len([n for n in daily if n.is_signed]) <= 6
            assert all(clinic.notes.verify_signature(n.id) for n in daily if n.is_signed)


def test_evaluations_show_a_deficit_on_the_involved_side(clinic, admin):
    clinic.demo.load(admin)
    template = clinic.templates.get("achilles-running")
    for last_name in ("Wiśniewski", "Hernández", "Müller", "Whitfield", "Llewellyn"):
        episode = episode_of(clinic, last_name)
        [evaluation] = notes_of(episode, NoteKind.EVALUATION)
        assert lsi_by_field(template, evaluation.content, episode.side)["heel_raise"] < 90


def test_daily_notes_carry_the_plan_forward_when_it_did_not_change(clinic, admin):
    clinic.demo.load(admin)
    daily = notes_of(episode_of(clinic, "Wiśniewski"), NoteKind.DAILY)
    assert daily[2].content["plan"] == daily[1].content["plan"]
    assert daily[2].content["objective"] != daily[1].content["objective"]


def test_one_note_is_left_in_draft_and_shows_as_due(clinic, admin):
    clinic.demo.load(admin)
    drafts = [(e, n) for e in all_episodes(clinic) for n in e.notes if not n.is_signed]
    [(episode, draft)] = drafts
    assert draft.header.visit_date == clinic.clock().date() and draft.header.time_out == ""
    assert draft.content["subjective"] and draft.content["objective"]  # copied forward
    assert [d.kind for d in clinic.episodes.due(episode)] == ["unsigned"]


def test_one_signed_note_is_corrected_by_an_addendum(clinic, admin):
    clinic.demo.load(admin)
    addenda = [(n, a) for e in all_episodes(clinic) for n in e.notes for a in n.addenda]
    [(note, addendum)] = addenda
    assert "42" in note.content["objective"] and "24" in addendum.body
    assert addendum.signature.credentials and clinic.notes.verify_signature(note.id)


def test_one_episode_is_due_for_re_evaluation(clinic, admin):
    clinic.demo.load(admin)
    due = [e for e in all_episodes(clinic)
           if "reevaluation" in {d.kind for d in clinic.episodes.due(e)}]
    assert [e.id for e in due] == [episode_of(clinic, "Wiśniewski").id]


def test_visa_a_improves_some_past_the_mcid_and_one_plateaus(clinic, admin):
    clinic.demo.load(admin)
    histories = {name: visa_a_scores(clinic, episode_of(clinic, name))
                 for name in ACHILLES_PATIENTS if name != "Mensah"}
    assert all(h for h in histories.values())
    followed = {name: h for name, h in histories.items() if len(h) > 1}
    assert len(followed) >= 6
    assert all(h[-1] >= h[0] for h in followed.values())
    assert {"Wiśniewski", "Müller", "Llewellyn"} <= {
        name for name, h in followed.items() if h[-1] - h[0] >= 14}
    assert followed["Whitfield"] == [50, 53, 52]


def test_one_visa_a_is_marked_in_error_with_a_reason(clinic, admin):
    clinic.demo.load(admin)
    episode = episode_of(clinic, "Whitfield")
    wrong = [r for r in clinic.measures.history(episode.id, "visa-a") if r.in_error]
    [result] = wrong
    assert "8A" in result.answers and "8B" in result.error_reason
    assert [c.latest.score for c in clinic.measures.first_and_last(episode.id)
            if c.measure_id == "visa-a"] == [52]


def test_suspected_rupture_is_referred_the_same_day_without_exercise(clinic, admin):
    clinic.demo.load(admin)
    episode = episode_of(clinic, "Mensah")
    [evaluation] = notes_of(episode, NoteKind.EVALUATION)
    reasons = referral_reasons(clinic.templates.get("achilles-running"), evaluation.content)
    assert any("Thompson" in r for r in reasons)
    assert evaluation.content["thompson"]["left"] == "positive"
    [referral] = notes_of(episode, NoteKind.DAILY)
    assert referral.header.visit_date == evaluation.header.visit_date
    assert "fracture clinic" in referral.content["objective"]
    assert "No exercise progression" in referral.content["assessment"]
    assert clinic.measures.history(episode.id, "visa-a") == []


def test_lower_limb_patients_are_followed_with_lefs_and_named_psfs_activities(clinic, admin):
    clinic.demo.load(admin)
    for last_name in LOWER_LIMB_PATIENTS:
        episode = episode_of(clinic, last_name)
        [evaluation] = notes_of(episode, NoteKind.EVALUATION)
        assert evaluation.template_id == "general-lower-extremity"
        onset = only(clinic, last_name).intake.onset_date
        assert evaluation.content["onset_date"] == onset.isoformat()
        assert clinic.measures.history(episode.id, "lefs")
        psfs = clinic.measures.history(episode.id, "psfs")
        assert psfs and all(len(r.activities) == 3 for r in psfs)
    changes = clinic.measures.first_and_last(episode_of(clinic, "Fischer").id)
    assert {c.measure_id for c in changes if c.passes_mcid} == {"lefs", "psfs", "nprs"}


def test_the_discharged_patient_has_a_signed_discharge_summary(clinic, admin):
    clinic.demo.load(admin)
    episode = episode_of(clinic, "Novák")
    assert episode.status is EpisodeStatus.DISCHARGED and only(clinic, "Novák").archived
    [summary] = notes_of(episode, NoteKind.DISCHARGE)
    assert summary.is_signed and clinic.notes.verify_signature(summary.id)
    assert summary.header.visit_date == episode.closed_on
    outcomes = {line.measure: line for line in outcome_lines(summary.content)}
    lefs = next(line for name, line in outcomes.items() if "LEFS" in name)
    assert (lefs.first_score, lefs.last_score, lefs.passes_mcid) == (44, 77, True)
    assert [(g.text, g.status) for g in goals_from(summary.content)] == [
        ("Run trails again without the ankle giving way.", "met")]
    assert clinic.episodes.due(episode) == []


@pytest.mark.parametrize("days_later", range(7))
def test_every_chart_date_is_a_weekday_inside_its_episode_and_not_after_today(
        tmp_path, clock, days_later):
    clock.now += timedelta(days=days_later)
    clinic = Clinic(tmp_path / "clinic.db", clock=clock)
    clinic.demo.load(clinic.builtin_administrator())
    today = clock().date()
    episodes = all_episodes(clinic)
    assert len(episodes) == len(ACHILLES_PATIENTS) + len(LOWER_LIMB_PATIENTS)
    for episode in episodes:
        end = episode.closed_on or today
        days = [n.header.visit_date for n in episode.notes] + [
            r.taken_on for r in clinic.measures.history(episode.id)]
        assert all(episode.opened_on <= day <= end <= today for day in days), episode.title
        assert all(day.weekday() < 5 or day == today for day in days), episode.title
    clinic.close()


def chart_snapshot(clinic):
    """Everything the charts say, apart from uids and the moment they were written."""
    def said(content):
        return {**{k: v for k, v in content.items() if k != "outcomes"},
                "outcomes": outcome_lines(content)}

    return [(e.title, e.opened_on, e.closed_on, e.status,
             [(n.kind, n.header, said(n.content), n.status, [a.body for a in n.addenda])
              for n in e.notes],
             [(r.measure_id, r.taken_on, r.answers, r.activities, r.in_error)
              for r in clinic.measures.history(e.id)])
            for e in all_episodes(clinic)]


def test_the_same_day_gives_the_same_charts(tmp_path, clock):
    def build(name):
        clinic = Clinic(tmp_path / name, clock=clock)
        clinic.demo.load(clinic.builtin_administrator(), patients=30, seed=3)
        charts = chart_snapshot(clinic)
        clinic.close()
        return charts

    assert build("a.db") == build("b.db")


def test_loading_again_charts_nobody_twice(clinic, admin):
    clinic.demo.load(admin)
    before = chart_snapshot(clinic)
    clinic.demo.load(admin, patients=30)
    assert chart_snapshot(clinic) == before


def test_a_small_demo_charts_only_the_patients_it_registers(clinic, admin):
    clinic.demo.load(admin, patients=3)
    assert {e.title.split(",")[0] for e in all_episodes(clinic)} == {
        "Right Achilles midportion tendinopathy", "Left insertional Achilles tendinopathy",
        "Both Achilles tendinopathy after ciprofloxacin"}


def test_the_bulk_demo_charts_no_synthetic_patient(tmp_path, capsys):
    path = tmp_path / "bulk.db"
    assert run(["demo", "--db", str(path), "--patients", "40", "--seed", "2"]) == 0
    clinic = Clinic(path)
    charted = {e.patient_id for e in all_episodes(clinic)}
    hand_written = {only(clinic, p["last_name"]).id for p in DEMO_PATIENTS}
    assert clinic.patients.count(include_archived=True) == 40
    assert charted and charted <= hand_written
    clinic.close()
