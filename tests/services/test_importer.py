"""CSV import: all rows checked first, problems by line and column, then all or nothing."""

import csv
import io
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from keystone_desk.domain.bulk import RowsRejectedError
from keystone_desk.domain.intake import Answer, RedFlag, Sex
from keystone_desk.services.importer import KNOWN_COLUMNS, REQUIRED_COLUMNS, ImportFileError

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "patients.csv"
HEADER = "first_name,last_name,date_of_birth,sex,phone,email"


def csv_bytes(*lines: str, bom: bool = False) -> bytes:
    return (("\ufeff" if bom else "") + "\n".join(lines) + "\n").encode()


def problems_of(raised):
    return [(p.row, p.field) for p in raised.value.problems]


def audit_count(clinic):
    return clinic.db.execute("SELECT count(*) FROM audit_events").fetchone()[0]


def test_clean_file_is_imported_with_every_field(clinic, admin):
    data = csv_bytes(
        HEADER + ",chief_complaint,side,pain_now,pain_worst,weekly_running_km,red_flags,"
                 "consent_to_treat",
        'Łukasz,Wiśniewski,1986-04-17,male,(555) 010-4417,lw@example.com,"Achilles, right",'
        "right,3,6,55,,yes",
        "Kwame,Mensah,1980-06-21,male,555 013 6621,,Heard a pop,left,4,7,5,"
        '"pop_or_snap; cannot rise on toes",yes',
    )
    report = clinic.importer.import_bytes(admin, data)
    assert report.imported == 2 and not report.duplicates and len(report.created) == 2
    lukasz, kwame = (clinic.patients.get(pid).intake for pid in report.created)
    assert lukasz.mobile_phone == "(555) 010-4417" and lukasz.chief_complaint == "Achilles, right"
    assert lukasz.weekly_running_km == 55 and lukasz.consent_to_treat
    assert kwame.red_flags == {RedFlag.POP_OR_SNAP, RedFlag.CANNOT_RISE_ON_TOES}
    assert kwame.email == ""


def test_blank_red_flag_and_medication_cells_are_not_asked_never_no(clinic, admin):
    flags = [flag.value for flag in RedFlag]
    data = csv_bytes(
        HEADER + ",fluoroquinolone,corticosteroid_injection," + ",".join(flags),
        "Ana,Lopes,1990-03-01,female,555 010 1111,,no,,yes,no,,No,N,0",
    )
    report = clinic.importer.import_bytes(admin, data)
    ana = clinic.patients.get(report.created[0]).intake
    assert ana.fluoroquinolone is Answer.NO
    assert ana.corticosteroid_injection is Answer.NOT_ASKED
    assert ana.red_flags == {RedFlag.POP_OR_SNAP}
    assert ana.red_flags_denied == {RedFlag.CANNOT_RISE_ON_TOES, RedFlag.FEVER_UNWELL,
                                    RedFlag.NIGHT_PAIN, RedFlag.WEIGHT_LOSS}
    assert ana.red_flags_not_asked == [RedFlag.CALF_SWELLING]


def test_red_flags_none_records_a_screen_with_every_answer_no(clinic, admin):
    data = csv_bytes(HEADER + ",red_flags", "Ana,Lopes,1990-03-01,female,555 010 1111,,None",
                     "Rui,Costa,1980-01-01,male,555 010 3333,,")
    ana, rui = (clinic.patients.get(pid).intake
                for pid in clinic.importer.import_bytes(admin, data).created)
    assert ana.red_flag_screen_done and not ana.red_flags
    assert rui.red_flags_not_asked == list(RedFlag)


def test_red_flags_list_and_a_flag_column_may_not_contradict(clinic, admin):
    data = csv_bytes(HEADER + ",night_pain,red_flags",
                     "Ana,Lopes,1990-03-01,female,555 010 1111,,no,night_pain",
                     "Rui,Costa,1980-01-01,male,555 010 3333,,yes,none",
                     "Eva,Dias,1985-01-01,female,555 010 4444,,yes,night_pain")
    with pytest.raises(RowsRejectedError) as raised:
        clinic.importer.import_bytes(admin, data)
    assert problems_of(raised) == [(2, "red_flags"), (3, "red_flags")]
    assert "night_pain is yes but its own column says no" in raised.value.problems[0].message
    assert clinic.patients.count() == 0


_examples = itertools.count(1)
ANSWER_CELLS = {Answer.YES: ["yes", "Y", "x", "1"], Answer.NO: ["no", "N", "0", "false"],
                Answer.NOT_ASKED: ["", " ", "not asked"]}


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(st.sampled_from(list(Answer)), min_size=8, max_size=8),
       listed=st.booleans(), data=st.data())
def test_any_mix_of_answer_cells_imports_as_those_answers(clinic, admin, answers, listed, data):
    questions = ["fluoroquinolone", "corticosteroid_injection", *(f.value for f in RedFlag)]
    cells = [data.draw(st.sampled_from(ANSWER_CELLS[a])) for a in answers]
    # The yes flags may be listed in red_flags instead, their own cells then left blank.
    yes_flags = [q for q, a in zip(questions[2:], answers[2:], strict=True) if a is Answer.YES]
    if listed:
        cells[2:] = ["" if q in yes_flags else c for q, c in zip(questions[2:], cells[2:],
                                                                 strict=True)]
    first = "".join(chr(ord("a") + int(d)) for d in str(next(_examples))).title()
    row = [first, "Lopes", "1990-03-01", "female", "555 010 1111", "", *cells,
           ";".join(yes_flags) if listed else ""]
    out = io.StringIO()
    csv.writer(out).writerows([[*COLUMNS, *questions, "red_flags"], row])
    report = clinic.importer.import_bytes(admin, out.getvalue().encode())
    intake = clinic.patients.get(report.created[0]).intake
    assert intake.first_name == first
    got = [intake.fluoroquinolone, intake.corticosteroid_injection,
           *(intake.red_flag_answer(f) for f in RedFlag)]
    assert got == answers


def test_the_documented_example_file_imports_cleanly(clinic, admin):
    report = clinic.importer.import_file(admin, EXAMPLE)
    assert report.imported == 4 and clinic.patients.count() == 4


def test_imports_are_audited_with_the_file_name(clinic, admin, tmp_path):
    path = tmp_path / "from-old-system.csv"
    path.write_bytes(csv_bytes(HEADER, "Ana,Lopes,1990-03-01,female,555 010 1111,"))
    report = clinic.importer.import_file(admin, path)
    events = clinic.db.execute(
        "SELECT action, entity, patient_id, user_id, detail FROM audit_events").fetchall()
    assert events == [("create", "patient", report.created[0], admin.id,
                       "import from-old-system.csv")]


def test_every_bad_row_is_reported_by_line_and_column_and_nothing_is_written(clinic, admin):
    clinic.patients.register_many(admin, [{
        "first_name": "Already", "last_name": "Here", "date_of_birth": "1970-01-01",
        "sex": "female", "mobile_phone": "555 010 0000"}])
    before = (clinic.patients.count(include_archived=True), audit_count(clinic))
    data = csv_bytes(
        HEADER + ",pain_now,pain_worst",
        "Good,Row,1990-01-01,female,555 010 1111,good@example.com,,",   # line 2: fine
        "Ana,Lopes,1990-13-01,female,555 010 1111,ana@example.com,3,2",  # line 3
        ",Silva,1990-01-01,f,,bad-email,,",  # line 4
        "Good,Again,1991-01-01,male,555 010 2222,,,",  # line 5: fine
        "Rui,Costa,1980-01-01,male,555 010 3333,,,,extra",  # line 6: too many cells
        "João,Santos,2099-01-01,male,12,,11,",  # line 7
    )
    with pytest.raises(RowsRejectedError) as raised:
        clinic.importer.import_bytes(admin, data)
    assert problems_of(raised) == [
        (3, "date_of_birth"), (3, "pain_worst"),
        (4, "first_name"), (4, "sex"), (4, "phone"), (4, "email"),
        (6, ""),
        (7, "date_of_birth"), (7, "phone"), (7, "pain_now"),
    ]
    assert all(p.message for p in raised.value.problems)
    assert (clinic.patients.count(include_archived=True), audit_count(clinic)) == before


def test_duplicates_of_registered_patients_and_repeated_lines_are_reported(clinic, admin):
    clinic.importer.import_bytes(admin, csv_bytes(HEADER, "Ana,Lopes,1990-03-01,female,"
                                                          "555 010 1111,"))
    report = clinic.importer.import_bytes(admin, csv_bytes(
        HEADER,
        "ANA,LOPES,1990-03-01,female,555 010 1111,",  # line 2: registered
        "Bea,Lopes,1991-03-01,female,555 010 1111,",  # line 3: new
        "",
        "bea,lopes,1991-03-01,female,555 010 9999,",  # line 5: repeats line 3
    ))
    assert report.imported == 1
    assert [(d.line, d.reason) for d in report.duplicates] == [
        (2, "already registered as patient #1"), (5, "repeats line 3")]
    assert clinic.patients.count() == 2


def test_byte_order_mark_and_spreadsheet_style_headers_are_accepted(clinic, admin):
    data = csv_bytes("First name,Last Name,Date of birth,Sex,Phone,Email",
                     "Zoë,Fischer,1998-11-30,female,+44 7700 900412,zoe@example.com", bom=True)
    assert clinic.importer.import_bytes(admin, data).imported == 1
    assert clinic.patients.search("zoe")[0].first_name == "Zoë"


def test_semicolon_separated_files_from_european_spreadsheets_are_accepted(clinic, admin):
    data = csv_bytes(HEADER.replace(",", ";"), "Søren;Østergaard;05/03/1994;male;555 016 4410;")
    report = clinic.importer.import_bytes(admin, data)
    assert report.imported == 1
    assert clinic.patients.get(report.created[0]).intake.date_of_birth.isoformat() == "1994-03-05"


def test_unknown_repeated_and_missing_columns_are_reported_on_line_one(clinic, admin):
    data = csv_bytes("first_name,last_name,dob,sex,phone,mobile_phone,shoe_size",
                     "Ana,Lopes,1990-03-01,female,555 010 1111,,42")
    with pytest.raises(RowsRejectedError) as raised:
        clinic.importer.import_bytes(admin, data)
    assert problems_of(raised) == [(1, "dob"), (1, "mobile_phone"), (1, "shoe_size"),
                                   (1, "date_of_birth"), (1, "email")]
    assert clinic.patients.count() == 0


def test_the_minimum_header_imports_and_a_missing_sex_is_recorded_as_undisclosed(clinic, admin):
    data = csv_bytes("first_name,last_name,date_of_birth,phone,email",
                     "Ana,Lopes,1990-03-01,555 010 1111,",
                     "Bea,Costa,1988-07-12,555 010 2222,bea@example.com")
    report = clinic.importer.import_bytes(admin, data)
    assert report.imported == 2 and report.sex_undisclosed == 2
    assert {clinic.patients.get(pid).intake.sex for pid in report.created} == {Sex.UNDISCLOSED}


def test_only_imported_rows_with_a_blank_sex_are_counted_as_undisclosed(clinic, admin):
    clinic.importer.import_bytes(admin, csv_bytes(HEADER, "Ana,Lopes,1990-03-01,,555 010 1111,"))
    report = clinic.importer.import_bytes(admin, csv_bytes(
        HEADER, "Ana,Lopes,1990-03-01,,555 010 1111,",  # already registered: skipped
        "Bea,Costa,1988-07-12,female,555 010 2222,", "Cy,Dias,1979-01-30, ,555 010 3333,"))
    assert report.imported == 2 and report.sex_undisclosed == 1 and len(report.duplicates) == 1


def test_a_name_with_a_line_break_in_its_cell_is_refused(clinic, admin):
    data = csv_bytes(HEADER, '"Ana\nMaria",Lopes,1990-03-01,female,555 010 1111,')
    with pytest.raises(RowsRejectedError) as raised:
        clinic.importer.import_bytes(admin, data)
    assert problems_of(raised) == [(2, "first_name")]
    assert "line break" in raised.value.problems[0].message and clinic.patients.count() == 0


def test_every_documented_column_is_accepted(clinic, admin):
    assert set(REQUIRED_COLUMNS) <= set(KNOWN_COLUMNS)
    header = ",".join(KNOWN_COLUMNS)
    values = {"first_name": "Ana", "last_name": "Lopes", "date_of_birth": "1990-03-01",
              "sex": "female", "phone": "555 010 1111"}
    row = ",".join(values.get(column, "") for column in KNOWN_COLUMNS)
    assert clinic.importer.import_bytes(admin, csv_bytes(header, row)).imported == 1


def test_quoted_cells_spanning_lines_keep_line_numbers_right(clinic, admin):
    data = csv_bytes(HEADER + ",goals",
                     'Ana,Lopes,1990-03-01,female,555 010 1111,,"Run again.',
                     'Soon."',
                     "Bea,Lopes,not a date,female,555 010 1111,,")
    with pytest.raises(RowsRejectedError) as raised:
        clinic.importer.import_bytes(admin, data)
    assert problems_of(raised) == [(4, "date_of_birth")]


def test_files_that_are_not_utf8_csv_are_refused_plainly(clinic, admin, tmp_path):
    with pytest.raises(RowsRejectedError) as raised:
        clinic.importer.import_bytes(admin, HEADER.encode() + b"\nJos\xe9,Lopes\n")
    assert problems_of(raised) == [(2, "")] and "UTF-8" in raised.value.problems[0].message
    with pytest.raises(RowsRejectedError):
        clinic.importer.import_bytes(admin, b"")
    with pytest.raises(ImportFileError):
        clinic.importer.import_file(admin, tmp_path / "missing.csv")


def test_dry_run_checks_everything_and_writes_nothing(clinic, admin):
    report = clinic.importer.import_bytes(
        admin, csv_bytes(HEADER, "Ana,Lopes,1990-03-01,female,555 010 1111,"), dry_run=True)
    assert report.dry_run and report.imported == 1 and report.created == ()
    assert clinic.patients.count() == 0 and audit_count(clinic) == 0


# Each column gets either arbitrary text or a value that is valid there, so examples both import
# and fail.
GOOD = {"first_name": "Ana", "last_name": "Lopes", "date_of_birth": "1990-03-01", "sex": "female",
        "phone": "555 010 1111", "email": "ana@example.com", "pain_now": "3",
        "onset_date": "2020-01-01", "red_flags": "night_pain", "consent_to_treat": "yes"}
COLUMNS = HEADER.split(",")


def cell(column):
    return st.one_of(st.text(max_size=30), st.just(GOOD[column]))


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extra=st.sampled_from(["", "pain_now", "onset_date", "red_flags", "consent_to_treat"]),
       data=st.data())
def test_importer_never_crashes_on_any_cell_text(clinic, admin, extra, data):
    columns = COLUMNS + ([extra] if extra else [])
    rows = data.draw(st.lists(st.tuples(*(cell(c) for c in columns)), min_size=1, max_size=4))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    before = (clinic.patients.count(include_archived=True), audit_count(clinic))
    try:
        report = clinic.importer.import_bytes(admin, out.getvalue().encode())
    except RowsRejectedError as exc:
        event("rejected")
        assert exc.problems and all(p.message for p in exc.problems)
        assert (clinic.patients.count(include_archived=True), audit_count(clinic)) == before
    else:
        event("imported")
        assert clinic.patients.count(include_archived=True) == before[0] + report.imported
        assert audit_count(clinic) == before[1] + report.imported
