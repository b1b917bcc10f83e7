import { useEffect, useState } from "react";

import { toApiError, type ApiError } from "../../api/apiError";
import { getPlayer } from "../../api/getPlayer";
import type { Player } from "../../api/types";

export type PlayerState =
  | { kind: "loading" }
  | { kind: "error"; error: ApiError }
  | { kind: "ready"; player: Player };

/**
 * Load one player's line; a new `refreshKey` loads it again while keeping
 * the line already shown.
 */
export function usePlayer(
  game: string,
  playerId: string,
  refreshKey: unknown,
): PlayerState {
  const [state, setState] = useState<{ key: string; value: PlayerState }>({
    key: "",
    value: { kind: "loading" },
  });
  const key = `${game}\n${playerId}`;

  useEffect(() => {
    const abort = new AbortController();
    getPlayer(game, playerId, abort.signal).then(
      (player) => setState({ key, value: { kind: "ready", player } }),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        const value = { kind: "error", error: toApiError(error) } as const;
        // A failed refresh keeps the line already shown.
        setState((s) =>
          s.key === key && s.value.kind === "ready" ? s : { key, value },
        );
      },
    );
    return () => abort.abort();
  }, [key, game, playerId, refreshKey]);

  return state.key === key ? state.value : { kind: "loading" };
}
