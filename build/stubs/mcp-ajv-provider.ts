// Stands in for the MCP SDK's Ajv provider in the extension's bundles (see `build/lean-bundle.ts`):
// the SDK's default validator becomes its code-free one, the one `lib/mcp/json-schema-validator.ts` passes everywhere.
export { CfWorkerJsonSchemaValidator as AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/cfworker';
