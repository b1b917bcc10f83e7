import { useEffect, useState } from "react";

import type { ApiError } from "../../api/apiError";
import type { LeaderboardQuery } from "../../api/getLeaderboard";
import type { Leaderboard } from "../../api/types";
import { startLiveFeed, type ConnectionStatus } from "./liveFeed";

export interface LiveLeaderboard {
  leaderboard: Leaderboard | null;
  error: ApiError | null;
  status: ConnectionStatus;
  /** Milliseconds since the epoch of the last leaderboard received. */
  updatedAt: number | null;
}

const INITIAL: LiveLeaderboard = {
  leaderboard: null,
  error: null,
  status: "connecting",
  updatedAt: null,
};

/** Follow one leaderboard live; starts over when the query changes. */
export function useLiveLeaderboard({
  game,
  metric,
  limit,
}: LeaderboardQuery): LiveLeaderboard {
  const key = `${game}\n${metric}\n${limit}`;
  const [state, setState] = useState({ key, live: INITIAL });

  useEffect(() => {
    const update = (change: Partial<LiveLeaderboard>) =>
      setState((s) => ({
        key,
        live: { ...(s.key === key ? s.live : INITIAL), ...change },
      }));
    setState({ key, live: INITIAL });
    return startLiveFeed(
      { game, metric, limit },
      {
        onLeaderboard: (leaderboard) =>
          update({ leaderboard, updatedAt: Date.now() }),
        onStatus: (status) => update({ status }),
        onError: (error) => update({ error }),
      },
    );
  }, [key, game, metric, limit]);

  // Until the effect has run, the state still belongs to the last query.
  return state.key === key ? state.live : INITIAL;
}
