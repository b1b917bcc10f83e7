import { formatViewParams, parseViewParams } from "./viewParams";

test("reads the game, metric and limit from the address", () => {
  expect(parseViewParams("?game=halo&metric=kd&limit=5")).toEqual({
    game: "halo",
    metric: "kd",
    limit: 5,
  });
});

test("falls back to score and the top 20 for missing or odd values", () => {
  expect(parseViewParams("?metric=damage&limit=-3")).toEqual({
    game: null,
    metric: "score",
    limit: 20,
  });
  expect(parseViewParams("?limit=5000").limit).toBe(100);
});

test("writes only what differs from the defaults", () => {
  expect(formatViewParams({ game: null, metric: "score", limit: 20 })).toBe("");
  expect(formatViewParams({ game: "apex", metric: "kills", limit: 10 })).toBe(
    "?game=apex&metric=kills&limit=10",
  );
});
