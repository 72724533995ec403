// Redaction of everything before it reaches a model. One redactor per conversation.
export { createRedactor, findSecrets, redactText, PLACEHOLDER, type Redaction, type RedactionState, type Redactor } from './redactor';
export { redactForModel, type ModelInput } from './redact-for-model';
export { SECRET_KINDS, addCounts, describeCounts, totalCount, type RedactionCounts, type SecretKind } from './secret-kinds';
