import type { ConnectionStatus } from "./liveFeed";

const LABELS: Record<ConnectionStatus, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  polling: "Polling",
};

interface ConnectionBadgeProps {
  status: ConnectionStatus;
  updatedAt: number | null;
}

/** The state of the live connection in words, and the last update time. */
export function ConnectionBadge({ status, updatedAt }: ConnectionBadgeProps) {
  return (
    <div className="connection">
      <p
        className={`connection-status connection-status--${status}`}
        role="status"
      >
        <span className="connection-dot" aria-hidden="true" />
        {LABELS[status]}
      </p>
      {updatedAt !== null && (
        <p className="connection-updated">
          Updated{" "}
          <time dateTime={new Date(updatedAt).toISOString()}>
            {new Date(updatedAt).toLocaleTimeString()}
          </time>
        </p>
      )}
    </div>
  );
}
