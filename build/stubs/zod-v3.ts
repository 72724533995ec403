// Stands in for `zod/v3` in the extension's bundles (see `build/lean-bundle.ts`): the MCP SDK
// builds a zod 3 object only from a shape of zod 3 schemas, and every schema here is zod 4.
export function object(): never {
  throw new Error('zod 3 schemas are not supported in this extension (its schemas are zod 4).');
}
