import { useEffect, useRef, useState } from "react";

import type { Leaderboard } from "../../api/types";
import {
  nextExpiry,
  pruneMovements,
  trackMovements,
  type Movements,
} from "./rankMovements";

const NONE: Movements = new Map();

/**
 * Remember who moved between consecutive leaderboards for a few seconds.
 * A leaderboard of another game or metric starts over.
 */
export function useRankMovements(leaderboard: Leaderboard | null): Movements {
  const [movements, setMovements] = useState<Movements>(NONE);
  const previous = useRef<Leaderboard | null>(null);

  useEffect(() => {
    if (!leaderboard || leaderboard === previous.current) return;
    const last = previous.current;
    previous.current = leaderboard;
    if (!last || !isSameBoard(last, leaderboard)) {
      setMovements(NONE);
      return;
    }
    setMovements((m) =>
      trackMovements(last.entries, leaderboard.entries, m, Date.now()),
    );
  }, [leaderboard]);

  useEffect(() => {
    const wait = nextExpiry(movements, Date.now());
    if (wait === null) return;
    const timer = setTimeout(
      () => setMovements((m) => pruneMovements(m, Date.now())),
      wait + 50,
    );
    return () => clearTimeout(timer);
  }, [movements]);

  return movements;
}

function isSameBoard(a: Leaderboard, b: Leaderboard): boolean {
  return a.game === b.game && a.metric === b.metric;
}
