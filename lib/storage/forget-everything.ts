import { forgetAllConversations } from '../history/history-store';
import { removeAllApiKeys } from './api-key-store';
import { auditLogItem } from './audit-log';
import { conversationsItem, modelSettingsItem } from './items';

/**
 * "Forget keys and history": removes every model API key and settings, every conversation (the
 * window's and the kept history of every Airflow user) and the
 * audit trail from extension storage. The worker watches the conversations and drops what it
 * holds in memory too.
 */
export async function forgetKeysAndHistory(): Promise<void> {
  await Promise.all([removeAllApiKeys(), forgetAllConversations(), modelSettingsItem.removeValue(), conversationsItem.removeValue(), auditLogItem.removeValue()]);
}
