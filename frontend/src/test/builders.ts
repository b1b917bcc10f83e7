import type {
  Game,
  Leaderboard,
  LeaderboardEntry,
  Metric,
  Player,
} from "../api/types";

/** Shared builders of API documents for the tests. */

export function aGame(overrides: Partial<Game> = {}): Game {
  return {
    id: "valorant",
    name: "Valorant",
    players: 10,
    matches: 1,
    live_matches: 1,
    ...overrides,
  };
}

export const GAMES: Game[] = [
  aGame({ id: "apex", name: "Apex Legends" }),
  aGame({ id: "valorant", name: "Valorant" }),
  aGame({ id: "halo", name: "Halo" }),
];

export function anEntry(
  overrides: Partial<LeaderboardEntry> = {},
): LeaderboardEntry {
  return {
    rank: 1,
    player_id: "p1",
    name: "Player One",
    team: "red",
    kills: 10,
    assists: 2,
    deaths: 5,
    score: 100,
    kd: 2,
    matches: 1,
    wins: 1,
    ...overrides,
  };
}

/** A leaderboard whose entries are ranked in the order given. */
export function aLeaderboard(
  entries: Partial<LeaderboardEntry>[],
  { game = "valorant", metric = "score" as Metric } = {},
): Leaderboard {
  const ranked = entries.map((e, i) =>
    anEntry({
      player_id: `p${i + 1}`,
      name: `Player ${i + 1}`,
      rank: i + 1,
      ...e,
    }),
  );
  return {
    game,
    metric,
    limit: 20,
    offset: 0,
    total: ranked.length,
    entries: ranked,
  };
}

export function aPlayer(overrides: Partial<Player> = {}): Player {
  const { rank: _rank, ...entry } = anEntry();
  return {
    ...entry,
    kda: 2.4,
    per_match: { kills: 10, deaths: 5, assists: 2, score: 100 },
    ranks: { score: 1, kills: 1, kd: 1 },
    ...overrides,
  };
}
