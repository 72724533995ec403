import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cspSafeJsonSchemaValidator } from './json-schema-validator';

describe('the JSON Schema validator of the MCP clients (no code generation: the extension CSP forbids eval)', () => {
  // astro-airflow-mcp's output schema for every tool (FastMCP wraps a string result).
  const wrapped = { type: 'object', properties: { result: { type: 'string' } }, required: ['result'], 'x-fastmcp-wrap-result': true };

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  /** What the worker's CSP does to `new Function`. */
  const forbidCodeGeneration = () =>
    vi.stubGlobal('Function', function refused() {
      throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not an allowed source");
    });

  it('validates where code generation is refused (the SDK default, Ajv, throws there)', () => {
    forbidCodeGeneration();
    vi.spyOn(console, 'error').mockImplementation(() => {}); // Ajv logs the code it could not compile
    expect(() => new AjvJsonSchemaValidator().getValidator(wrapped as never)).toThrow(EvalError);
    const validate = cspSafeJsonSchemaValidator().getValidator(wrapped as never);
    expect(validate({ result: '{}' })).toEqual({ valid: true, data: { result: '{}' }, errorMessage: undefined });
  });

  it('accepts what matches and says where the mismatch is', () => {
    forbidCodeGeneration();
    const validate = cspSafeJsonSchemaValidator().getValidator(wrapped as never);
    expect(validate({ result: 3 })).toMatchObject({ valid: false, data: undefined, errorMessage: expect.stringContaining('#/result') });
    expect(validate({})).toMatchObject({ valid: false, errorMessage: expect.stringContaining('result') });
  });

  it('checks items, enums and alternatives, and lets unknown keywords pass', () => {
    const schema = { type: 'array', items: { anyOf: [{ type: 'integer' }, { enum: ['a'] }] }, 'x-unknown': 9 };
    const validate = cspSafeJsonSchemaValidator().getValidator(schema as never);
    expect(validate([1, 'a']).valid).toBe(true);
    expect(validate([1, 'b'])).toMatchObject({ valid: false, errorMessage: expect.stringContaining('#/1') });
    expect(cspSafeJsonSchemaValidator().getValidator(true as never)('anything').valid).toBe(true);
  });
});
