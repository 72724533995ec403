/**
 * Random-looking strings that no format rule knows: generated passwords, Fernet keys, AWS
 * secrets without their key name, the body lines of a private key. Logs are full of long
 * strings that are not secret and that the model needs to read (hex hashes, UUIDs, run ids,
 * paths, identifiers), so a candidate must pass every test below.
 */

/** Runs of base64 / base64url characters; `.` `:` `=` `@` split them, so paths and URLs fall apart. */
export const CANDIDATE = /[A-Za-z0-9+/_-]{20,}={0,2}/g;

export function looksRandom(token: string): boolean {
  const core = token.replace(/=+$/, '').replace(/^[/_+-]+|[/_+-]+$/g, '');
  // A path or identifier (`wheels/3f/2a/<hash>/pendulum-3`) is judged part by part: random
  // base64 almost never has a whole part that is a word, a hex hash or a number.
  const parts = core.split(/[/_+-]+/);
  if (parts.length > 1 && parts.some(isOrdinaryPart)) return parts.some((part) => part.length >= 20 && looksRandomWhole(part));
  return looksRandomWhole(core);
}

function isOrdinaryPart(part: string): boolean {
  if (/^\d{2,}$/.test(part) || /^[0-9a-f]{8,}$/i.test(part)) return true;
  return /^(?:[A-Z]?[a-z]{3,}|[A-Z]{4,})$/.test(part) && /[aeiouy]/i.test(part);
}

function looksRandomWhole(core: string): boolean {
  if (core.length < 20) return false;
  // Hex hashes (commits, checksums, digests), UUIDs, memory addresses: ids, not secrets.
  if (/^(?:0x)?[0-9a-f_-]+$/i.test(core)) return false;
  // Run ids (`manual__2026-11-25T10:00:00`), partitions, dated paths.
  if (/\d{4}-\d{2}-\d{2}|\d{8}T\d{4}/.test(core)) return false;
  const lower = /[a-z]/.test(core);
  const upper = /[A-Z]/.test(core);
  const digit = /\d/.test(core);
  // A random mixed-case string of this length almost always has a digit, and one over one
  // case needs more length before it is surprising.
  if (!digit && core.length < 40) return false;
  if (!(lower && upper) && core.length < 32) return false;
  if (wordShare(core) >= 0.55) return false;
  if (shannonEntropy(core) < (lower && upper ? 3.6 : 3.7)) return false;
  return !decodesToText(core);
}

/** Bits per character. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * The share of characters in pronounceable words of 4+ letters (`task`, `Processing`, `HTTPS`):
 * 0.6 and more for identifiers and paths; under 0.5 for 99% of random base64 strings, whose
 * letter runs are short and unpronounceable.
 */
export function wordShare(text: string): number {
  let inWords = 0;
  for (const [word] of text.matchAll(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g)) {
    if (word.length >= 4 && /[aeiouy]/i.test(word) && !/[^aeiouy]{4}/i.test(word)) inWords += word.length;
  }
  return inWords / text.length;
}

/**
 * Base64 of ordinary text (`aGVsbG8gd29ybGQ=`) stays readable: it encodes words, not a key.
 * Base64 of `user:password` (a basic auth value without its header) does not.
 */
function decodesToText(core: string): boolean {
  if (core.length % 4 === 1) return false;
  let bytes: string;
  try {
    bytes = atob(core.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(core.length / 4) * 4, '='));
  } catch {
    return false;
  }
  let printable = 0;
  for (const c of bytes) if (/[\x20-\x7e\t\r\n]/.test(c)) printable++;
  return printable / bytes.length >= 0.95 && !/^[^\s:]+:\S+$/.test(bytes);
}
