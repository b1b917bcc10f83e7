import { anEntry } from "../../test/builders";
import {
  MOVEMENT_HOLD_MS,
  nextExpiry,
  pruneMovements,
  trackMovements,
} from "./rankMovements";

const a = (rank: number) => anEntry({ player_id: "a", rank });
const b = (rank: number) => anEntry({ player_id: "b", rank });
const c = (rank: number) => anEntry({ player_id: "c", rank });

test("records who went up and down, and by how many places", () => {
  const moved = trackMovements(
    [a(1), b(2), c(3)],
    [c(1), a(2), b(3)],
    new Map(),
    0,
  );

  expect(moved.get("c")).toMatchObject({ kind: "up", places: 2 });
  expect(moved.get("a")).toMatchObject({ kind: "down", places: 1 });
  expect(moved.get("b")).toMatchObject({ kind: "down", places: 1 });
});

test("marks newcomers, but not on the first leaderboard", () => {
  expect(trackMovements([], [a(1)], new Map(), 0).size).toBe(0);

  const moved = trackMovements([a(1)], [a(1), b(2)], new Map(), 0);

  expect(moved.get("b")).toMatchObject({ kind: "new" });
  expect(moved.has("a")).toBe(false);
});

test("a tie that shares a rank is a move for the one who caught up", () => {
  const moved = trackMovements([a(1), b(2)], [a(1), b(1)], new Map(), 0);

  expect(moved.get("b")).toMatchObject({ kind: "up", places: 1 });
});

test("keeps a movement until it is older than the hold time", () => {
  const moved = trackMovements([a(1), b(2)], [b(1), a(2)], new Map(), 1000);

  expect(nextExpiry(moved, 1000)).toBe(MOVEMENT_HOLD_MS);
  expect(pruneMovements(moved, 1000 + MOVEMENT_HOLD_MS - 1).size).toBe(2);
  expect(pruneMovements(moved, 1000 + MOVEMENT_HOLD_MS).size).toBe(0);
});

test("counts each player's changes so the highlight restarts", () => {
  const first = trackMovements([a(1), b(2)], [b(1), a(2)], new Map(), 0);
  const second = trackMovements([b(1), a(2)], [a(1), b(2)], first, 1);

  expect(second.get("a")).toMatchObject({ kind: "up", seq: 2 });
});
