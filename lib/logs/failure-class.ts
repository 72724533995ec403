// What kind of failure a task instance had, decided from its log lines, its exceptions and its
// state. Rules are plain regular expressions over what Airflow 3.3 writes (checked on the rig's
// logs in __fixtures__/), plus the Airflow 2 plain-text wording where it differs.

export const FAILURE_CLASSES = [
  'python_exception',
  'execution_timeout',
  'killed_by_signal',
  'heartbeat_timeout',
  'upstream_failed',
  'sensor_timeout',
  'missing_connection',
  'missing_variable',
  'import_error',
  'dependency_error',
  'retries_exhausted',
  'unknown',
] as const;

export type FailureClass = (typeof FAILURE_CLASSES)[number];

/** Words for the user (the triage card) and the model. */
export const FAILURE_CLASS_LABELS: Record<FailureClass, string> = {
  python_exception: 'Python exception',
  execution_timeout: 'Execution timeout',
  killed_by_signal: 'Killed by a signal (SIGKILL, likely out of memory)',
  heartbeat_timeout: 'Heartbeat lost (zombie task)',
  upstream_failed: 'Upstream task failed',
  sensor_timeout: 'Sensor timeout',
  missing_connection: 'Missing connection',
  missing_variable: 'Missing variable',
  import_error: 'Dag import error',
  dependency_error: 'Missing or broken dependency',
  retries_exhausted: 'Retries exhausted',
  unknown: 'Failure without a recorded cause',
};

interface Rule {
  failureClass: FailureClass;
  /** Tested against `ExcType: message` for exceptions and the line text otherwise. */
  pattern: RegExp;
}

// Order matters: the first matching rule wins, specific signals before generic ones.
const RULES: readonly Rule[] = [
  { failureClass: 'killed_by_signal', pattern: /Process terminated by signal|\bSIGKILL\b|signal[ _]?(?:name)?[=:]\s*-?9\b|exit(?:ed with)? (?:code|status) -9\b|return code -9\b|\bOOMKilled\b|Out of memory: Killed process/i },
  { failureClass: 'execution_timeout', pattern: /AirflowTaskTimeout|Process timed out|Timeout, PID: \d+|Task exceeded execution_timeout/ },
  { failureClass: 'sensor_timeout', pattern: /AirflowSensorTimeout|Sensor has timed out/ },
  { failureClass: 'heartbeat_timeout', pattern: /heartbeat timeout|without (?:a )?heartbeat|did not emit heartbeat|\bzombie\b/i },
  { failureClass: 'missing_connection', pattern: /conn(?:ection)?_id [`'"]?[\w.-]+[`'"]? (?:isn't|is not) defined|CONNECTION_NOT_FOUND|Connection [`'"]?[\w.-]+[`'"]? (?:not found|does not exist)/i },
  { failureClass: 'missing_variable', pattern: /VARIABLE_NOT_FOUND|Variable [`'"]?[\w.-]+[`'"]? (?:not found|does not exist)/i },
  { failureClass: 'import_error', pattern: /Broken DAG|Failed to import|DagNotFound|Dag(?: id)? [`'"]?[\w.-]+[`'"]? (?:could not be found|not found in (?:the )?(?:serialized|DagBag))/i },
  // Airflow 2 wrote this into the task log when an upstream task had failed.
  { failureClass: 'upstream_failed', pattern: /Dependencies not met.*(?:Trigger Rule|upstream)/i },
  { failureClass: 'dependency_error', pattern: /ModuleNotFoundError|ImportError|No module named|DistributionNotFound|VersionConflict|Dependencies not met/ },
  { failureClass: 'upstream_failed', pattern: /upstream_failed|Upstream task\(s\) failed/i },
];

/** The class a line of text names, or null for an ordinary line. */
export function classifyText(text: string): FailureClass | null {
  for (const rule of RULES) if (rule.pattern.test(text)) return rule.failureClass;
  return null;
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
