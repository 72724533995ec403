import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The content script runs on every Airflow page, so it must stay small (issue 21: at most 15 kB
 * gzip; `npm run bench` reports `content_script_gz_bytes`). Classic zod does not tree-shake and
 * was 85 % of it: everything the content script imports uses `zod/mini`. This walks the source
 * import graph, so a new classic-zod import anywhere under it fails here, before a build.
 */
const root = resolve(import.meta.dirname, '../..');
const entry = join(root, 'entrypoints/airflow.content.ts');

function resolveSource(from: string, specifier: string): string | null {
  const base = specifier.startsWith('@/') ? join(root, specifier.slice(2)) : specifier.startsWith('.') ? resolve(dirname(from), specifier) : null;
  if (base === null) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && candidate.match(/\.tsx?$/)) return candidate;
  }
  throw new Error(`cannot resolve ${specifier} from ${relative(root, from)}`);
}

/** Every value import (not `import type`) of every source file the content script loads, by file. */
function importGraph(start: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [start];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (graph.has(file)) continue;
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
    graph.set(file, specifiers);
    for (const specifier of specifiers) {
      const next = resolveSource(file, specifier);
      if (next !== null) pending.push(next);
    }
  }
  return graph;
}

describe('the content script imports', () => {
  const graph = importGraph(entry);

  it('walks the real graph (the entry, the protocol and the page context schema)', () => {
    const files = [...graph.keys()].map((file) => relative(root, file));
    expect(files).toEqual(expect.arrayContaining(['entrypoints/airflow.content.ts', 'lib/messaging/protocol.ts', 'lib/airflow/page-context.ts']));
  });

  it('uses zod/mini only, never classic zod, and none of the worker-only libraries', () => {
    const packages = [...graph].flatMap(([file, specifiers]) =>
      specifiers.filter((s) => !s.startsWith('.') && !s.startsWith('@/')).map((s) => `${relative(root, file)}: ${s}`),
    );
    expect(packages.filter((p) => /: zod(\/v4|\/v3)?$/.test(p))).toEqual([]);
    expect(packages.filter((p) => /: (ai|@ai-sdk\/|@modelcontextprotocol\/|react)/.test(p))).toEqual([]);
    expect(packages.some((p) => p.endsWith(': zod/mini'))).toBe(true);
  });
});
