import { useId, type ReactNode } from "react";

import { StatusMessage } from "../../components/StatusMessage";
import { METRICS, type Player } from "../../api/types";
import { formatCount, formatRatio, formatScore } from "../../lib/formatStat";
import { METRIC_LABELS } from "../../lib/metricLabels";
import { usePlayer } from "./usePlayer";

interface PlayerStatLineProps {
  game: string;
  playerId: string;
  /** Changes whenever the leaderboard updates, to reload the line. */
  refreshKey: unknown;
  onClose: () => void;
}

/** One player's line: totals, per-match figures and ranks by each metric. */
export function PlayerStatLine({
  game,
  playerId,
  refreshKey,
  onClose,
}: PlayerStatLineProps) {
  const state = usePlayer(game, playerId, refreshKey);
  const headingId = useId();

  return (
    <section className="stat-line" aria-labelledby={headingId}>
      <div className="stat-line-header">
        <h2 id={headingId}>
          {state.kind === "ready" ? (
            <span className="player-name">{state.player.name}</span>
          ) : (
            "Player"
          )}
        </h2>
        <button type="button" onClick={onClose}>
          Close<span className="visually-hidden"> player stats</span>
        </button>
      </div>
      <p className="stat-line-id">
        Id <code className="player-id-full">{playerId}</code>
      </p>
      <PlayerDetails state={state} />
    </section>
  );
}

function PlayerDetails({ state }: { state: ReturnType<typeof usePlayer> }) {
  if (state.kind === "loading") {
    return <StatusMessage kind="loading">Loading player…</StatusMessage>;
  }
  if (state.kind === "error") {
    const message =
      state.error.status === 404
        ? "No such player in this game."
        : state.error.message;
    return <StatusMessage kind="error">{message}</StatusMessage>;
  }
  return <PlayerFigures player={state.player} />;
}

function PlayerFigures({ player }: { player: Player }) {
  return (
    <>
      <StatGroup title="Totals">
        <Stat label="Team" value={player.team} />
        <Stat label="Kills" value={formatCount(player.kills)} />
        <Stat label="Assists" value={formatCount(player.assists)} />
        <Stat label="Deaths" value={formatCount(player.deaths)} />
        <Stat label="K/D" value={formatRatio(player.kd)} />
        <Stat label="KDA" value={formatRatio(player.kda)} />
        <Stat label="Score" value={formatScore(player.score)} />
        <Stat label="Matches" value={formatCount(player.matches)} />
        <Stat label="Wins" value={formatCount(player.wins)} />
      </StatGroup>
      <StatGroup title="Per match">
        <Stat label="Kills" value={formatRatio(player.per_match.kills)} />
        <Stat label="Deaths" value={formatRatio(player.per_match.deaths)} />
        <Stat label="Assists" value={formatRatio(player.per_match.assists)} />
        <Stat label="Score" value={formatScore(player.per_match.score)} />
      </StatGroup>
      <StatGroup title="Ranks">
        {METRICS.map((metric) => (
          <Stat
            key={metric}
            label={METRIC_LABELS[metric]}
            value={formatRank(player.ranks[metric])}
          />
        ))}
      </StatGroup>
    </>
  );
}

function StatGroup({
  title,
  children,
}: {
  title: string;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <div role="group" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      <dl className="stat-grid">{children}</dl>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function formatRank(rank: number | null | undefined): string {
  return typeof rank === "number" ? `#${rank}` : "–";
}
