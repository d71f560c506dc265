"""Stored business rows: the JSON columns read back exactly as written."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from contactgate.store.contacts import _json_list


@given(st.lists(st.text(max_size=12), max_size=4))
def test_json_list_is_json_dumps_character_for_character(items: list[str]) -> None:
    text = _json_list(items)
    assert text == json.dumps(items)
    assert json.loads(text) == items


def test_plain_numbers_and_addresses_take_the_short_way() -> None:
    assert _json_list(["+491711234567", "+49301234567"]) == '["+491711234567", "+49301234567"]'
    assert _json_list([]) == "[]"
    assert _json_list(['a"b@x.de']) == '["a\\"b@x.de"]'
