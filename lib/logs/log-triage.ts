// One streaming pass over a task log of any size that finds the failure, keeps the original line
// numbers, and holds only a fixed-size state: the first and last few findings, one per failure
// class, the lines just before each, and the tail. Events are Airflow 3 structured events or
// plain-text lines (Airflow 2 logs, printed tracebacks), in API order.
import type { ExceptionDetail, LogContentItem, StructuredLogEvent } from './render-log-event';
import { compactLine } from './compact-line';
import { exceptionFactsFromDetail, exceptionKey, type ExceptionFacts } from './exception-facts';
import { causeIsCommandOutput, classifyText, isCommandExitLine, type FailureClass } from './failure-class';
import { createRunWindow, itemOf, type LineRun, type SeenLine } from './line-runs';
import { lineShape } from './line-shape';
import { createTextTracebackParser, startsTracebackText, type TextTraceback } from './text-traceback';
import { scanQuietLine } from './ndjson-scan';
import { createUiLineTracker, type UiLineRef, type UiLogDialect } from './ui-log-lines';

export interface TriageLine {
  /** 0-based index of the event in the log API's `content`. */
  index: number;
  /** The Airflow UI's `#N` for it (see ui-log-lines.ts); null if the UI cannot link it. */
  uiLine: number | null;
  /** True when `uiLine` is the line's own number; false when the line is folded into a group and
   * `uiLine` is the nearest line the UI can scroll to. */
  uiLineExact: boolean;
  /** The UI's number of this very line, also inside a collapsed group (where `#N` alone finds
   * nothing: the extension opens the group, see lib/airflow/reveal-log-line.ts); null for none. */
  ownLine: number | null;
  text: string;
  level: string | null;
  /** The log group the line is in (`Pre Execute`, `Post Execute`), or null. */
  group: string | null;
  /** Set when the line stands for a run of lines of the same shape. */
  repeat?: { count: number; lastIndex: number };
}

export type FindingKind = 'exception' | 'signal' | 'error';

export interface TriageFinding {
  kind: FindingKind;
  failureClass: FailureClass;
  line: TriageLine;
  exception: ExceptionFacts | null;
  /** The lines just before it, repeated lines collapsed. */
  context: TriageLine[];
}

export interface LogTriage {
  eventCount: number;
  /** Lines the UI numbers (every event but group markers). */
  numberedLines: number;
  /** The class of the failure found in the log; `unknown` when the log records none. */
  failureClass: FailureClass;
  /** The event that ended the task. */
  failure: TriageFinding | null;
  /** An earlier line that names the cause the failure reports (same class, or its message quoted,
   * or for a command that exited non-zero the last line it printed that tells why). */
  rootCause: TriageFinding | null;
  /** Other errors worth a look (the first and last few), in log order. */
  findings: TriageFinding[];
  /** Every failure class the log mentions, with how often and where first. */
  classesSeen: { failureClass: FailureClass; count: number; first: TriageLine }[];
  /** Warning and error lines that repeat, by shape (numbers masked). */
  repeated: { shape: string; count: number; first: TriageLine; lastIndex: number }[];
  /** The last lines of the log, collapsed. */
  tail: TriageLine[];
  /** The last lines the task itself printed (stdout/stderr). */
  taskOutput: TriageLine[];
  counts: { error: number; warning: number };
  /** True when the log holds no failure record at all: the process died without a word. */
  noFailureRecord: boolean;
}

export interface TriageOptions {
  /** Lines of context kept before each finding (default 3). */
  contextLines?: number;
  /** Lines kept from the end of the log (default 6). */
  tailLines?: number;
  /** Findings kept from the start and from the end of the log (default 3 each). */
  keptFindings?: number;
  /** How the instance's Airflow UI numbers log lines (default: Airflow 3.3's). */
  uiLog?: UiLogDialect;
}

export interface LogTriageBuilder {
  /** One event of the log API's `content`, in order. */
  push(item: LogContentItem): void;
  /** One raw line of the log as text: NDJSON (parsed only when it may matter) or plain text. */
  pushLine(line: string): void;
  finish(): LogTriage;
}

export type LogPages = AsyncIterable<readonly LogContentItem[]> | Iterable<readonly LogContentItem[]>;

/** Triage of a log read page by page (e.g. through continuation tokens); pages are not kept. */
export async function triageLog(pages: LogPages, options: TriageOptions = {}): Promise<LogTriage> {
  const builder = createLogTriage(options);
  for await (const page of pages) for (const item of page) builder.push(item);
  return builder.finish();
}

/** Triage of a plain-text log or stack trace. */
export function triageText(text: string, options: TriageOptions = {}): LogTriage {
  const builder = createLogTriage(options);
  for (const line of text.split('\n')) builder.push(line);
  return builder.finish();
}

/** Triage of a log read as raw text lines (NDJSON or plain), page by page. */
export async function triageLines(pages: AsyncIterable<readonly string[]> | Iterable<readonly string[]>, options: TriageOptions = {}): Promise<LogTriage> {
  const builder = createLogTriage(options);
  for await (const page of pages) for (const line of page) builder.pushLine(line);
  return builder.finish();
}

function seenLine(index: number, item: LogContentItem | null, raw: string | null, ui: UiLineRef, level: string | null, logger: string | null, text: string): SeenLine {
  return { index, item, raw, ui, level, logger, text };
}

interface Pending {
  kind: FindingKind;
  failureClass: FailureClass;
  seen: SeenLine;
  exception: ExceptionFacts | null;
  context: LineRun[];
  /** How surely this ended the task; a later finding replaces the failure if it is at least as sure. */
  score: number;
}

const ERROR_LEVELS = new Set(['error', 'critical', 'fatal', 'exception']);
const WARNING_LEVELS = new Set(['warning', 'warn']);
const TASK_OUTPUT_LOGGERS = new Set(['task.stdout', 'task.stderr']);
// Loggers that pass a command's own output on (SubprocessHook for Bash, the pod manager for
// KubernetesPodOperator, the Docker operator), besides the task's stdout/stderr.
const COMMAND_OUTPUT_LOGGER = /SubprocessHook|pod_manager|PodManager|DockerOperator|DockerHook|\.docker\b|task\.std(?:out|err)/;
// The hook's own lines around the output, not output.
const COMMAND_FRAME_LINE = /^(?:Output:|Running command:|Tmp dir root location:|Command exited with return code|Sending SIGTERM)/;
// An output line that says what went wrong: first one that names an error ("fatal: …",
// "KeyError: …", "No such file"), else one that merely mentions one (a summary "ERROR=1").
const ERROR_OUTPUT = /^\s*(?:[Ff]atal|FATAL|[Ee]rror|ERROR|[Ff]ail(?:ed|ure)?|FAIL(?:ED)?|[Pp]anic)\b|\w*(?:Error|Exception)\b:|No such file|[Pp]ermission denied|not found|could not|cannot|refused|denied|Traceback/;
const TELLING_OUTPUT = /error|fatal|fail|denied|not found|no such|cannot|can't|could not|unable|invalid|refused|exception|traceback|killed|forbidden|unauthori[sz]ed|permission|timed? ?out|missing|abort|panic/i;
const COMMAND_OUTPUT_LINES = 6;
const TASK_FAILED = /^Task failed\b|\bTask failed with exception\b/;
const PLAIN_ERROR = /\b(?:ERROR|CRITICAL|FATAL)\b/;
const PLAIN_WARNING = /\bWARN(?:ING)?\b/;
const MAX_REPEATED_SHAPES = 64;
const MAX_EXCEPTION_KEYS = 8;

export function createLogTriage(options: TriageOptions = {}): LogTriageBuilder {
  const contextLines = options.contextLines ?? 3;
  const tailLines = options.tailLines ?? 6;
  const kept = options.keptFindings ?? 3;

  const tracker = createUiLineTracker(options.uiLog);
  const recent = createRunWindow(Math.max(contextLines, tailLines));
  const taskOutput = createRunWindow(4);
  // What a Bash/subprocess/pod/container command printed, and a copy of it taken when it exited non-zero.
  const commandOutput = createRunWindow(COMMAND_OUTPUT_LINES);
  let outputAtExit: LineRun[] | null = null;
  let inCommandOutput = false;
  const traceback = createTextTracebackParser();
  let eventCount = 0;
  let numbered = 0;
  const counts = { error: 0, warning: 0 };

  let failure: Pending | null = null;
  const first: Pending[] = [];
  const last: Pending[] = [];
  const firstByClass = new Map<FailureClass, { pending: Pending; count: number }>();
  const firstByException = new Map<string, Pending>();
  const repeated = new Map<string, { seen: SeenLine; count: number; lastIndex: number }>();

  // What every finding tells, kept or not: its class and its exception, first seen.
  function note(pending: Pending): void {
    const known = firstByClass.get(pending.failureClass);
    if (known) known.count += 1;
    else firstByClass.set(pending.failureClass, { pending, count: 1 });
    if (pending.exception && firstByException.size < MAX_EXCEPTION_KEYS) {
      const key = exceptionKey(pending.exception);
      if (!firstByException.has(key)) firstByException.set(key, pending);
    }
  }

  function record(pending: Pending): void {
    note(pending);
    if (pending.score >= 2) {
      if (first.length < kept) first.push(pending);
      else {
        last.push(pending);
        if (last.length > kept) last.shift();
      }
    }
    if (!failure || pending.score >= failure.score) failure = pending;
  }

  // A plain-text traceback belongs to the error line just before it ("Task failed with
  // exception"); a chained one ("The above exception was the direct cause…") replaces the one it
  // continues, wherever that went.
  let tracebackOwner: Pending | null = null;
  function attachTraceback(done: TextTraceback, seen: SeenLine): void {
    const facts = done.facts;
    const owner = done.chained && tracebackOwner ? tracebackOwner : failure && !failure.exception && done.startIndex - failure.seen.index <= 2 ? failure : null;
    if (!owner) {
      tracebackOwner = { kind: 'exception', failureClass: facts.failureClass, seen, exception: facts, context: [], score: 4 };
      record(tracebackOwner);
      return;
    }
    owner.exception = facts;
    owner.kind = 'exception';
    owner.failureClass = facts.failureClass;
    tracebackOwner = owner;
    note(owner);
  }

  function push(item: LogContentItem): void {
    if (typeof item === 'string') {
      process(item, null, null, false, null, item, null);
      return;
    }
    if (item === null || typeof item !== 'object') {
      process(undefined, null, null, true, null, item, null);
      return;
    }
    const level = typeof item.level === 'string' ? item.level : null;
    const logger = typeof item.logger === 'string' ? item.logger : null;
    process(typeof item.event === 'string' ? item.event : undefined, level, logger, true, item, item, null);
  }

  function pushLine(line: string): void {
    if (line.charCodeAt(0) !== 123 /* { */) {
      push(line);
      return;
    }
    const quiet = scanQuietLine(line);
    if (quiet) {
      process(quiet.event, quiet.level, quiet.logger, true, null, null, line);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = line;
    }
    push(parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as LogContentItem) : line);
  }

  /**
   * One event: its text, level and logger, and either the parsed item or (for quiet NDJSON lines)
   * the raw line, parsed only if the line is ever shown.
   */
  function process(
    text: string | undefined,
    level: string | null,
    logger: string | null,
    structuredLike: boolean,
    structured: StructuredLogEvent | null,
    item: LogContentItem | null,
    raw: string | null,
  ): void {
    const index = eventCount++;
    const ui = raw !== null ? tracker.addLine() : tracker.add(text);
    if (ui.marker) return;
    numbered += 1;
    const body = text ?? '';

    let isError = level !== null && ERROR_LEVELS.has(level);
    let isWarning = level !== null && WARNING_LEVELS.has(level);
    if (!structuredLike || level === null) {
      if (PLAIN_ERROR.test(body)) isError = true;
      else if (PLAIN_WARNING.test(body)) isWarning = true;
    }
    const shownLevel = level ?? (isError ? 'error' : isWarning ? 'warning' : null);
    if (isError) counts.error += 1;
    if (isWarning) counts.warning += 1;
    // The line as a finding or a window keeps it, made only when one does: no closure per line
    // (a closure and its context per event were most of the triage's own garbage).
    const isTaskOutput = logger !== null && TASK_OUTPUT_LOGGERS.has(logger);

    // Lines of a plain-text traceback (plain lines, or printed to stdout) are the parser's only;
    // a structured event arriving in between is processed as usual.
    if ((!structuredLike || isTaskOutput) && (traceback.active || startsTracebackText(body))) {
      const done = traceback.push(body, index);
      if (done) attachTraceback(done, seenLine(index, item, raw, ui, shownLevel, logger, body));
      recent.add(index, ui, shownLevel, logger, body, item, raw);
      return;
    }

    // A command's output: lines of its logger, or plain lines after the hook's "Output:".
    if (body.startsWith('Output:')) inCommandOutput = true;
    const exit = isCommandExitLine(body);
    if (exit) {
      if (exit.code !== 0) outputAtExit = commandOutput.last(COMMAND_OUTPUT_LINES);
      inCommandOutput = false;
    } else if ((logger !== null ? COMMAND_OUTPUT_LOGGER.test(logger) : inCommandOutput) && !COMMAND_FRAME_LINE.test(body) && body.trim() !== '') {
      commandOutput.add(index, ui, shownLevel, logger, body, item, raw);
    }

    const details = structured?.error_detail as ExceptionDetail[] | null | undefined;
    const exception = Array.isArray(details) && details.length > 0 ? exceptionFactsFromDetail(details) : null;
    // Only lines that are not plain info are matched against the failure rules: a task's own
    // prints ("Killed 3 stale sessions") are not Airflow signals. A generic exception on a line
    // that names the failure ("Exception rendering Jinja template …" with a TypeError) takes the line's class.
    const lineClass = isError || isWarning || level === null || exit ? classifyText(body) : null;
    const failureClass = exception ? (exception.failureClass === 'python_exception' && lineClass ? lineClass : exception.failureClass) : lineClass;
    if ((isError || isWarning) && !exception) countShape(seenLine(index, item, raw, ui, shownLevel, logger, body));

    if (exception || failureClass || isError) {
      const critical = level === 'critical' || level === 'fatal';
      const score = TASK_FAILED.test(body) ? 5 : exception ? 4 : critical && failureClass ? 5 : failureClass && isError ? 3 : isError ? 2 : 1;
      record({
        kind: exception ? 'exception' : failureClass ? 'signal' : 'error',
        failureClass: failureClass ?? 'unknown',
        seen: seenLine(index, item, raw, ui, shownLevel, logger, body),
        exception,
        context: recent.last(contextLines),
        score,
      });
    }
    recent.add(index, ui, shownLevel, logger, body, item, raw);
    if (isTaskOutput) taskOutput.add(index, ui, shownLevel, logger, body, item, raw);
  }

  function countShape(seen: SeenLine): void {
    const shape = lineShape(seen.text);
    const known = repeated.get(shape);
    if (known) {
      known.count += 1;
      known.lastIndex = seen.index;
    } else if (repeated.size < MAX_REPEATED_SHAPES) {
      repeated.set(shape, { seen, count: 1, lastIndex: seen.index });
    }
  }

  function line(seen: SeenLine, count = 1, lastIndex = seen.index): TriageLine {
    const uiLine = tracker.resolve(seen.ui);
    const out: TriageLine = {
      index: seen.index,
      uiLine,
      uiLineExact: uiLine !== null && seen.ui.linkable,
      ownLine: tracker.renderable ? seen.ui.ownLine : null,
      text: compactLine(itemOf(seen)),
      level: seen.level,
      group: seen.ui.group,
    };
    if (count > 1) out.repeat = { count, lastIndex };
    return out;
  }
  // A pair run shows both of its lines, each with its own count.
  const runLines = (run: LineRun) =>
    run.partner ? [line(run.first, run.count, run.lastIndex), line(run.partner, run.partnerCount, run.lastIndex)] : [line(run.first, run.count, run.lastIndex)];
  const finding = (p: Pending): TriageFinding => ({
    kind: p.kind,
    failureClass: p.failureClass,
    line: line(p.seen),
    exception: p.exception,
    context: p.context.flatMap(runLines),
  });

  function finish(): LogTriage {
    const ended = failure as Pending | null;
    const root = ended ? rootCauseOf(ended) : null;
    // A generic exception that ends the task after an earlier line named it more precisely (a
    // TypeError raised while a template rendered, re-raised as "Task failed with exception").
    const failureClass = ended && ended.failureClass === 'python_exception' && root && root.failureClass !== 'python_exception' && root.failureClass !== 'unknown' ? root.failureClass : (ended?.failureClass ?? 'unknown');
    const others = [...new Set([...first, ...last])].filter((p) => p !== ended && p !== root && p.seen !== ended?.seen);
    return {
      eventCount,
      numberedLines: numbered,
      failureClass,
      failure: ended ? finding(ended) : null,
      rootCause: root ? finding(root) : null,
      findings: others.sort((a, b) => a.seen.index - b.seen.index).map(finding),
      classesSeen: [...firstByClass].map(([failureClass, { pending, count }]) => ({ failureClass, count, first: line(pending.seen) })),
      repeated: [...repeated]
        .filter(([, r]) => r.count > 1)
        .map(([shape, r]) => ({ shape, count: r.count, first: line(r.seen), lastIndex: r.lastIndex })),
      tail: recent.last(tailLines).flatMap(runLines),
      taskOutput: taskOutput.last(4).flatMap(runLines),
      counts,
      noFailureRecord: ended === null,
    };
  }

  /**
   * The earliest line before the failure that names its cause: the first exception whose message
   * the failure quotes ("first error: checksum mismatch …"), else the first line of the same
   * specific class ("Process timed out" before AirflowTaskTimeout).
   */
  function rootCauseOf(ended: Pending): Pending | null {
    if (causeIsCommandOutput(ended.failureClass)) {
      const output = commandOutputCause(outputAtExit ?? commandOutput.last(COMMAND_OUTPUT_LINES), ended);
      if (output) return output;
    }
    const message = ended.exception ? `${ended.exception.type}: ${ended.exception.message}` : ended.seen.text;
    const quoted = [...firstByException.values()].find(
      (p) => p.seen.index < ended.seen.index && p.exception && p.exception.message.length >= 8 && message.includes(p.exception.message),
    );
    if (quoted) return quoted;
    const sameClass = firstByClass.get(ended.failureClass)?.pending;
    if (sameClass && sameClass.seen.index < ended.seen.index && ended.failureClass !== 'python_exception') return sameClass;
    return null;
  }

  /**
   * The line of a command's output that names why it exited: the last telling one among its last
   * lines (a usage line or a blank echo may follow the error), else its very last line.
   */
  function commandOutputCause(runs: LineRun[], ended: Pending): Pending | null {
    // Lines before the failure; the task's own stdout/stderr is not ordered against Airflow's
    // events, so when none came before, the ones after it.
    const earlier = runs.filter((run) => run.first.index < ended.seen.index);
    const before = earlier.length > 0 ? earlier : runs;
    if (before.length === 0) return null;
    const lastMatching = (pattern: RegExp) => before.findLastIndex((run) => pattern.test(run.first.text));
    const strong = lastMatching(ERROR_OUTPUT);
    const weak = lastMatching(TELLING_OUTPUT);
    const at = strong >= 0 ? strong : weak >= 0 ? weak : before.length - 1;
    const run = before[at]!;
    return { kind: 'error', failureClass: ended.failureClass, seen: run.first, exception: null, context: before.slice(Math.max(0, at - contextLines), at), score: 0 };
  }

  return { push, pushLine, finish };
}
