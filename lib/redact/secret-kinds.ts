/**
 * The kinds of secret the redactor recognises. A kind names the placeholder the model reads
 * (`[secret:aws-key#1]`), so it says what the value was without saying what it is.
 */
export const SECRET_KINDS = {
  'private-key': 'private key',
  jwt: 'JSON web token',
  'aws-key': 'AWS access key id',
  'aws-secret': 'AWS secret access key',
  'gcp-key-id': 'GCP service-account key id',
  'azure-key': 'Azure storage or service key',
  'azure-sas': 'Azure SAS signature',
  'github-token': 'GitHub token',
  'slack-token': 'Slack token',
  'slack-webhook': 'Slack webhook',
  'google-api-key': 'Google API key',
  'google-token': 'Google OAuth token or secret',
  'api-token': 'API token',
  'bearer-token': 'bearer token',
  'basic-auth': 'basic auth credentials',
  password: 'password',
  secret: 'secret',
  token: 'token',
  'api-key': 'API key',
  'high-entropy': 'random-looking string',
  'airflow-masked': 'value Airflow already masked',
} as const;

export type SecretKind = keyof typeof SECRET_KINDS;

/** How many values of each kind were masked; kinds with none are absent. */
export type RedactionCounts = Partial<Record<SecretKind, number>>;

export function addCounts(into: RedactionCounts, more: RedactionCounts): RedactionCounts {
  for (const [kind, n] of Object.entries(more) as [SecretKind, number][]) into[kind] = (into[kind] ?? 0) + n;
  return into;
}

export function totalCount(counts: RedactionCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
}

/**
 * "2 × password, 1 × AWS access key id". Not "password: 2": text the model reads is redacted
 * again when it is replayed, and that would read as a password.
 */
export function describeCounts(counts: RedactionCounts): string {
  return (Object.entries(counts) as [SecretKind, number][])
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} × ${SECRET_KINDS[kind]}`)
    .join(', ');
}
