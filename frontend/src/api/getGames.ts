import { apiClient } from "./client";
import type { Game, GamesResponse } from "./types";

/** Fetch every game the API knows, in the API's order. */
export async function getGames(signal?: AbortSignal): Promise<Game[]> {
  const response = await apiClient.get<GamesResponse>("/games", { signal });
  return response.data.games;
}
