"""The simulator follows each game's rules; checked from its events alone.

Pure: no Kafka, no Redis. Every rule is recounted here from the event stream
(who died when, which round each kill fell in) rather than read back from the
simulator's own bookkeeping.
"""

import threading
import time
from collections import Counter, defaultdict

import pytest

from pipeline.events import encode_event, parse_event
from pipeline.games import configured_games
from pipeline.simulator import halo, simulate
from pipeline.simulator.__main__ import parse_args
from pipeline.simulator.players import PlayerProfile, player_pool
from pipeline.simulator.runner import paced, play_match

SEED = 7


def by_match(events) -> dict[str, list]:
    """Return each match's events in emission order."""
    matches = defaultdict(list)
    for event in events:
        matches[event.match_id].append(event)
    return dict(matches)


def teams_of(start) -> dict[str, list[str]]:
    """Return team id to player ids from a match_start."""
    teams = defaultdict(list)
    for player in start.players:
        teams[player.team].append(player.player_id)
    return dict(teams)


def without_time(event) -> dict:
    return event.model_dump(exclude={"event_time"})


@pytest.fixture(scope="module")
def run():
    return list(simulate(seed=SEED, matches=30))


@pytest.fixture(scope="module")
def matches(run):
    return by_match(run)


def of_game(matches, game: str) -> list[list]:
    found = [evs for evs in matches.values() if evs[0].game == game]
    assert found, game
    return found


@pytest.fixture(scope="module")
def valorant_matches():
    return list(by_match(simulate(seed=SEED, matches=60, games=["valorant"])).values())


# Every game


def test_every_match_runs_from_match_start_to_match_end(matches):
    assert len(matches) == 30
    for events in matches.values():
        assert events[0].type == "match_start"
        assert events[-1].type == "match_end"
        assert [e.type for e in events[1:-1]].count("match_start") == 0
        assert [e.type for e in events[1:-1]].count("match_end") == 0


def test_all_three_games_are_played_and_interleaved(run):
    assert {e.game for e in run} == {"apex", "valorant", "halo"}
    switches = sum(a.match_id != b.match_id for a, b in zip(run, run[1:], strict=False))
    assert switches > len(run) / 3


def test_every_event_survives_the_wire(run):
    for event in run:
        assert parse_event(encode_event(event)) == event


def test_event_ids_are_unique(run):
    ids = [e.event_id for e in run]

    assert len(set(ids)) == len(ids)


def test_the_same_seed_gives_the_same_events_but_for_event_time(run):
    again = list(simulate(seed=SEED, matches=30))

    assert [without_time(e) for e in again] == [without_time(e) for e in run]


def test_unseeded_runs_get_different_match_ids():
    first = {e.match_id for e in simulate(matches=3)}
    second = {e.match_id for e in simulate(matches=3)}

    assert len(first) == 3
    assert not first & second


def test_event_time_is_the_utc_wall_clock():
    fresh = next(iter(simulate(matches=1)))

    assert fresh.event_time.utcoffset().total_seconds() == 0
    assert abs(time.time() - fresh.event_time.timestamp()) < 5


def test_kills_name_players_of_the_match_and_positions_lie_on_the_map(matches):
    games = configured_games()
    for events in matches.values():
        start = events[0]
        extent = games[start.game].map_info(start.map).extent
        roster = {p.player_id for p in start.players}
        for kill in (e for e in events if e.type == "kill"):
            assert {kill.killer_id, kill.victim_id, *kill.assister_ids} <= roster
            assert kill.map == start.map
            for pos in (kill.position, kill.killer_position):
                assert extent[0] <= pos.x <= extent[2]
                assert extent[1] <= pos.y <= extent[3]


def test_assisters_are_teammates_of_the_killer(matches):
    for events in matches.values():
        team = {p.player_id: p.team for p in events[0].players}
        for kill in (e for e in events if e.type == "kill"):
            assert team[kill.killer_id] != team[kill.victim_id]
            assert {team[a] for a in kill.assister_ids} <= {team[kill.killer_id]}


def test_players_look_like_platform_accounts_with_names_in_many_scripts():
    apex = player_pool("apex", SEED)
    names = [p.name for g in ("apex", "valorant", "halo") for p in player_pool(g)]

    assert any(len(p.player_id) == 17 and p.player_id.isdigit() for p in apex)
    assert any(not n.isascii() for n in names)
    assert player_pool("halo", SEED) == player_pool("halo", SEED)
    assert len({p.player_id for p in apex}) == len(apex)


def test_more_skilled_players_kill_more():
    events = list(simulate(seed=SEED, matches=60, games=["halo"]))
    kills, played = Counter(), Counter()
    for e in events:
        if e.type == "kill":
            kills[e.killer_id] += 1
        elif e.type == "match_start":
            played.update(p.player_id for p in e.players)
    pool = sorted(
        (p for p in player_pool("halo", SEED) if played[p.player_id]),
        key=lambda p: p.skill,
    )
    quarter = len(pool) // 4

    def per_match(players):
        return sum(kills[p.player_id] for p in players) / sum(
            played[p.player_id] for p in players
        )

    assert per_match(pool[-quarter:]) > 1.5 * per_match(pool[:quarter])


# Apex


def test_apex_has_twenty_squads_of_three(matches):
    for events in of_game(matches, "apex"):
        teams = teams_of(events[0])
        assert len(teams) == 20
        assert all(len(members) == 3 for members in teams.values())


def test_apex_places_are_one_to_twenty_once_each_with_every_player(matches):
    for events in of_game(matches, "apex"):
        end, teams = events[-1], teams_of(events[0])

        assert sorted(r.place for r in end.results) == list(range(1, 21))
        assert {r.team: sorted(r.player_ids) for r in end.results} == {
            t: sorted(m) for t, m in teams.items()
        }


def test_apex_squads_are_placed_in_reverse_order_of_elimination(matches):
    for events in of_game(matches, "apex"):
        teams = teams_of(events[0])
        team = {p: t for t, members in teams.items() for p in members}
        dead, out = set(), []
        for e in events:
            if e.type in ("kill", "death"):
                assert e.victim_id not in dead
                if e.type == "kill":
                    assert e.killer_id not in dead
                dead.add(e.victim_id)
                if set(teams[team[e.victim_id]]) <= dead:
                    out.append(team[e.victim_id])
        survivors = set(teams) - set(out)
        places = {r.team: r.place for r in events[-1].results}

        assert len(survivors) == 1
        assert places[survivors.pop()] == 1
        assert [places[t] for t in out] == list(range(20, 1, -1))


# Valorant


def rounds_of(events) -> dict[int, list]:
    rounds = defaultdict(list)
    for e in events:
        if e.type in ("kill", "objective", "round_end"):
            rounds[e.round].append(e)
    return dict(rounds)


def test_valorant_is_five_against_five(valorant_matches):
    for events in valorant_matches:
        teams = teams_of(events[0])
        assert sorted(len(m) for m in teams.values()) == [5, 5]


def test_valorant_ends_at_thirteen_or_by_two_in_overtime(valorant_matches):
    overtime = 0
    for events in valorant_matches:
        ends = [e for e in events if e.type == "round_end"]
        final = ends[-1].team_scores
        (won, high), (_, low) = sorted(final.items(), key=lambda kv: -kv[1])
        places = {r.team: r.place for r in events[-1].results}

        assert places == {won: 1, next(t for t in final if t != won): 2}
        if low <= 11:
            assert high == 13
        else:
            overtime += 1
            assert high == low + 2
        for earlier in ends[:-1]:
            h, lo = max(earlier.team_scores.values()), min(earlier.team_scores.values())
            assert not (h >= 13 and h - lo >= 2)
    assert overtime, "the seed should include an overtime match"


def test_valorant_rounds_are_consecutive_and_scores_add_up(valorant_matches):
    for events in valorant_matches:
        ends = [e for e in events if e.type == "round_end"]
        scores = Counter()

        assert [e.round for e in ends] == list(range(1, len(ends) + 1))
        for end in ends:
            scores[end.winning_team] += 1
            assert end.team_scores == {t: scores[t] for t in end.team_scores}
            assert set(end.team_scores) == set(teams_of(events[0]))


def test_valorant_kill_bonus_fields_follow_the_kill_sequence(valorant_matches):
    for events in valorant_matches:
        team = {p.player_id: p.team for p in events[0].players}
        for evs in rounds_of(events).values():
            assert evs[-1].type == "round_end"
            alive = Counter(team.values())
            dead, kills = set(), Counter()
            for kill in (e for e in evs if e.type == "kill"):
                assert kill.victim_id not in dead
                assert kill.killer_id not in dead
                kills[kill.killer_id] += 1

                assert kill.enemies_alive == alive[team[kill.victim_id]]
                assert kill.round_kill_number == kills[kill.killer_id]
                dead.add(kill.victim_id)
                alive[team[kill.victim_id]] -= 1


def test_valorant_round_damage_covers_the_kills(valorant_matches):
    for events in valorant_matches:
        players = {p.player_id for p in events[0].players}
        for evs in rounds_of(events).values():
            end = evs[-1]
            kills = Counter(e.killer_id for e in evs if e.type == "kill")

            assert set(end.damage) == players
            for pid, count in kills.items():
                assert end.damage[pid] >= 50 * count
            # No one takes more than 150 (health and full armor).
            deaths = sum(kills.values())
            assert sum(end.damage.values()) <= 150 * deaths + 99 * (10 - deaths)


def test_valorant_a_wiped_team_wins_only_by_its_planted_spike(valorant_matches):
    for events in valorant_matches:
        teams = teams_of(events[0])
        team = {p: t for t, members in teams.items() for p in members}
        for evs in rounds_of(events).values():
            victims = {e.victim_id for e in evs if e.type == "kill"}
            actions = {
                (e.action, team[e.player_id]) for e in evs if e.type == "objective"
            }
            winner = evs[-1].winning_team
            if set(teams[winner]) <= victims:
                assert ("spike_plant", winner) in actions
                assert not any(action == "spike_defuse" for action, _ in actions)


def attackers(number: int) -> str:
    """Red attacks rounds 1-12, blue 13-24; overtime swaps every round."""
    if number <= 12:
        return "red"
    if number <= 24:
        return "blue"
    return "red" if number % 2 else "blue"


def test_valorant_attackers_plant_and_defenders_defuse(valorant_matches):
    for events in valorant_matches:
        team = {p.player_id: p.team for p in events[0].players}
        for number, evs in rounds_of(events).items():
            actions = [
                (e.action, team[e.player_id]) for e in evs if e.type == "objective"
            ]
            side = attackers(number)
            defenders = "blue" if side == "red" else "red"

            assert actions in (
                [],
                [("spike_plant", side)],
                [("spike_plant", side), ("spike_defuse", defenders)],
            )


# Halo


def test_halo_is_four_against_four(matches):
    for events in of_game(matches, "halo"):
        assert sorted(len(m) for m in teams_of(events[0]).values()) == [4, 4]


def test_halo_ends_at_fifty_kills_or_twelve_minutes():
    for seed in range(12):
        timed = list(play_match("halo", seed))
        team = {p.player_id: p.team for p in timed[0].event.players}
        kills, end = Counter(), timed[-1]
        for at, event in timed[1:-1]:
            assert at <= 720
            assert max(kills.values(), default=0) < 50
            if event.type == "kill":
                kills[team[event.killer_id]] += 1

        if max(kills.values()) < 50:
            assert end.event.duration_seconds == 720
        else:
            assert max(kills.values()) == 50
            assert end.event.duration_seconds <= 720


def test_halo_winner_has_the_most_kills(matches):
    for events in of_game(matches, "halo"):
        team = {p.player_id: p.team for p in events[0].players}
        kills = Counter(team[e.killer_id] for e in events if e.type == "kill")
        places = {r.team: r.place for r in events[-1].results}
        best = max(kills.values())

        assert places == {t: 1 if kills[t] == best else 2 for t in teams_of(events[0])}


def test_halo_tie_gives_both_teams_first_place():
    teams = {
        "eagle": [PlayerProfile("2533274000000001", "a", 1.0)],
        "cobra": [PlayerProfile("2533274000000002", "b", 1.0)],
    }

    places = {r.team: r.place for r in halo.results(teams, {"eagle": 31, "cobra": 31})}

    assert places == {"eagle": 1, "cobra": 1}


# Pacing and command line


def test_paced_holds_the_rate():
    start = time.monotonic()

    out = list(paced(range(21), rate=100, stop=threading.Event()))

    assert out == list(range(21))
    assert time.monotonic() - start >= 0.19


def test_paced_stops_when_told():
    stop = threading.Event()
    stop.set()

    assert list(paced(range(10), rate=0, stop=stop)) == []


def test_command_line_rejects_unknown_games():
    with pytest.raises(SystemExit):
        parse_args(["--games", "apex,chess"])

    assert parse_args(["--games", "halo,apex"]).games == ["halo", "apex"]
