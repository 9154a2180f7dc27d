/** Small numeric helpers for benchmark figures: percentiles and human-readable numbers. */

export type Latency = { p50: number; p95: number; p99: number; max: number };

/** Nearest-rank percentiles of latencies in milliseconds. */
export function latency(samplesMs: number[]): Latency {
  const sorted = Float64Array.from(samplesMs).sort();
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN);
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN };
}

/** 1234567 -> "1,234,567"; rates get at most one decimal below 100. */
export function num(value: number, digits = 0): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function rate(count: number, seconds: number): string {
  const r = count / seconds;
  return num(r, r < 100 ? 1 : 0);
}

export function mb(bytes: number): string {
  return `${num(bytes / 1e6, bytes < 10e6 ? 1 : 0)} MB`;
}

export function ms(value: number): string {
  return `${num(value, value < 10 ? 2 : 1)} ms`;
}

export function secs(seconds: number): string {
  return `${num(seconds, seconds < 10 ? 2 : 1)} s`;
}
