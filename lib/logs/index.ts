// The diagnosis engine (issue 5): log triage, evidence packs, and what the panel and the agent
// use of them. Everything reaches Airflow only through the api-client it is given.
export { createLogTriage, triageLines, triageLog, triageText } from './log-triage';
export type { FindingKind, LogPages, LogTriage, LogTriageBuilder, TriageFinding, TriageLine, TriageOptions } from './log-triage';
export { readLogPages, taskLogPath, textChunkLines } from './log-pages';
export type { LogPageSource, TryIds } from './log-pages';
export { FAILURE_CLASSES, FAILURE_CLASS_LABELS, classifyException, classifyText } from './failure-class';
export type { FailureClass } from './failure-class';
export { exceptionHeadline } from './exception-facts';
export type { ChainedException, ExceptionFacts, FrameRef } from './exception-facts';
export { diffTries } from './try-diff';
export type { TryDiff, TrySummary } from './try-diff';
export { DEFAULT_PACK_TOKENS, buildEvidencePack, packEvidence } from './evidence-pack';
export type { EvidencePack, EvidencePackOptions } from './evidence-pack';
export { estimateTokens } from './evidence-item';
export type { EvidenceItem } from './evidence-item';
export type { FailureTarget, GatheredEvidence } from './evidence-types';
export { gatherEvidence } from './gather-evidence';
export type { Diagnosis } from './diagnose';
export { failedTaskOfRun } from './failed-task-of-run';
export type { FailedTask } from './failed-task-of-run';
export { isFailureQuestion, planDiagnosis } from './plan-diagnosis';
export type { DiagnosisContext, DiagnosisPlan, DiagnosisPrefetch } from './plan-diagnosis';
export { checkCitations, citationFromUrl, packCitations, urlsIn } from './citations';
export type { Citation } from './citations';
export { triageCardModel } from './triage-card-model';
export type { TriageCardLine, TriageCardModel } from './triage-card-model';
