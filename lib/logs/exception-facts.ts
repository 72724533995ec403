// The facts of one failure's exception, from Airflow 3's structured `error_detail` or from a
// plain-text Python traceback: the chain of exceptions and the frames worth showing (the first,
// the user's own, the last) instead of all of them.
import type { ExceptionDetail, LogFrame } from './render-log-event';
import { classifyException, type FailureClass } from './failure-class';

export interface FrameRef {
  file: string;
  line: number;
  name: string;
}

export interface ChainedException {
  type: string;
  message: string;
  /** True when it was the direct cause (`raise … from …`) of the one before it in the chain. */
  isCause: boolean;
}

export interface ExceptionFacts {
  /** The exception that ended the task. */
  type: string;
  message: string;
  /** That exception first, then what caused it; the root cause is last. */
  chain: ChainedException[];
  failureClass: FailureClass;
  frameCount: number;
  /** The outermost frame (usually Airflow's task runner). */
  firstFrame: FrameRef | null;
  /** The innermost frame, where it was raised. */
  lastFrame: FrameRef | null;
  /** The innermost frames in the user's own code (Dag files, helpers), outermost first; at most 3. */
  userFrames: FrameRef[];
}

const MAX_USER_FRAMES = 3;
const MAX_MESSAGE_CHARS = 500;

// Installed packages, the standard library, frozen modules and Airflow itself (also when it runs
// from a source checkout) are not the user's code.
const NOT_USER_CODE =
  /[/\\](?:site|dist)-packages[/\\]|^<|[/\\]lib[/\\]python\d+(?:\.\d+)?[/\\]|[/\\]airflow[/\\](?:sdk|providers|models|utils|operators|sensors|hooks|executors|jobs|decorators|serialization|dag_processing|execution_time)[/\\]/;

export function isUserFrame(file: string): boolean {
  return !NOT_USER_CODE.test(file);
}

/** Facts of a structured `error_detail` list (Airflow 3: the raised exception first, causes after). */
export function exceptionFactsFromDetail(details: readonly ExceptionDetail[]): ExceptionFacts | null {
  const first = details[0];
  if (!first) return null;
  const chain = details.map((d) => ({ type: d.exc_type, message: clip(d.exc_value ?? ''), isCause: d.is_cause === true }));
  // The user's frame that matters is where the root cause was raised, if it has one there.
  const withUserCode = [...details].reverse().find((d) => (d.frames ?? []).some((f) => isUserFrame(f.filename))) ?? first;
  const frames = (withUserCode.frames ?? []).map(toRef);
  const syntax = first.syntax_error;
  if (syntax?.filename && syntax.lineno) frames.push({ file: syntax.filename, line: syntax.lineno, name: '<module>' });
  return factsOf(chain, frames);
}

export function factsOf(chain: ChainedException[], frames: FrameRef[]): ExceptionFacts {
  const head = chain[0]!;
  const raisedAtImport = frames.length > 0 && frames.every((f) => f.name === '<module>' || !isUserFrame(f.file)) && frames.some((f) => f.name === '<module>');
  const classes = chain.map((e) => classifyException({ type: e.type, message: e.message, raisedAtImport }));
  // A specific cause (a missing connection behind a generic wrapper) names the failure better.
  const failureClass = classes.find((c) => c !== 'python_exception') ?? 'python_exception';
  return {
    type: head.type,
    message: head.message,
    chain,
    failureClass,
    frameCount: frames.length,
    firstFrame: frames[0] ?? null,
    lastFrame: frames.at(-1) ?? null,
    userFrames: frames.filter((f) => isUserFrame(f.file)).slice(-MAX_USER_FRAMES),
  };
}

/** `ValueError: column 'amount' has 3 nulls`, and the root cause when it differs. */
export function exceptionHeadline(facts: ExceptionFacts): string {
  const head = `${facts.type}: ${facts.message}`;
  const root = facts.chain.at(-1);
  return root && facts.chain.length > 1 ? `${head} (caused by ${root.type}: ${root.message})` : head;
}

/** Same type and message after masking numbers: the same failure in another try or line. */
export function exceptionKey(facts: Pick<ExceptionFacts, 'type' | 'message'>): string {
  return `${facts.type}: ${facts.message.replace(/\d+/g, '#')}`;
}

function toRef(frame: LogFrame): FrameRef {
  return { file: frame.filename, line: frame.lineno, name: frame.name };
}

function clip(text: string): string {
  return text.length <= MAX_MESSAGE_CHARS ? text : `${text.slice(0, MAX_MESSAGE_CHARS)}…`;
}
