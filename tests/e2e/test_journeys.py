"""Journeys through the signed-in app, one per role, on the demo clinic.

Each test starts the app's own sign-in (`SignInFlow`, as `ui.application.run` does) on a copy of
the demo clinic, signs in with a demo user's published name and password, and drives the real main
window by what is on screen: menus and buttons by their words, inputs by their labels, rows by what
they show. No window is handed a plain `Clinic`. Message boxes, modal dialogs, file choosers and the
print preview are answered at the boundary (journey_driver); any unexpected-error dialog, any
uncaught exception in a slot and any question or refusal nobody expected fails the journey.

The demo clinic is built once per session (about a second) into a template file; each journey works
on its own copy. `KEYSTONE_DESK_SCREENSHOTS=1 uv run pytest tests/e2e/test_journeys.py` also saves
the README's pictures of the signed evaluation and the co-signature queue into docs/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QRadioButton,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from keystone_desk.services.demo_users import DEMO_USERS, DemoUser
from tests.conftest import FakeClock

from .journey_driver import Journey, build_demo_template, copy_database
from .journey_widgets import (
    button,
    everything_shown,
    field,
    has_button,
    is_read_only,
    label_with,
    offers_action,
    rows,
    shows,
    texts,
    top_windows,
    views,
    window_titled,
)

USERS = {user.username: user for user in DEMO_USERS}
ADMIN: DemoUser = USERS["admin"]
THERAPIST: DemoUser = USERS["maria.lopez"]
ASSISTANT: DemoUser = USERS["sam.okafor"]
FRONT_DESK: DemoUser = USERS["jordan.reyes"]


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo-clinic.db"
    build_demo_template(path, FakeClock())
    return path


@pytest.fixture
def journey(qtbot, monkeypatch, tmp_path: Path, demo_template: Path) -> Iterator[Journey]:
    database = copy_database(demo_template, tmp_path / "clinic.db")
    made = Journey(qtbot, monkeypatch, database, tmp_path / "settings.ini", FakeClock())
    yield made
    made.close()
    made.check()
    assert not made.unanswered(), f"prepared answers never asked for: {made.unanswered()}"


def tabs(journey: Journey) -> QTabWidget:
    found = journey.window.centralWidget()
    assert isinstance(found, QTabWidget)
    return found


def tab_titles(journey: Journey) -> list[str]:
    return [tabs(journey).tabText(i) for i in range(tabs(journey).count())]


def click_tab(journey: Journey, title: str) -> None:
    bar = tabs(journey).tabBar()
    index = tab_titles(journey).index(title)
    journey.qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs(journey).currentIndex() == index


def search(journey: Journey, words: str) -> list[str]:
    """Type into Search patients (Ctrl+F first, as the README says) and read the list."""
    window = journey.window
    journey.key(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    box = field(window, "Search patients")
    journey.retype(box, words)
    return rows(views(window, "Patients"))


def test_front_desk_registers_finds_and_reprints_without_seeing_clinical_records(journey):
    window = journey.sign_in(FRONT_DESK)
    assert shows(window, "Signed in: Jordan Reyes (front desk)")

    # Register a patient from the intake form, by its labels; Save keeps the desk on the list.
    journey.trigger("New patient")
    form = window_titled("New patient")
    for label, typed in (("Legal first name *", "Renée"), ("Legal last name *", "Dvořák"),
                         ("Date of birth *", "14/03/1985"), ("Sex *", "Female"),
                         ("Mobile phone †", "(555) 201-4455")):
        journey.type_into(field(form, label), typed, leave=True)
    assert has_button(form, "Save and open chart")
    journey.click(form, "Save")
    assert not form.isVisible()
    assert tab_titles(journey) == ["Patients"], "Save alone opened a chart"

    # Find by part of the name, typed plainly; then the demo's Łukasz as "lukasz".
    assert any("Dvořák, Renée" in row for row in search(journey, "dvor"))
    assert any("Dvořák, Renée" in row for row in search(journey, "renee"))
    [lukasz] = search(journey, "lukasz")
    assert "Wiśniewski, Łukasz" in lukasz

    # His chart: who he is, never his notes, scores or episodes' notes.
    journey.key(field(window, "Search patients"), Qt.Key.Key_Return)
    assert tab_titles(journey) == ["Patients", "Wiśniewski, Łukasz"]
    chart = tabs(journey).currentWidget()
    seen = everything_shown(chart)
    assert "Wiśniewski" in seen
    for clinical in ("marathon build", "heel cup", "VISA-A", "Initial evaluation", "Daily note",
                     "Episodes of care", "Home program"):
        assert clinical not in seen, f"the front desk sees {clinical!r} in the chart"
    assert not offers_action(window, "New evaluation…")

    # Reprint his current home program from the list: Ctrl+P shows the preview first.
    click_tab(journey, "Patients")
    journey.key(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    [printed] = journey.printed
    assert printed.dialog == "preview"
    assert printed.title == "Print preview — Home program for Wiśniewski, Łukasz, version 1"
    assert printed.document_name == "Home program for Wiśniewski, Łukasz, version 1"
    assert printed.pages_previewed == len(printed.pdf_text) >= 2
    assert "Handed out 27 Nov 2026, 15:30 by Maria Lopez · 3 pages" in printed.words
    assert "Wiśniewski" in printed.pdf_text[0]


# --- the therapist -----------------------------------------------------------------------------

DOCS = Path(__file__).resolve().parents[2] / "docs"
SCREENSHOTS_ENV = "KEYSTONE_DESK_SCREENSHOTS"
THOMPSON = "Thompson / Simmonds squeeze test"
HEEL_RAISE = "Single-leg heel raise (reps)"


def open_chart(journey: Journey, words: str) -> QWidget:
    """Find the patient with Search patients and press Enter: their chart comes forward."""
    search(journey, words)
    journey.key(field(journey.window, "Search patients"), Qt.Key.Key_Return)
    return tabs(journey).currentWidget()


def sign_when_asked(journey: Journey, credentials: str = "PT, DPT") -> None:
    """The signing dialog, answered as the person does: credentials, then Sign."""
    def sign(dialog: QDialog) -> None:
        assert shows(dialog, f"Signing as {THERAPIST.display_name}")
        journey.retype(field(dialog, "Credentials"), credentials)
        journey.click(dialog, "Sign")

    journey.on_dialog(sign)


def start_new_episode(journey: Journey, chart: QWidget, title: str, side: str) -> None:
    journey.click(chart, "New episode…")
    dialog = _child_dialog(chart, "New episode of care")
    journey.retype(field(dialog, "Title"), title)
    journey.type_into(field(dialog, "Condition"), "Achilles midportion tendinopathy")
    journey.pick(field(dialog, "Side"), side)
    journey.click(dialog, "Start episode")
    assert not dialog.isVisible()


def _child_dialog(root: QWidget, title: str) -> QDialog:
    found = [d for d in root.findChildren(QDialog) if d.isVisible() and d.windowTitle() == title]
    assert len(found) == 1, f"{len(found)} dialogs titled {title!r} are open"
    return found[0]


def test_therapist_evaluates_signs_amends_and_exports_a_new_episode(journey, tmp_path):
    window = journey.sign_in(THERAPIST)
    chart = open_chart(journey, "whitfield")
    episodes = views(chart, "Episodes of care")
    # Issue 8's first report: New evaluation… on her episode crashed. Now it asks, and she backs out.
    journey.click_row(episodes, "Right Achilles midportion tendinopathy")
    journey.expect_box("New evaluation", "Cancel")
    journey.click(chart, "New evaluation…")
    assert "already has an initial evaluation" in journey.boxes[-1].text

    # A new episode for the other heel, then its initial evaluation on the Achilles template.
    start_new_episode(journey, chart, "Left Achilles pain, Nov 2026", "Left")
    journey.click(chart, "New evaluation…")
    choose = _child_dialog(chart, "New evaluation")
    assert "Achilles" in field(choose, "Template").currentText()
    journey.click(choose, "Start evaluation")
    editor = window_titled("Initial evaluation — Whitfield")

    # Heel raises with a deficit on the involved left: the LSI and its flag show as typed.
    heel_raise = field(editor, HEEL_RAISE)
    journey.type_into(field(heel_raise, "Left"), "12", leave=True)
    journey.type_into(field(heel_raise, "Right"), "25", leave=True)
    assert shows(heel_raise, "48 %") and shows(heel_raise, "⚠ Under 90 %")
    assert not shows(editor, "⚠ Refer")

    # Thompson positive on the left: the Refer banner, with its reason.
    journey.click(field(field(editor, THOMPSON), "Left"), "Positive")
    banner = label_with(editor, "Refer")
    assert "Possible Achilles rupture" in banner and "positive on the left" in banner

    # Sign; afterwards the note refuses edits on screen.
    sign_when_asked(journey)
    journey.click(editor, "Sign…")
    assert shows(editor, f"Signed by {THERAPIST.display_name}")
    assert not has_button(editor, "Save") and not has_button(editor, "Sign…")
    left = field(field(editor, HEEL_RAISE), "Left")
    assert is_read_only(left)
    journey.type_into(left, "9")
    assert left.text() == "12"

    # An addendum, signed; then the PDF with the signer on every page.
    def write_addendum(dialog: QDialog) -> None:
        journey.type_into(field(dialog, "Reason"), "Heel-raise surface not recorded")
        journey.type_into(field(dialog, "Addendum"), "Both heel-raise tests on a flat floor.")
        journey.retype(field(dialog, "Credentials"), "PT, DPT")
        journey.click(dialog, "Sign addendum")

    journey.on_dialog(write_addendum)
    journey.click(editor, "Add addendum…")
    assert shows(editor, "Both heel-raise tests on a flat floor.")
    target = tmp_path / "whitfield-evaluation.pdf"
    journey.choose_file(target)
    journey.click(editor, "Export PDF…")
    pages = [page.extract_text() for page in pypdf.PdfReader(target).pages]
    assert pages
    for number, text in enumerate(pages, start=1):
        assert f"Signed by {THERAPIST.display_name}, PT, DPT" in text, f"page {number}"
        assert f"page {number} of {len(pages)}" in text
    assert "Heel-raise surface not recorded" in "".join(pages)
    screenshot(editor, heel_raise, "evaluation-signed.png")
    assert window.isVisible()


def screenshot(window: QWidget, showing: QWidget, name: str) -> None:
    """The window as the person sees it, scrolled to `showing`. It is painted on every run; with
    KEYSTONE_DESK_SCREENSHOTS=1 it is saved into docs/ for the README."""
    for area in window.findChildren(QScrollArea):
        if area.isAncestorOf(showing):
            area.ensureWidgetVisible(showing, 0, 120)
    QApplication.processEvents()
    picture = window.grab()
    assert not picture.isNull()
    if os.environ.get(SCREENSHOTS_ENV) == "1":
        picture.save(str(DOCS / name))


def select_episode(journey: Journey, chart: QWidget, title: str) -> None:
    journey.click_row(views(chart, "Episodes of care"), title)


@pytest.mark.xfail(strict=True, reason=(
    "issue 8 §3.4 not there yet: copied Objective/Plan are not marked 'copied from <date> — "
    "review' and signing with unedited copied text does not ask first"))
def test_therapist_daily_note_copies_the_last_visit_forward_marked_for_review(journey):
    journey.sign_in(THERAPIST)
    chart = open_chart(journey, "whitfield")
    select_episode(journey, chart, "Right Achilles midportion tendinopathy")
    journey.click(chart, "Daily note")
    editor = window_titled("Daily note — Whitfield")
    objective, plan = field(editor, "Objective"), field(editor, "Plan")
    assert "Heel raise R" in objective.toPlainText() and plan.toPlainText()
    assert field(editor, "Subjective").toPlainText() == ""
    copied = [t for t in texts(editor) if "copied from" in t]
    assert len(copied) == 2 and all("review" in t for t in copied), texts(editor)

    # Edit what changed today; the plan is left as copied, so signing asks first.
    journey.type_into(field(editor, "Subjective"), "Stiffness down to 15 minutes.")
    objective.moveCursor(objective.textCursor().MoveOperation.End)
    journey.type_into(objective, " Today heel raise R 9 / L 15.")
    assert len([t for t in texts(editor) if "copied from" in t]) == 1
    journey.expect_box("", "")  # the person confirms signing with the plan as copied
    sign_when_asked(journey)
    journey.click(editor, "Sign…")
    asked = journey.boxes[-1]
    assert "copied" in f"{asked.title} {asked.text}".lower()
    assert shows(editor, f"Signed by {THERAPIST.display_name}")
    assert "Today heel raise R 9 / L 15." in field(editor, "Objective").toPlainText()


VISA_A_ANSWERS = {"1": 7, "2": 6, "3": 8, "4": 8, "5": 6, "6": 5, "7": 4, "8B": 10}  # 54 / 100


def answer_item(journey: Journey, form: QWidget, item: str, points: int) -> None:
    """Click the answer `points` of the question numbered `item` ("3", "8B")."""
    [label] = [lb for lb in form.findChildren(QLabel) if lb.isVisible() and lb.buddy()
               and lb.text().startswith(f"{item}. ")]
    choice = [b for b in label.buddy().findChildren(QRadioButton)
              if b.text().split()[0] == str(points)]
    assert len(choice) == 1, f"question {item} offers no single answer {points}"
    journey.qtbot.mouseClick(choice[0], Qt.MouseButton.LeftButton,
                             pos=choice[0].rect().center())
    assert choice[0].isChecked()


def test_therapist_records_a_visa_a_and_sees_its_score(journey):
    journey.sign_in(THERAPIST)
    chart = open_chart(journey, "whitfield")
    select_episode(journey, chart, "Right Achilles midportion tendinopathy")
    journey.click(chart, "Outcome measures")
    measures = window_titled("Outcome measures — Right Achilles midportion tendinopathy")
    journey.pick(field(measures, "Measure"), "VISA-A")
    before = len(rows(views(measures, "Results")))
    journey.click(measures, "Record…")
    form = window_titled("Record VISA-A")
    for item, points in VISA_A_ANSWERS.items():
        answer_item(journey, form, item, points)
    assert shows(form, "Score: 54 / 100")
    journey.click(form, "Save")
    assert not form.isVisible()
    results = rows(views(measures, "Results"))
    assert len(results) == before + 1 and any("54" in row for row in results)
    assert shows(measures, "Latest 54 on 27 Nov 2026")


SIX_EXERCISES = ("Heel raise on both legs", "Heel raise on one leg",
                 "Calf hold on one leg, standing", "Bridge: lift your hips", "Stand on one leg",
                 "Calf stretch against a wall, back knee bent")


def test_therapist_builds_a_six_exercise_program_hands_it_out_and_prints_it(journey):
    journey.sign_in(THERAPIST)
    chart = open_chart(journey, "whitfield")
    start_new_episode(journey, chart, "Left Achilles pain, Nov 2026", "Left")
    journey.click(chart, "Home program")
    builder = window_titled("Home program — Whitfield")
    library, program = views(builder, "Exercises"), views(builder, "Exercises in the program")
    box = field(builder, "Search exercises")
    for number, name in enumerate(SIX_EXERCISES, start=1):
        journey.retype(box, name)
        if number % 2:  # the keyboard way: Down to the exercise, Enter adds it
            for _ in range(library.model().rowCount()):
                if str(library.currentIndex().data()).startswith(name):
                    break
                journey.key(box, Qt.Key.Key_Down)
            journey.key(box, Qt.Key.Key_Return)
        else:
            journey.click_row(library, name)
            journey.click(builder, "Add to program")
        journey.qtbot.waitUntil(lambda n=number: len(rows(program)) == n)
    for name, row in zip(SIX_EXERCISES, rows(program), strict=True):
        assert name in row, f"the program lists {row!r} where {name!r} was added"
    journey.click(builder, "Hand to patient")
    assert shows(builder, "Version 1 handed out 27 Nov 2026")
    journey.qtbot.waitUntil(lambda: shows(builder, "Version 1 as handed out"), timeout=20_000)
    assert not shows(builder, "Draft —")

    journey.click(builder, "Print version 1…")
    [printed] = journey.printed
    assert printed.document_name == "Home program for Margaret Whitfield, version 1"
    handout = "\n".join(printed.pdf_text)
    for name in SIX_EXERCISES:
        assert name in handout, f"{name} is not on the handout"
    # The side line follows the exercise: both legs, or the episode's side for one-leg work.
    assert "1  Heel raise on both legs\n Both legs" in handout
    assert "2  Heel raise on one leg\n Left leg" in handout
    assert "Margaret Whitfield, version 1" in printed.title


# --- the assistant, then the therapist who co-signs ----------------------------------------------

AWAITING = "Awaiting co-signature by a therapist"


def action_about(journey: Journey, words: str) -> str:
    """The text of the one offered action whose words include `words` (any case)."""
    offered = [a.text().replace("&", "") for a in journey.window.findChildren(QAction)
               if a.isVisible() and words.lower() in a.text().replace("&", "").lower()]
    assert len(offered) == 1, f"{len(offered)} actions mention {words!r}: {offered}"
    return offered[0]


@pytest.mark.xfail(strict=True, reason=(
    "issue 8 §3.2 not there yet: an assistant is offered New evaluation…, the note editor labels "
    "the author 'Therapist', shows no 'Awaiting co-signature by a therapist', and the main "
    "window has no co-signature queue"))
def test_assistant_writes_a_note_that_waits_for_a_therapists_cosignature(journey):
    journey.sign_in(ASSISTANT)
    chart = open_chart(journey, "whitfield")
    select_episode(journey, chart, "Right Achilles midportion tendinopathy")
    assert not has_button(chart, "New evaluation…") or not button(
        chart, "New evaluation…").isEnabled(), "an assistant may not evaluate"
    journey.click(chart, "Daily note")
    editor = window_titled("Daily note — Whitfield")
    assert field(editor, "Assistant").text() == ASSISTANT.display_name
    journey.type_into(field(editor, "Subjective"), "Walked 3 km to the shops without pain.")
    journey.retype(field(editor, "Objective"), "Double-leg heel raise 3 × 15, pain 2/10.")
    journey.retype(field(editor, "Plan"), "Continue the program; therapist review Friday.")
    journey.click(editor, "Save")
    assert not has_button(editor, "Sign…")
    assert shows(editor, AWAITING)
    journey.click(editor, "Close")
    assert any(AWAITING in row for row in rows(views(chart, "Episodes of care")))

    # The therapist signs in at the same desk and finds the note in the co-signature queue.
    window = journey.switch_user(THERAPIST)
    journey.trigger(action_about(journey, "co-sign"))
    queue = [w for w in top_windows() if "co-sign" in w.windowTitle().lower()]
    assert len(queue) == 1, [w.windowTitle() for w in top_windows()]
    waiting = [v for v in queue[0].findChildren(QAbstractItemView) if v.isVisible()]
    assert len(waiting) == 1
    assert any("Whitfield" in row and "Daily note" in row for row in rows(waiting[0]))
    screenshot(queue[0], waiting[0], "cosign-queue.png")
    journey.click_row(waiting[0], "Whitfield", double=True)
    note = window_titled("Daily note — Whitfield")
    assert "Walked 3 km" in field(note, "Subjective").toPlainText()
    sign_when_asked(journey)
    journey.click(note, "Sign…")
    assert shows(note, f"Signed by {THERAPIST.display_name}")
    journey.qtbot.waitUntil(lambda: not any("Whitfield" in r for r in rows(waiting[0])))
    assert window.isVisible()


# --- the administrator ----------------------------------------------------------------------------

def test_administrator_adds_a_user_reads_and_verifies_the_audit_trail_and_backs_up(
        journey, tmp_path):
    window = journey.sign_in(ADMIN)
    demo_sign_ins = label_with(window, "still have the demo clinic's published passwords")
    assert "admin, jordan.reyes, maria.lopez, sam.okafor" in demo_sign_ins
    assert shows(window, "no backup folder has been chosen")

    # Users…: add a therapist; she can sign in at once.
    def add_user(edit: QDialog) -> None:
        journey.type_into(field(edit, "User name"), "dana.reyes")
        journey.type_into(field(edit, "Display name"), "Dana Reyes")
        journey.pick(field(edit, "Role"), "therapist")
        journey.type_into(field(edit, "Credentials"), "PT, DPT")
        journey.type_into(field(edit, "First password"), "dana-first-password-26")
        journey.click(edit, "Save")

    def manage_users(users: QDialog) -> None:
        assert all(row.endswith("| demo password") for row in rows(views(users, "Users")))
        journey.click(users, "Add user…")
        [dana] = [row for row in rows(views(users, "Users")) if "dana.reyes" in row]
        assert dana.startswith("Dana Reyes | dana.reyes | therapist | PT, DPT")
        assert "demo password" not in dana
        assert shows(users, "Added Dana Reyes.")
        journey.click(users, "Close")

    journey.on_dialog(manage_users)
    journey.on_dialog(add_user)
    journey.trigger("Users…")

    # Audit trail…: the addition is there under the administrator's name; the chain verifies.
    journey.trigger("Audit trail…")
    audit = window_titled("Audit trail")
    journey.pick(field(audit, "User"), ADMIN.display_name)
    entries = views(audit, "Audit entries")
    journey.pick(field(audit, "Action"), "create")

    def only_the_administrators_creations() -> None:
        shown = rows(entries)
        assert shown and all(f"| {ADMIN.display_name} | create |" in row for row in shown)

    journey.qtbot.waitUntil(only_the_administrators_creations)
    assert any("dana.reyes (therapist)" in row for row in rows(entries))
    journey.click(audit, "Verify chain")
    journey.qtbot.waitUntil(lambda: shows(audit, "✔ Intact"), timeout=10_000)
    journey.click(audit, "Close")

    # Backups…: choose a folder, back up now, and the backup is listed.
    folder = tmp_path / "backups"
    folder.mkdir()

    def choose_folder(backups: QDialog) -> None:
        journey.choose_file(folder)
        journey.click(backups, "Choose…")
        assert field(backups, "Backup folder").text() == str(folder)
        journey.click(backups, "Save")

    journey.on_dialog(choose_folder)
    journey.trigger("Backups…")
    assert not shows(window, "no backup folder has been chosen")
    journey.trigger("Back up now")
    journey.qtbot.waitUntil(lambda: "Backed up to" in window.statusBar().currentMessage(),
                            timeout=20_000)
    [made] = folder.glob("*.db")

    def read_list(backups: QDialog) -> None:
        listed = rows(views(backups, "Backups in the folder"))
        assert len(listed) == 1 and made.name in listed[0]
        journey.click(backups, "Cancel")

    journey.on_dialog(read_list)
    journey.trigger("Backups…")


# --- the guard itself ---------------------------------------------------------------------------

def test_an_error_in_a_slot_or_an_unexpected_question_fails_the_journey(journey):
    """The guard is real: the app's own error dialog and an unannounced question both fail."""
    window = journey.sign_in(FRONT_DESK)

    def broken_slot() -> None:
        raise ValueError("a bug in a slot")

    failing = QAction("Broken", window)
    failing.triggered.connect(broken_slot)
    failing.trigger()
    with pytest.raises(pytest.fail.Exception, match=r"(?s)Something went wrong.*ValueError"):
        journey.check()
    assert journey.boxes[-1].title == "Something went wrong"

    from keystone_desk.ui import messages

    assert not messages.confirm(window, "Discard everything?", "Sure?", "Discard")
    with pytest.raises(pytest.fail.Exception, match="unexpected question box 'Discard everything"):
        journey.check()
