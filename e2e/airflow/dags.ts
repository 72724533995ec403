/**
 * The rig's Dags, read from the files in e2e/dags so that a Dag someone adds gets its run too:
 * `fail_*.py` must end `failed`, `ok_*.py` must end `success`, the Dag id is the file stem.
 * `fail_import_error*.py` files are meant not to import (listed by GET /api/v2/importErrors).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DAGS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dags');

const IMPORT_ERROR = /^fail_import_error.*\.py$/;

function dagFiles(folder: string): string[] {
  return fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.py') && !f.startsWith('_'))
    .sort();
}

/** Dag ids (file stems) of `<prefix>*.py`, without the files that must fail to import. */
export function discoverDagIds(prefix: 'fail_' | 'ok_', folder = DAGS_FOLDER): string[] {
  return dagFiles(folder)
    .filter((f) => f.startsWith(prefix) && !IMPORT_ERROR.test(f))
    .map((f) => f.slice(0, -'.py'.length));
}

/** The Dag files that fail to import on purpose. */
export function discoverImportErrorFiles(folder = DAGS_FOLDER): string[] {
  return dagFiles(folder).filter((f) => IMPORT_ERROR.test(f));
}

/** Dags in e2e/dags whose run must end `failed`: every `fail_*.py` (Dag id = file stem). */
export const FAILURE_DAG_IDS: readonly string[] = discoverDagIds('fail_');
/** Dags in e2e/dags whose run must end `success`: every `ok_*.py`. */
export const SUCCESS_DAG_IDS: readonly string[] = discoverDagIds('ok_');
/** Dag files that fail to import (listed by GET /api/v2/importErrors, no Dag id exists). */
export const IMPORT_ERROR_FILES: readonly string[] = discoverImportErrorFiles();
/** The first of them (`fail_import_error.py`), for callers that want one. */
export const IMPORT_ERROR_FILE = IMPORT_ERROR_FILES[0] ?? 'fail_import_error.py';
