// The extension's bundles, gzip-compressed (level 6, as `gzip -c`): what each context loads.
// Built by `wxt build -c bench/wxt.bench.config.ts` into .output/bench/, so an e2e run's build
// (.output/chrome-mv3) is left alone.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface BundleSizes {
  /** Every script and style the context loads, gzip bytes. */
  contentScript: number;
  background: number;
  sidepanel: number;
  options: number;
  files: Record<string, number>;
}

const root = path.resolve(import.meta.dirname, '..');

export function buildForBench(): string {
  execFileSync('npx', ['wxt', 'build', '-c', 'bench/wxt.bench.config.ts'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return path.join(root, '.output', 'bench', 'chrome-mv3');
}

/** The scripts and styles an extension page loads: its `<script src>`, module preloads and stylesheets. */
function pageAssets(dir: string, html: string): string[] {
  const text = fs.readFileSync(path.join(dir, html), 'utf8');
  return [...text.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
}

export function measureBundles(dir: string): BundleSizes {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    background: { service_worker: string };
    content_scripts: { js?: string[]; css?: string[] }[];
  };
  const files: Record<string, number> = {};
  const gz = (file: string) => (files[file] ??= zlib.gzipSync(fs.readFileSync(path.join(dir, file)), { level: 6 }).byteLength);
  const sum = (list: string[]) => [...new Set(list)].reduce((total, file) => total + gz(file), 0);
  return {
    contentScript: sum(manifest.content_scripts.flatMap((c) => [...(c.js ?? []), ...(c.css ?? [])])),
    background: sum([manifest.background.service_worker]),
    sidepanel: sum(pageAssets(dir, 'sidepanel.html')),
    options: sum(pageAssets(dir, 'options.html')),
    files,
  };
}
