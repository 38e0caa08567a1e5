/**
 * Benchmark results: one row per measured figure, printed as a table and, with --json FILE, written as a JSON array
 * of { case, metric, value, unit, baseline, ratio } so results compare over time. `baseline` is the figure of the
 * tool people use instead, measured in the same run; `ratio` is ours divided by it. A case measured in several
 * settings (a new or an existing data directory, say) says which in `variant`; `target` is what the issue asks.
 */
export interface Row {
  case: string;
  variant: string | null;
  metric: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  target: string | null;
  /** whether the target is met; null without a target */
  met: boolean | null;
  note: string | null;
}

export interface RowInput {
  case: string;
  variant?: string | null;
  metric: string;
  value: number;
  unit: string;
  baseline?: number | null;
  /** ours divided by theirs, on a baseline's own row (by default value / baseline) */
  ratio?: number | null;
  /** e.g. '<= 2.5', checked against the value; 'ratio <= 1.5' against the ratio; 'and' joins conditions */
  target?: string | null;
  note?: string | null;
}

export function row(input: RowInput): Row {
  const baseline = input.baseline ?? null;
  const target = input.target ?? null;
  const ratio = input.ratio !== undefined ? input.ratio : baseline ? input.value / baseline : null;
  return {
    case: input.case,
    variant: input.variant ?? null,
    metric: input.metric,
    value: round(input.value),
    unit: input.unit,
    baseline: baseline === null ? null : round(baseline),
    ratio: ratio === null ? null : round(ratio),
    target,
    met: target === null ? null : target.split(' and ').every((t) => meets(t.startsWith('ratio') ? ratio : input.value, t)),
    note: input.note ?? null,
  };
}

function meets(value: number | null, target: string): boolean {
  const m = /^(?:ratio\s*)?(<=|>=)\s*([\d.]+)$/.exec(target.trim());
  if (!m) throw new Error(`a target is written "<= N", ">= N" or "ratio <= N", not "${target}"`);
  if (value === null || !Number.isFinite(value)) return false;
  return m[1] === '<=' ? value <= Number(m[2]) : value >= Number(m[2]);
}

const round = (n: number) => (Number.isFinite(n) ? Number(n.toPrecision(4)) : n);

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The JSON a run writes: the spec's fields first, then the extras. */
export function toJson(rows: Row[]): string {
  return JSON.stringify(
    rows.map((r) => ({ case: r.case, metric: r.metric, value: r.value, unit: r.unit, baseline: r.baseline, ratio: r.ratio, variant: r.variant, target: r.target, met: r.met })),
    null,
    2,
  );
}

const fmt = (n: number | null) => (n === null ? '' : Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en-US') : String(n));

/** A Markdown table: what the README's Performance section holds. */
export function toTable(rows: Row[]): string {
  const header = ['case', 'variant', 'metric', 'value', 'unit', 'baseline', 'ratio', 'target', 'met'];
  const lines = rows.map((r) => [r.case, r.variant ?? '', r.metric, fmt(r.value), r.unit, fmt(r.baseline), r.ratio === null ? '' : `${r.ratio}`, r.target ?? '', r.met === null ? '' : r.met ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(line)].join('\n');
}
