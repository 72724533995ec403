import { findSensitiveValues } from './key-value-pairs';
import { CANDIDATE, looksRandom } from './high-entropy';
import { AIRFLOW_MASK, SECRET_PATTERNS } from './secret-patterns';
import { addCounts, totalCount, type RedactionCounts, type SecretKind } from './secret-kinds';

/** Text as the model may read it, and how many values of each kind were masked in it. */
export interface Redaction {
  text: string;
  counts: RedactionCounts;
  total: number;
}

/**
 * What a conversation's redactor remembers, as plain JSON that holds no secret: a secret is
 * known by a salted fingerprint, so the state can be stored with the conversation and a
 * restarted worker still gives the same secret the same placeholder.
 */
export interface RedactionState {
  salt: string;
  /** Last number given per kind. */
  numbers: Partial<Record<SecretKind, number>>;
  /** Fingerprint → placeholder. */
  placeholders: Record<string, string>;
  /** Everything masked so far in this conversation. */
  totals: RedactionCounts;
}

export interface Redactor {
  /** Masks every secret in `text`; new secrets get the next placeholder of their kind. */
  redact(text: string): Redaction;
  /** What `redact` would return now, without remembering anything: the "what will be sent" preview. */
  preview(text: string): Redaction;
  totals(): RedactionCounts;
  state(): RedactionState;
}

/** Placeholders already in the text (a replayed answer that quotes one) are left as they are. */
export const PLACEHOLDER = /\[secret:[a-z0-9-]+(?:#\d+)?\]/g;
const MASKED_PLACEHOLDER = '[secret:airflow-masked]';

/** One redactor per conversation, so the same secret reads the same in every tool result and turn. */
export function createRedactor(state?: RedactionState): Redactor {
  let current: RedactionState = state ? structuredClone(state) : { salt: randomSalt(), numbers: {}, placeholders: {}, totals: {} };

  function run(text: string, into: RedactionState): Redaction {
    const counts: RedactionCounts = {};
    let out = '';
    let at = 0;
    for (const span of findSecrets(text)) {
      out += text.slice(at, span.start) + placeholderFor(into, span.kind, text.slice(span.start, span.end));
      at = span.end;
      counts[span.kind] = (counts[span.kind] ?? 0) + 1;
    }
    out += text.slice(at);
    return { text: out, counts, total: totalCount(counts) };
  }

  return {
    redact(text) {
      const result = run(text, current);
      addCounts(current.totals, result.counts);
      return result;
    },
    preview: (text) => run(text, structuredClone(current)),
    totals: () => ({ ...current.totals }),
    state: () => structuredClone(current),
  };
}

/** A one-off redaction with its own numbering (for text that is not part of a conversation). */
export function redactText(text: string): Redaction {
  return createRedactor().redact(text);
}

interface SecretSpan {
  start: number;
  end: number;
  kind: SecretKind;
}

/**
 * Every secret in `text`, in text order, without overlaps: format rules first, then Airflow's
 * masks, sensitive keys, and random-looking strings last; the first claim on a character wins.
 */
export function findSecrets(text: string): SecretSpan[] {
  const taken = new Uint8Array(text.length);
  const spans: SecretSpan[] = [];
  const claim = (start: number, end: number, kind?: SecretKind) => {
    if (end <= start || taken.subarray(start, end).includes(1)) return;
    taken.fill(1, start, end);
    if (kind) spans.push({ start, end, kind });
  };

  for (const match of text.matchAll(PLACEHOLDER)) claim(match.index, match.index + match[0].length);
  for (const { kind, pattern, group, accept } of SECRET_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const [start, end] = group === undefined ? [match.index, match.index + match[0].length] : (match.indices?.[group] ?? [0, 0]);
      if (accept && !accept(text.slice(start, end))) continue;
      claim(start, end, kind);
    }
  }
  for (const match of text.matchAll(AIRFLOW_MASK)) claim(match.index, match.index + match[0].length, 'airflow-masked');
  for (const value of findSensitiveValues(text)) claim(value.start, value.end, value.kind);
  for (const match of text.matchAll(CANDIDATE)) {
    if (looksRandom(match[0])) claim(match.index, match.index + match[0].length, 'high-entropy');
  }
  return spans.sort((a, b) => a.start - b.start);
}

function placeholderFor(state: RedactionState, kind: SecretKind, secret: string): string {
  if (kind === 'airflow-masked') return MASKED_PLACEHOLDER;
  const key = fingerprint(state.salt, secret);
  const known = state.placeholders[key];
  if (known) return known;
  const number = (state.numbers[kind] ?? 0) + 1;
  state.numbers[kind] = number;
  return (state.placeholders[key] = `[secret:${kind}#${number}]`);
}

function randomSalt(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Two seeded 53-bit hashes (cyrb53): unique enough within a conversation, and no secret kept. */
function fingerprint(salt: string, secret: string): string {
  const text = `${salt}\u0000${secret}`;
  return hash53(text, 1).toString(36) + hash53(text, 2).toString(36);
}

function hash53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
