import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/cfworker';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';

/**
 * The JSON Schema validator every MCP client and server of the extension uses: the SDK's own
 * provider for runtimes that forbid code generation (`@cfworker/json-schema` underneath). The SDK's
 * default, Ajv, compiles schemas with `new Function`, which an MV3 extension's CSP forbids: in the
 * worker the first `tools/list` of a server whose tools declare an output schema (astro-airflow-mcp's
 * all do) threw an EvalError. The client checks each tool result's `structuredContent` against the
 * tool's `outputSchema` with it. The build leaves Ajv out (`build/lean-bundle.ts`).
 */
export function cspSafeJsonSchemaValidator(): jsonSchemaValidator {
  return new CfWorkerJsonSchemaValidator();
}
