// Turns one entry of the log API's `content` list into text lines.
// Airflow 3 logs are structured events; the exception of a failed task is only in
// `error_detail`, never in `event`, so a reader that drops `error_detail` loses the error.

export interface LogFrame {
  filename: string;
  lineno: number;
  name: string;
}

export interface ExceptionDetail {
  exc_type: string;
  exc_value: string;
  exc_notes?: string[];
  is_cause?: boolean;
  frames?: LogFrame[];
  syntax_error?: { filename?: string; lineno?: number; text?: string } | null;
  exceptions?: ExceptionDetail[];
}

export interface StructuredLogEvent {
  event?: string;
  timestamp?: string | null;
  level?: string | null;
  logger?: string | null;
  error_detail?: ExceptionDetail[] | null;
  [key: string]: unknown;
}

export type LogContentItem = string | StructuredLogEvent;

/** `line`: the event as one line. `attached`: exception and continuation lines that belong to it. */
export interface RenderedLogEvent {
  line: string;
  attached: string[];
}

const SHOWN_FIELDS = new Set(['event', 'timestamp', 'level', 'logger', 'error_detail', 'filename', 'lineno', 'ti_id']);
const MAX_FRAMES = 12;

/**
 * `known`: fields every line of this log repeats (dag_id, task_id, run_id, …); a key whose
 * value equals the known one is left out, so the model reads the message, not the context.
 */
export function renderLogEvent(item: LogContentItem, known: Record<string, unknown> = {}): RenderedLogEvent {
  const [first = '', ...more] = (typeof item === 'string' ? item : renderStructured(item, known)).split('\n');
  const attached = typeof item === 'string' ? more : [...more, ...renderExceptions(item.error_detail ?? [])];
  return { line: first, attached };
}

/** `[timestamp] LEVEL logger: event key=value … loc=file.py:12` */
function renderStructured(item: StructuredLogEvent, known: Record<string, unknown>): string {
  const parts: string[] = [];
  if (item.timestamp) parts.push(`[${item.timestamp}]`);
  if (item.level) parts.push(item.level.toUpperCase());
  if (item.logger) parts.push(`${item.logger}:`);
  parts.push(item.event ?? '');
  for (const [key, value] of Object.entries(item)) {
    if (SHOWN_FIELDS.has(key) || value === null || value === undefined) continue;
    if (key in known && String(known[key]) === String(value)) continue;
    parts.push(`${key}=${renderValue(value)}`);
  }
  // The UI merges these two the same way.
  if (item.filename) parts.push(`loc=${String(item.filename)}${item.lineno ? `:${String(item.lineno)}` : ''}`);
  return parts.join(' ');
}

function renderValue(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/** Python's traceback layout, outermost exception first, causes after it. */
export function renderExceptions(details: ExceptionDetail[]): string[] {
  return details.flatMap((detail, index) => {
    const header = index === 0 ? [] : [detail.is_cause ? 'Caused by:' : 'While handling:'];
    return [...header, ...renderException(detail, '')];
  });
}

function renderException(detail: ExceptionDetail, indent: string): string[] {
  const lines = [`${indent}Traceback (most recent call last):`];
  const frames = detail.frames ?? [];
  // The task's own code is in the last frames; Airflow's runner frames come first.
  const skipped = Math.max(0, frames.length - MAX_FRAMES);
  if (skipped > 0) lines.push(`${indent}  … ${skipped} outer frames omitted`);
  for (const frame of frames.slice(skipped)) {
    lines.push(`${indent}  File "${shortenPath(frame.filename)}", line ${frame.lineno}, in ${frame.name}`);
  }
  const syntax = detail.syntax_error;
  if (syntax?.filename) lines.push(`${indent}  File "${syntax.filename}", line ${syntax.lineno ?? '?'}`);
  if (syntax?.text) lines.push(`${indent}    ${syntax.text.trim()}`);
  lines.push(`${indent}${detail.exc_type}: ${detail.exc_value}`);
  for (const note of detail.exc_notes ?? []) lines.push(`${indent}${note}`);
  (detail.exceptions ?? []).forEach((sub, i) => {
    lines.push(`${indent}  +-- sub-exception ${i + 1}:`);
    for (const line of renderException(sub, `${indent}    `)) lines.push(line);
  });
  return lines;
}

// Installed packages' paths say nothing beyond the package: keep that part.
function shortenPath(filename: string): string {
  const at = filename.lastIndexOf('/site-packages/');
  return at < 0 ? filename : `…${filename.slice(at)}`;
}
