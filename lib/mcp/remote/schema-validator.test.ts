import { describe, expect, it } from 'vitest';
import { StructuralSchemaValidator, schemaProblem } from './schema-validator';

describe('structural JSON Schema checks (no code generation: the extension CSP forbids eval)', () => {
  // astro-airflow-mcp's output schema for every tool (FastMCP wraps a string result).
  const wrapped = { type: 'object', properties: { result: { type: 'string' } }, required: ['result'], 'x-fastmcp-wrap-result': true };

  it('accepts what matches and says where the first mismatch is', () => {
    const validate = new StructuralSchemaValidator().getValidator(wrapped as never);
    expect(validate({ result: '{}' })).toEqual({ valid: true, data: { result: '{}' }, errorMessage: undefined });
    expect(validate({ result: 3 })).toMatchObject({ valid: false, errorMessage: '$.result: expected string, got integer' });
    expect(validate({})).toMatchObject({ valid: false, errorMessage: '$.result: required' });
  });

  it('checks items, enums and alternatives, and lets unknown keywords pass', () => {
    const schema = { type: 'array', items: { anyOf: [{ type: 'integer' }, { enum: ['a'] }] }, minItems: 9 };
    expect(schemaProblem(schema, [1, 'a'])).toBeNull();
    expect(schemaProblem(schema, [1, 'b'])).toBe('$[1]: matches none of the allowed shapes');
    expect(schemaProblem(true, 'anything')).toBeNull();
  });
});
