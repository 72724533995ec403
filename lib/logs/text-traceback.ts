// Reads Python tracebacks out of plain-text log lines, one line at a time: Airflow 2 logs,
// import-error stack traces, and tracebacks a task printed to stdout. Holds one traceback at most.
import { factsOf, type ChainedException, type ExceptionFacts, type FrameRef } from './exception-facts';

export interface TextTraceback {
  facts: ExceptionFacts;
  /** 0-based index of the `Traceback (most recent call last):` line. */
  startIndex: number;
  /** 0-based index of the `ExcType: message` line. */
  endIndex: number;
  /** True when it follows the one before ("The above exception was the direct cause…"): its chain holds that one. */
  chained: boolean;
}

const START = /^\s*Traceback \(most recent call last\):\s*$/;
const FRAME = /^\s*File "([^"]+)", line (\d+)(?:, in (.+?))?\s*$/;
// `module.ExcType: message` or a bare `ExcType`, starting the line.
const EXCEPTION_LINE = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/;
const CAUSE = /^The above exception was the direct cause of the following exception:/;
const CONTEXT = /^During handling of the above exception, another exception occurred:/;
// Lines a traceback may hold between frames and the exception: source lines, carets, notes.
const MAX_TRACEBACK_LINES = 400;

/** Lines the parser must see even when it is not inside a traceback. */
export function startsTracebackText(line: string): boolean {
  return line.startsWith('Traceback') || line.startsWith('The above exception') || line.startsWith('During handling');
}

export interface TextTracebackParser {
  /** Feeds one line (with its index in the log); returns a traceback when this line completed one. */
  push(line: string, index: number): TextTraceback | null;
  /** True while inside a traceback (the caller then feeds every line here). */
  readonly active: boolean;
}

export function createTextTracebackParser(): TextTracebackParser {
  let frames: FrameRef[] | null = null;
  let startIndex = -1;
  let seen = 0;
  // The exceptions before a "direct cause" / "during handling" line, root first.
  let earlier: ChainedException[] = [];
  let chainPending: boolean | null = null;
  // Index of the last exception line; the chain wording must follow it closely.
  let lastEnd = -Infinity;

  function push(line: string, index: number): TextTraceback | null {
    if (frames === null) {
      if (CAUSE.test(line) || CONTEXT.test(line)) {
        if (index - lastEnd <= 2) chainPending = CAUSE.test(line);
        return null;
      }
      if (!START.test(line)) return null;
      if (chainPending === null || index - lastEnd > 4) {
        earlier = [];
        chainPending = null;
      }
      frames = [];
      startIndex = index;
      seen = 0;
      return null;
    }
    seen += 1;
    const frame = FRAME.exec(line);
    if (frame) {
      frames.push({ file: frame[1]!, line: Number(frame[2]), name: frame[3] ?? '?' });
      return null;
    }
    if (/^\s/.test(line) || line === '' || seen > MAX_TRACEBACK_LINES) {
      if (seen > MAX_TRACEBACK_LINES) frames = null;
      return null;
    }
    const exception = EXCEPTION_LINE.exec(line.trimEnd()) ?? [line, line.split(':')[0], ''];
    const raised: ChainedException = { type: exception[1]!, message: (exception[2] ?? '').trim(), isCause: false };
    const last = earlier.at(-1);
    if (last && chainPending) earlier[earlier.length - 1] = { ...last, isCause: true };
    // Text order is root first; facts want the raised exception first.
    const chain = [raised, ...[...earlier].reverse()];
    const done: TextTraceback = { facts: factsOf(chain, frames), startIndex, endIndex: index, chained: earlier.length > 0 };
    earlier = [...earlier, raised].slice(-5);
    frames = null;
    chainPending = null;
    lastEnd = index;
    return done;
  }

  return {
    push,
    get active() {
      return frames !== null;
    },
  };
}
