import { METRICS, type Metric } from "../api/types";

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** What the page shows, as kept in its address (`?game=&metric=&limit=`). */
export interface ViewParams {
  /** The selected game's id; null picks the first game listed. */
  game: string | null;
  metric: Metric;
  limit: number;
}

/** Read the view from a query string, ignoring values that make no sense. */
export function parseViewParams(search: string): ViewParams {
  const params = new URLSearchParams(search);
  const metric = params.get("metric");
  const limit = Number.parseInt(params.get("limit") ?? "", 10);
  return {
    game: params.get("game") || null,
    metric: isMetric(metric) ? metric : "score",
    limit:
      Number.isInteger(limit) && limit >= 1
        ? Math.min(limit, MAX_LIMIT)
        : DEFAULT_LIMIT,
  };
}

/** Write the view into a query string, leaving defaults out. */
export function formatViewParams(view: ViewParams): string {
  const params = new URLSearchParams();
  if (view.game) params.set("game", view.game);
  if (view.metric !== "score") params.set("metric", view.metric);
  if (view.limit !== DEFAULT_LIMIT) params.set("limit", String(view.limit));
  const text = params.toString();
  return text ? `?${text}` : "";
}

function isMetric(value: string | null): value is Metric {
  return (METRICS as readonly (string | null)[]).includes(value);
}
