import type { SecretKind } from './secret-kinds';

/**
 * Secrets recognised by their own format, most specific first: the redactor keeps the first
 * detector's claim on a stretch of text. Where a pattern has context around the secret (a
 * header name, a URL's user), only `group` is replaced and the context stays readable.
 */
export interface SecretPattern {
  kind: SecretKind;
  /** Global; with the `d` flag when `group` is set. */
  pattern: RegExp;
  /** The capture group that holds the secret; the whole match when absent. */
  group?: number;
  accept?: (secret: string) => boolean;
}

const PEM_TYPE = '(?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?';

export const SECRET_PATTERNS: SecretPattern[] = [
  // Multi-line, possibly with log line prefixes between its lines or as JSON `\n` escapes
  // (a GCP service-account file). The bound keeps a key without END from costing much.
  { kind: 'private-key', pattern: new RegExp(`-----BEGIN ${PEM_TYPE}-----[\\s\\S]{0,20000}?-----END ${PEM_TYPE}-----`, 'g') },
  // A key whose END is cut off (a log window that ends inside it): the header and the base64
  // that follows; body lines on their own are random-looking and caught later.
  { kind: 'private-key', pattern: new RegExp(`-----BEGIN ${PEM_TYPE}-----(?:(?:\\\\[rn]|\\s)+[A-Za-z0-9+/=]{4,})*`, 'g') },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g },
  { kind: 'aws-key', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}\b/g },
  { kind: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})\b/g },
  { kind: 'slack-token', pattern: /\b(?:xox[abeoprs]-[A-Za-z0-9-]{10,250}|xapp-\d-[A-Za-z0-9-]{10,250})/g },
  { kind: 'slack-webhook', pattern: /\bhooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9_/-]{10,})/dg, group: 1 },
  { kind: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { kind: 'google-token', pattern: /\b(?:ya29\.[0-9A-Za-z_-]{20,}|GOCSPX-[0-9A-Za-z_-]{20,}|1\/\/0[0-9A-Za-z_-]{30,})/g },
  {
    kind: 'api-token',
    pattern:
      /\b(?:sk-(?:proj-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{20,}|[rs]k_(?:live|test)_[A-Za-z0-9]{16,}|glpat-[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{36}|dapi[0-9a-f]{32}(?:-\d)?|hf_[A-Za-z0-9]{30,}|SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,})/g,
  },
  // Azure storage / Service Bus connection strings, and SAS URLs (the signature is the secret).
  { kind: 'azure-key', pattern: /\b(?:AccountKey|SharedAccessKey|SharedKey)\s*=\s*([A-Za-z0-9+/]{20,}={0,2})/dg, group: 1 },
  { kind: 'azure-sas', pattern: /[?&;]sig=([A-Za-z0-9%+/=_-]{16,})/dg, group: 1 },
  { kind: 'bearer-token', pattern: /\bbearer\s+([A-Za-z0-9._~+/-]{12,}=*)/dgi, group: 1, accept: (token) => /\d/.test(token) || token.length >= 24 },
  { kind: 'basic-auth', pattern: /\bbasic\s+([A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])/dgi, group: 1, accept: decodesToCredentials },
  {
    kind: 'token',
    pattern: /\bauthorization\\?["']?\s*[:=]\s*\\?["']?(?:(?:token|digest|apikey|key|ssws)\s+)?([A-Za-z0-9._~+/=-]{8,})/dgi,
    group: 1,
    accept: (value) => !/^(?:bearer|basic)$/i.test(value),
  },
  // `postgresql://user:pass@host`, `redis://:pass@host`: only the password goes. Masks and
  // templates (`{password}`, `%s`) are not passwords.
  {
    kind: 'password',
    pattern: /\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}:\/\/[^\s:/?#@'"<>]*:([^\s@/'"<>]+)@/dg,
    group: 1,
    accept: (password) => !/^(?:\*+|\[secret:.*|\{.*\}|\$\{.*\}|%s|%\(\w+\)s)$/.test(password),
  },
];

function decodesToCredentials(encoded: string): boolean {
  try {
    return /^[^:\s]*:\S+$/.test(atob(encoded));
  } catch {
    return false;
  }
}

/**
 * Airflow's secrets masker writes `***` for values it knows, and `eyJ***` for anything that
 * looks like a JWT (airflow/_shared/logging/structlog.py, JWT_PATTERN): a bare run of exactly three.
 */
export const AIRFLOW_MASK = /(?<![*\w])(?:eyJ)?\*{3}(?![*\w])/g;
