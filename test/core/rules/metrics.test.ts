/** The eval figures, checked against a confusion matrix worked out by hand. */
import { describe, expect, it } from 'vitest';
import { evaluateLabels, formatReport, parseTsv, TsvError, tsvLine, type Scored } from '../../../core/rules/index.ts';

// gold progress: 3 (2 right, 1 called stall); gold stall: 2 (1 right, 1 dropped by the topic filter);
// gold neutral: 1 (called progress); offtopic: 2 (one dropped, one kept as neutral)
const rows: Scored[] = [
  { gold: 'progress', relevant: true, label: 'progress' },
  { gold: 'progress', relevant: true, label: 'progress' },
  { gold: 'progress', relevant: true, label: 'stall' },
  { gold: 'stall', relevant: true, label: 'stall' },
  { gold: 'stall', relevant: false, label: 'stall' },
  { gold: 'neutral', relevant: true, label: 'progress' },
  { gold: 'offtopic', relevant: false, label: 'neutral' },
  { gold: 'offtopic', relevant: true, label: 'neutral' },
];

describe('eval metrics', () => {
  const report = evaluateLabels(rows);

  it('scores labels on the rows about the topic; a dropped one is a miss', () => {
    expect(report.scored).toBe(6);
    expect(report.accuracy).toBeCloseTo(3 / 6);
    const [progress, stall, neutral] = report.labels;
    expect(progress).toMatchObject({ label: 'progress', support: 3 });
    expect(progress!.precision).toBeCloseTo(2 / 3);
    expect(progress!.recall).toBeCloseTo(2 / 3);
    expect(stall!.precision).toBeCloseTo(1 / 2);
    expect(stall!.recall).toBeCloseTo(1 / 2);
    expect(neutral).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(report.macroF1).toBeCloseTo((2 / 3 + 1 / 2 + 0) / 3);
  });

  it('measures the topic filter: precision over kept rows, recall over rows about the topic', () => {
    expect(report.relevance).toEqual({ precision: 5 / 6, recall: 5 / 6, kept: 5, dropped: 1, offtopicKept: 1, offtopic: 2 });
  });

  it('counts the confusion matrix, gold by predicted', () => {
    expect(report.confusion.progress).toEqual({ progress: 2, stall: 1, neutral: 0, dropped: 0 });
    expect(report.confusion.stall).toEqual({ progress: 0, stall: 1, neutral: 0, dropped: 1 });
    expect(report.confusion.offtopic).toEqual({ progress: 0, stall: 0, neutral: 1, dropped: 1 });
  });

  it('prints the figures', () => {
    const text = formatReport(report, 'sample.tsv, topic iran-us').join('\n');
    expect(text).toContain('accuracy  0.500  (3 of 6)');
    expect(text).toContain('macro-F1  0.389');
    expect(text).toMatch(/progress\s+0\.667\s+0\.667\s+0\.667\s+3/);
    expect(text).toContain('relevance  precision 0.833  recall 0.833');
    expect(text).toMatch(/offtopic\s+0\s+0\s+1\s+1/);
  });
});

describe('TSV', () => {
  it('reads columns by name, ignores others and blank lines, keeps line numbers', () => {
    const table = parseTsv('\uFEFFid\tgold\ttitle\textra\r\nA1\tstall\tTalks collapse\tx\n\nA2\tprogress\tDeal\n', ['id', 'title']);
    expect(table.rows).toEqual([
      { line: 2, values: { id: 'A1', gold: 'stall', title: 'Talks collapse', extra: 'x' } },
      { line: 4, values: { id: 'A2', gold: 'progress', title: 'Deal', extra: '' } },
    ]);
  });

  it('names the missing columns', () => {
    expect(() => parseTsv('id,title,summary\nA,b,c', ['id', 'title'])).toThrow(TsvError);
    expect(() => parseTsv('id,title,summary\nA,b,c', ['id', 'title'])).toThrow(/lacks id, title: it has id,title,summary; the columns must be tab-separated/);
    expect(() => parseTsv('\n\n', ['id'])).toThrow(/the file is empty/);
  });

  it('writes tabs and newlines inside values as spaces', () => {
    expect(tsvLine(['a\tb', 'c\nd', 1, true])).toBe('a b\tc d\t1\ttrue');
  });
});
