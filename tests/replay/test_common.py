"""The rules every importer shares: numbers, ids and names from source files."""

import re

import pytest

from pipeline.events import ID_PATTERN
from pipeline.importers.common import (
    BadValue,
    as_float,
    as_int,
    display_name,
    position,
    source_id,
)


@pytest.mark.parametrize("value", [7, 7.0, "7", " 7 ", "7.0"])
def test_whole_numbers_read_from_numbers_and_strings(value):
    assert as_int(value, "n") == 7


@pytest.mark.parametrize("value", ["seven", "", None, True, "7.5", "nan", [7]])
def test_values_that_are_no_whole_number_are_refused(value):
    with pytest.raises(BadValue):
        as_int(value, "n")


def test_negative_coordinates_given_as_strings_are_kept():
    assert position({"x": "-3657", "y": -11386.5}, "p") == {"x": -3657.0, "y": -11386.5}
    assert position({"x": 1}, "p") is None
    assert as_float("-0.5", "x") == -0.5


def test_ids_that_fit_the_pattern_are_kept_exactly():
    assert source_id(76561198046048622) == "76561198046048622"
    assert source_id("JP1_323466834") == "JP1_323466834"


@pytest.mark.parametrize("raw", ["_leading", "xuid(253)", "a b", "ns:key", "ä" * 3])
def test_ids_that_do_not_fit_map_to_stable_distinct_ids(raw):
    mapped = source_id(raw)

    assert re.fullmatch(ID_PATTERN, mapped)
    assert mapped == source_id(raw)
    assert mapped != source_id(raw + "x")


def test_names_are_kept_byte_exact_or_replaced_by_the_id():
    for name in ["Kaze ", "tuhti  sirpa", "Черная смерть", "あユみ ホシゾラ"]:
        assert display_name(name, "id") == name
    assert display_name("", "id") == "id"
    assert display_name("bad\x00name", "id") == "id"
    assert display_name("x" * 65, "id") == "id"
