/**
 * What `talkwatch eval` reports: accuracy and macro-F1 over the three labels on the rows whose gold label is not
 * offtopic (a relevant row the topic filter dropped counts as a miss), per-label precision and recall, the
 * topic filter's precision and recall, and the confusion matrix.
 */
import { LABELS, type Label } from '../types.ts';

export type Gold = Label | 'offtopic';
export type Predicted = Label | 'dropped';
export const GOLDS: readonly Gold[] = [...LABELS, 'offtopic'];
export const PREDICTIONS: readonly Predicted[] = [...LABELS, 'dropped'];

export interface Scored {
  gold: Gold;
  relevant: boolean;
  label: Label;
}

export interface LabelStats {
  label: Label;
  precision: number;
  recall: number;
  f1: number;
  /** gold rows with this label */
  support: number;
}

export interface Report {
  rows: number;
  /** rows whose gold label is progress, stall or neutral */
  scored: number;
  accuracy: number;
  macroF1: number;
  labels: LabelStats[];
  relevance: { precision: number; recall: number; kept: number; dropped: number; offtopicKept: number; offtopic: number };
  /** confusion[gold][predicted] */
  confusion: Record<Gold, Record<Predicted, number>>;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function evaluate(rows: Scored[]): Report {
  const confusion = Object.fromEntries(GOLDS.map((g) => [g, Object.fromEntries(PREDICTIONS.map((p) => [p, 0]))])) as Report['confusion'];
  for (const row of rows) confusion[row.gold][row.relevant ? row.label : 'dropped']++;

  const onTopic = rows.filter((r) => r.gold !== 'offtopic');
  const correct = onTopic.filter((r) => r.relevant && r.label === r.gold).length;
  const labels = LABELS.map((label): LabelStats => {
    const truePositive = confusion[label][label];
    const predicted = LABELS.reduce((sum, gold) => sum + confusion[gold][label], 0);
    const support = PREDICTIONS.reduce((sum, p) => sum + confusion[label][p], 0);
    const precision = ratio(truePositive, predicted);
    const recall = ratio(truePositive, support);
    return { label, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });

  const kept = onTopic.filter((r) => r.relevant).length;
  const offtopic = rows.length - onTopic.length;
  const offtopicKept = rows.filter((r) => r.gold === 'offtopic' && r.relevant).length;
  return {
    rows: rows.length,
    scored: onTopic.length,
    accuracy: ratio(correct, onTopic.length),
    macroF1: labels.reduce((sum, l) => sum + l.f1, 0) / labels.length,
    labels,
    relevance: {
      precision: ratio(kept, kept + offtopicKept),
      recall: ratio(kept, onTopic.length),
      kept,
      dropped: onTopic.length - kept,
      offtopicKept,
      offtopic,
    },
    confusion,
  };
}

const f3 = (n: number) => n.toFixed(3);
const table = (rows: string[][]) => {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
};

/** The report as `talkwatch eval` prints it. */
export function formatReport(report: Report, what: string): string[] {
  const r = report.relevance;
  const correct = Math.round(report.accuracy * report.scored);
  return [
    `${what}: ${report.rows} rows, ${report.scored} about the topic (gold progress, stall or neutral), ${r.offtopic} off-topic`,
    '',
    `accuracy  ${f3(report.accuracy)}  (${correct} of ${report.scored})`,
    `macro-F1  ${f3(report.macroF1)}`,
    '',
    ...table([
      ['label', 'precision', 'recall', 'F1', 'gold rows'],
      ...report.labels.map((l) => [l.label, f3(l.precision), f3(l.recall), f3(l.f1), String(l.support)]),
    ]),
    '',
    `relevance  precision ${f3(r.precision)}  recall ${f3(r.recall)}  (kept ${r.kept} of ${report.scored} rows about the topic, ` +
      `dropped ${r.dropped}; kept ${r.offtopicKept} of ${r.offtopic} off-topic rows)`,
    '',
    'confusion (rows: gold; columns: predicted; dropped: judged not relevant)',
    ...table([['gold', ...PREDICTIONS], ...GOLDS.map((g) => [g, ...PREDICTIONS.map((p) => String(report.confusion[g][p]))])]),
  ];
}
