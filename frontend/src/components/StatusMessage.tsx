import type { ReactNode } from "react";

interface StatusMessageProps {
  kind: "loading" | "empty" | "error";
  children: ReactNode;
  /** Shown as a button after the message, e.g. to retry. */
  action?: { label: string; onClick: () => void };
}

/** A loading, empty or error state in words, announced to screen readers. */
export function StatusMessage({ kind, children, action }: StatusMessageProps) {
  return (
    <div
      className={`status-message status-message--${kind}`}
      role={kind === "error" ? "alert" : "status"}
    >
      <p>{children}</p>
      {action && (
        <button type="button" onClick={action.onClick}>
          {action.label}
        </button>
      )}
    </div>
  );
}
