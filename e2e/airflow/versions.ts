/**
 * The Airflow versions the rig can run beside the suite's own (3.3, `requirements.lock`): each
 * pinned in its own lock file (`versions/<minor>/requirements.lock`, a `pip freeze` of
 * `apache-airflow==<version> apache-airflow-providers-standard` on Python 3.11, with the few
 * pins each version needs below pip's newest, named in the lock's header), installed on
 * first use into its own venv `.airflow/venv-airflow-<minor>`, and run on its own home
 * `.airflow/home-airflow-<minor>` (a metadata database belongs to one Airflow version).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLUGIN_FACTS, ensureVenvOf, type VenvFacts } from './plugins.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '../..');

/** The minor versions of the matrix; '3.3' is the suite's own (the default venv and lock). */
export const AIRFLOW_MINORS = ['3.0', '3.1', '3.2', '3.3'] as const;
export type AirflowMinor = (typeof AIRFLOW_MINORS)[number];
export const DEFAULT_AIRFLOW_MINOR: AirflowMinor = '3.3';
/**
 * The versions `npx playwright test` (so `npm test`) runs the matrix spec on, each its own Airflow
 * beside the suite's 3.3 (which the whole suite covers): the ones seen green. AIRFLOW_E2E_VERSIONS
 * overrides it, e.g. `3.2` for one, `none` for none. All three passed the spec (2026-11-30); what
 * each adds to the run is in the README (Supported Airflow versions).
 */
export const MATRIX_MINORS: readonly AirflowMinor[] = ['3.0', '3.1', '3.2'];

export interface AirflowVersionFacts extends VenvFacts {
  /** The exact version its lock file pins. */
  version: string;
  /** Its own AIRFLOW_HOME (the default one for '3.3' is the harness's). */
  home?: string;
  /** Settings this version needs to run with the pinned packages (pass as `extraEnv`). */
  env?: Record<string, string>;
}

const other = (minor: string, version: string): AirflowVersionFacts => ({
  version,
  lock: path.join(HERE, 'versions', minor, 'requirements.lock'),
  venv: path.join(REPO_ROOT, '.airflow', `venv-airflow-${minor}`),
  home: path.join(REPO_ROOT, '.airflow', `home-airflow-${minor}`),
});

export const AIRFLOW_VERSION_FACTS: Record<AirflowMinor, AirflowVersionFacts> = {
  // 3.0.x keeps the session JWT in the page's localStorage; its log view is not virtualized.
  // 3.0.6 leaves the JWT `iss` claim None when [api_auth] jwt_issuer is unset, which PyJWT 2.15
  // refuses ("Issuer (iss) must be a string": POST auth/token answers 500). Its login page calls
  // starlette's TemplateResponse(name, context), gone in starlette 1.x: the lock pins starlette
  // 0.48.0, fastapi 0.117.1 and cadwyn 5.4.6 (the 3.1.8 lock's).
  '3.0': { ...other('3.0', '3.0.6'), env: { AIRFLOW__API_AUTH__JWT_ISSUER: 'airflow-e2e' } },
  // 3.1.1+ keeps the JWT in the `_token` cookie (3.1.0 still in localStorage).
  '3.1': other('3.1', '3.1.8'),
  // pip's newest fastapi (0.165) breaks 3.2.2's execution API at import ("TITerminalStatePayload
  // needs a discriminator field"): the lock pins fastapi 0.136.3 and cadwyn 7.0.0 (the 3.3.2 lock's).
  '3.2': other('3.2', '3.2.2'),
  '3.3': { version: '3.3.2', ...PLUGIN_FACTS.none },
};

/** Installs the version's pinned venv on first use (~0.1 s when it is up to date). */
export function ensureAirflowVersionVenv(minor: AirflowMinor, log: (m: string) => void): Promise<void> {
  return ensureVenvOf(`airflow ${minor}`, AIRFLOW_VERSION_FACTS[minor], log);
}
