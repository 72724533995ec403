// Reads `event`, `level` and `logger` out of one NDJSON log line without parsing it, for the
// lines that cannot matter beyond counting and context: plain info/debug lines with no
// exception. Parsing every line was most of the triage's time and garbage; lines this scanner
// is not sure about (an exception, a warning, a group marker, an escape, a nested object) are
// left to JSON.parse.

export interface ScannedLine {
  event: string;
  level: string;
  logger: string | null;
}

const QUIET_LEVELS = new Set(['info', 'debug']);

/** The line's fields when it is a plain info/debug event, else null (parse it in full). */
export function scanQuietLine(line: string): ScannedLine | null {
  // A nested object (`error_detail` holds some) could hold keys of the same names: leave it to
  // the parser. Without one, each key is there once at most (Airflow writes JSON objects).
  if (line.indexOf('{', 1) >= 0) return null;
  const level = stringField(line, '"level":', QUIET_LEVELS);
  if (level === undefined || level === null || !QUIET_LEVELS.has(level)) return null;
  const event = stringField(line, '"event":');
  if (event === undefined || event === null || event.includes('::')) return null;
  const logger = stringField(line, '"logger":', recentLoggers);
  if (logger === undefined) return null;
  if (logger !== null) rememberLogger(logger);
  return { event, level, logger };
}

// The level and the logger repeat line after line: a string already known is handed on rather
// than a new copy per line (less garbage per MB, and no slice holding on to the text it came from).
const recentLoggers = new Set<string>();
function rememberLogger(logger: string): void {
  if (recentLoggers.has(logger)) return;
  if (recentLoggers.size >= 8) recentLoggers.clear();
  // A copy of its own: the slice would keep the whole text it was cut from alive.
  recentLoggers.add(structuredClone(logger));
}

/**
 * The string value of `key` (written `"name":`), null when the key is absent, undefined when
 * unsure: a value that is not a plain string, or one with an escape. A value equal to one of
 * `known` is that very string.
 */
function stringField(line: string, key: string, known?: Iterable<string>): string | null | undefined {
  const at = unescapedIndex(line, key, 0);
  if (at < 0) return null;
  let start = at + key.length;
  while (line.charCodeAt(start) === 32) start += 1;
  if (line.charCodeAt(start) !== 34 /* " */) return undefined;
  if (known) {
    for (const value of known) if (line.charCodeAt(start + 1 + value.length) === 34 && line.startsWith(value, start + 1)) return value;
  }
  const end = line.indexOf('"', start + 1);
  if (end < 0) return undefined;
  const value = line.slice(start + 1, end);
  return value.includes('\\') ? undefined : value;
}

/** Index of `key` not preceded by a backslash (a key inside a string value is escaped). */
function unescapedIndex(line: string, key: string, from: number): number {
  for (let at = line.indexOf(key, from); at >= 0; at = line.indexOf(key, at + 1)) {
    if (line.charCodeAt(at - 1) !== 92 /* \ */) return at;
  }
  return -1;
}
