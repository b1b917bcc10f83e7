import type { Game } from "../api/types";
import { StatusMessage } from "../components/StatusMessage";
import { GameTabs } from "../features/games/GameTabs";
import { useGames } from "../features/games/useGames";
import { config } from "../config";
import { GamePanel } from "./GamePanel";
import { useViewParams } from "./useViewParams";

/** The live leaderboard page: a tab per game, then the chosen game's board. */
export function App() {
  const { state, retry } = useGames();

  return (
    <div className="app">
      <header className="app-header">
        <h1>Live leaderboard</h1>
      </header>
      <main>
        {state.kind === "loading" && (
          <StatusMessage kind="loading">Loading games…</StatusMessage>
        )}
        {state.kind === "error" && (
          <StatusMessage
            kind="error"
            action={{ label: "Try again", onClick: retry }}
          >
            Could not load the games from {config.apiUrl}: {state.error.message}
          </StatusMessage>
        )}
        {state.kind === "ready" && state.games.length === 0 && (
          <StatusMessage kind="empty">No matches yet</StatusMessage>
        )}
        {state.kind === "ready" && state.games.length > 0 && (
          <Games games={state.games} />
        )}
      </main>
    </div>
  );
}

function Games({ games }: { games: Game[] }) {
  const [view, setView] = useViewParams();
  const game = games.find((g) => g.id === view.game) ?? games[0];
  if (!game) return null;

  return (
    <>
      <GameTabs
        games={games}
        selected={game.id}
        onSelect={(id) => setView({ game: id })}
      />
      <GameSummary game={game} />
      <GamePanel
        game={game}
        metric={view.metric}
        limit={view.limit}
        onMetricChange={(metric) => setView({ metric })}
      />
    </>
  );
}

function GameSummary({ game }: { game: Game }) {
  return (
    <p className="game-summary">
      {game.live_matches} live {plural(game.live_matches, "match", "matches")} ·{" "}
      {game.matches} {plural(game.matches, "match", "matches")} played ·{" "}
      {game.players} {plural(game.players, "player", "players")}
    </p>
  );
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}
