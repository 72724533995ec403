/**
 * Pages of a real Airflow 2.10.5, captured in headless Chromium (see README.md here): at `/` and,
 * in `base-path/`, under `[webserver] base_url` `/airflow/`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Airflow2Manifest {
  source: string;
  airflowVersion: string;
  instanceUrl: string;
  runs: Record<string, string>;
  pages: { name: string; url: string; file: string }[];
}
export type Airflow2Deployment = 'root' | 'base-path';

// Plain paths: under happy-dom, `URL` is happy-dom's own and mishandles `file:` URLs.
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = (deployment: Airflow2Deployment) => path.join(here, deployment === 'root' ? '' : deployment, path.sep);

export function loadAirflow2Manifest(deployment: Airflow2Deployment = 'root'): Airflow2Manifest {
  return JSON.parse(readFileSync(`${dir(deployment)}manifest.json`, 'utf8')) as Airflow2Manifest;
}

/**
 * A captured page as a Document. The grid's shadow root is stored as Chromium serialized it, a
 * declarative `<template shadowrootmode="open">` inside `#root`; DOMParser does not attach those
 * (by the HTML spec), so it is attached here, as the page's bundle does with `attachShadow`.
 */
export function loadAirflow2Page(name: string, deployment: Airflow2Deployment = 'root'): { doc: Document; url: string } {
  const page = loadAirflow2Manifest(deployment).pages.find((p) => p.name === name);
  if (!page) throw new Error(`no Airflow 2.10 page "${name}" captured in ${deployment}`);
  const doc = new DOMParser().parseFromString(readFileSync(`${dir(deployment)}${page.file}`, 'utf8'), 'text/html');
  attachShadowRoots(doc);
  return { doc, url: page.url };
}

export function attachShadowRoots(doc: Document) {
  for (const template of Array.from(doc.querySelectorAll('template[shadowrootmode]'))) {
    const host = template.parentElement!;
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = template.innerHTML;
    template.remove();
  }
}
