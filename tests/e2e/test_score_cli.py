"""`keystone-desk score MEASURE ITEM=VALUE ...` end to end: JSON out, refusals, no database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from keystone_desk.app import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ["1=7", "2=6", "3=8", "4=8", "5=6", "6=5", "7=4", "8B=10"]


def score(capsys, *args):
    code = main(["score", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_the_visa_a_worked_example_scores_54(capsys):
    code, out, err = score(capsys, "visa-a", *EXAMPLE)
    assert code == 0 and err == ""
    assert out["measure"] == "visa-a" and out["score"] == 54 and out["problems"] == []
    assert (out["min"], out["max"], out["direction"]) == (0, 100, "higher_is_better")
    assert out["mcid"] == 14 and "Orthop Sports Phys Ther" in out["mcid_source"]
    assert out["valid"] is True and out["answers"]["8B"] == 10


def test_measure_and_items_ignore_case(capsys):
    code, out, _ = score(capsys, "VISA-A", *EXAMPLE[:-1], "8b=10")
    assert code == 0 and out["score"] == 54


def test_psfs_prints_the_exact_mean_and_the_rounded_display(capsys):
    code, out, _ = score(capsys, "psfs", "1=4", "2=5", "3=7")
    assert code == 0
    assert out["score"] == pytest.approx(16 / 3) and out["display"] == "5.3"
    assert out["exact"] == "16/3" and out["mcid"] == 2


def test_an_incomplete_form_prints_a_null_score_and_why(capsys):
    code, out, err = score(capsys, "lefs", *[f"{n}=3" for n in range(1, 20)])
    assert code == 0 and err == ""  # no score is a valid answer, not a failure
    assert out["score"] is None and out["display"] is None
    assert out["valid"] is False
    assert out["reason"] == ("Not complete: item 20 is not answered. No score: LEFS is scored "
                             "with no item unanswered.")
    assert "Item 20 is not answered." in out["problems"]


@pytest.mark.parametrize(("args", "reason"), [
    (["lefs", "1=3", "2=3"], "Not complete: items 3 to 20 are not answered."),
    (["visa-a", *EXAMPLE[:-1]], "Not complete: item 8 is not answered."),
    (["visa-a", "1=7", "3=8", "5=6", "6=5", "7=4", "8B=10"],
     "Not complete: items 2 and 4 are not answered."),
    (["nprs"], "Not complete: item 1 is not answered."),
    (["psfs"], "PSFS needs at least 3 answered items for a score; 0 are."),
])
def test_every_unscored_form_says_valid_false_and_why(capsys, args, reason):
    code, out, _ = score(capsys, *args)
    assert code == 0 and out["score"] is None
    assert out["valid"] is False and out["reason"].startswith(reason)


def test_a_scored_form_is_valid_with_no_reason(capsys):
    _, out, _ = score(capsys, "visa-a", *EXAMPLE)
    assert out["valid"] is True and out["reason"] is None


# Words of the people who wrote the measure files, not of the clinician reading a score.
REMARKS = ("not checked", "could be confirmed", "not verified", "verified", "todo", "fixme",
           "we use", "add `points`", "re-read", "clinical brief", "shown without")


@pytest.mark.parametrize("measure", ["visa-a", "nprs", "lefs", "psfs", "atrs"])
def test_the_output_holds_no_internal_remarks(capsys, measure):
    code = main(["score", measure, "1=3"])
    out = capsys.readouterr().out
    assert code in (0, 1) and json.loads(out)["measure"] == measure
    found = [remark for remark in REMARKS if remark in out.casefold()]
    assert found == [], out


def test_atrs_has_no_mcid_on_record(capsys):
    code, out, _ = score(capsys, "atrs", *[f"{n}=10" for n in range(1, 11)])
    assert code == 0 and out["score"] == 100 and out["mcid"] is None


@pytest.mark.parametrize(("args", "message"), [
    (["visa-a", *EXAMPLE[:-1], "8B=10", "8A=7"],
     "Question 8: answer only one of 8A, 8B or 8C, but 8A and 8B are answered."),
    (["visa-a", *EXAMPLE[:-2], "7=5", "8B=10"], "Item 7: 5 is not one of its answers"),
    (["lefs", "1=5"], "Item 1: 5 is not one of its answers (a whole number from 0 to 4)."),
    (["nprs", "1=-1"], "Item 1: -1 is not one of its answers"),
    (["nprs", "1=2.5"], "Item 1: 2.5 is not one of its answers"),
    (["visa-a", *EXAMPLE, "9=3"], "VISA-A has no item '9'"),
])
def test_invalid_answers_exit_1_with_the_reason(capsys, args, message):
    code, out, err = score(capsys, *args)
    assert code == 1
    assert message in err and "no score" in err
    assert err.count(message) == 1
    assert out["score"] is None and out["valid"] is False and out["problems"]
    assert out["reason"] == f"Not a valid {out['measure'].upper()}: " + err.splitlines()[0][15:]


@pytest.mark.parametrize(("args", "message"), [
    (["koos", "1=2"], "there is no outcome measure 'koos'; choose one of visa-a, nprs, lefs"),
    (["visa-a", "8B"], "'8B' is not ITEM=VALUE (for example 3=8 or 8B=10)."),
    (["visa-a", "=3"], "'=3' is not ITEM=VALUE"),
    (["visa-a", "8B="], "'8B=' is not ITEM=VALUE"),
    (["visa-a", "8B=ten"], "'8B=ten': the value must be a number"),
    (["visa-a", "1=7", "1=8"], "'1=8': item 1 is given more than once."),
])
def test_a_wrong_command_line_exits_2_and_scores_nothing(capsys, args, message):
    code, out, err = score(capsys, *args)
    assert code == 2 and out is None
    assert message in err


def test_the_installed_command_needs_no_database_and_no_qt(tmp_path):
    env = {**os.environ, "KEYSTONE_DESK_DB": str(tmp_path / "never-created.db")}
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("DISPLAY", None)
    code = ("import sys, json; from keystone_desk.app import main; "
            f"rc = main(['score', 'visa-a', {', '.join(repr(a) for a in EXAMPLE)}]); "
            "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt loaded'; "
            "sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["score"] == 54
    assert not (tmp_path / "never-created.db").exists()
