import { useRef, type KeyboardEvent } from "react";

import type { Game } from "../../api/types";

export const GAME_PANEL_ID = "game-panel";

/** The id of a game's tab, which labels the panel while it is selected. */
export function gameTabId(game: string): string {
  return `game-tab-${game}`;
}

interface GameTabsProps {
  games: Game[];
  selected: string;
  onSelect: (game: string) => void;
}

/**
 * One tab per game (WAI-ARIA tablist): arrow keys, Home and End move
 * between tabs and select the one they land on.
 */
export function GameTabs({ games, selected, onSelect }: GameTabsProps) {
  const tabs = useRef(new Map<string, HTMLButtonElement>());

  function moveTo(index: number): void {
    const game = games[(index + games.length) % games.length];
    if (!game) return;
    onSelect(game.id);
    tabs.current.get(game.id)?.focus();
  }

  function onKeyDown(event: KeyboardEvent, index: number): void {
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: games.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    moveTo(target);
  }

  return (
    <div className="game-tabs" role="tablist" aria-label="Games">
      {games.map((game, index) => {
        const isSelected = game.id === selected;
        return (
          <button
            key={game.id}
            ref={(el) => {
              if (el) tabs.current.set(game.id, el);
              else tabs.current.delete(game.id);
            }}
            type="button"
            role="tab"
            id={gameTabId(game.id)}
            aria-selected={isSelected}
            aria-controls={GAME_PANEL_ID}
            tabIndex={isSelected ? 0 : -1}
            className="game-tab"
            onClick={() => onSelect(game.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {game.name}
          </button>
        );
      })}
    </div>
  );
}
