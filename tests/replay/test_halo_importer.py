"""The Halo importer on the shipped Slayer and CTF stats, and its edge cases."""

import pytest

from pipeline.importers import halo
from tests.replay.conftest import HALO_CTF, HALO_SLAYER


def competition_ranks(values: list[float]) -> list[int]:
    return [1 + sum(other > v for other in values) for v in values]


def test_the_slayer_file_reads_eight_players_with_their_totals(load):
    players = {p.player_id: p for p in halo.players(load(HALO_SLAYER))}

    top = players["2535457060535956"]
    assert len(players) == 8
    assert (top.kills, top.deaths, top.assists, top.score) == (18, 8, 5, 18)
    assert (top.rank, top.team, top.personal_score) == (1, "1", 2050)
    assert top.name == "xuid(2535457060535956)"
    assert top.time_played_seconds == pytest.approx(549.421)
    assert players["2535405699958908"].kda == -5.0
    assert sorted(p.kda for p in players.values())[:4] == [-5.0, -4.33, -2.66, -1.33]


def test_rank_follows_the_games_score_with_competition_ranking(load):
    players = halo.players(load(HALO_SLAYER))

    ranks = competition_ranks([p.score for p in players])
    by_personal_score = competition_ranks([p.personal_score for p in players])

    assert sorted(p.score for p in players) == [7, 7, 8, 9, 10, 11, 11, 18]
    assert ranks == [p.rank for p in players]
    assert by_personal_score != [p.rank for p in players]


def test_the_ctf_file_ranks_by_team_outcome_before_score(load):
    players = halo.players(load(HALO_CTF))

    ranks = competition_ranks([(-p.outcome, p.score) for p in players])

    assert ranks == [p.rank for p in players]
    assert (
        sum(p.mode_stats["CaptureTheFlagStats"]["FlagCaptures"] for p in players) == 1
    )


def test_each_player_gets_one_totals_event_with_the_files_figures(load):
    replay = halo.read(load(HALO_SLAYER))

    totals = {
        i.fields["player_id"]: i.fields
        for i in replay.items
        if i.fields["type"] == "player_totals"
    }

    roster = halo.players(load(HALO_SLAYER))
    assert totals.keys() == {p.player_id for p in roster}
    for p in roster:
        line = totals[p.player_id]
        assert (line["kills"], line["deaths"], line["assists"], line["score"]) == (
            p.kills,
            p.deaths,
            p.assists,
            p.score,
        )
    assert not any(i.fields["type"] == "kill" for i in replay.items)


def test_a_negative_score_is_carried_as_it_is(load):
    doc = load(HALO_SLAYER)
    core = doc["Players"][0]["PlayerTeamStats"][0]["Stats"]["CoreStats"]
    core["Score"] = "-2"

    replay = halo.read(doc)

    scores = [
        i.fields["score"]
        for i in replay.items
        if i.fields.get("player_id") == "2535457060535956"
    ]
    assert scores == [-2]


def test_the_match_places_teams_by_their_rank_and_spans_its_times(load):
    replay = halo.read(load(HALO_SLAYER))

    start, end = replay.items[0].fields, replay.items[-1]
    assert start["map"] == "fortress" and start["mode"] == "slayer"
    assert {r["team"]: r["place"] for r in end.fields["results"]} == {"1": 1, "0": 2}
    assert end.offset_ms == 579117
    assert end.fields["duration_seconds"] == pytest.approx(549.4211615)
    assert replay.source_start.isoformat() == "2025-01-29T04:07:25.964000+00:00"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("PT9M9.4211615S", 549.4211615), ("PT0S", 0), ("P1DT1H", 90000), ("PT", None)],
)
def test_iso_durations_are_read_to_the_fraction(text, seconds):
    assert halo.duration_seconds(text) == (
        pytest.approx(seconds) if seconds is not None else None
    )


def test_an_id_that_is_not_an_xuid_follows_the_common_rule():
    assert halo.player_id_of("xuid(76561198046048622)") == "76561198046048622"
    assert halo.player_id_of("bid(1.2:3)").startswith("x-bid-1.2-3-")
