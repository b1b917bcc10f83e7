import type { Metric } from "../api/types";

/** How each metric is named on screen. */
export const METRIC_LABELS: Record<Metric, string> = {
  score: "Score",
  kills: "Kills",
  kd: "K/D",
};
