import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactText } from './redactor';

// The e2e Dag that plants secrets in its log (e2e/redaction.spec.ts) holds them as constants in
// its source, which the assistant can read too (get_dag_source). Each must be masked there.
const DAG_FILE = path.resolve(import.meta.dirname, '../../e2e/dags/fail_planted_secrets.py');
const source = fs.readFileSync(DAG_FILE, 'utf8');

/** `NAME = "value"` constants, and the lines of the keys written as string lists. */
function plantedValues(): string[] {
  const constants = [...source.matchAll(/^[A-Z_]+ = "([^"]+)"$/gm)].map((m) => m[1]!);
  const keyLines = [...source.matchAll(/^\s+"([A-Za-z0-9+/=]{30,})(?:\\n)?",?$/gm)].map((m) => m[1]!);
  return [...constants, ...keyLines];
}

describe('the planted-secrets Dag', () => {
  it('plants at least ten kinds', () => {
    expect(plantedValues().length).toBeGreaterThanOrEqual(20);
  });

  it('has every planted value masked in its source as get_dag_source shows it', () => {
    const numbered = source.split('\n').map((line, i) => `${i + 1} | ${line}`).join('\n');
    const { text } = redactText(numbered);
    const JWT_SIGNATURE = '5WLmgIsrh-Jgr8s0ZJlB0wSOw7mI3hn-rp2pJ7FxHwY';
    expect(text).not.toContain(JWT_SIGNATURE);
    expect(plantedValues().filter((value) => text.includes(value))).toEqual([]);
  });
});
