/**
 * Tab-separated files as `classify` and `eval` read and write them: a header line naming the columns, one row a
 * line, no quoting (a tab or a newline inside a value is replaced by a space when writing).
 */

export class TsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TsvError';
  }
}

export interface TsvTable {
  columns: string[];
  rows: Array<{ line: number; values: Record<string, string> }>;
}

/** Parse TSV text; `required` columns must be in the header (others are kept but may be ignored). */
export function parseTsv(text: string, required: string[]): TsvTable {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) throw new TsvError(`the file is empty; it needs a header line with ${required.join(', ')}`);
  const columns = lines[headerAt]!.replace(/\r$/, '').split('\t').map((c) => c.trim().toLowerCase());
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length) {
    throw new TsvError(
      `the header (line ${headerAt + 1}) lacks ${missing.join(', ')}: it has ${columns.join(', ')}; the columns must be tab-separated`,
    );
  }
  const rows: TsvTable['rows'] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const cells = line.split('\t');
    const values: Record<string, string> = {};
    columns.forEach((c, k) => (values[c] = cells[k] ?? ''));
    rows.push({ line: i + 1, values });
  }
  return { columns, rows };
}

/** One TSV line from values; tabs and newlines inside a value become spaces. */
export function tsvLine(values: Array<string | number | boolean>): string {
  return values.map((v) => String(v).replace(/[\t\r\n]+/g, ' ')).join('\t');
}
