import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverDagIds, discoverImportErrorFiles } from './dags.ts';

describe('Dags of the rig, from the files in e2e/dags', () => {
  it('takes every fail_*/ok_* file stem as a Dag id, except files meant not to import', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dags-'));
    for (const f of ['fail_b.py', 'fail_a.py', 'ok_x.py', 'fail_import_error.py', 'fail_import_error_2.py', 'helper.py', 'README.md', '_private.py']) {
      fs.writeFileSync(path.join(folder, f), '');
    }
    expect(discoverDagIds('fail_', folder)).toEqual(['fail_a', 'fail_b']);
    expect(discoverDagIds('ok_', folder)).toEqual(['ok_x']);
    expect(discoverImportErrorFiles(folder)).toEqual(['fail_import_error.py', 'fail_import_error_2.py']);
  });

  it('finds the checked-in Dags', () => {
    expect(discoverDagIds('fail_')).toContain('fail_python_exception');
    expect(discoverDagIds('fail_')).not.toContain('fail_import_error');
    expect(discoverDagIds('ok_')).toEqual(expect.arrayContaining(['ok_daily_etl', 'ok_simple']));
  });
});
