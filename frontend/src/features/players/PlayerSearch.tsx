import { useId, useState, type FormEvent } from "react";

import { toApiError } from "../../api/apiError";
import { getPlayer } from "../../api/getPlayer";
import type { LeaderboardEntry } from "../../api/types";
import { findPlayers, isPlayerId } from "./findPlayers";

interface PlayerSearchProps {
  game: string;
  entries: readonly LeaderboardEntry[];
  onFound: (playerId: string) => void;
}

type Outcome =
  | { kind: "idle" }
  | { kind: "searching" }
  | { kind: "choose"; matches: LeaderboardEntry[] }
  | { kind: "message"; text: string };

/**
 * Find a player by name or id: first among the loaded rows, then by id
 * through the player endpoint. Several players may share a name; then the
 * search lists them, told apart by id.
 */
export function PlayerSearch({ game, entries, onFound }: PlayerSearchProps) {
  const inputId = useId();
  const [text, setText] = useState("");
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });

  function found(playerId: string): void {
    setOutcome({ kind: "idle" });
    onFound(playerId);
  }

  async function onSubmit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (text.trim() === "") return;

    const matches = findPlayers(entries, text);
    if (matches.length === 1 && matches[0]) return found(matches[0].player_id);
    if (matches.length > 1) return setOutcome({ kind: "choose", matches });

    const id = text.trim();
    if (!isPlayerId(id)) {
      return setOutcome({ kind: "message", text: noMatch(text) });
    }
    setOutcome({ kind: "searching" });
    try {
      const player = await getPlayer(game, id);
      found(player.player_id);
    } catch (error) {
      const apiError = toApiError(error);
      const message =
        apiError.status === 404 ? noMatch(text) : apiError.message;
      setOutcome({ kind: "message", text: message });
    }
  }

  return (
    <div className="player-search">
      <form role="search" onSubmit={onSubmit}>
        <label htmlFor={inputId}>Find a player (name or id)</label>
        <div className="player-search-row">
          <input
            id={inputId}
            type="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
          <button type="submit">Find</button>
        </div>
      </form>
      <div role="status" className="player-search-outcome">
        {outcome.kind === "searching" && <p>Searching…</p>}
        {outcome.kind === "message" && <p>{outcome.text}</p>}
        {outcome.kind === "choose" && (
          <>
            <p>{outcome.matches.length} players match. Choose one:</p>
            <ul className="player-choices">
              {outcome.matches.map((entry) => (
                <li key={entry.player_id}>
                  <button type="button" onClick={() => found(entry.player_id)}>
                    <span className="player-name">{entry.name}</span>{" "}
                    <span className="player-id">{entry.player_id}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}

function noMatch(text: string): string {
  return `No player matches “${text}” in this game.`;
}
