import type { SecretKind } from './secret-kinds';

export interface ValueSpan {
  start: number;
  end: number;
  kind: SecretKind;
}

/**
 * A key and its separator, in the spellings logs use: `password=x`, `password: x`,
 * `"password": "x"`, `'password': 'x'` (Python dicts), `\"password\": \"x\"` (JSON inside a
 * string), `--password=x`. Any key matches here; `kindOfKey` decides whether it is sensitive.
 * A `/` before the key is excluded so `/etc/passwd:` is a path, not a pair.
 */
const PAIR = /(?<![\w./])(\\?["']?)(-{0,2}[A-Za-z_][\w.-]{0,80})\1\s*(?:=>|:=|=|:)[ \t]*/g;

// On the key with case and separators removed (`AWS_SECRET_ACCESS_KEY` → `awssecretaccesskey`),
// first match wins. Keys only *containing* a word stay readable: `token_type`, `max_tokens`,
// `secret_name`, `password_file`.
const KEY_KINDS: [RegExp, SecretKind][] = [
  [/secretaccesskey$/, 'aws-secret'],
  [/accesskeyid$/, 'aws-key'],
  [/(?:accountkey|sharedaccesskey|storagekey)$/, 'azure-key'],
  [/privatekeyid$/, 'gcp-key-id'],
  [/(?:password|passwd|passphrase|pwd)$/, 'password'],
  [/(?:apikey|apitoken)$/, 'api-key'],
  [/token$/, 'token'],
  [/(?:secret|secretkey|privatekey|credentials?|fernetkey|signingkey|encryptionkey|masterkey|accesskey|signature)$/, 'secret'],
];

/** Values that are not secrets: empty, null-ish, masks, placeholders. */
const NOT_A_SECRET = /^(?:|none|null|nil|undefined|true|false|\*+|x+|redacted|\[redacted\]|<[^>]*>|\[secret:[^\]]*\])$/i;
/**
 * References to a secret rather than the secret (Jinja, f-strings, environment variables, format
 * strings), and nested objects, whose own pairs are checked one by one.
 */
const REFERENCE = /^(?:\{|\$\{|\$[A-Z_]|%s|%\()/;

const MAX_VALUE = 2000;

export function kindOfKey(key: string): SecretKind | undefined {
  const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return KEY_KINDS.find(([ending]) => ending.test(normalized))?.[1];
}

/** The values of sensitive keys in `text`, each with the kind its key implies. */
export function findSensitiveValues(text: string): ValueSpan[] {
  const found: ValueSpan[] = [];
  for (const match of text.matchAll(PAIR)) {
    const key = match[2]!;
    const kind = kindOfKey(key);
    if (!kind) continue;
    const value = readValue(text, match.index + match[0].length);
    if (!value) continue;
    const secret = text.slice(value.start, value.end);
    if (NOT_A_SECRET.test(secret) || REFERENCE.test(text.slice(value.start, value.start + 3))) continue;
    // `PWD=/home/airflow` in an environment dump is the working directory.
    if (kind === 'password' && /pwd$/i.test(key) && /^[/~]/.test(secret)) continue;
    found.push({ ...value, kind });
  }
  return found;
}

/** A quoted value up to its closing quote (on the same line), else up to a delimiter. */
function readValue(text: string, at: number): { start: number; end: number } | undefined {
  const quote = /^\\?["']/.exec(text.slice(at, at + 2))?.[0];
  if (quote) {
    const start = at + quote.length;
    const end = closingQuote(text, start, quote);
    return end === undefined ? undefined : { start, end };
  }
  const bare = /[^\s,;&'"}\])<>]+/y;
  bare.lastIndex = at;
  // A sentence's full stop after a bare value is not part of it.
  const value = bare.exec(text)?.[0]?.replace(/[.:!?]+$/, '');
  // `api_key= secret=x`: the key had no value, and what follows is the next pair.
  if (!value || /=[^=]/.test(value)) return undefined;
  return { start: at, end: at + value.length };
}

function closingQuote(text: string, from: number, quote: string): number | undefined {
  const limit = Math.min(text.length, from + MAX_VALUE);
  for (let i = from; i < limit; i++) {
    const c = text[i];
    if (c === '\n') return undefined;
    if (quote.length === 1) {
      if (c === '\\') i++;
      else if (c === quote) return i;
    } else if (text.startsWith(quote, i)) {
      return i;
    }
  }
  return undefined;
}
