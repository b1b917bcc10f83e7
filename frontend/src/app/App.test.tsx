import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { aLeaderboard, GAMES } from "../test/builders";
import { apiError, json, requests, route } from "../test/fakeApi";
import { FakeEventSource } from "../test/fakeEventSource";
import { App } from "./App";

function serveGames(): void {
  route("/games", () => json({ games: GAMES }));
  for (const game of GAMES) {
    route(`/games/${game.id}/leaderboard`, (params) =>
      json(
        aLeaderboard([{ name: `${game.name} leader` }], {
          game: game.id,
          metric: params.get("metric") as "score",
        }),
      ),
    );
  }
}

test("says it is loading before the games arrive", async () => {
  route("/games", () => new Promise(() => {}));

  render(<App />);

  expect(screen.getByRole("status")).toHaveTextContent("Loading games…");
});

test("says no matches yet when the API lists no game", async () => {
  route("/games", () => json({ games: [] }));

  render(<App />);

  expect(await screen.findByText("No matches yet")).toBeInTheDocument();
  expect(screen.queryByRole("tablist")).not.toBeInTheDocument();
});

test("shows an error with a retry when the games cannot be loaded", async () => {
  route("/games", () => apiError(500, "internal", "Something broke."));
  const user = userEvent.setup();

  render(<App />);

  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent("Something broke.");
  serveGames();
  await user.click(within(alert).getByRole("button", { name: "Try again" }));
  expect(await screen.findByRole("tab", { name: "Valorant" })).toBeVisible();
});

test("says no matches yet when a game's leaderboard is empty", async () => {
  serveGames();
  route("/games/apex/leaderboard", () => json(aLeaderboard([])));

  render(<App />);

  expect(await screen.findByText("No matches yet")).toBeInTheDocument();
  expect(screen.queryByRole("table")).not.toBeInTheDocument();
});

test("shows the leaderboard's error when it cannot be loaded", async () => {
  serveGames();
  route("/games/apex/leaderboard", () =>
    apiError(404, "not_found", "Unknown game: apex."),
  );

  render(<App />);

  expect(await screen.findByRole("alert")).toHaveTextContent(
    "Could not load the Apex Legends leaderboard: Unknown game: apex.",
  );
});

test("has a tab per listed game and moves between them with arrow keys", async () => {
  serveGames();
  const user = userEvent.setup();
  render(<App />);

  const tabs = await screen.findAllByRole("tab");
  expect(tabs.map((t) => t.textContent)).toEqual([
    "Apex Legends",
    "Valorant",
    "Halo",
  ]);
  const apex = screen.getByRole("tab", { name: "Apex Legends" });
  expect(apex).toHaveAttribute("aria-selected", "true");
  expect(
    await screen.findByRole("tabpanel", { name: "Apex Legends" }),
  ).toBeVisible();

  await user.click(apex);
  await user.keyboard("{ArrowRight}");

  const valorant = screen.getByRole("tab", { name: "Valorant" });
  expect(valorant).toHaveFocus();
  expect(valorant).toHaveAttribute("aria-selected", "true");
  expect(apex).toHaveAttribute("tabindex", "-1");
  expect(
    await screen.findByRole("rowheader", { name: /Valorant leader/ }),
  ).toBeVisible();

  await user.keyboard("{ArrowLeft}{ArrowLeft}");
  expect(screen.getByRole("tab", { name: "Halo" })).toHaveFocus();
  await user.keyboard("{Home}");
  expect(apex).toHaveFocus();
});

test("lists any other game the API knows", async () => {
  serveGames();
  route("/games", () =>
    json({ games: [...GAMES, { ...GAMES[0], id: "lol", name: "League" }] }),
  );

  render(<App />);

  expect(await screen.findByRole("tab", { name: "League" })).toBeVisible();
});

test("the metric switch ranks the table by kills or K/D", async () => {
  serveGames();
  const user = userEvent.setup();
  render(<App />);
  const table = await screen.findByRole("table");
  expect(table).toHaveAccessibleName(/by Score/);
  expect(screen.getByRole("columnheader", { name: "Score" })).toHaveAttribute(
    "aria-sort",
    "descending",
  );

  await user.click(screen.getByRole("radio", { name: "Kills" }));

  expect(screen.getByRole("radio", { name: "Kills" })).toBeChecked();
  expect(await screen.findByRole("table")).toHaveAccessibleName(/by Kills/);
  expect(screen.getByRole("columnheader", { name: "Kills" })).toHaveAttribute(
    "aria-sort",
    "descending",
  );
  expect(requests).toContain("/games/apex/leaderboard?metric=kills&limit=20");
  expect(FakeEventSource.latest().url).toBe(
    "http://localhost:5000/api/v1/games/apex/stream?metric=kills&limit=20",
  );
  expect(window.location.search).toBe("?metric=kills");

  await user.click(screen.getByRole("radio", { name: "K/D" }));
  expect(await screen.findByRole("table")).toHaveAccessibleName(/by K\/D/);
});

test("opens on the game and metric named in the address", async () => {
  serveGames();
  window.history.replaceState(null, "", "/?game=halo&metric=kd&limit=5");

  render(<App />);

  expect(await screen.findByRole("tab", { name: "Halo" })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  expect(screen.getByRole("radio", { name: "K/D" })).toBeChecked();
  expect(await screen.findByRole("table")).toBeVisible();
  expect(requests).toContain("/games/halo/leaderboard?metric=kd&limit=5");
});
