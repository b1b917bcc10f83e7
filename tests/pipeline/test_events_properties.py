"""Properties of the event schema: round trips keep every id and name exact.

Events are drawn field by field (ids from the id pattern, names from any
Unicode without control or bidirectional control characters that shows at
least one visible character, 64-bit ids as numbers), so they reach
corners the simulator does not. Any bytes at all either parse or raise
InvalidEvent with a reason, and the engine's validator agrees.
"""

import unicodedata
from datetime import UTC, datetime, timedelta

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.events import ID_PATTERN, InvalidEvent, encode_event, parse_event
from pipeline.games import configured_games
from pipeline.validation import validate_message

ids = st.from_regex(ID_PATTERN, fullmatch=True)
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
names = (
    st.text(
        st.characters(
            blacklist_categories=["Cc", "Cs"],
            blacklist_characters="\x7f" + BIDI_CONTROLS,
        ),
        min_size=1,
        max_size=64,
    )
    .filter(lambda s: not any("\x80" <= c <= "\x9f" for c in s))
    .filter(
        lambda s: any(not c.isspace() and unicodedata.category(c) != "Cf" for c in s)
    )
)
big_ids = st.integers(2**53, 2**64 - 1)
times = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.just(UTC),
)


@st.composite
def match_starts(draw) -> dict:
    """Return a valid match_start dict with distinct players."""
    players = draw(
        st.lists(st.one_of(ids, big_ids), min_size=1, max_size=8, unique_by=str)
    )
    return {
        "event_id": draw(ids),
        "game": draw(ids),
        "match_id": draw(ids),
        "event_time": draw(times).isoformat(),
        "type": "match_start",
        "map": draw(ids),
        "players": [
            {"player_id": p, "name": draw(names), "team": draw(ids)} for p in players
        ],
    }


@st.composite
def kills(draw) -> dict:
    """Return a valid kill dict: killer, victim and assisters all distinct."""
    people = draw(st.lists(ids, min_size=2, max_size=6, unique=True))
    return {
        "event_id": draw(ids),
        "game": draw(ids),
        "match_id": draw(ids),
        "event_time": draw(times).isoformat(),
        "type": "kill",
        "killer_id": people[0],
        "victim_id": people[1],
        "assister_ids": people[2:],
        "headshot": draw(st.booleans()),
        "weapon": draw(st.none() | names),
        "position": draw(
            st.none()
            | st.fixed_dictionaries(
                {"x": st.floats(-1e6, 1e6), "y": st.floats(-1e6, 1e6)}
            )
        ),
    }


@settings(max_examples=300)
@given(st.one_of(match_starts(), kills()))
def test_an_event_survives_its_wire_form_with_ids_and_names_exact(data):
    event = parse_event(orjson.dumps(data))

    again = parse_event(encode_event(event))

    assert again == event
    assert again.event_id == data["event_id"]
    if data["type"] == "match_start":
        wire = [(str(p["player_id"]), p["name"]) for p in data["players"]]
        assert [(p.player_id, p.name) for p in again.players] == wire
    else:
        assert (again.killer_id, again.victim_id) == (
            data["killer_id"],
            data["victim_id"],
        )


@settings(max_examples=500)
@given(
    st.binary(max_size=300)
    | st.builds(
        orjson.dumps,
        st.recursive(
            st.none()
            | st.booleans()
            | st.integers(-(2**63), 2**63 - 1)
            | st.text(max_size=20),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(
                    st.sampled_from(["type", "game", "event_id", "x"]), inner
                )
            ),
            max_leaves=12,
        ),
    )
)
def test_any_bytes_parse_or_raise_invalid_event_with_a_reason(value):
    now = datetime.now(UTC)

    try:
        validate_message(
            value,
            configured_games(),
            now,
            65536,
            timedelta(minutes=5),
            timedelta(days=30),
        )
    except InvalidEvent as exc:
        assert exc.reason and exc.reason.islower()
