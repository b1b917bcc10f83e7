import { StatusMessage } from "../../components/StatusMessage";
import {
  LeaderboardTable,
  type LeaderboardTableProps,
} from "./LeaderboardTable";
import type { LiveLeaderboard } from "./useLiveLeaderboard";

type LiveBoardProps = Omit<LeaderboardTableProps, "leaderboard"> & {
  live: LiveLeaderboard;
};

/** The leaderboard's loading, error and empty states, then the table. */
export function LiveBoard({ live, ...tableProps }: LiveBoardProps) {
  const { leaderboard, error } = live;

  if (!leaderboard && error) {
    return (
      <StatusMessage kind="error">
        Could not load the {tableProps.gameName} leaderboard: {error.message}
      </StatusMessage>
    );
  }
  if (!leaderboard) {
    return (
      <StatusMessage kind="loading">Loading the leaderboard…</StatusMessage>
    );
  }
  if (leaderboard.entries.length === 0) {
    return <StatusMessage kind="empty">No matches yet</StatusMessage>;
  }

  return (
    <>
      {error && (
        <p className="stale-note">
          Last update failed ({error.message}); showing the last leaderboard.
        </p>
      )}
      <LeaderboardTable leaderboard={leaderboard} {...tableProps} />
    </>
  );
}
