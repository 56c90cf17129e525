"""Display filters: JSON-stored timestamps render like every other date on the pages."""

from __future__ import annotations

from django.template import Context, Template


def _render(value: object) -> str:
    template = Template('{% load display %}{{ value|iso_datetime|date:"Y-m-d H:i" }}')
    return template.render(Context({"value": value}))


def test_it_formats_an_iso_timestamp_from_a_json_field() -> None:
    assert _render("2026-11-26T14:11:18.062374+00:00") == "2026-11-26 14:11"


def test_it_leaves_text_that_is_not_a_timestamp_alone() -> None:
    assert (
        Template("{% load display %}{{ v|iso_datetime }}").render(Context({"v": "soon"})) == "soon"
    )


def test_it_turns_a_flag_code_into_a_readable_badge_label() -> None:
    template = Template("{% load display %}{{ a|code_label }}/{{ b|code_label }}")
    rendered = template.render(Context({"a": "parsed_partially", "b": "hidden_text"}))
    assert rendered == "Parsed partially/Hidden text"
