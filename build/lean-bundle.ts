import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * Leaves out of the extension's bundles the library code it never runs (issue 21, item 6), by
 * resolving those modules to the small stand-ins in `build/stubs/`:
 * - `@ai-sdk/gateway`: `ai` imports the Vercel AI Gateway as its default provider for models named
 *   by a string; every model here is a provider instance (`lib/agent/providers.ts`).
 * - Ajv (with ajv-formats, fast-uri): the MCP SDK's default JSON Schema validator, which compiles
 *   schemas with `new Function` and cannot run under the extension's CSP; every client and server
 *   is given the SDK's code-free validator instead (`lib/mcp/json-schema-validator.ts`).
 * - `zod/v3` and `zod-to-json-schema`: the MCP SDK's support for zod 3 schemas; every schema here
 *   is zod 4, so the SDK never takes those branches.
 * Tests run on the real modules; the bench reports the bundles' sizes (`npm run bench`).
 */
const LEFT_OUT: ReadonlyArray<{ module: RegExp; stub: string }> = [
  { module: /\/node_modules\/@ai-sdk\/gateway\//, stub: 'ai-gateway.ts' },
  { module: /\/node_modules\/@modelcontextprotocol\/sdk\/dist\/esm\/validation\/ajv-provider\.js$/, stub: 'mcp-ajv-provider.ts' },
  { module: /\/node_modules\/zod\/v3\//, stub: 'zod-v3.ts' },
  { module: /\/node_modules\/zod-to-json-schema\//, stub: 'zod-to-json-schema.ts' },
];

export function stubFor(resolvedId: string): string | null {
  const entry = LEFT_OUT.find(({ module }) => module.test(resolvedId.replaceAll('\\', '/')));
  return entry ? fileURLToPath(new URL(`./stubs/${entry.stub}`, import.meta.url)) : null;
}

export function leanBundle(): Plugin {
  return {
    name: 'airflow-assistant:lean-bundle',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (importer === undefined || source.startsWith('\0')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved === null || resolved.external ? null : stubFor(resolved.id);
    },
  };
}
