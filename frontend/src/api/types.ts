/** Response shapes of the REST API (docs/contracts.md). Ids are strings. */

export const METRICS = ["score", "kills", "kd"] as const;
export type Metric = (typeof METRICS)[number];

export interface Game {
  id: string;
  name: string;
  players: number;
  matches: number;
  live_matches: number;
}

export interface GamesResponse {
  games: Game[];
}

export interface LeaderboardEntry {
  rank: number;
  player_id: string;
  name: string;
  team: string;
  kills: number;
  assists: number;
  deaths: number;
  score: number;
  kd: number;
  matches: number;
  wins: number;
}

export interface Leaderboard {
  game: string;
  metric: Metric;
  limit: number;
  offset: number;
  total: number;
  entries: LeaderboardEntry[];
}

export interface PerMatch {
  kills: number;
  deaths: number;
  assists: number;
  score: number;
}

/** A player's line; `ranks` holds their competition rank by each metric. */
export interface Player extends Omit<LeaderboardEntry, "rank"> {
  kda: number;
  per_match: PerMatch;
  ranks: Record<Metric, number>;
}
