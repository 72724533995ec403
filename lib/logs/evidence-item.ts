// One piece of evidence in a pack, with the link that proves it, and the token budget it counts
// against.

export interface EvidenceItem {
  /** Stable key: `failure`, `root-cause`, `source`, `upstream:check_source`, … */
  id: string;
  /** `Failure — log line 5 of try 1` */
  title: string;
  lines: string[];
  /** A shorter body used when the full one does not fit the budget. */
  compactLines?: string[];
  /** The Airflow UI page that shows it: a log line (`?try_number=N#L`), the task instance, its code. */
  url: string;
  /** Lower is more important: kept first, dropped last. */
  priority: number;
  /** Set when the item cites a log line. */
  logLine?: { tryNumber: number; index: number; uiLine: number | null; /** The collapsed group it is in, if any. */ group?: string };
  /** The exception the cited line carries, `ValueError: …` (and its root cause). */
  exception?: string;
}

/**
 * Tokens are estimated as characters / 4 (rounded up), the usual rule of thumb for English text.
 * Packs are not prose: their URLs, paths and numbers cost more. Checked once by hand with the
 * o200k_base tokenizer (gpt-tokenizer 4.0.0) on the 14 packs of the rig's failure scenarios:
 * 3.0 characters per token, so real counts run about a third above this estimate (the largest
 * pack: 915 estimated, 1,213 real). Budgets are set with that margin: the default 3,000 stays
 * under 4,000 real tokens. Gemini's tokenizer differs but is of the same family of sizes.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
