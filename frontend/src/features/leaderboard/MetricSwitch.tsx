import { METRICS, type Metric } from "../../api/types";
import { METRIC_LABELS } from "../../lib/metricLabels";

interface MetricSwitchProps {
  value: Metric;
  onChange: (metric: Metric) => void;
}

/** Radio buttons choosing the metric the leaderboard ranks by. */
export function MetricSwitch({ value, onChange }: MetricSwitchProps) {
  return (
    <fieldset className="metric-switch">
      <legend>Rank by</legend>
      {METRICS.map((metric) => (
        <label key={metric} className="metric-option">
          <input
            type="radio"
            name="metric"
            value={metric}
            checked={metric === value}
            onChange={() => onChange(metric)}
          />
          <span>{METRIC_LABELS[metric]}</span>
        </label>
      ))}
    </fieldset>
  );
}
