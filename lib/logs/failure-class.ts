// What kind of failure a task instance had, decided from its log lines, its exceptions and its
// state. Every class is defined here, once: its words for the user, the rule in one sentence, and
// the regular expression over what Airflow 3.3 writes (checked on the rig's logs in __fixtures__/
// and on the failure corpus in bench/corpus/), plus the Airflow 2 plain-text wording where it differs.
// Classes Airflow only tells outside the log (upstream_failed by state, retries_exhausted by
// tries, heartbeat_timeout by the audit log, dagrun_timeout by the run) are also decided in diagnose.ts.

export interface FailureClassDefinition {
  /** Words for the user (the triage card) and the model. */
  label: string;
  /** The rule, in one sentence: what makes a failure this class, and which line names its cause. */
  rule: string;
  /** Tested against `ExcType: message` for exceptions and the line text otherwise; none for classes decided outside the log. */
  pattern?: RegExp;
}

// Order matters: the first matching pattern wins, specific signals before generic ones.
const DEFINITIONS = {
  killed_by_signal: {
    label: 'Killed by a signal (SIGKILL, likely out of memory)',
    rule: 'The task process died by a signal (SIGKILL, -9, OOMKilled, the kernel OOM killer); the signal line is the cause, the memory the task used before it is the context.',
    pattern: /Process terminated by signal|\bSIGKILL\b|signal[ _]?(?:name)?[=:]\s*-?9\b|exit(?:ed with)? (?:code|status) -9\b|return code -9\b|\bOOMKilled\b|Out of memory: Killed process|MemoryError/i,
  },
  execution_timeout: {
    label: 'Execution timeout',
    rule: "The task ran longer than its execution_timeout (AirflowTaskTimeout); Airflow's \"Process timed out\" line is the first sign.",
    pattern: /AirflowTaskTimeout|Process timed out|Timeout, PID: \d+|Task exceeded execution_timeout/,
  },
  sensor_timeout: {
    label: 'Sensor timeout',
    rule: 'A sensor waited longer than its timeout for its condition (AirflowSensorTimeout).',
    pattern: /AirflowSensorTimeout|Sensor has timed out/,
  },
  dagrun_timeout: {
    label: 'Dag run timeout',
    rule: "The Dag run exceeded its dagrun_timeout and Airflow stopped its unfinished tasks; the run's timeout message is the cause.",
    pattern: /\bDag ?run\b.*\btimed[- ]?out\b|dagrun_timeout|Run .* has timed-out/i,
  },
  heartbeat_timeout: {
    label: 'Heartbeat lost (zombie task)',
    rule: "The scheduler stopped hearing from the task (a killed worker or supervisor); the log just stops, the audit log's heartbeat timeout names it.",
    pattern: /heartbeat timeout|without (?:a )?heartbeat|did not emit heartbeat|\bzombie\b/i,
  },
  template_error: {
    label: 'Template rendering error',
    rule: "A templated field failed to render before the task ran (Jinja UndefinedError, TemplateSyntaxError, TemplateNotFound); Airflow's \"Exception rendering Jinja template for task …, field …\" line names the field and the template.",
    pattern: /Exception rendering Jinja template|Failed to resolve template field|jinja2\.exceptions|\bUndefinedError\b|\bTemplateSyntaxError\b|\bTemplateNotFound\b|\bTemplateAssertionError\b/,
  },
  missing_connection: {
    label: 'Missing connection',
    rule: 'The task asked for a connection id that is not defined (AirflowNotFoundException, CONNECTION_NOT_FOUND).',
    pattern: /conn(?:ection)?_id [`'"]?[\w.-]+[`'"]? (?:isn't|is not) defined|CONNECTION_NOT_FOUND|Connection [`'"]?[\w.-]+[`'"]? (?:not found|does not exist)/i,
  },
  missing_variable: {
    label: 'Missing variable',
    rule: 'The task asked for an Airflow Variable that is not defined (VARIABLE_NOT_FOUND, KeyError from Variable.get).',
    pattern: /VARIABLE_NOT_FOUND|Variable [`'"]?[\w.-]+[`'"]? (?:not found|does not exist)/i,
  },
  import_error: {
    label: 'Dag import error',
    rule: 'The Dag file could not be imported (Broken DAG, a module missing at import time); the import error names the file and the exception.',
    pattern: /Broken DAG|Failed to import|DagNotFound|Dag(?: id)? [`'"]?[\w.-]+[`'"]? (?:could not be found|not found in (?:the )?(?:serialized|DagBag))/i,
  },
  // Airflow 2 wrote this into the task log when an upstream task had failed.
  upstream_failed: {
    label: 'Upstream task failed',
    rule: "A task it depends on failed, so this one never ran (state upstream_failed); the cause is in the failed upstream task's log.",
    pattern: /Dependencies not met.*(?:Trigger Rule|upstream)|upstream_failed|Upstream task\(s\) failed/i,
  },
  dependency_error: {
    label: 'Missing or broken dependency',
    rule: 'A Python package the task imports is missing or incompatible (ModuleNotFoundError, ImportError, DistributionNotFound, VersionConflict) while the task runs.',
    pattern: /ModuleNotFoundError|ImportError|No module named|DistributionNotFound|PackageNotFoundError|No package metadata was found|VersionConflict|Dependencies not met/,
  },
  auth_error: {
    label: 'Permission or authentication error',
    rule: 'An external system refused the credentials or the permission: HTTP 401/403, Unauthorized/Forbidden, cloud IAM denials (AccessDenied, PermissionDenied, "is not authorized to perform"); the refusal line is the cause.',
    pattern:
      /\b(?:401|403)\b[^\n]{0,40}\b(?:Unauthori[sz]ed|Forbidden|Client Error)|\b(?:Unauthori[sz]ed|Forbidden)\b[^\n]{0,40}\b(?:401|403)\b|HTTP(?:\s+Error)?\s*(?:status\s*)?(?:401|403)\b|status(?:_code)?[=: ]+(?:401|403)\b|\bAccessDenied(?:Exception)?\b|\bAccess Denied\b|\bPermissionDenied\b|\bPERMISSION_DENIED\b|is not authorized to perform|does not have [\w.]+ (?:access|permission)|\bInvalidAccessKeyId\b|\bAuthenticationError\b|\bAuthenticationFailed\b|authentication failed|password authentication failed|invalid[_ ](?:grant|token|credentials)|\bExpiredToken\b/i,
  },
  nonzero_exit: {
    label: 'Command exited with an error',
    rule: "A Bash, subprocess, Kubernetes pod or Docker command exited non-zero; the cause is the last lines it printed before the exit, not Airflow's wrapper exception (\"Bash command failed …\").",
    pattern:
      /Bash command failed|Command exited with return code [1-9]\d*|returned non-zero exit status|CalledProcessError|Pod .{0,200}returned a failure|Pod .{0,200}(?:Failed|failed) with|Docker container failed|container .{0,80}exited with (?:code|status) [1-9]/,
  },
  data_validation: {
    label: 'Data or validation error',
    rule: 'The data failed a check the task makes: AssertionError, a ValidationError, a data-quality check ("Test failed", "Validation failed", "Data quality check failed"), or a schema mismatch.',
    pattern:
      /\bAssertionError\b|\bValidationError\b|\bDataQuality\w*(?:Error|Exception|Failed)\b|Data quality check failed|Validation failed|\bTest failed\b.*\bQuery\b|The following tests have failed|Check failed|schema mismatch|\bSchemaError\b|IntegrityError|\bduplicate key value\b/i,
  },
  retries_exhausted: {
    label: 'Retries exhausted',
    rule: "The task failed on its last allowed try; each try's cause is compared (the try diff) and the last try's cause is the headline.",
  },
  python_exception: {
    label: 'Python exception',
    rule: "Any other exception the task raised; the exception line (and its root cause in the chain) is the cause.",
  },
  unknown: {
    label: 'Failure without a recorded cause',
    rule: 'The log records no failure (it just stops) and nothing else names one.',
  },
} as const satisfies Record<string, FailureClassDefinition>;

export type FailureClass = keyof typeof DEFINITIONS;

export const FAILURE_CLASS_DEFINITIONS: Readonly<Record<FailureClass, FailureClassDefinition>> = DEFINITIONS;

export const FAILURE_CLASSES = Object.keys(DEFINITIONS) as FailureClass[];

/** Words for the user (the triage card) and the model. */
export const FAILURE_CLASS_LABELS = Object.fromEntries(FAILURE_CLASSES.map((c) => [c, DEFINITIONS[c].label])) as Record<FailureClass, string>;

const RULES = FAILURE_CLASSES.flatMap((failureClass) => {
  const pattern: RegExp | undefined = (DEFINITIONS[failureClass] as FailureClassDefinition).pattern;
  return pattern ? [{ failureClass, pattern }] : [];
});

/** The class a line of text names, or null for an ordinary line. */
export function classifyText(text: string): FailureClass | null {
  for (const rule of RULES) if (rule.pattern.test(text)) return rule.failureClass;
  return null;
}

/** Classes where the failing line is Airflow's wrapper and the task's own last output names the cause. */
export function causeIsCommandOutput(failureClass: FailureClass): boolean {
  return failureClass === 'nonzero_exit';
}

/** `Command exited with return code 0` is a success line the hook also writes. */
export function isCommandExitLine(text: string): { code: number } | null {
  const match = /Command exited with return code (-?\d+)|exited with (?:code|status) (-?\d+)|returned non-zero exit status (-?\d+)/.exec(text);
  if (!match) return null;
  return { code: Number(match[1] ?? match[2] ?? match[3]) };
}

export interface ExceptionSignature {
  type: string;
  message: string;
  /** True when the exception was raised while importing a module at top level (`<module>` frames only). */
  raisedAtImport?: boolean;
}

/** The class of an exception; anything not recognised is an ordinary Python exception. */
export function classifyException(exception: ExceptionSignature): FailureClass {
  const found = classifyText(`${exception.type}: ${exception.message}`);
  // A package missing while a Dag file is imported breaks the Dag, not one task.
  if (found === 'dependency_error' && exception.raisedAtImport) return 'import_error';
  return found ?? 'python_exception';
}
