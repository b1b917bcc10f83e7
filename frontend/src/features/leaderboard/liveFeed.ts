import { toApiError, type ApiError } from "../../api/apiError";
import {
  getLeaderboard,
  type LeaderboardQuery,
} from "../../api/getLeaderboard";
import {
  LEADERBOARD_EVENT,
  openLeaderboardStream,
} from "../../api/openLeaderboardStream";
import type { Leaderboard } from "../../api/types";

/** Poll the REST endpoint this often while push is unavailable. */
export const POLL_INTERVAL_MS = 2000;
/** While polling, try the push channel again after this long. */
export const PUSH_RETRY_MS = 30_000;
/** Give up on push after this many errors without a leaderboard between. */
export const MAX_PUSH_ERRORS = 3;

export type ConnectionStatus =
  "connecting" | "live" | "reconnecting" | "polling";

export interface FeedHandlers {
  onLeaderboard(leaderboard: Leaderboard): void;
  onStatus(status: ConnectionStatus): void;
  /** A fetch failed; null once one succeeds again. */
  onError(error: ApiError | null): void;
}

/**
 * Keep one leaderboard up to date: fetch it once, then follow the push
 * channel (SSE). When push keeps failing or is not supported, poll every
 * POLL_INTERVAL_MS and try push again every PUSH_RETRY_MS.
 * Returns a function that stops everything.
 */
export function startLiveFeed(
  query: LeaderboardQuery,
  handlers: FeedHandlers,
): () => void {
  const abort = new AbortController();
  let stream: EventSource | null = null;
  let pushErrors = 0;
  let pushed = false;
  let polling = false;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  async function fetchOnce({ unlessPushed = false } = {}): Promise<void> {
    try {
      const leaderboard = await getLeaderboard(query, abort.signal);
      if (abort.signal.aborted) return;
      // A pushed leaderboard that came first is the newer one.
      if (unlessPushed && pushed) return;
      handlers.onLeaderboard(leaderboard);
      handlers.onError(null);
    } catch (error) {
      if (abort.signal.aborted) return;
      handlers.onError(toApiError(error));
    }
  }

  function pollLoop(): void {
    if (!polling) return;
    void fetchOnce().finally(() => {
      if (polling && !abort.signal.aborted) {
        pollTimer = setTimeout(pollLoop, POLL_INTERVAL_MS);
      }
    });
  }

  function startPolling(): void {
    if (polling) return;
    polling = true;
    handlers.onStatus("polling");
    pollTimer = setTimeout(pollLoop, POLL_INTERVAL_MS);
  }

  function stopPolling(): void {
    polling = false;
    clearTimeout(pollTimer);
  }

  function closeStream(): void {
    stream?.close();
    stream = null;
  }

  function giveUpOnPush(retry: boolean): void {
    closeStream();
    startPolling();
    if (retry) {
      retryTimer = setTimeout(openPush, PUSH_RETRY_MS);
    }
  }

  function onPushMessage(event: MessageEvent<string>): void {
    let leaderboard: Leaderboard;
    try {
      leaderboard = JSON.parse(event.data) as Leaderboard;
    } catch {
      console.warn("ignoring a leaderboard event that is not JSON");
      return;
    }
    pushed = true;
    pushErrors = 0;
    stopPolling();
    handlers.onStatus("live");
    handlers.onLeaderboard(leaderboard);
    handlers.onError(null);
  }

  function onPushError(source: EventSource): void {
    if (source !== stream) return;
    pushErrors += 1;
    // CLOSED means the browser will not reconnect (e.g. a non-SSE answer).
    if (
      source.readyState === EventSource.CLOSED ||
      pushErrors >= MAX_PUSH_ERRORS
    ) {
      giveUpOnPush(true);
    } else if (!polling) {
      handlers.onStatus("reconnecting");
    }
  }

  function openPush(): void {
    if (abort.signal.aborted) return;
    const opened = openLeaderboardStream(query);
    if (!opened) {
      giveUpOnPush(false);
      return;
    }
    stream = opened;
    pushErrors = 0;
    opened.addEventListener(LEADERBOARD_EVENT, onPushMessage);
    opened.addEventListener("error", () => onPushError(opened));
  }

  handlers.onStatus("connecting");
  void fetchOnce({ unlessPushed: true });
  openPush();

  return () => {
    abort.abort();
    stopPolling();
    clearTimeout(retryTimer);
    closeStream();
  };
}
