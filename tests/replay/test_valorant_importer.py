"""The Valorant importer on the shipped rounds, and its edge cases."""

from collections import Counter

from pipeline.effects import grid_cell
from pipeline.events import Position
from pipeline.games import configured_games
from pipeline.importers import valorant
from pipeline.importers.valorant_roster import kill_records
from tests.replay.conftest import VALORANT

RED = {"a09d4a3f", "67c0a586", "c326bb84", "7ad21e1a", "d53354d8"}
TOP_KILLER = "c326bb84-ff72-5ff9-bb61-d22af0fb03e1"


def events_of(replay, kind: str) -> list[dict]:
    return [item.fields for item in replay.items if item.fields["type"] == kind]


def test_the_rounds_hold_176_kills_by_10_players_the_most_31(load):
    records = [kill for _, kill in kill_records(valorant.rounds_of(load(VALORANT)))]

    by_killer = Counter(kill["killer"] for kill in records)

    assert len(records) == 176
    assert len(by_killer) == 10
    assert by_killer.most_common(1) == [(TOP_KILLER, 31)]
    assert all("victimLocation" in kill for kill in records)


def test_every_kill_record_becomes_one_kill_or_death_with_its_location(load):
    replay = valorant.read(load(VALORANT), "haven")

    kills, deaths = events_of(replay, "kill"), events_of(replay, "death")

    assert (len(kills), len(deaths)) == (173, 3)
    assert Counter(k["killer_id"] for k in kills).most_common(1) == [(TOP_KILLER, 31)]
    assert all(e["position"] is not None for e in kills + deaths)
    assert replay.skipped == Counter()


def test_a_players_own_spike_death_is_a_death_without_a_killer(load):
    deaths = events_of(valorant.read(load(VALORANT), "haven"), "death")

    assert {d["cause"] for d in deaths} == {"bomb"}
    assert all("killer_id" not in d and "assister_ids" not in d for d in deaths)


def test_teams_are_found_from_the_kills_and_the_spike_plants(load):
    replay = valorant.read(load(VALORANT), "haven")

    players = replay.items[0].fields["players"]
    red = {p["player_id"][:8] for p in players if p["team"] == "Red"}
    end = replay.items[-1].fields
    assert red == RED
    assert {r["team"]: r["place"] for r in end["results"]} == {"Red": 1, "Blue": 2}
    assert events_of(replay, "round_end")[-1]["team_scores"] == {"Red": 13, "Blue": 10}


def test_kills_carry_enemies_alive_and_the_killers_count_in_the_round(load):
    replay = valorant.read(load(VALORANT), "haven")

    first_round = [k for k in events_of(replay, "kill") if k["round"] == 1]

    # Round 1 (roundNum 0): eight kill records, each a kill.
    assert len(first_round) == 8
    assert first_round[0]["enemies_alive"] == 5
    assert all(1 <= k["enemies_alive"] <= 5 for k in first_round)
    assert all(k["round_kill_number"] >= 1 for k in first_round)


def test_every_location_lies_on_the_configured_haven_grid(load):
    game = configured_games()["valorant"]
    replay = valorant.read(load(VALORANT), "haven")

    cells = {
        grid_cell(game, "haven", Position(**e[key]), 50)
        for e in events_of(replay, "kill") + events_of(replay, "death")
        for key in ("position", "killer_position")
        if e.get(key)
    }

    assert not cells & {"outside", "unmapped", "missing"}


def test_the_same_file_gives_the_same_ids_every_time(load):
    first = valorant.read(load(VALORANT), "haven")
    again = valorant.read(load(VALORANT), "haven")

    ids = [item.fields["event_id"] for item in first.items]
    assert ids == [item.fields["event_id"] for item in again.items]
    assert len(set(ids)) == len(ids)
    assert first.match_id.startswith("val-")


def test_a_file_that_names_no_map_and_is_given_none_is_unknown(load):
    replay = valorant.read(load(VALORANT))

    assert replay.items[0].fields["map"] == "unknown"


def test_numbers_given_as_strings_and_missing_assistants_are_read(load):
    doc = load(VALORANT)
    for _, kill in kill_records(doc["roundResults"]):
        kill["gameTime"] = str(kill["gameTime"])
        kill["roundTime"] = f"{kill['roundTime']}.0"
        kill["victimLocation"] = {k: str(v) for k, v in kill["victimLocation"].items()}
        if not kill["assistants"]:
            del kill["assistants"]

    as_strings = valorant.read(doc, "haven")
    as_numbers = valorant.read(load(VALORANT), "haven")

    # The match id hashes the rounds as written, so only it differs.
    strip = as_numbers.match_id, as_strings.match_id
    assert [str(i).replace(*strip) for i in as_numbers.items] == [
        str(i) for i in as_strings.items
    ]


def test_a_kill_without_a_victim_is_skipped_and_counted(load):
    doc = load(VALORANT)
    kill_records(doc["roundResults"])[0][1]["victim"] = ""

    replay = valorant.read(doc, "haven")

    assert len(events_of(replay, "kill")) + len(events_of(replay, "death")) == 175
    assert sum(replay.skipped.values()) == 1
