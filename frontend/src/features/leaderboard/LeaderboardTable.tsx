import type { Leaderboard, LeaderboardEntry, Metric } from "../../api/types";
import { formatCount, formatRatio, formatScore } from "../../lib/formatStat";
import { METRIC_LABELS } from "../../lib/metricLabels";
import { RankChange } from "./RankChange";
import type { Movement, Movements } from "./rankMovements";

interface Column {
  key: "kills" | "assists" | "deaths" | "kd" | "score";
  label: string;
  /** Columns that collapse first on narrow screens. */
  secondary: boolean;
  format: (entry: LeaderboardEntry) => string;
}

const COLUMNS: Column[] = [
  {
    key: "kills",
    label: "Kills",
    secondary: false,
    format: (e) => formatCount(e.kills),
  },
  {
    key: "assists",
    label: "Assists",
    secondary: true,
    format: (e) => formatCount(e.assists),
  },
  {
    key: "deaths",
    label: "Deaths",
    secondary: true,
    format: (e) => formatCount(e.deaths),
  },
  {
    key: "kd",
    label: "K/D",
    secondary: false,
    format: (e) => formatRatio(e.kd),
  },
  {
    key: "score",
    label: "Score",
    secondary: false,
    format: (e) => formatScore(e.score),
  },
];

export interface LeaderboardTableProps {
  leaderboard: Leaderboard;
  gameName: string;
  movements: Movements;
  selectedPlayerId: string | null;
  onSelectPlayer: (playerId: string) => void;
  /** Receives each row's player button, so a search can jump to it. */
  playerButtonRef: (playerId: string, el: HTMLButtonElement | null) => void;
}

/** The top players of one game as a real table, ranked by one metric. */
export function LeaderboardTable({
  leaderboard,
  gameName,
  movements,
  selectedPlayerId,
  onSelectPlayer,
  playerButtonRef,
}: LeaderboardTableProps) {
  const { entries, metric, total } = leaderboard;

  return (
    <table className="leaderboard">
      <caption>
        {gameName}: top {entries.length} of {total} by {METRIC_LABELS[metric]}
      </caption>
      <thead>
        <tr>
          <th scope="col" className="col-rank">
            Rank
          </th>
          <th scope="col" className="col-player">
            Player
          </th>
          {COLUMNS.map((column) => (
            <th
              key={column.key}
              scope="col"
              className={columnClass(column, metric)}
              aria-sort={column.key === metric ? "descending" : undefined}
            >
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const movement = movements.get(entry.player_id);
          const selected = entry.player_id === selectedPlayerId;
          return (
            <tr
              key={entry.player_id}
              className={rowClass(movement, selected)}
              aria-current={selected ? "true" : undefined}
            >
              <td className="col-rank">
                <span className="rank">{entry.rank}</span>
                <RankChange movement={movement} />
              </td>
              <th scope="row" className="col-player">
                <button
                  type="button"
                  className="player-button"
                  ref={(el) => playerButtonRef(entry.player_id, el)}
                  onClick={() => onSelectPlayer(entry.player_id)}
                >
                  <span className="player-name">{entry.name}</span>
                  <span className="player-id">{entry.player_id}</span>
                </button>
              </th>
              {COLUMNS.map((column) => (
                <td key={column.key} className={columnClass(column, metric)}>
                  {column.format(entry)}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function columnClass(column: Column, metric: Metric): string {
  const classes = ["col-stat", `col-${column.key}`];
  if (column.key === metric) classes.push("col-metric");
  else if (column.secondary) classes.push("col-secondary");
  return classes.join(" ");
}

function rowClass(movement: Movement | undefined, selected: boolean): string {
  const classes = ["leaderboard-row"];
  if (movement) {
    // The highlight is a CSS animation that runs when the class appears; two
    // identical ones, alternated, so that each further change replays it.
    classes.push(`row-moved row-moved--${movement.kind}`);
    classes.push(`row-flash-${movement.seq % 2}`);
  }
  if (selected) classes.push("row-selected");
  return classes.join(" ");
}
