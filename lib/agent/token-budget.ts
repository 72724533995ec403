// The optional per-question input-token budget: how much of it the evidence (the prefetched pack
// and the results of tools) may take once the system prompt and the conversation are counted,
// and the fitting of that evidence to it. The system prompt and the question are never cut:
// only evidence is. Tokens are the project's one estimate (lib/logs estimateTokens: chars / 4).
import type { ModelMessage } from 'ai';
import { estimateTokens } from '../logs';
import type { Prefetch } from '../messaging/conversation';

/** The smallest evidence pack get_failure_evidence builds (its `max_tokens` minimum). */
export const MIN_PACK_TOKENS = 500;
/** Its largest. */
export const MAX_PACK_TOKENS = 8000;
/** A tool result is never cut below this many tokens: a few lines are the least that says anything. */
export const MIN_TOOL_RESULT_TOKENS = 200;
/**
 * What one result takes in a request besides its text: the `<airflow-data>` fence and its note
 * (see fenceToolResult, ~50 tokens), the tool call with its arguments (~40), and the call ids
 * (a prefetch id holds a UUID: ~12 each, sent twice), the tool name and the roles. Measured on the
 * e2e OpenAI request: 100 fell 10 tokens short of it.
 */
export const RESULT_OVERHEAD_TOKENS = 160;

/** The tokens the fixed part of a request takes: the system prompt and every message's text. */
export function fixedTokens(system: string, messages: readonly ModelMessage[]): number {
  return estimateTokens(system) + messages.reduce((sum, message) => sum + estimateTokens(messageText(message)), 0);
}

function messageText(message: ModelMessage): string {
  if (typeof message.content === 'string') return message.content;
  return message.content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : JSON.stringify(part))).join('\n');
}

export interface EvidenceAllowance {
  /** Tokens the evidence of this question may take in all; null without a budget. */
  tokens: number | null;
  /** Tokens for each prefetched result (its share of `tokens`, overhead taken off); null without a budget. */
  perPrefetch: number | null;
}

/** Without a budget nothing is fitted; with one, the evidence gets what the fixed part leaves. */
export function evidenceAllowance(budget: number | null, fixed: number, prefetchCount: number): EvidenceAllowance {
  if (budget === null) return { tokens: null, perPrefetch: null };
  const tokens = Math.max(0, budget - fixed);
  const perPrefetch = prefetchCount > 0 ? Math.max(0, Math.floor(tokens / prefetchCount) - RESULT_OVERHEAD_TOKENS) : 0;
  return { tokens, perPrefetch };
}

/**
 * The prefetch calls with the evidence pack's own size budget set, so the pack is shortened the
 * way it knows (failure and root-cause items with their links kept first, the rest compacted,
 * then left out and named). Never below the pack's minimum: that minimum is sent, and said.
 */
export function budgetedPrefetch(prefetch: readonly Prefetch[], perPrefetch: number | null): Prefetch[] {
  if (perPrefetch === null) return [...prefetch];
  return prefetch.map((call) =>
    call.toolName === 'get_failure_evidence'
      ? { ...call, args: { ...call.args, max_tokens: Math.min(MAX_PACK_TOKENS, Math.max(MIN_PACK_TOKENS, perPrefetch)) } }
      : call,
  );
}

/**
 * The most a prefetched result may take: its share, except that an evidence pack already sized by
 * `budgetedPrefetch` is never cut further (its own fitting keeps its structure).
 */
export function prefetchResultLimit(call: Prefetch, perPrefetch: number | null): number | null {
  if (perPrefetch === null) return null;
  return call.toolName === 'get_failure_evidence' ? Math.max(MIN_PACK_TOKENS, perPrefetch) + RESULT_OVERHEAD_TOKENS : perPrefetch;
}

export interface FittedText {
  text: string;
  /** Lines left out (0: unchanged). */
  linesLeftOut: number;
}

/**
 * Shortens a tool result to `maxTokens` (never below MIN_TOOL_RESULT_TOKENS), deterministically:
 * its first lines and its last lines (a log's error is usually at its end), with a marker saying
 * how many lines were left out between them. A text within the budget comes back unchanged.
 */
export function fitToolText(text: string, maxTokens: number | null): FittedText {
  if (maxTokens === null || estimateTokens(text) <= maxTokens) return { text, linesLeftOut: 0 };
  const limit = Math.max(MIN_TOOL_RESULT_TOKENS, maxTokens);
  if (estimateTokens(text) <= limit) return { text, linesLeftOut: 0 };
  const lines = text.split('\n');
  // Room for the marker (its count has at most as many digits as the number of lines).
  const markerTokens = Math.max(estimateTokens(marker(lines.length)), estimateTokens(CUT_LINE_MARKER)) + 1;
  let room = limit - markerTokens;
  const head: string[] = [];
  const tail: string[] = [];
  let first = 0;
  let last = lines.length - 1;
  let cutLine = false;
  // Alternately two lines from the head and one from the tail, while they fit.
  for (let turn = 0; first <= last; turn++) {
    const fromHead = turn % 3 !== 2;
    const line = fromHead ? lines[first]! : lines[last]!;
    const cost = estimateTokens(line) + 1;
    if (cost > room) {
      // One over-long line: cut it rather than stop with nothing at all.
      if (head.length === 0 && room > 8) {
        head.push(`${line.slice(0, (room - 1) * 4 - 1)}…`);
        first++;
        cutLine = true;
      }
      break;
    }
    room -= cost;
    if (fromHead) head.push(lines[first++]!);
    else tail.unshift(lines[last--]!);
  }
  const leftOut = lines.length - head.length - tail.length;
  if (leftOut === 0 && !cutLine) return { text, linesLeftOut: 0 };
  return { text: [...head, leftOut === 0 ? CUT_LINE_MARKER : marker(leftOut), ...tail].join('\n'), linesLeftOut: leftOut };
}

const CUT_LINE_MARKER = '[… the rest of a long line left out to fit the token budget]';

function marker(lines: number): string {
  return `[… ${lines} line${lines === 1 ? '' : 's'} left out to fit the token budget]`;
}

/** The one sentence the panel shows when even the least evidence does not fit the budget. */
export function overBudgetNote(budget: number, estimated: number): string {
  return `The input-token budget of ${budget.toLocaleString('en-US')} is too small for the system prompt, the conversation and the least evidence, so that minimum was sent (about ${estimated.toLocaleString('en-US')} input tokens).`;
}
