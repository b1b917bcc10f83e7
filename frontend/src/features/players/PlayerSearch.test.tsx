import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { GamePanel } from "../../app/GamePanel";
import { aGame, aLeaderboard, aPlayer } from "../../test/builders";
import { apiError, json, route } from "../../test/fakeApi";

const BIG_ID = "76561198046048622";

async function renderBoard(entries: Parameters<typeof aLeaderboard>[0]) {
  route("/games/valorant/leaderboard", () => json(aLeaderboard(entries)));
  render(
    <GamePanel
      game={aGame()}
      metric="score"
      limit={20}
      onMetricChange={() => {}}
    />,
  );
  await screen.findByRole("table");
  return userEvent.setup();
}

async function search(user: ReturnType<typeof userEvent.setup>, text: string) {
  const box = screen.getByRole("searchbox", {
    name: "Find a player (name or id)",
  });
  await user.clear(box);
  await user.type(box, text);
  await user.click(screen.getByRole("button", { name: "Find" }));
}

test("finds a loaded row by name, jumps to it and opens the stat line", async () => {
  const user = await renderBoard([{ name: "Ace" }, { name: "tuhti  sirpa" }]);
  route("/games/valorant/players/p2", () =>
    json(
      aPlayer({
        player_id: "p2",
        name: "tuhti  sirpa",
        per_match: { kills: 3.5, deaths: 2, assists: 1, score: 40.25 },
        ranks: { score: 2, kills: 7, kd: 4 },
      }),
    ),
  );

  await search(user, "SIRPA");

  const row = screen.getByRole("row", { name: /tuhti/ });
  expect(row).toHaveAttribute("aria-current", "true");
  expect(within(row).getByRole("button")).toHaveFocus();
  const line = await screen.findByRole("region", { name: /tuhti/ });
  expect(line.querySelector(".player-name")?.textContent).toBe("tuhti  sirpa");
  const perMatch = within(line).getByRole("group", { name: "Per match" });
  expect(within(perMatch).getByText("3.50")).toBeVisible();
  expect(within(perMatch).getByText("40.25")).toBeVisible();
  const ranks = within(line).getByRole("group", { name: "Ranks" });
  expect(within(ranks).getByText("#7")).toBeVisible();
});

test("finds a player by a 64-bit id and shows the id exactly", async () => {
  const user = await renderBoard([{ player_id: BIG_ID, name: "Big" }, {}]);
  route(`/games/valorant/players/${BIG_ID}`, () =>
    // The raw text, as the API sends it: the id is a JSON string.
    ({
      status: 200,
      body: JSON.stringify(aPlayer({ player_id: BIG_ID, name: "Big" })),
    }),
  );

  await search(user, BIG_ID);

  const line = await screen.findByRole("region", { name: "Big" });
  expect(within(line).getByText(BIG_ID).textContent).toBe(BIG_ID);
  expect(screen.getByRole("row", { name: /Big/ })).toHaveAttribute(
    "aria-current",
    "true",
  );
});

test("asks the player endpoint for an id outside the loaded rows", async () => {
  const user = await renderBoard([{ name: "Ace" }]);
  route("/games/valorant/players/far-away", () =>
    json(
      aPlayer({
        player_id: "far-away",
        name: "Faraway",
        ranks: { score: 57, kills: 40, kd: 33 },
      }),
    ),
  );

  await search(user, "far-away");

  const line = await screen.findByRole("region", { name: "Faraway" });
  expect(within(line).getByText("#57")).toBeVisible();
});

test("says so when no player matches", async () => {
  const user = await renderBoard([{ name: "Ace" }]);
  route("/games/valorant/players/nobody", () =>
    apiError(404, "not_found", "Unknown player: nobody."),
  );

  await search(user, "nobody");

  expect(
    await screen.findByText("No player matches “nobody” in this game."),
  ).toBeVisible();
  expect(screen.queryByRole("region")).not.toBeInTheDocument();
});

test("lists players who share a name, told apart by id", async () => {
  const user = await renderBoard([
    { player_id: "ghost-1", name: "Ghost" },
    { player_id: "ghost-2", name: "Ghost" },
    { name: "Ace" },
  ]);
  route("/games/valorant/players/ghost-2", () =>
    json(aPlayer({ player_id: "ghost-2", name: "Ghost" })),
  );

  await search(user, "Ghost");
  expect(screen.getByText("2 players match. Choose one:")).toBeVisible();
  await user.click(screen.getByRole("button", { name: "Ghost ghost-2" }));

  expect(
    await screen.findByRole("region", { name: "Ghost" }),
  ).toHaveTextContent("ghost-2");
});
