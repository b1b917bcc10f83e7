import { act, render, screen, within } from "@testing-library/react";

import { aGame, aLeaderboard } from "../test/builders";
import { json, requests, route } from "../test/fakeApi";
import { FakeEventSource } from "../test/fakeEventSource";
import {
  MAX_PUSH_ERRORS,
  POLL_INTERVAL_MS,
  PUSH_RETRY_MS,
} from "../features/leaderboard/liveFeed";
import { GamePanel } from "./GamePanel";

const LEADERBOARD = "/games/valorant/leaderboard?metric=score&limit=20";

/** Render the panel and let its first fetch answer. */
async function renderPanel(): Promise<void> {
  render(
    <GamePanel
      game={aGame()}
      metric="score"
      limit={20}
      onMetricChange={() => {}}
    />,
  );
  await advance(0);
}

function status(): HTMLElement {
  return within(screen.getByRole("tabpanel")).getAllByRole("status")[0]!;
}

function polls(): number {
  return requests.filter((r) => r === LEADERBOARD).length;
}

async function advance(ms: number): Promise<void> {
  await act(() => vi.advanceTimersByTimeAsync(ms));
}

beforeEach(() => {
  vi.useFakeTimers();
  route("/games/valorant/leaderboard", () =>
    json(aLeaderboard([{ name: "Ace" }, { name: "Bee" }])),
  );
});

afterEach(() => {
  vi.useRealTimers();
});

test("goes live on the first pushed leaderboard", async () => {
  await renderPanel();
  expect(status()).toHaveTextContent("Connecting…");

  act(() => FakeEventSource.latest().emit("leaderboard", aLeaderboard([{}])));

  expect(status()).toHaveTextContent("Live");
  expect(screen.getByRole("table")).toBeVisible();
});

test("moves rows when a pushed leaderboard changes the ranks", async () => {
  await renderPanel();
  const stream = FakeEventSource.latest();
  const ace = { player_id: "p1", name: "Ace" };
  const bee = { player_id: "p2", name: "Bee" };
  act(() => stream.emit("leaderboard", aLeaderboard([ace, bee])));

  act(() => stream.emit("leaderboard", aLeaderboard([bee, ace])));

  const aceRow = screen.getByRole("row", { name: /Ace/ });
  expect(within(aceRow).getByText("down 1")).toBeInTheDocument();
  const beeRow = screen.getByRole("row", { name: /Bee/ });
  expect(within(beeRow).getByText("▲1")).toBeInTheDocument();
  expect(within(beeRow).getByText("up 1")).toBeInTheDocument();

  await advance(11_000);
  expect(within(aceRow).queryByText("down 1")).not.toBeInTheDocument();
});

test("says reconnecting while the browser retries the stream", async () => {
  await renderPanel();
  const stream = FakeEventSource.latest();
  act(() => stream.emit("leaderboard", aLeaderboard([{}])));

  act(() => stream.fail());

  expect(status()).toHaveTextContent("Reconnecting…");
  act(() => stream.emit("leaderboard", aLeaderboard([{}])));
  expect(status()).toHaveTextContent("Live");
});

test("falls back to polling when push keeps failing, then retries push", async () => {
  await renderPanel();
  const stream = FakeEventSource.latest();
  const before = polls();

  for (let i = 0; i < MAX_PUSH_ERRORS; i += 1) act(() => stream.fail());

  expect(status()).toHaveTextContent("Polling");
  expect(stream.isOpen).toBe(false);
  await advance(POLL_INTERVAL_MS);
  expect(polls()).toBe(before + 1);
  await advance(POLL_INTERVAL_MS);
  expect(polls()).toBe(before + 2);
  expect(screen.getByRole("rowheader", { name: /Ace/ })).toBeVisible();

  await advance(PUSH_RETRY_MS - 2 * POLL_INTERVAL_MS);
  const retried = FakeEventSource.latest();
  expect(retried).not.toBe(stream);
  expect(status()).toHaveTextContent("Polling");
  act(() => retried.emit("leaderboard", aLeaderboard([{ name: "Cee" }])));

  expect(status()).toHaveTextContent("Live");
  expect(screen.getByRole("rowheader", { name: /Cee/ })).toBeVisible();
  const settled = polls();
  await advance(3 * POLL_INTERVAL_MS);
  expect(polls()).toBe(settled);
});

test("polls at once when the stream is refused outright", async () => {
  await renderPanel();

  act(() => FakeEventSource.latest().fail({ closed: true }));

  expect(status()).toHaveTextContent("Polling");
});

test("polls when the browser has no EventSource", async () => {
  // @ts-expect-error: a browser without server-sent events
  delete globalThis.EventSource;

  await renderPanel();

  expect(status()).toHaveTextContent("Polling");
  expect(screen.getByRole("rowheader", { name: /Ace/ })).toBeVisible();
  const before = polls();
  await advance(PUSH_RETRY_MS + POLL_INTERVAL_MS);
  expect(polls()).toBeGreaterThan(before + 10);
});

test("keeps a pushed leaderboard that beat the first fetch", async () => {
  let answer: (value: ReturnType<typeof json>) => void = () => {};
  route(
    "/games/valorant/leaderboard",
    () => new Promise((resolve) => (answer = resolve)),
  );
  await renderPanel();

  act(() =>
    FakeEventSource.latest().emit(
      "leaderboard",
      aLeaderboard([{ name: "New" }]),
    ),
  );
  answer(json(aLeaderboard([{ name: "Old" }])));
  await advance(0);

  expect(screen.getByRole("rowheader", { name: /New/ })).toBeVisible();
  expect(
    screen.queryByRole("rowheader", { name: /Old/ }),
  ).not.toBeInTheDocument();
});
