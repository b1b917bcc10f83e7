import { apiClient } from "./client";
import type { Leaderboard, Metric } from "./types";

export interface LeaderboardQuery {
  game: string;
  metric: Metric;
  limit: number;
}

/** Fetch the top `limit` players of one game by one metric. */
export async function getLeaderboard(
  { game, metric, limit }: LeaderboardQuery,
  signal?: AbortSignal,
): Promise<Leaderboard> {
  const response = await apiClient.get<Leaderboard>(
    `/games/${encodeURIComponent(game)}/leaderboard`,
    { params: { metric, limit }, signal },
  );
  return response.data;
}
