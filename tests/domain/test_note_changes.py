"""Typing that could not be saved into its note, described for an addendum."""

from keystone_desk.domain.note_changes import content_changes, plain_text


def test_content_changes_name_what_the_typing_changed_and_cleared():
    saved = {"subjective": "Sore", "plan": "HSR", "thompson": {"right": "positive"}}
    typed = {"subjective": "Sore, better today", "plan": "HSR", "objective": " ",
             "stiffness": 20}
    assert content_changes(saved, typed) == [
        ("subjective", "Sore, better today"), ("stiffness", "20"), ("thompson", "")]


def test_nested_values_read_as_plain_words():
    assert plain_text({"left": "negative", "right": ""}) == "left: negative"
    assert plain_text([{"goal": "Run 10 km", "status": "met"}]) == "goal: Run 10 km, status: met"
    assert plain_text(True) == "yes" and plain_text(None) == ""
