import type { LeaderboardEntry } from "../../api/types";

/** How long a rank change stays on screen after it happened. */
export const MOVEMENT_HOLD_MS = 10_000;

export type MovementKind = "up" | "down" | "new";

/** A rank change of one player: `places` > 0, `at` in ms since the epoch. */
export interface Movement {
  kind: MovementKind;
  places: number;
  at: number;
  /** Counts the player's changes, so the highlight can restart on each. */
  seq: number;
}

export type Movements = ReadonlyMap<string, Movement>;

/**
 * Compare two consecutive leaderboards and record who moved, keyed by
 * player id. Players who did not move keep their earlier movement.
 */
export function trackMovements(
  previous: readonly LeaderboardEntry[],
  next: readonly LeaderboardEntry[],
  movements: Movements,
  now: number,
): Movements {
  const before = new Map(previous.map((e) => [e.player_id, e.rank]));
  const result = new Map(movements);

  for (const entry of next) {
    const was = before.get(entry.player_id);
    const seq = (movements.get(entry.player_id)?.seq ?? 0) + 1;
    if (was === undefined) {
      if (previous.length > 0) {
        result.set(entry.player_id, { kind: "new", places: 0, at: now, seq });
      }
    } else if (was !== entry.rank) {
      const kind = entry.rank < was ? "up" : "down";
      const places = Math.abs(was - entry.rank);
      result.set(entry.player_id, { kind, places, at: now, seq });
    }
  }
  return result;
}

/** Drop movements older than `holdMs`. */
export function pruneMovements(
  movements: Movements,
  now: number,
  holdMs: number = MOVEMENT_HOLD_MS,
): Movements {
  const kept = [...movements].filter(([, m]) => now - m.at < holdMs);
  return kept.length === movements.size ? movements : new Map(kept);
}

/** Milliseconds until the oldest movement expires, or null when none. */
export function nextExpiry(
  movements: Movements,
  now: number,
  holdMs: number = MOVEMENT_HOLD_MS,
): number | null {
  let soonest: number | null = null;
  for (const m of movements.values()) {
    const left = Math.max(0, m.at + holdMs - now);
    soonest = soonest === null ? left : Math.min(soonest, left);
  }
  return soonest;
}
