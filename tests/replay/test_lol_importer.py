"""The League of Legends importer on the shipped match-v5 pair, and its edge cases."""

from collections import Counter

from pipeline.importers import lol
from tests.replay.conftest import LOL_MATCH, LOL_TIMELINE


def champion_kills(timeline: dict) -> list[dict]:
    frames = timeline["info"]["frames"]
    return [e for f in frames for e in f["events"] if e["type"] == "CHAMPION_KILL"]


def events_of(replay, kind: str) -> list[dict]:
    return [item.fields for item in replay.items if item.fields["type"] == kind]


def kda_from(replay) -> dict[str, tuple[int, int, int]]:
    kills = events_of(replay, "kill")
    k = Counter(e["killer_id"] for e in kills)
    d = Counter(e["victim_id"] for e in kills + events_of(replay, "death"))
    a = Counter(pid for e in kills for pid in e["assister_ids"])
    return {pid: (k[pid], d[pid], a[pid]) for pid in {*k, *d, *a}}


def test_the_88_champion_kills_become_88_kill_events(load):
    replay = lol.read(load(LOL_TIMELINE), load(LOL_MATCH))

    assert len(events_of(replay, "kill")) == 88
    assert events_of(replay, "death") == []
    assert replay.skipped == Counter()


def test_every_participants_kills_deaths_assists_equal_the_match_file(load):
    match = load(LOL_MATCH)
    players = lol.roster(match)

    kda = kda_from(lol.read(load(LOL_TIMELINE), match))

    expected = {
        players[p["participantId"]]["player_id"]: (
            p["kills"],
            p["deaths"],
            p["assists"],
        )
        for p in match["info"]["participants"]
    }
    assert len(expected) == 10
    assert kda == expected


def test_special_kills_name_a_kill_but_add_none(load):
    timeline = load(LOL_TIMELINE)
    specials = [
        e
        for f in timeline["info"]["frames"]
        for e in f["events"]
        if e["type"] == "CHAMPION_SPECIAL_KILL"
    ]
    only_specials = load(LOL_TIMELINE)
    for frame in only_specials["info"]["frames"]:
        frame["events"] = [e for e in frame["events"] if e["type"] != "CHAMPION_KILL"]

    replay = lol.read(only_specials, load(LOL_MATCH))

    assert len(specials) == 15
    assert replay.ignored["CHAMPION_SPECIAL_KILL"] == 15
    assert events_of(replay, "kill") == []


def test_a_kill_without_an_assisters_key_has_no_assisters(load):
    timeline = load(LOL_TIMELINE)
    kills_in_file = champion_kills(timeline)
    bare = [
        i for i, e in enumerate(kills_in_file) if "assistingParticipantIds" not in e
    ]

    kills = events_of(lol.read(timeline, load(LOL_MATCH)), "kill")

    assert len(bare) == 18
    assert all(kills[i]["assister_ids"] == [] for i in bare)


def test_a_killer_that_is_no_player_makes_a_death_not_a_kill(load):
    timeline = load(LOL_TIMELINE)
    first = champion_kills(timeline)[0]
    first["killerId"] = 0
    first["assistingParticipantIds"] = [3]
    players = lol.roster(load(LOL_MATCH))

    replay = lol.read(timeline, load(LOL_MATCH))

    (death,) = events_of(replay, "death")
    assert death["cause"] == "executed"
    assert death["victim_id"] == players[first["victimId"]]["player_id"]
    assert death["event_id"] == "JP1_323466834.k0"
    assert len(events_of(replay, "kill")) == 87


def test_numbers_given_as_strings_read_as_numbers(load):
    timeline = load(LOL_TIMELINE)
    for event in champion_kills(timeline):
        event["killerId"] = str(event["killerId"])
        event["victimId"] = f" {event['victimId']} "
        event["timestamp"] = str(event["timestamp"])
        event["position"] = {k: str(v) for k, v in event["position"].items()}
        if "assistingParticipantIds" in event:
            event["assistingParticipantIds"] = [
                str(a) for a in event["assistingParticipantIds"]
            ]

    as_strings = lol.read(timeline, load(LOL_MATCH))
    as_numbers = lol.read(load(LOL_TIMELINE), load(LOL_MATCH))

    assert as_strings.items == as_numbers.items


def test_negative_coordinates_are_kept(load):
    timeline = load(LOL_TIMELINE)
    champion_kills(timeline)[0]["position"] = {"x": -120, "y": "-35.5"}

    kill = events_of(lol.read(timeline, load(LOL_MATCH)), "kill")[0]

    assert kill["position"] == {"x": -120.0, "y": -35.5}


def test_names_come_from_the_match_file_byte_exact(load):
    names = {p["name"] for p in lol.roster(load(LOL_MATCH)).values()}

    assert {"Kaze ", "あユみ ホシゾラ", "GL HF ALL", "青竹zz551230987"} <= names


def test_a_puuid_that_does_not_fit_the_id_pattern_maps_to_a_stable_id(load):
    players = lol.roster(load(LOL_MATCH))

    player_id = players[5]["player_id"]

    assert player_id.startswith("x-zocbrk6Iit6y2ytiICP")
    assert player_id == lol.roster(load(LOL_MATCH))[5]["player_id"]


def test_a_kill_of_no_participant_is_skipped_and_counted(load):
    timeline = load(LOL_TIMELINE)
    champion_kills(timeline)[0]["victimId"] = 42

    replay = lol.read(timeline, load(LOL_MATCH))

    assert len(events_of(replay, "kill")) == 87
    assert sum(replay.skipped.values()) == 1


def test_the_match_ends_with_the_winning_team_first(load):
    replay = lol.read(load(LOL_TIMELINE), load(LOL_MATCH))

    end = replay.items[-1]
    places = {r["team"]: r["place"] for r in end.fields["results"]}
    assert places == {"100": 2, "200": 1}
    assert end.offset_ms == 1965538
