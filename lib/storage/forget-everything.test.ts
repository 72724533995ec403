import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { readApiKey, writeApiKey } from './api-key-store';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { appendAuditEntry, auditLogItem } from './audit-log';
import { forgetKeysAndHistory } from './forget-everything';
import { listConversations, saveConversation } from '../history/history-store';
import { conversationsItem, DEFAULT_MODEL_SETTINGS, modelSettingsItem } from './items';

describe('forgetKeysAndHistory', () => {
  beforeEach(() => fakeBrowser.reset());

  it('wipes the API key, the conversations and the audit trail from storage', async () => {
    await writeApiKey('AIzaSy-secret');
    await modelSettingsItem.setValue({ ...DEFAULT_MODEL_SETTINGS, model: 'gemini-x', apiKeySet: true });
    await conversationsItem.setValue({ '1': { id: 'c', messages: [{ id: 'm', role: 'user', parts: [{ type: 'text', text: 'why?' }], createdAt: 1 }] } });
    await appendAuditEntry({ kind: 'tool_call', time: 't', instanceUrl: 'http://h/', tool: 'list_dags', arguments: {}, ok: true, resultBytes: 3 });
    expect(await auditLogItem.getValue()).toHaveLength(1);
    const admin = { instanceUrl: 'http://h/', user: 'admin' };
    await saveConversation(admin, { dagId: 'etl' }, { id: 'kept', messages: [{ id: 'm', role: 'user', parts: [{ type: 'text', text: 'why?' }], createdAt: 1 }] });
    expect(await listConversations(admin)).toHaveLength(1);

    await forgetKeysAndHistory();

    const everything = JSON.stringify({ ...(await fakeBrowser.storage.local.get(null)), ...(await fakeBrowser.storage.session.get(null)) });
    expect(everything).not.toContain('AIzaSy-secret');
    expect(everything).not.toContain('why?');
    expect(await readApiKey()).toBe('');
    expect(await modelSettingsItem.getValue()).toEqual(DEFAULT_MODEL_SETTINGS);
    expect(await auditLogItem.getValue()).toEqual([]);
    expect(await listConversations(admin)).toEqual([]);
  });
});
