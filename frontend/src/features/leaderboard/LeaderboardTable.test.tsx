import { render, screen, within } from "@testing-library/react";

import { aLeaderboard } from "../../test/builders";
import { LeaderboardTable } from "./LeaderboardTable";
import type { Movements } from "./rankMovements";

const BIG_ID = "76561198046048622";
const NAMES = ["Черная смерть", "tuhti  sirpa", "Kaze ", "あユみ ホシゾラ"];

function renderTable(
  board = aLeaderboard([{}]),
  movements: Movements = new Map(),
) {
  return render(
    <LeaderboardTable
      leaderboard={board}
      gameName="Valorant"
      movements={movements}
      selectedPlayerId={null}
      onSelectPlayer={() => {}}
      playerButtonRef={() => {}}
    />,
  );
}

test("is a real table with a caption and scoped headers", () => {
  renderTable(aLeaderboard([{}, {}]));

  const table = screen.getByRole("table", {
    name: "Valorant: top 2 of 2 by Score",
  });
  const headers = within(table).getAllByRole("columnheader");
  expect(headers.map((h) => h.textContent)).toEqual([
    "Rank",
    "Player",
    "Kills",
    "Assists",
    "Deaths",
    "K/D",
    "Score",
  ]);
  headers.forEach((h) => expect(h).toHaveAttribute("scope", "col"));
  expect(within(table).getAllByRole("rowheader")).toHaveLength(2);
});

test("shows a row's rank, kills, assists, deaths, K/D and score", () => {
  renderTable(
    aLeaderboard([
      { name: "Ace", kills: 21, assists: 4, deaths: 14, kd: 1.5, score: 12.5 },
    ]),
  );

  const row = screen.getByRole("row", { name: /Ace/ });
  const cells = within(row).getAllByRole("cell");
  expect(cells.map((c) => c.textContent)).toEqual([
    "1",
    "21",
    "4",
    "14",
    "1.50",
    "12.5",
  ]);
});

test("shows a 64-bit player id exactly, as the string it came as", () => {
  renderTable(aLeaderboard([{ player_id: BIG_ID, name: "Big" }]));

  const row = screen.getByRole("row", { name: /Big/ });
  expect(within(row).getByText(BIG_ID)).toHaveTextContent(BIG_ID, {
    normalizeWhitespace: false,
  });
  // As a number it would have become 76561198046048620.
  expect(row).not.toHaveTextContent("76561198046048620");
});

test("shows names byte-exact, spaces kept", () => {
  renderTable(aLeaderboard(NAMES.map((name) => ({ name }))));

  const shown = screen
    .getAllByRole("rowheader")
    .map((cell) => cell.querySelector(".player-name")?.textContent);
  expect(shown).toEqual(NAMES);
});

test("keeps players who share a display name as separate rows", () => {
  renderTable(
    aLeaderboard(
      Array.from({ length: 10 }, (_, i) => ({
        player_id: `same-${i}`,
        name: "Ghost",
      })),
    ),
  );

  expect(screen.getAllByRole("rowheader", { name: /Ghost/ })).toHaveLength(10);
});

test("shows a rank change as an arrow with places and words", () => {
  const movements: Movements = new Map([
    ["p1", { kind: "up", places: 2, at: Date.now(), seq: 1 }],
    ["p2", { kind: "down", places: 1, at: Date.now(), seq: 1 }],
  ]);

  renderTable(
    aLeaderboard([{ name: "Riser" }, { name: "Faller" }, {}]),
    movements,
  );

  const riser = screen.getByRole("row", { name: /Riser/ });
  expect(within(riser).getByText("▲2")).toHaveAttribute("aria-hidden", "true");
  expect(within(riser).getByText("up 2")).toHaveClass("visually-hidden");
  expect(riser).toHaveClass("row-moved");
  const faller = screen.getByRole("row", { name: /Faller/ });
  expect(within(faller).getByText("▼1")).toBeInTheDocument();
  expect(within(faller).getByText("down 1")).toBeInTheDocument();
  const still = screen.getByRole("row", { name: /Player 3/ });
  expect(within(still).queryByText(/up|down/)).not.toBeInTheDocument();
  expect(still).not.toHaveClass("row-moved");
});
