import { apiClient } from "./client";
import type { Player } from "./types";

/** Fetch one player's line in one game; the id stays a string. */
export async function getPlayer(
  game: string,
  playerId: string,
  signal?: AbortSignal,
): Promise<Player> {
  const response = await apiClient.get<Player>(
    `/games/${encodeURIComponent(game)}/players/${encodeURIComponent(playerId)}`,
    { signal },
  );
  return response.data;
}
