import type { AuditEntry } from './audit-log';

/**
 * The audit trail as people read it on the options page (the worker formats it; the kinds' labels
 * are in lib/messaging/options-protocol.ts): one-line times, arguments as
 * `name value` pairs instead of JSON, sizes in B/kB/MB and tokens for model requests.
 */

export type AuditKind = AuditEntry['kind'];
export type AuditFilter = 'all' | AuditKind;


/** `Nov 30, 08:53:36` in the user's time zone; the full ISO time goes in a tooltip. */
export function formatAuditTime(iso: string, options: { locale?: string; timeZone?: string } = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(options.locale ?? 'en-US', {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  }).format(date);
}

/** `532 B`, `1.2 kB`, `3.4 MB` (decimal units, as browsers' network panels show them). */
export function formatBytes(bytes: number | null | undefined): string | null {
  if (bytes == null) return null;
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

const MAX_VALUE_CHARS = 80;

/** A tool call's arguments as `name`/`value` pairs, values shortened to one readable line. */
export function formatArguments(args: Record<string, unknown>): { name: string; value: string }[] {
  return Object.entries(args).map(([name, raw]) => {
    const text = typeof raw === 'string' ? raw : JSON.stringify(raw) ?? String(raw);
    const oneLine = text.replace(/\s+/g, ' ');
    return { name, value: oneLine.length > MAX_VALUE_CHARS ? `${oneLine.slice(0, MAX_VALUE_CHARS - 1)}…` : oneLine };
  });
}

export interface AuditRow {
  what: string;
  /** Tool calls: their arguments; model requests: none. */
  args: { name: string; value: string }[];
  /** `ok, 2.3 kB` or `1,204 in / 88 out tokens, 5.1 kB, ~$0.0004`. */
  summary: string;
  failed: boolean;
  masked: string | null;
}

export function auditRow(entry: AuditEntry, formatUsd: (usd: number) => string): AuditRow {
  const masked =
    entry.redactions && Object.keys(entry.redactions).length > 0
      ? `masked ${Object.entries(entry.redactions).map(([kind, n]) => `${kind} ×${n}`).join(', ')}`
      : null;
  if (entry.kind === 'tool_call') {
    return {
      what: entry.tool,
      args: formatArguments(entry.arguments),
      summary: `${entry.ok ? 'ok' : 'error'}, ${formatBytes(entry.resultBytes)} read`,
      failed: !entry.ok,
      masked,
    };
  }
  const count = (n: number | null) => (n == null ? null : n.toLocaleString('en-US'));
  const tokens =
    entry.inputTokens == null && entry.outputTokens == null
      ? 'tokens not reported'
      : `${count(entry.inputTokens) ?? '?'} in / ${count(entry.outputTokens) ?? '?'} out tokens`;
  const parts = [tokens, formatBytes(entry.requestBytes) ? `${formatBytes(entry.requestBytes)} sent` : null, entry.estimatedCostUsd == null ? null : `~${formatUsd(entry.estimatedCostUsd)}`];
  return { what: `${entry.provider} · ${entry.model}`, args: [], summary: parts.filter(Boolean).join(', '), failed: false, masked };
}

/** Newest first, of the chosen kind, at most `limit`. */
export function visibleAuditEntries(entries: readonly AuditEntry[], filter: AuditFilter, limit = 200): AuditEntry[] {
  return [...entries].reverse().filter((entry) => filter === 'all' || entry.kind === filter).slice(0, limit);
}
