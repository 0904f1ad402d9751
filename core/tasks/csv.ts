import { ValidationError } from '../errors';

/** Id columns tried in order when none is named (the LVU benchmark's CSVs use `youtube_id`). */
export const DEFAULT_ID_COLUMNS = ['youtube_id', 'video_id', 'externalId', 'external_id', 'id', 'video'] as const;
/** Label columns tried in order when none is named (then a column named like the task). */
export const DEFAULT_LABEL_COLUMNS = ['label', 'class', 'class_id', 'value'] as const;

/** One row of a labels CSV: the id (an `externalId`, or a video id) and the raw label. */
export interface CsvLabelRow {
  id: string;
  label: string;
  line: number;
}

function splitLine(line: string, delimiter: ',' | 'ws'): string[] {
  if (delimiter === 'ws') return line.trim().split(/\s+/);
  return [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"').trim()).slice(0, -1);
}

function pick(header: string[], named: string | undefined, defaults: readonly string[], what: string): number {
  const wanted = named ? [named] : defaults;
  const i = header.findIndex((h) => wanted.includes(h));
  if (i < 0)
    throw new ValidationError(`labels CSV: no ${what} column (looked for ${wanted.join(', ')}; header: ${header.join(', ') || 'empty'})`, {
      details: { header, wanted },
    });
  return i;
}

/**
 * Parses a labels CSV with a header row: comma-separated, or whitespace-separated as the
 * LVU benchmark ships its files (one row per YouTube id). Columns are found by name
 * (`idColumn`/`labelColumn`, else DEFAULT_ID_COLUMNS / DEFAULT_LABEL_COLUMNS / the task
 * name); extra columns are ignored; a row lacking either value is a VALIDATION_FAILED
 * naming its line.
 *
 * @example
 *   parseLabelsCsv('youtube_id,label\nabc,comedy\n', { taskName: 'genre' }) // [{id:'abc', label:'comedy', line:2}]
 */
export function parseLabelsCsv(text: string, options: { taskName: string; idColumn?: string; labelColumn?: string }): CsvLabelRow[] {
  const lines = text
    .split(/\r?\n/)
    .map((l, i) => ({ l, line: i + 1 }))
    .filter(({ l }) => l.trim() !== '');
  const first = lines[0]?.l ?? '';
  const delimiter = first.includes(',') ? ',' : 'ws';
  const header = splitLine(first, delimiter);
  const idIndex = pick(header, options.idColumn, DEFAULT_ID_COLUMNS, 'id');
  const labelIndex = pick(header, options.labelColumn, [...DEFAULT_LABEL_COLUMNS, options.taskName], 'label');
  return lines.slice(1).map(({ l, line }) => {
    const cells = splitLine(l, delimiter);
    const id = cells[idIndex];
    const label = cells[labelIndex];
    if (!id || label === undefined || label === '')
      throw new ValidationError(`labels CSV line ${line}: needs an id and a label`, { details: { line } });
    return { id, label, line };
  });
}
