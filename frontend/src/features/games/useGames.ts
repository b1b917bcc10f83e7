import { useCallback, useEffect, useState } from "react";

import { toApiError, type ApiError } from "../../api/apiError";
import { getGames } from "../../api/getGames";
import type { Game } from "../../api/types";

/** Look for newly listed games this often. */
export const GAMES_REFRESH_MS = 30_000;

export type GamesState =
  | { kind: "loading" }
  | { kind: "error"; error: ApiError }
  | { kind: "ready"; games: Game[] };

/** Load the games the API lists and refresh the list now and then. */
export function useGames(): { state: GamesState; retry: () => void } {
  const [state, setState] = useState<GamesState>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;

    async function load(): Promise<void> {
      try {
        const games = await getGames(abort.signal);
        setState({ kind: "ready", games });
      } catch (error) {
        if (abort.signal.aborted) return;
        // Keep a list already shown; a failed refresh is not worth a blank.
        setState((s) =>
          s.kind === "ready" ? s : { kind: "error", error: toApiError(error) },
        );
      }
      if (!abort.signal.aborted) {
        timer = setTimeout(load, GAMES_REFRESH_MS);
      }
    }

    void load();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [attempt]);

  const retry = useCallback(() => {
    setState({ kind: "loading" });
    setAttempt((a) => a + 1);
  }, []);

  return { state, retry };
}
