import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The design's dependency rules, checked mechanically: UI -> messaging protocol -> worker services
// -> agent/MCP/logs -> Airflow access. The import graph is read with the TypeScript parser, so a
// multi-line, type-only, re-exported or dynamic import counts like any other.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['lib', 'components', 'entrypoints'];

interface ImportEdge {
  from: string; // repo-relative file
  to: string; // repo-relative file, or a bare package name
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) files.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

function resolveSpecifier(fromFile: string, specifier: string): string {
  let base: string;
  if (specifier.startsWith('@/') || specifier.startsWith('~/')) base = specifier.slice(2);
  else if (specifier.startsWith('.')) base = relative(ROOT, resolve(ROOT, dirname(fromFile), specifier));
  else return specifier; // a package
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(join(ROOT, candidate)) && statSync(join(ROOT, candidate)).isFile()) return candidate;
  }
  return base;
}

function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const edges: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean) =>
    edges.push({ from: file, to: resolveSpecifier(file, specifier), typeOnly });
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allNamedTypeOnly =
        !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && allNamedTypeOnly));
      add(node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

const files = SOURCE_DIRS.flatMap(sourceFiles);
const edges = files.flatMap(importsOf);
const under = (path: string, ...folders: string[]) => folders.some((f) => path === f || path.startsWith(`${f}/`) || path.startsWith(`${f}.`));

/** Breaches of `rule`, as "from -> to" lines, production and test code alike. */
function breaches(rule: (edge: ImportEdge) => boolean): string[] {
  return [...new Set(edges.filter(rule).map((e) => `${e.from} -> ${e.to}`))].sort();
}

/** What a module runs when loaded: its value imports, transitively (type imports erase). */
function reachableFrom(start: string): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const edge of edges) if (edge.from === file && !edge.typeOnly) queue.push(edge.to);
  }
  return seen;
}

function expectNoBreaches(found: string[]) {
  expect(found).toEqual([]);
}

describe('dependency rules', () => {
  it('reads the import graph (sanity: the parser sees the files and their imports)', () => {
    expect(files).toContain('lib/airflow/api-client.ts');
    expect(edges.some((e) => e.from === 'entrypoints/background.ts' && e.to === 'lib/agent/chat-service.ts')).toBe(true);
  });

  it('nothing in lib/ imports components/ or entrypoints/', () => {
    expectNoBreaches(breaches((e) => under(e.from, 'lib') && under(e.to, 'components', 'entrypoints')));
  });

  it('lib/messaging is the protocol only: it imports no worker service, agent, MCP, history or storage', () => {
    expectNoBreaches(
      breaches((e) => under(e.from, 'lib/messaging') && under(e.to, 'lib/panel', 'lib/agent', 'lib/mcp', 'lib/history', 'lib/storage')),
    );
  });

  it('lib/logs imports nothing from lib/mcp', () => {
    expectNoBreaches(breaches((e) => under(e.from, 'lib/logs') && under(e.to, 'lib/mcp')));
  });

  it('lib/mcp does not import lib/agent', () => {
    expectNoBreaches(breaches((e) => under(e.from, 'lib/mcp') && under(e.to, 'lib/agent')));
  });

  it('triage and redaction are pure: no browser, WXT, storage or network module is reachable', () => {
    const impure = (path: string) =>
      /^(wxt|@wxt-dev|webextension-polyfill)(\/|$)/.test(path) ||
      under(path, 'lib/browser', 'lib/storage', 'lib/messaging', 'lib/airflow/api-client', 'lib/airflow/session');
    const pureRoots = ['lib/logs/log-triage.ts', 'lib/logs/triage-card-model.ts', 'lib/logs/failure-class.ts', 'lib/redact/index.ts'];
    const found = pureRoots.flatMap((root) => [...reachableFrom(root)].filter(impure).map((m) => `${root} -> ${m}`));
    expectNoBreaches(found);
  });

  // Pure functions and constants with no I/O that the UI may import directly, each with its reason.
  const PURE_HELPERS: Record<string, string> = {
    'lib/redact/index.ts': 'the composer previews redaction with the very redactor the worker applies, so the preview is what is sent',
    'lib/logs/citations.ts': 'parses a citation link into its parts; no I/O',
    'lib/model-providers/model-prices.ts': 'the shipped price list, formatUsd and price arithmetic; no I/O',
    'lib/model-providers/providers.ts': 'the table of providers, their labels and endpoints; no I/O',
    'lib/browser/origin-patterns.ts': 'the host-permission pattern the options page asks for inside the click (the prompt needs the gesture); no I/O',
  };

  it('components reach lib only through the messaging protocol and listed pure helpers (type imports included)', () => {
    const found = breaches(
      (e) => under(e.from, 'components') && under(e.to, 'lib') && !under(e.to, 'lib/messaging') && !(e.to in PURE_HELPERS),
    );
    expectNoBreaches(found);
  });

  it('nothing in components/ imports storage, the agent, Airflow access, MCP, history or the panel services', () => {
    expectNoBreaches(
      breaches((e) => under(e.from, 'components') && under(e.to, 'lib/storage', 'lib/agent', 'lib/airflow', 'lib/mcp', 'lib/history', 'lib/panel', 'lib/options')),
    );
  });

  it('the pure helpers the UI may import are pure: no browser, WXT, storage, network or worker module is reachable from them', () => {
    const impure = (path: string) =>
      /^(wxt|@wxt-dev|webextension-polyfill|ai|@ai-sdk\/.*|@modelcontextprotocol\/.*)(\/|$)/.test(path) ||
      under(path, 'lib/browser/differences', 'lib/storage', 'lib/agent', 'lib/airflow', 'lib/mcp', 'lib/history', 'lib/panel', 'lib/options');
    const found = Object.keys(PURE_HELPERS).flatMap((root) => [...reachableFrom(root)].filter(impure).map((m) => `${root} -> ${m}`));
    expectNoBreaches(found);
  });

  it("the content script does not load the options page's protocol (its schemas would only weigh on every Airflow page)", () => {
    const loaded = reachableFrom('entrypoints/airflow.content.ts');
    expect(loaded).toContain('lib/messaging/protocol.ts');
    expect([...loaded].filter((m) => under(m, 'lib/messaging/options-protocol', 'lib/options'))).toEqual([]);
  });

  it('the options page runs no worker code: what it loads reaches no storage, agent, Airflow access, MCP or history module', () => {
    const workerOnly = (path: string) =>
      /^(ai|@ai-sdk\/.*|@modelcontextprotocol\/.*)(\/|$)/.test(path) ||
      under(path, 'lib/storage', 'lib/agent', 'lib/mcp', 'lib/history', 'lib/panel', 'lib/options', 'lib/airflow/session', 'lib/airflow/api-client', 'lib/airflow/airflow-origins');
    const loaded = [...reachableFrom('components/OptionsApp.tsx')];
    expect(loaded).toContain('lib/messaging/options-protocol.ts');
    expectNoBreaches(loaded.filter(workerOnly));
  });
});
