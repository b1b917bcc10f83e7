"""Each shipped file is recognised as its format; anything else is not."""

import pytest

from pipeline.importers.detect import detect
from tests.replay.conftest import (
    HALO_CTF,
    HALO_SLAYER,
    LOL_MATCH,
    LOL_TIMELINE,
    VALORANT,
)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        (VALORANT, "valorant"),
        (LOL_TIMELINE, "lol-timeline"),
        (LOL_MATCH, "lol-match"),
        (HALO_SLAYER, "halo"),
        (HALO_CTF, "halo"),
    ],
)
def test_each_shipped_file_is_detected(load, name, kind):
    assert detect(load(name)) == kind


def test_a_bare_list_of_rounds_is_valorant(load):
    assert detect(load(VALORANT)["roundResults"]) == "valorant"


@pytest.mark.parametrize("doc", [{}, [], [1], {"metadata": {}}, "text", None])
def test_other_documents_are_no_format(doc):
    assert detect(doc) is None
