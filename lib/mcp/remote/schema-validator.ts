import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';

/**
 * The JSON Schema checks the MCP client runs on a remote tool's `structuredContent` (against the
 * tool's `outputSchema`), without generating code. The SDK's default (Ajv) compiles schemas with
 * `new Function`, which an MV3 extension's CSP forbids: in the worker the first `tools/list` of a
 * server whose tools declare an output schema (astro-airflow-mcp's all do) threw an EvalError.
 * This checks the structural keywords - type, required, properties, items, enum, anyOf/oneOf -
 * and lets other keywords pass: the adapters read results defensively anyway.
 */
type Schema = {
  type?: string | string[];
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
};

function typeOf(value: unknown): string[] {
  if (value === null) return ['null'];
  if (Array.isArray(value)) return ['array'];
  if (typeof value === 'number') return Number.isInteger(value) ? ['integer', 'number'] : ['number'];
  return [typeof value];
}

/** The first problem found, as `path: what`, or null. */
export function schemaProblem(schema: Schema | boolean | undefined, value: unknown, at = '$'): string | null {
  if (schema === undefined || schema === true) return null;
  if (schema === false) return `${at}: not allowed`;
  const types = schema.type === undefined ? undefined : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types && !typeOf(value).some((t) => types.includes(t))) return `${at}: expected ${types.join(' or ')}, got ${typeOf(value)[0]}`;
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) return `${at}: not one of the allowed values`;
  for (const options of [schema.anyOf, schema.oneOf]) {
    if (options && !options.some((option) => schemaProblem(option, value, at) === null)) return `${at}: matches none of the allowed shapes`;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in object)) return `${at}.${key}: required`;
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      const problem = key in object ? schemaProblem(sub, object[key], `${at}.${key}`) : null;
      if (problem) return problem;
    }
  }
  if (Array.isArray(value) && schema.items) {
    for (let i = 0; i < value.length; i++) {
      const problem = schemaProblem(schema.items, value[i], `${at}[${i}]`);
      if (problem) return problem;
    }
  }
  return null;
}

export class StructuralSchemaValidator implements jsonSchemaValidator {
  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    return (input) => {
      const problem = schemaProblem(schema as Schema, input);
      return problem === null ? { valid: true, data: input as T, errorMessage: undefined } : { valid: false, data: undefined, errorMessage: problem };
    };
  }
}
