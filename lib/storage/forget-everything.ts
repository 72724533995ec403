import { removeAllApiKeys } from './api-key-store';
import { auditLogItem } from './audit-log';
import { conversationsItem, modelSettingsItem } from './items';

/**
 * "Forget keys and history": removes every model API key and settings, every conversation and the
 * audit trail from extension storage. The worker watches the conversations and drops what it
 * holds in memory too.
 */
export async function forgetKeysAndHistory(): Promise<void> {
  await Promise.all([removeAllApiKeys(), modelSettingsItem.removeValue(), conversationsItem.removeValue(), auditLogItem.removeValue()]);
}
