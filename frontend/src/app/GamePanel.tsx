import { useCallback, useEffect, useRef, useState } from "react";

import type { Game, Metric } from "../api/types";
import { GAME_PANEL_ID, gameTabId } from "../features/games/GameTabs";
import { ConnectionBadge } from "../features/leaderboard/ConnectionBadge";
import { LiveBoard } from "../features/leaderboard/LiveBoard";
import { MetricSwitch } from "../features/leaderboard/MetricSwitch";
import { useLiveLeaderboard } from "../features/leaderboard/useLiveLeaderboard";
import { useRankMovements } from "../features/leaderboard/useRankMovements";
import { PlayerSearch } from "../features/players/PlayerSearch";
import { PlayerStatLine } from "../features/players/PlayerStatLine";

/** Reload an open stat line at most this often while the board updates. */
const STAT_LINE_REFRESH_MS = 2000;

interface GamePanelProps {
  game: Game;
  metric: Metric;
  limit: number;
  onMetricChange: (metric: Metric) => void;
}

/** The selected game's tab panel: live leaderboard, search, stat line. */
export function GamePanel({
  game,
  metric,
  limit,
  onMetricChange,
}: GamePanelProps) {
  const live = useLiveLeaderboard({ game: game.id, metric, limit });
  const movements = useRankMovements(live.leaderboard);
  const [picked, setPicked] = useState<{ game: string; id: string } | null>(
    null,
  );
  const [jump, setJump] = useState(0);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const selected = picked?.game === game.id ? picked.id : null;

  // Jump to the found player's row when a search lands on one.
  useEffect(() => {
    if (!selected || jump === 0) return;
    const button = buttons.current.get(selected);
    button?.scrollIntoView?.({ block: "center", behavior: "smooth" });
    button?.focus({ preventScroll: true });
  }, [selected, jump]);

  const select = useCallback(
    (id: string) => setPicked({ game: game.id, id }),
    [game.id],
  );
  const onFound = useCallback(
    (id: string) => {
      select(id);
      setJump((n) => n + 1);
    },
    [select],
  );
  const playerButtonRef = useCallback(
    (id: string, el: HTMLButtonElement | null) => {
      if (el) buttons.current.set(id, el);
      else buttons.current.delete(id);
    },
    [],
  );

  return (
    <div
      className="game-panel"
      role="tabpanel"
      id={GAME_PANEL_ID}
      aria-labelledby={gameTabId(game.id)}
    >
      <div className="toolbar">
        <MetricSwitch value={metric} onChange={onMetricChange} />
        <ConnectionBadge status={live.status} updatedAt={live.updatedAt} />
      </div>
      <div className="game-layout">
        <div className="board">
          <LiveBoard
            live={live}
            gameName={game.name}
            movements={movements}
            selectedPlayerId={selected}
            onSelectPlayer={select}
            playerButtonRef={playerButtonRef}
          />
        </div>
        <aside className="sidebar" aria-label="Players">
          <PlayerSearch
            key={game.id}
            game={game.id}
            entries={live.leaderboard?.entries ?? []}
            onFound={onFound}
          />
          {selected && (
            <PlayerStatLine
              game={game.id}
              playerId={selected}
              refreshKey={Math.floor(
                (live.updatedAt ?? 0) / STAT_LINE_REFRESH_MS,
              )}
              onClose={() => setPicked(null)}
            />
          )}
        </aside>
      </div>
    </div>
  );
}
