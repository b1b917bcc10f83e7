import { apiUrl } from "./client";
import type { LeaderboardQuery } from "./getLeaderboard";

/** Name of the SSE event that carries a leaderboard document. */
export const LEADERBOARD_EVENT = "leaderboard";

/**
 * Open the push channel of one leaderboard, or return null where the browser
 * has no EventSource. Each `leaderboard` event's data is the same JSON as
 * `GET /games/<game>/leaderboard`.
 */
export function openLeaderboardStream({
  game,
  metric,
  limit,
}: LeaderboardQuery): EventSource | null {
  if (typeof EventSource === "undefined") {
    return null;
  }
  const params = new URLSearchParams({ metric, limit: String(limit) });
  const path = `/games/${encodeURIComponent(game)}/stream?${params}`;
  return new EventSource(apiUrl(path));
}
