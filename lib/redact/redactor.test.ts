import { describe, expect, it } from 'vitest';
import { createRedactor, redactText } from './redactor';
import type { SecretKind } from './secret-kinds';

// Fake values in the real formats. Each case: a line as a log or tool result shows it, the
// secret in it, and the kind it must be masked as.
const CASES: { name: string; line: string; secret: string; kind: SecretKind }[] = [
  { name: 'AWS access key id', line: 'AWS_ACCESS_KEY_ID=AKIAFAKE4NSLYQ7VT7G2 region=eu-west-1', secret: 'AKIAFAKE4NSLYQ7VT7G2', kind: 'aws-key' },
  { name: 'AWS temporary key id', line: 'assumed role, key ASIAFAKEZ2LQ7VT7G2WN', secret: 'ASIAFAKEZ2LQ7VT7G2WN', kind: 'aws-key' },
  { name: 'AWS secret by its key name', line: 'aws_secret_access_key = Q0JPza5DlNKSJ4xH3DDYJYv0qJD0WxD3cu6PFK5G', secret: 'Q0JPza5DlNKSJ4xH3DDYJYv0qJD0WxD3cu6PFK5G', kind: 'aws-secret' },
  { name: 'AWS secret in JSON', line: '{"AccessKeyId": "x", "SecretAccessKey": "Q0JPza5DlNKSJ4xH3DDYJYv0qJD0WxD3cu6PFK5G"}', secret: 'Q0JPza5DlNKSJ4xH3DDYJYv0qJD0WxD3cu6PFK5G', kind: 'aws-secret' },
  { name: 'GCP service-account key id', line: '"private_key_id": "12d8d36dd55627b4d787c9f7480ba3c93059adbb",', secret: '12d8d36dd55627b4d787c9f7480ba3c93059adbb', kind: 'gcp-key-id' },
  {
    name: 'GCP service-account private key (JSON escapes)',
    line: '{"private_key": "-----BEGIN PRIVATE KEY-----\\nMIICdgIBADANBgkqhkiG9w0BAQEFAEj6L90GXFas6m4cwFl6ImusFGOKFrDhbpRV\\n-----END PRIVATE KEY-----\\n", "client_email": "etl@acme.iam.gserviceaccount.com"}',
    secret: 'MIICdgIBADANBgkqhkiG9w0BAQEFAEj6L90GXFas6m4cwFl6ImusFGOKFrDhbpRV',
    kind: 'private-key',
  },
  {
    name: 'Azure storage account key',
    line: 'DefaultEndpointsProtocol=https;AccountName=acmelake;AccountKey=OMDlhJB/syFYA2X5ZQTxFXV0KGP7mYXfPC4yjWdSG65E3b1BZxibXAfSi7BWi9eAtxg74riqmQu2z0Q+19dFOw==;EndpointSuffix=core.windows.net',
    secret: 'OMDlhJB/syFYA2X5ZQTxFXV0KGP7mYXfPC4yjWdSG65E3b1BZxibXAfSi7BWi9eAtxg74riqmQu2z0Q+19dFOw==',
    kind: 'azure-key',
  },
  { name: 'Azure Service Bus key', line: 'Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=Zk9GYWtlS2V5Rm9yVGVzdHMxMjM0NTY3ODkwQUJD=', secret: 'Zk9GYWtlS2V5Rm9yVGVzdHMxMjM0NTY3ODkwQUJD=', kind: 'azure-key' },
  {
    name: 'Azure SAS signature',
    line: 'GET https://acmelake.blob.core.windows.net/exports/a.csv?sv=2022-11-02&ss=b&sp=r&se=2026-12-31T23:59:59Z&sig=gAYh4cDb9jqfYuMxR0%2FWWtoEL2UZVqmMtTYGw1ijjC0%3D',
    secret: 'gAYh4cDb9jqfYuMxR0%2FWWtoEL2UZVqmMtTYGw1ijjC0%3D',
    kind: 'azure-sas',
  },
  { name: 'GitHub token', line: 'cloning https://x-access-token:ghp_FAKEJoecDBkbdtaUhMK9tlYdl5QQLEVim0RW@github.com/acme/etl.git', secret: 'ghp_FAKEJoecDBkbdtaUhMK9tlYdl5QQLEVim0RW', kind: 'github-token' },
  { name: 'GitHub fine-grained token', line: 'token github_pat_11FAKE0QY0abcdEFGHijklMN_opqrSTUVwxyz0123456789abcdefGHIJKLmnopQRSTuvwx', secret: 'github_pat_11FAKE0QY0abcdEFGHijklMN_opqrSTUVwxyz0123456789abcdefGHIJKLmnopQRSTuvwx', kind: 'github-token' },
  { name: 'Slack bot token', line: 'notifying Slack with xoxb-225109192692-5390752372728-b5fREHyZvJSgJZyftpM6Wvz7', secret: 'xoxb-225109192692-5390752372728-b5fREHyZvJSgJZyftpM6Wvz7', kind: 'slack-token' },
  { name: 'Slack webhook', line: 'POST https://hooks.slack.com/services/T0FAKE1AB/B07FAKE2CD/q8XnV3kLmP2rT9wYzA4bC6dE', secret: 'T0FAKE1AB/B07FAKE2CD/q8XnV3kLmP2rT9wYzA4bC6dE', kind: 'slack-webhook' },
  { name: 'Google API key', line: 'geocoding with key AIzaqPk-_9J7lbPbuCr5m_pyteDe6OGfCPYSIGd', secret: 'AIzaqPk-_9J7lbPbuCr5m_pyteDe6OGfCPYSIGd', kind: 'google-api-key' },
  { name: 'Google OAuth access token', line: 'token=ya29.a0FAKEfYq3xL8vK2mN7pQ9rS1tU4wX6yZ0bC3dE5fG7hJ', secret: 'ya29.a0FAKEfYq3xL8vK2mN7pQ9rS1tU4wX6yZ0bC3dE5fG7hJ', kind: 'google-token' },
  {
    name: 'JWT',
    line: 'partner session token: eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAic3ZjLWV0bCJ9.5WLmgIsrh-Jgr8s0ZJlB0wSOw7mI3hn-rp2pJ7FxHwY',
    secret: 'eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAic3ZjLWV0bCJ9.5WLmgIsrh-Jgr8s0ZJlB0wSOw7mI3hn-rp2pJ7FxHwY',
    kind: 'jwt',
  },
  { name: 'bearer header', line: "headers: {'Authorization': 'Bearer MNiCqpkDs0cVw2Skttdk562QVAZjg6s6PmPN0bbzov5'}", secret: 'MNiCqpkDs0cVw2Skttdk562QVAZjg6s6PmPN0bbzov5', kind: 'bearer-token' },
  { name: 'basic auth header', line: 'Proxy-Authorization: Basic ZXRsX2xvYWRlcjpXcTgjekxwMiF2UnQ=', secret: 'ZXRsX2xvYWRlcjpXcTgjekxwMiF2UnQ=', kind: 'basic-auth' },
  { name: 'other Authorization scheme', line: 'Authorization: Token 9f8e7d6c5b4a39281706f5e4d3c2b1a0', secret: '9f8e7d6c5b4a39281706f5e4d3c2b1a0', kind: 'token' },
  { name: 'password in a connection URI', line: 'connecting to postgresql://etl_loader:Wq8zLp2vRtFake91@warehouse.internal:5432/analytics', secret: 'Wq8zLp2vRtFake91', kind: 'password' },
  { name: 'password-only URI', line: 'broker redis://:s3cr3t-Broker@redis:6379/0', secret: 's3cr3t-Broker', kind: 'password' },
  { name: 'password=', line: 'login user=etl password=hunter2 host=db', secret: 'hunter2', kind: 'password' },
  { name: 'JSON password', line: '{"host": "db", "user": "reporter", "password": "TAnk jQOW\\"SLh9"}', secret: 'TAnk jQOW\\"SLh9', kind: 'password' },
  { name: 'Python dict password', line: "conn extra {'passwd': 'p@ss,word'}", secret: 'p@ss,word', kind: 'password' },
  { name: 'JSON inside a string', line: 'payload="{\\"db_password\\": \\"Tr0ub4dor\\"}"', secret: 'Tr0ub4dor', kind: 'password' },
  { name: 'CLI flag', line: 'running psql --password=Tr0ub4dor -h db', secret: 'Tr0ub4dor', kind: 'password' },
  { name: 'Google OAuth client secret', line: 'oauth client_secret=GOCSPX-FAKEq8XnV3kLmP2rT9wYzA4bC6', secret: 'GOCSPX-FAKEq8XnV3kLmP2rT9wYzA4bC6', kind: 'google-token' },
  { name: 'client secret', line: 'client_secret: "q8XnV3kLmP2r"', secret: 'q8XnV3kLmP2r', kind: 'secret' },
  { name: 'token=', line: 'GET /v1/orders?page=2&access_token=abc123def456', secret: 'abc123def456', kind: 'token' },
  { name: 'api_key:', line: 'api_key: pk9FAKEv2Lq7', secret: 'pk9FAKEv2Lq7', kind: 'api-key' },
  { name: 'X-Api-Key header', line: "{'X-Api-Key': 'pk9FAKEv2Lq7Xw3'}", secret: 'pk9FAKEv2Lq7Xw3', kind: 'api-key' },
  { name: 'vendor token format', line: 'using sk_live_2bPm7pksa0oHZcG2DSLGP1cf for billing', secret: 'sk_live_2bPm7pksa0oHZcG2DSLGP1cf', kind: 'api-token' },
  { name: 'base64 credentials without their header', line: 'proxy auth value ZXRsX2xvYWRlcjpXcTgjekxwMiF2UnQ=', secret: 'ZXRsX2xvYWRlcjpXcTgjekxwMiF2UnQ=', kind: 'high-entropy' },
  { name: 'random string without a name', line: 'rotating the Fernet key to VC03kDWEIVpfcwJOOpqOv4RxDS2h2rpnvPdpySDIc8c=', secret: 'VC03kDWEIVpfcwJOOpqOv4RxDS2h2rpnvPdpySDIc8c=', kind: 'high-entropy' },
];

const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIICXAIBAAKBgQCgCSL9EAMDYIjxA1zUAblWLQIhzoHgm5ciNN5wG864SGhxFJOA',
  'ETlWxZUf5YIE12rmmRojv0cflIUXiotY3q1Yy7wPf5K3L1DGYJaBRBcjfOhnKhUi',
  'TYs9L/gfj/8J5g9gHlfxw2WaLfyda2DhcQ==',
  '-----END RSA PRIVATE KEY-----',
];

describe('redactor: each kind', () => {
  it.each(CASES)('masks $name as $kind', ({ line, secret, kind }) => {
    const result = redactText(line);
    expect(result.text).not.toContain(secret);
    expect(result.text).toContain(`[secret:${kind}#1]`);
    expect(result.counts).toEqual({ [kind]: 1 });
  });

  it('masks a multi-line PEM private key, also with log line prefixes between its lines', () => {
    expect(redactText(`deploy key:\n${PEM.join('\n')}\nnext line`).text).toBe('deploy key:\n[secret:private-key#1]\nnext line');
    const prefixed = redactText(PEM.map((line, i) => `${40 + i} | [2026-11-25T11:51:31.2Z] INFO task.stdout: ${line}`).join('\n'));
    expect(prefixed.text).toBe('40 | [2026-11-25T11:51:31.2Z] INFO task.stdout: [secret:private-key#1]');
    expect(prefixed.counts).toEqual({ 'private-key': 1 });
  });

  it('masks a private key whose END is cut off, and its body lines on their own', () => {
    const cut = redactText(`key: ${PEM.slice(0, 3).join('\n')}`);
    for (const line of PEM.slice(1, 3)) expect(cut.text).not.toContain(line);
    const bodyOnly = redactText(PEM.slice(1, 4).map((line, i) => `${i + 1} | ${line}`).join('\n'));
    for (const line of PEM.slice(1, 3)) expect(bodyOnly.text).not.toContain(line);
  });

  it('marks values Airflow already masked (`***`, and `eyJ***` for JWTs), without numbering them', () => {
    const result = redactText("password=*** and postgresql://etl:***@db/x and {'token': '***'} and *** alone; session token: eyJ***");
    expect(result.text).toBe(
      "password=[secret:airflow-masked] and postgresql://etl:[secret:airflow-masked]@db/x and {'token': '[secret:airflow-masked]'} and [secret:airflow-masked] alone; session token: [secret:airflow-masked]",
    );
    expect(result.counts).toEqual({ 'airflow-masked': 5 });
  });

  it('keeps the context around a secret readable', () => {
    expect(redactText('postgresql://etl_loader:Wq8zLp2vRtFake91@warehouse.internal:5432/analytics').text).toBe(
      'postgresql://etl_loader:[secret:password#1]@warehouse.internal:5432/analytics',
    );
    expect(redactText('Authorization: Bearer MNiCqpkDs0cVw2Skttdk562QVAZjg6s6PmPN0bbzov5').text).toBe('Authorization: Bearer [secret:bearer-token#1]');
  });
});

describe('redactor: placeholders', () => {
  it('gives the same secret the same placeholder in every result and turn, and a new one to a new secret', () => {
    const redactor = createRedactor();
    const first = redactor.redact('AWS_ACCESS_KEY_ID=AKIAFAKE4NSLYQ7VT7G2 password=one');
    const second = redactor.redact('retry with AKIAFAKE4NSLYQ7VT7G2, then AKIAFAKE9ZZZZ7VT7G2Q; password=two; again password=one');
    expect(first.text).toBe('AWS_ACCESS_KEY_ID=[secret:aws-key#1] password=[secret:password#1]');
    expect(second.text).toBe('retry with [secret:aws-key#1], then [secret:aws-key#2]; password=[secret:password#2]; again password=[secret:password#1]');
    expect(second.counts).toEqual({ 'aws-key': 2, password: 2 });
    expect(redactor.totals()).toEqual({ 'aws-key': 3, password: 3 });
  });

  it('changes nothing when run again over its own output', () => {
    const redactor = createRedactor();
    for (const { line } of CASES) {
      const once = redactor.redact(line).text;
      expect(redactor.redact(once).text).toBe(once);
    }
    const pem = redactor.redact(PEM.join('\n')).text;
    expect(redactor.redact(pem).text).toBe(pem);
  });

  it('keeps placeholders already in the text (an earlier answer replayed) as they are', () => {
    const redactor = createRedactor();
    const text = 'The key [secret:aws-key#1] was rejected; the password [secret:password#3] too; Airflow hid [secret:airflow-masked].';
    expect(redactor.redact(text)).toEqual({ text, counts: {}, total: 0 });
  });

  it('previews without remembering: the preview shows what will be sent, the state is unchanged', () => {
    const redactor = createRedactor();
    redactor.redact('password=one');
    const before = redactor.state();
    const preview = redactor.preview('password=two and password=one');
    expect(preview).toEqual({ text: 'password=[secret:password#2] and password=[secret:password#1]', counts: { password: 2 }, total: 2 });
    expect(redactor.state()).toEqual(before);
    expect(redactor.redact('password=three').text).toBe('password=[secret:password#2]');
  });

  it('restores from its state, which holds no secret', () => {
    const redactor = createRedactor();
    redactor.redact('AKIAFAKE4NSLYQ7VT7G2 password=hunter2');
    const state = redactor.state();
    expect(JSON.stringify(state)).not.toMatch(/AKIAFAKE4NSLYQ7VT7G2|hunter2/);
    const restored = createRedactor(JSON.parse(JSON.stringify(state)));
    expect(restored.redact('password=hunter2 AKIAFAKE4NSLYQ7VT7G2 password=new').text).toBe(
      'password=[secret:password#1] [secret:aws-key#1] password=[secret:password#2]',
    );
    expect(restored.totals()).toEqual({ 'aws-key': 2, password: 3 });
  });

  it('numbers differently per conversation (each has its own salt)', () => {
    expect(createRedactor().state().salt).not.toBe(createRedactor().state().salt);
  });
});

describe('redactor: speed', () => {
  it('redacts a 400-line, 40,000-character tool result in well under a frame budget per call', () => {
    const lines = Array.from({ length: 400 }, (_, i) =>
      i % 50 === 7
        ? `${i + 1} | [2026-11-25T11:51:31.2Z] INFO task.stdout: connecting with password=Tr0ub4dor${i} and key AKIAFAKE4NSLYQ7VT7G2`
        : `${i + 1} | [2026-11-25T11:51:31.${String(i).padStart(6, '0')}Z] INFO airflow.task: row ${String(i).padStart(5, '0')} ok dag_id=fail_long_log run_id=manual__2026-11-25T10:00:00+00:00 ti_id=01a2128b-c9bc-7b4f-8b48-f2aa509c3279`,
    );
    const text = lines.join('\n').slice(0, 40_000);
    const redactor = createRedactor();
    redactor.redact(text);
    const started = performance.now();
    for (let i = 0; i < 5; i++) redactor.redact(text);
    const perCall = (performance.now() - started) / 5;
    expect(perCall).toBeLessThan(50);
  });
});
