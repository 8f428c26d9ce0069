"""The outcome-measure files in resources/measures: every one loads and carries its sources, and a
broken file stops the load naming itself."""

import tomllib
from pathlib import Path

import pytest

from keystone_desk.content.measures import (
    MeasureCatalog,
    MeasureDefinitionError,
    default_measures_dir,
)
from keystone_desk.domain.errors import NotFoundError

ROOT = Path(__file__).resolve().parents[2]
MEASURES = ROOT / "resources" / "measures"
FILES = sorted(MEASURES.glob("*.toml"))


def test_the_catalog_finds_the_repositorys_measures():
    assert default_measures_dir() == MEASURES
    assert MeasureCatalog.load().ids() == ["visa-a", "nprs", "lefs", "psfs", "atrs"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_file_loads_and_is_named_after_its_id(path):
    definition = MeasureCatalog.load(MEASURES).get(path.stem)
    assert definition.id == path.stem and definition.name and definition.citation


def test_measure_ids_and_short_names_are_unique():
    catalog = list(MeasureCatalog.load())
    assert len({d.id for d in catalog}) == len({d.short_name.casefold() for d in catalog}) == 5


def test_measures_are_found_by_id_or_short_name_in_any_case():
    catalog = MeasureCatalog.load()
    assert catalog.get("VISA-A") is catalog.get("visa-a")
    with pytest.raises(NotFoundError, match="no outcome measure 'koos'"):
        catalog.get("koos")


@pytest.mark.parametrize("definition", list(MeasureCatalog.load()), ids=lambda d: d.id)
def test_every_item_has_a_valid_scale_with_worded_ends(definition):
    assert definition.items
    for item in definition.items:
        points = item.scale.points
        assert list(points) == sorted(set(points)) and len(points) >= 2
        anchored = {a.value for a in item.scale.anchors}
        assert anchored <= set(points)
        assert {points[0], points[-1]} <= anchored, f"item {item.id}: word both ends"
        assert item.text.strip()


@pytest.mark.parametrize("definition", list(MeasureCatalog.load()), ids=lambda d: d.id)
def test_every_file_has_an_mcid_source_a_licence_note_and_its_checks(definition):
    assert len(definition.mcid.source) > 40
    assert len(definition.licence) > 40
    assert definition.verification, "record what was checked, and where"
    for check in definition.verification:
        assert check.claim and check.source and check.status


def test_unverified_rules_are_the_conservative_ones():
    catalog = MeasureCatalog.load()
    for measure_id in ("lefs", "atrs"):
        definition = catalog.get(measure_id)
        assert definition.scoring.max_missing == 0
        assert any("not verified" in c.status for c in definition.verification)
    assert catalog.get("atrs").mcid.points is None  # no MCID found: no judgement made


def test_visa_a_question_8_is_one_group_of_three():
    visa_a = MeasureCatalog.load().get("visa-a")
    assert [g.items for g in visa_a.groups] == [("8A", "8B", "8C")]
    points = {i.id: i.scale.points for i in visa_a.items}
    assert points["7"] == (0, 4, 7, 10)
    assert points["8A"] == (0, 7, 14, 21, 30)
    assert points["8B"] == (0, 4, 10, 14, 20)
    assert points["8C"] == (0, 2, 5, 7, 10)


def test_the_wheel_carries_the_resources():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    force = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert force["resources"] == "keystone_desk/resources"


def _write_broken(tmp_path, old, new, name="visa-a.toml"):
    text = (MEASURES / "visa-a.toml").read_text()
    assert old in text
    (tmp_path / name).write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(("old", "new", "message"), [
    ('rule = "sum"', 'rule = "sum"\nrules = "mean"', "unknown key rules"),
    ("max = 100", "max = 90", "min/max say 0–90 but the items give 0–100"),
    ("points = [0, 4, 7, 10]", "points = [0, 7, 4, 10]", "points must ascend"),
    ('[mcid]\npoints = 14\nsource = """', '[mcid]\npoints = 14\nnote2 = """',
     "unknown key note2"),
    ('id = "8C"\ngroup = "8"', 'id = "8C"\ngroup = "9"', "item 8C: no group '9'"),
    ('10 = "No stiffness"', '11 = "No stiffness"', "'11' is not one of the scale's points"),
    ('licence = """', 'licence = """ """\nlicence_old = """', "unknown key licence_old"),
])
def test_a_broken_file_fails_loudly_with_its_name(tmp_path, old, new, message):
    _write_broken(tmp_path, old, new)
    with pytest.raises(MeasureDefinitionError) as raised:
        MeasureCatalog.load(tmp_path)
    assert "visa-a.toml" in str(raised.value) and message in str(raised.value)


def test_a_file_must_be_named_after_its_id(tmp_path):
    _write_broken(tmp_path, 'id = "visa-a"', 'id = "visa-a"', name="visa.toml")
    with pytest.raises(MeasureDefinitionError, match=r"visa\.toml: the file must be named"):
        MeasureCatalog.load(tmp_path)


def test_an_mcid_needs_its_source(tmp_path):
    text = (MEASURES / "nprs.toml").read_text()
    start = text.index("source = ", text.index("[mcid]"))
    end = text.index('"""', text.index('"""', start) + 3) + 3
    (tmp_path / "nprs.toml").write_text(text[:start] + text[end:])
    with pytest.raises(MeasureDefinitionError, match=r"nprs\.toml: mcid\.source"):
        MeasureCatalog.load(tmp_path)


def test_not_toml_at_all_names_the_file(tmp_path):
    (tmp_path / "lefs.toml").write_text("items = [\n")
    with pytest.raises(MeasureDefinitionError, match=r"lefs\.toml: cannot be read as TOML"):
        MeasureCatalog.load(tmp_path)
