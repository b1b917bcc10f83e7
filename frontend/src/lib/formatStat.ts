const RATIO = new Intl.NumberFormat(undefined, {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const SCORE = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const COUNT = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** Format a ratio such as K/D or KDA with two decimals. */
export function formatRatio(value: number): string {
  return RATIO.format(value);
}

/** Format a score: up to two decimals, as the API rounds it. */
export function formatScore(value: number): string {
  return SCORE.format(value);
}

/** Format a count (kills, deaths...). */
export function formatCount(value: number): string {
  return COUNT.format(value);
}
