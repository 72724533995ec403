import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createAirflowClients, speaksV1 } from '@/lib/airflow/airflow-clients';
import { createEnabledOrigins } from '@/lib/airflow/enabled-origins';
import { disableAirflowOrigin, enableGrantedAirflowOrigin, hasHostPermission, syncAirflowOrigins } from '@/lib/airflow/airflow-origins';
import { checkAirflowInstance } from '@/lib/airflow/instance-check';
import { EXPLAIN_LOG_MENU_ID, createExplainLogMenu, explainLogInTab } from '@/lib/panel/explain-log-menu';
import { enrichPageContext } from '@/lib/airflow/enrich-page-context';
import { createPageFactsSource } from '@/lib/airflow/page-facts';
import { createInstanceVersions, sessionKindOf } from '@/lib/airflow/instance-version';
import { createFlaskSessionChangeFilter, createFlaskSessionReader } from '@/lib/airflow/airflow2-session';
import { browserDifferences } from '@/lib/browser/differences';
import { noteInstanceVersion } from '@/lib/logs/ui-log-lines';
import { createReportSequencer, forgetTab, instanceOfTab, recordTabContext, rememberAirflowTab, tabNavigated } from '@/lib/airflow/tab-contexts';
import { SESSION_COOKIE_NAME, createSessionReader, installSessionReader, readSessionToken } from '@/lib/airflow/session';
import { createPageTokenReader, instanceTabIds } from '@/lib/airflow/page-session';
import { sendRequest } from '@/lib/messaging/protocol';
import { createChatService } from '@/lib/agent/chat-service';
import { createMcpClients, describeMcpServer } from '@/lib/mcp/mcp-client-for-instance';
import { createChatModel } from '@/lib/agent/model';
import { createSuggestionSource } from '@/lib/panel/suggestion-source';
import { createTriageSource } from '@/lib/panel/triage-source';
import { handleRequest, handleRequests } from '@/lib/messaging/handle-requests';
import { createOptionsService } from '@/lib/options/options-service';
import { optionsAllowedSenders, optionsRequestSchemas } from '@/lib/messaging/options-protocol';
import { listModels, testModelConnection } from '@/lib/agent/model-connection';
import { createPanelHub } from '@/lib/panel/panel-hub';
import { openAssistantFor, openPanelOnActionClick } from '@/lib/panel/open-panel';
import { readApiKey, removeApiKey, writeApiKey } from '@/lib/storage/api-key-store';
import { forgetKeysAndHistory } from '@/lib/storage/forget-everything';
import { appendAuditEntry, auditLogAsJson, auditLogItem } from '@/lib/storage/audit-log';
import { DEFAULT_TIMEOUTS, conversationsItem, enabledAirflowOriginsItem, dailySpendCapItem, historyRetentionDaysItem, inputTokenBudgetItem, logReadTimeoutMs, mcpPreferencesItem, modelPricesItem, modelSettingsItem, readTimeouts, timeoutsItem, updateTimeouts, withDefaultTimeouts } from '@/lib/storage/items';
import { effectivePrices, spentOnDayUsd } from '@/lib/model-providers/model-prices';
import { panelHistory } from '@/lib/history/panel-history';
import { deleteConversation, instancesWithHistory, listConversations, pruneConversations } from '@/lib/history/history-store';
import { conversationOwner } from '@/lib/panel/conversation-key';

// Wiring only: every behaviour lives in lib/.
export default defineBackground(() => {
  const enabledOrigins = createEnabledOrigins();
  const versionOf = createInstanceVersions(undefined, noteInstanceVersion);
  // The session where the instance's version keeps it: cookie (3.1.1+), the page's token
  // (3.0.x-3.1.0), or Flask's session (Airflow 2).
  installSessionReader(
    createSessionReader({
      versionOf,
      readPageToken: createPageTokenReader({
        tabsOf: async (instanceUrl) => instanceTabIds(await browser.tabs.query({}), instanceUrl),
        askTab: async (tabId) => (await sendRequest('readPageSession', {}, tabId)).token,
      }),
      readFlaskSession: createFlaskSessionReader({ readCookie: (url, name) => browserDifferences.readCookie(url, name) }),
    }),
  );
  const restApiOf = async (instanceUrl: string) => (speaksV1(await versionOf(instanceUrl)) ? '/api/v1' : '/api/v2') as '/api/v1' | '/api/v2';
  let timeouts = DEFAULT_TIMEOUTS;
  // Read once at start (which also moves a log read limit stored under its old key), then followed.
  void readTimeouts().then((value) => (timeouts = value));
  timeoutsItem.watch((value) => (timeouts = withDefaultTimeouts(value)));
  // Airflow 2 is read through /api/v1 with the browser's own session, answered in the v2 shapes.
  const airflowClientFor = createAirflowClients(readSessionToken, { timeoutMs: () => timeouts.airflowReadMs, streamTimeoutMs: logReadTimeoutMs, versionOf });
  const reports = createReportSequencer();
  const pageFactsFor = createPageFactsSource(airflowClientFor);
  const mcpClients = createMcpClients(airflowClientFor, {
    readSessionToken,
    restApiOf,
    preferenceFor: async (instanceUrl) => (await mcpPreferencesItem.getValue())[instanceUrl] ?? { mode: 'auto' },
    onChange: () => panels.refreshAll(),
  });
  mcpPreferencesItem.watch((preferences, previous) => {
    for (const instanceUrl of new Set([...Object.keys(preferences ?? {}), ...Object.keys(previous ?? {})])) mcpClients.forget(instanceUrl);
    panels.refreshAll();
  });
  const triage = createTriageSource(airflowClientFor, pageFactsFor);
  /** Airflow's color mode per tab, as its content script last reported it. */
  const colorModes = new Map<number, 'light' | 'dark' | null>();
  const panels = createPanelHub(() => chat, {
    mcpServerFor: (instanceUrl) => describeMcpServer(mcpClients.inUseOrDiscover(instanceUrl)),
    suggestionsFor: createSuggestionSource(pageFactsFor),
    triageFor: triage,
    triageProblemFor: triage.problemFor,
    retryTriage: triage.forget,
    history: panelHistory,
    colorModeFor: (tabId) => colorModes.get(tabId) ?? null,
  });
  const chat = createChatService({
    loadConversation: async (key) => (await conversationsItem.getValue())[key],
    saveConversation: async (key, conversation) =>
      conversationsItem.setValue({ ...(await conversationsItem.getValue()), [key]: conversation }),
    loadModelSettings: () => modelSettingsItem.getValue(),
    loadApiKey: readApiKey,
    spending: {
      prices: async () => effectivePrices(await modelPricesItem.getValue()),
      dailyCapUsd: () => dailySpendCapItem.getValue(),
      spentTodayUsd: async () => spentOnDayUsd(await auditLogItem.getValue(), new Date()),
    },
    inputTokenBudget: () => inputTokenBudgetItem.getValue(),
    createModel: createChatModel,
    mcpClientFor: mcpClients,
    hasSession: async (instanceUrl) => (await readSessionToken(instanceUrl)) !== null,
    onChange: (key) => panels.refreshConversation(key),
    onAnswered: (key, conversation, context) => {
      const owner = conversationOwner(key);
      if (owner) void panelHistory.keep(owner, conversation, context).then(() => panels.refreshConversation(key), (error) => console.warn('Could not keep the conversation', error));
    },
    audit: (entry) => void appendAuditEntry(entry),
    modelTimeoutMs: async () => (await readTimeouts()).modelSilenceMs,
  });
  // Kept conversations older than the retention setting go when the worker starts.
  void historyRetentionDaysItem.getValue().then((days) => pruneConversations(days));
  // A worker stopped mid-answer left it `streaming`; nothing will finish it now.
  void conversationsItem.getValue().then((stored) => chat.recoverInterrupted(Object.keys(stored)));
  // "Forget keys and history" wipes storage from the options page; drop what memory holds too.
  conversationsItem.watch((conversations) => {
    if (!conversations || Object.keys(conversations).length === 0) chat.forgetAll();
  });
  const senderCheck = {
    extension: { id: browser.runtime.id, origin: new URL(browser.runtime.getURL('/')).origin },
    isEnabledAirflowOrigin: enabledOrigins.includes,
  };

  handleRequest('reportPageContext', senderCheck, async ({ context }, sender) => {
    if (sender.tab?.id === undefined) return { accepted: false };
    const isLatest = reports.begin(sender.tab.id);
    const airflowVersion = context ? await versionOf(context.instanceUrl) : null;
    const enriched = context ? await enrichPageContext(context, airflowClientFor(context.instanceUrl)) : null;
    if (!isLatest()) return { accepted: false };
    await recordTabContext(sender.tab.id, sender.tab.windowId, enriched && airflowVersion ? { ...enriched, airflowVersion } : enriched);
    panels.refreshAll();
    return { accepted: true };
  });

  handleRequest('reportColorMode', senderCheck, ({ mode }, sender) => {
    if (sender.tab?.id === undefined) return { accepted: false };
    colorModes.set(sender.tab.id, mode);
    panels.refreshAll();
    return { accepted: true };
  });

  // The options page: settings, keys, connection checks, history and the audit trail.
  handleRequests(
    { schemas: optionsRequestSchemas, senders: optionsAllowedSenders },
    senderCheck,
    createOptionsService({
      modelSettings: modelSettingsItem,
      timeouts: { read: readTimeouts, update: updateTimeouts },
      modelPrices: modelPricesItem,
      dailySpendCapUsd: dailySpendCapItem,
      inputTokenBudget: inputTokenBudgetItem,
      historyRetentionDays: historyRetentionDaysItem,
      mcpPreferences: mcpPreferencesItem,
      enabledAirflowOrigins: enabledAirflowOriginsItem,
      auditLog: auditLogItem,
      auditLogAsJson,
      apiKeys: { read: readApiKey, write: writeApiKey, remove: removeApiKey },
      enableAirflowOrigin: enableGrantedAirflowOrigin,
      disableAirflowOrigin,
      checkAirflowInstance: (url) => checkAirflowInstance(url, { readToken: readSessionToken, hasHostPermission }),
      testModelConnection: (settings, apiKey) => testModelConnection(settings, apiKey, { hasHostPermission }),
      listModels,
      readSessionToken,
      history: { instancesWithHistory, listConversations, deleteConversation },
      forgetEverything: forgetKeysAndHistory,
    }),
  );

  browser.runtime.onConnect.addListener((port) => {
    if (!port.sender || port.sender.id !== browser.runtime.id || !port.sender.url?.startsWith(senderCheck.extension.origin)) {
      port.disconnect();
      return;
    }
    if (!panels.accept(port)) port.disconnect();
  });

  browser.tabs.onActivated.addListener(async ({ tabId, windowId }) => {
    await rememberAirflowTab(windowId, tabId);
    panels.refreshAll();
  });
  // A tab that loads another site (or about:blank) left Airflow: no content script there says so.
  browser.tabs.onUpdated.addListener(async (tabId, change, tab) => {
    if (change.status !== 'loading' && change.url === undefined) return;
    if (await tabNavigated(tabId, change.url ?? tab.url)) panels.refreshAll();
  });
  // Airflow 3.0.x-3.1.0 keep the session in the page's localStorage: a login or a logout there
  // changes no cookie, but it loads a page of the instance (the UI, or its login page).
  browser.tabs.onUpdated.addListener(async (tabId, change) => {
    if (change.status !== 'complete') return;
    const instanceUrl = await instanceOfTab(tabId);
    if (instanceUrl && sessionKindOf(await versionOf(instanceUrl)) === 'page_token') void panels.sessionChanged();
  });
  browser.tabs.onRemoved.addListener(async (tabId) => {
    await forgetTab(tabId);
    colorModes.delete(tabId);
    panels.refreshAll();
  });
  const isNewFlaskSession = createFlaskSessionChangeFilter();
  browser.cookies.onChanged.addListener((change) => {
    if (change.cookie.name !== SESSION_COOKIE_NAME && !isNewFlaskSession(change)) return;
    // Login, logout or another user: panels switch to that user's conversation (or none), and
    // answers still running for the previous user stop.
    void panels.sessionChanged();
  });
  modelSettingsItem.watch(() => panels.refreshAll());

  const refreshOrigins = () => void syncAirflowOrigins().then(createExplainLogMenu);
  browser.runtime.onInstalled.addListener(refreshOrigins);
  browser.runtime.onStartup.addListener(refreshOrigins);
  browser.permissions.onAdded.addListener(refreshOrigins);
  browser.permissions.onRemoved.addListener(refreshOrigins);

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== EXPLAIN_LOG_MENU_ID || tab?.id === undefined) return;
    openAssistantFor(tab);
    void explainLogInTab(chat, tab.id, tab.windowId, info.selectionText);
  });

  openPanelOnActionClick();
});
