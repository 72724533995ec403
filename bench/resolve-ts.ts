// lib/ is written for the bundler (extensionless imports); lets Node 24 find its .ts files.
// Import this first in every bench script that loads lib/ code.
import { registerHooks } from 'node:module';
import path from 'node:path';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (!specifier.startsWith('.') || path.extname(specifier) === '.ts') return nextResolve(specifier, context);
    for (const candidate of [`${specifier}.ts`, `${specifier}/index.ts`]) {
      try {
        return nextResolve(candidate, context);
      } catch {
        // try the next form
      }
    }
    return nextResolve(specifier, context);
  },
});
