// Stands in for `zod-to-json-schema` in the extension's bundles (see `build/lean-bundle.ts`): the
// MCP SDK converts only zod 3 schemas with it, and every schema here is zod 4.
export function zodToJsonSchema(): never {
  throw new Error('zod 3 schemas are not supported in this extension (its schemas are zod 4).');
}
