import type { Movement } from "./rankMovements";

/**
 * A rank change as an arrow with the number of places, plus words for
 * screen readers, so colour is never the only signal.
 */
export function RankChange({ movement }: { movement?: Movement }) {
  if (!movement) {
    return <span className="rank-change rank-change--none" />;
  }
  if (movement.kind === "new") {
    return (
      <span className="rank-change rank-change--new">
        <span aria-hidden="true">NEW</span>
        <span className="visually-hidden">new in the top</span>
      </span>
    );
  }

  const arrow = movement.kind === "up" ? "▲" : "▼";
  return (
    <span className={`rank-change rank-change--${movement.kind}`}>
      <span aria-hidden="true">
        {arrow}
        {movement.places}
      </span>
      <span className="visually-hidden">
        {movement.kind} {movement.places}
      </span>
    </span>
  );
}
