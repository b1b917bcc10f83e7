import type { LeaderboardEntry } from "../../api/types";

/** The schema's id pattern (pipeline/events.py ID_PATTERN). */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/;

/** Whether a search text could be a player id worth asking the API for. */
export function isPlayerId(text: string): boolean {
  return ID_PATTERN.test(text);
}

/**
 * Find loaded rows for a search text: an exact id wins, then exact names,
 * then names containing the text, ignoring case. Ids are compared as
 * strings, so 64-bit ids match digit for digit.
 */
export function findPlayers(
  entries: readonly LeaderboardEntry[],
  text: string,
): LeaderboardEntry[] {
  const byId = entries.filter((e) => e.player_id === text.trim());
  if (byId.length > 0) return byId;

  const byName = entries.filter((e) => e.name === text);
  if (byName.length > 0) return byName;

  const needle = text.trim().toLocaleLowerCase();
  if (needle === "") return [];
  return entries.filter((e) => e.name.toLocaleLowerCase().includes(needle));
}
