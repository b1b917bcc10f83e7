// The live leaderboard in a real browser against the real stack.
//
// Drives Debian's headless Chromium through playwright-core (no browser
// download) against a page that is already served and an API that is
// already fed by the engine:
//
// | variable              | default                 | meaning                    |
// | --------------------- | ----------------------- | -------------------------- |
// | E2E_PAGE_URL          | http://localhost:3000   | the served page            |
// | E2E_API_URL           | http://localhost:5000   | the API the page talks to  |
// | E2E_CHROMIUM          | /usr/bin/chromium       | the browser binary         |
// | E2E_README_IMAGE      | (unset)                 | 1: also write              |
// |                       |                         | docs/images/leaderboard.png |
//
// Screenshots go to e2e/screenshots/. The run ends with "N passed, N failed"
// and exits 1 when a check failed.
import { readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

const PAGE_URL = process.env.E2E_PAGE_URL || "http://localhost:3000";
const API_URL = (process.env.E2E_API_URL || "http://localhost:5000").replace(
  /\/+$/,
  "",
);
const CHROMIUM = process.env.E2E_CHROMIUM || "/usr/bin/chromium";
const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(HERE, "screenshots");
const README_IMAGE = join(
  HERE,
  "..",
  "..",
  "docs",
  "images",
  "leaderboard.png",
);
// Shared with the Python tests' Chromium (tests/support/browser.py).
const CHROMIUM_ARGS = JSON.parse(
  readFileSync(join(HERE, "chromiumFlags.json"), "utf8"),
);
// Within this many ms a live stack must have pushed a new leaderboard.
const UPDATE_WITHIN_MS = 20_000;
// The page retries push after 30 s of polling; allow for it and a reconnect.
const BACK_TO_LIVE_WITHIN_MS = 45_000;

const results = [];

async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push({ name, ok: true });
    console.log(`✓ ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`✗ ${name}\n    ${String(error?.message ?? error)}`);
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function api(path) {
  const response = await fetch(`${API_URL}/api/v1${path}`);
  expect(response.ok, `GET ${path} answered ${response.status}`);
  return response.json();
}

async function shot(page, name) {
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Player ids as the page shows them, top to bottom. */
function shownIds(page) {
  return page
    .locator("table.leaderboard tbody .player-id")
    .evaluateAll((cells) => cells.map((c) => c.textContent));
}

function status(page) {
  return page.locator(".connection-status");
}

async function main() {
  await mkdir(SHOTS, { recursive: true });
  const { games } = await api("/games");
  expect(games.length > 0, "the API lists no game");
  const profile = await mkdtemp(join(tmpdir(), "leaderboard-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1920, height: 1080 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors = [];
  page.on(
    "console",
    (m) => m.type() === "error" && consoleErrors.push(m.text()),
  );

  try {
    await runChecks(page, games);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
  if (consoleErrors.length > 0) {
    console.log(`browser console errors:\n  ${consoleErrors.join("\n  ")}`);
  }
}

async function runChecks(page, games) {
  const first = games[0];

  await check("shows a tab for every game the API lists", async () => {
    await page.goto(PAGE_URL);
    const tabs = page.getByRole("tab");
    await tabs.first().waitFor();
    const names = await tabs.allTextContents();
    expect(
      JSON.stringify(names) === JSON.stringify(games.map((g) => g.name)),
      `tabs ${JSON.stringify(names)} != games ${JSON.stringify(games.map((g) => g.name))}`,
    );
  });

  await check("goes live over server-sent events", async () => {
    await status(page)
      .filter({ hasText: /^Live$/ })
      .waitFor({ timeout: 10_000 });
  });

  await check(
    "shows the API's top players with ids as exact strings",
    async () => {
      await page.locator("table.leaderboard tbody tr").first().waitFor();
      const board = await api(
        `/games/${encodeURIComponent(first.id)}/leaderboard?metric=score&limit=20`,
      );
      const ids = await shownIds(page);
      const expected = board.entries.map((e) => e.player_id);
      const common = ids.filter((id) => expected.includes(id));
      // The board moves while we look; most of the top 20 must still agree.
      expect(
        common.length >= Math.min(expected.length, 20) / 2,
        `shown ${ids.slice(0, 5)}… share ${common.length} ids with the API`,
      );
      const whiteSpace = await page
        .locator("table.leaderboard .player-name")
        .first()
        .evaluate((el) => getComputedStyle(el).whiteSpace);
      expect(whiteSpace === "pre", `names are white-space: ${whiteSpace}`);
    },
  );

  await shot(page, "leaderboard-1080p");

  await check("updates without a reload while matches run", async () => {
    const before = await page.locator(".connection-updated time").textContent();
    await page.waitForFunction(
      (text) =>
        document.querySelector(".connection-updated time")?.textContent !==
        text,
      before,
      { timeout: UPDATE_WITHIN_MS },
    );
  });

  await check("shows a rank change as an arrow with words", async () => {
    const change = page.locator(".rank-change--up, .rank-change--down").first();
    await change.waitFor({ timeout: UPDATE_WITHIN_MS });
    const text = await change.textContent();
    expect(/^[▲▼]\d+(up|down) \d+$/.test(text ?? ""), `rank change "${text}"`);
  });
  await shot(page, "leaderboard-rank-change");

  await check("the metric switch ranks by kills", async () => {
    await page.getByRole("radio", { name: "Kills" }).check({ force: true });
    await page
      .getByRole("table", { name: /by Kills$/ })
      .waitFor({ timeout: 10_000 });
    expect(page.url().includes("metric=kills"), `address is ${page.url()}`);
  });

  await check("arrow keys move between game tabs", async () => {
    if (games.length < 2) return;
    await page.getByRole("tab", { selected: true }).focus();
    await page.keyboard.press("ArrowRight");
    const selected = page.getByRole("tab", { selected: true });
    const name = await selected.textContent();
    expect(name === games[1].name, `selected tab is ${name}`);
    const focused = await page.evaluate(
      () => document.activeElement?.textContent,
    );
    expect(focused === games[1].name, `focus is on ${focused}`);
    await page.keyboard.press("ArrowLeft");
  });

  await check(
    "search by id jumps to the row and opens the stat line",
    async () => {
      await page.getByRole("table").waitFor();
      const ids = await shownIds(page);
      const id = ids[Math.min(3, ids.length - 1)];
      expect(id, "no row to search for");
      await page.getByRole("searchbox", { name: /Find a player/ }).fill(id);
      await page.getByRole("button", { name: "Find" }).click();
      const line = page
        .getByRole("region")
        .filter({ has: page.locator("code") });
      await line.waitFor({ timeout: 10_000 });
      const shownId = await line.locator("code").textContent();
      expect(shownId === id, `stat line shows id ${shownId}, searched ${id}`);
      await line.getByRole("group", { name: "Ranks" }).waitFor();
      const current = page.locator('tr[aria-current="true"] .player-id');
      if ((await current.count()) > 0) {
        expect((await current.textContent()) === id, "another row is marked");
      }
    },
  );
  await shot(page, "leaderboard-stat-line");

  await check("falls back to polling when the stream is blocked", async () => {
    await page.route("**/stream?**", (route) => route.abort());
    await page.reload();
    await status(page)
      .filter({ hasText: /^Polling$/ })
      .waitFor({ timeout: 30_000 });
    const before = await page.locator(".connection-updated time").textContent();
    await page.waitForFunction(
      (text) =>
        document.querySelector(".connection-updated time")?.textContent !==
        text,
      before,
      { timeout: UPDATE_WITHIN_MS },
    );
  });
  await shot(page, "leaderboard-polling");

  await check("goes back to live when the stream returns", async () => {
    await page.unroute("**/stream?**");
    await status(page)
      .filter({ hasText: /^Live$/ })
      .waitFor({ timeout: BACK_TO_LIVE_WITHIN_MS });
  });

  await check("is readable on a phone, columns collapsed", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("table").waitFor();
    const assists = page.getByRole("columnheader", { name: "Assists" });
    expect(!(await assists.isVisible()), "the Assists column still shows");
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  });
  await shot(page, "leaderboard-phone");

  if (process.env.E2E_README_IMAGE === "1") {
    await mkdir(dirname(README_IMAGE), { recursive: true });
    await copyFile(join(SHOTS, "leaderboard-rank-change.png"), README_IMAGE);
    console.log(`README image: ${README_IMAGE}`);
  }
}

try {
  await main();
} catch (error) {
  results.push({ name: "set up the browser and the API", ok: false });
  console.log(`✗ could not run: ${String(error?.message ?? error)}`);
}
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
