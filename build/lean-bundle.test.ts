import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stubFor } from './lean-bundle';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');
const modulePath = (...parts: string[]) => path.join(root, 'node_modules', ...parts);

/** The names `file` imports from `specifier` (`import { a, b as c } from "specifier"`). */
function namedImports(file: string, specifier: string | RegExp): string[] {
  const source = fs.readFileSync(file, 'utf8');
  const from = typeof specifier === 'string' ? specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : specifier.source;
  return [...source.matchAll(new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*["']${from}["']`, 'g'))].flatMap((m) =>
    m[1]!.split(',').map((name) => name.trim().split(/\s+as\s+/)[0]!).filter(Boolean),
  );
}

describe('the lean bundle: modules left out and their stand-ins', () => {
  it('stands in for the Gateway, Ajv, zod 3 and zod-to-json-schema, and nothing else', () => {
    expect(stubFor(modulePath('@ai-sdk/gateway/dist/index.js'))).toMatch(/stubs\/ai-gateway\.ts$/);
    expect(stubFor(modulePath('@modelcontextprotocol/sdk/dist/esm/validation/ajv-provider.js'))).toMatch(/stubs\/mcp-ajv-provider\.ts$/);
    expect(stubFor(modulePath('zod/v3/index.js'))).toMatch(/stubs\/zod-v3\.ts$/);
    expect(stubFor(modulePath('zod-to-json-schema/dist/esm/index.js'))).toMatch(/stubs\/zod-to-json-schema\.ts$/);
    expect(stubFor(modulePath('zod/v4/classic/index.js'))).toBeNull();
    expect(stubFor(modulePath('zod/index.js'))).toBeNull();
    expect(stubFor(modulePath('@modelcontextprotocol/sdk/dist/esm/validation/cfworker-provider.js'))).toBeNull();
    expect(stubFor(modulePath('@ai-sdk/google/dist/index.js'))).toBeNull();
  });

  it('each stand-in exports what the libraries import from the module it replaces', async () => {
    const ai = require.resolve('ai', { paths: [root] }).replace(/index\.c?js$/, 'index.js');
    const gateway = namedImports(ai, '@ai-sdk/gateway');
    expect(gateway).toContain('gateway');
    expect(Object.keys(await import('./stubs/ai-gateway'))).toEqual(expect.arrayContaining(gateway));

    const sdk = modulePath('@modelcontextprotocol/sdk/dist/esm');
    const ajv = [...namedImports(path.join(sdk, 'client/index.js'), '../validation/ajv-provider.js'), ...namedImports(path.join(sdk, 'server/index.js'), '../validation/ajv-provider.js')];
    expect(ajv).toContain('AjvJsonSchemaValidator');
    expect(Object.keys(await import('./stubs/mcp-ajv-provider'))).toEqual(expect.arrayContaining(ajv));

    const toJsonSchema = namedImports(path.join(sdk, 'server/zod-json-schema-compat.js'), 'zod-to-json-schema');
    expect(Object.keys(await import('./stubs/zod-to-json-schema'))).toEqual(expect.arrayContaining(toJsonSchema));
    // `import * as z3rt from 'zod/v3'`: only `z3rt.object` is used.
    const compat = fs.readFileSync(path.join(sdk, 'server/zod-compat.js'), 'utf8');
    expect([...new Set([...compat.matchAll(/z3rt\.(\w+)/g)].map((m) => m[1]))]).toEqual(['object']);
    expect(Object.keys(await import('./stubs/zod-v3'))).toEqual(['object']);
  });

  it('the Gateway stand-in never claims an error and refuses to be used', async () => {
    const stub = await import('./stubs/ai-gateway');
    expect(stub.GatewayError.isInstance(new Error('x'))).toBe(false);
    expect(stub.GatewayAuthenticationError.isInstance({ name: 'GatewayAuthenticationError' })).toBe(false);
    expect(() => (stub.gateway as unknown as { languageModel: (id: string) => unknown }).languageModel('m')).toThrow(/not part of this extension/);
  });
});
