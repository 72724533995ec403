import { browser, type Browser } from 'wxt/browser';
import { isInstancePage, panelContextForWindow, type TabContext } from '../airflow/tab-contexts';
import { isSessionExpired, readSessionClaims, readSessionToken, type SessionClaims } from '../airflow/session';
import { airflowUserFromClaims, airflowUserOf, type AirflowUser } from '../airflow/airflow-user';
import type { ChatService } from '../agent/chat-service';
import { emptyConversation } from '../messaging/conversation';
import type { PageContext } from '../airflow/page-context';
import type { TriageCardModel } from '../logs/triage-card-model';
import type { FaultMessage } from '../faults/describe-fault';
import { modelSettingsItem } from '../storage/items';
import { isLocalEndpoint, isModelConfigured, recipientOf } from '../model-providers/providers';
import { modelSetupOf } from '../agent/model-setup';
import type { SessionStatus } from '../messaging/protocol';
import type { PanelHistory } from '../history/panel-history';
import { explainLogInTab } from './explain-log-menu';
import { conversationKey, conversationOwner } from './conversation-key';
import { markQuestion } from '../agent/question-marks';
import {
  PANEL_PORT_NAME,
  PanelToWorkerSchema,
  WorkerToPanelSchema,
  onPortMessages,
  postToPort,
  refusalMessage,
  type PanelState,
} from '../messaging/panel-port';

export { conversationKey } from './conversation-key';
export { isInstancePage } from '../airflow/tab-contexts';

export async function panelTabFor(windowId: number | undefined) {
  const [activeTab] = await browser.tabs.query(windowId !== undefined ? { active: true, windowId } : { active: true, lastFocusedWindow: true });
  return panelContextForWindow(windowId ?? activeTab?.windowId, activeTab?.id);
}

/** The state a window's side panel shows: the Airflow page it follows, the session, the chat. */
export interface PanelSources {
  /** Which MCP server the tools go through for an instance, in words (null until first used). */
  mcpServerFor: (instanceUrl: string) => string | null;
  /** Both read Airflow as `owner` and cache per owner. */
  suggestionsFor: (context: PageContext | null, owner: AirflowUser) => Promise<string[]>;
  triageFor: (context: PageContext | null, owner: AirflowUser) => Promise<TriageCardModel | null>;
  /** Why the triage card of the page could not be read (after `triageFor` gave none). */
  triageProblemFor?: (context: PageContext | null, owner: AirflowUser) => FaultMessage | null;
  /** The card's Retry: read the page's failure again. */
  retryTriage: (context: PageContext | null, owner: AirflowUser) => void;
  /** The color mode the Airflow page of a tab shows (the panel wears the same). */
  colorModeFor?: (tabId: number) => 'light' | 'dark' | null;
  /** The kept conversations (lib/history); without it, the panel offers none. */
  history?: Pick<PanelHistory, 'earlierFor' | 'open' | 'remove' | 'note'>;
}

/**
 * What a window's panel is about: the Airflow tab it follows, the session there, the Airflow
 * user of that session and so whose conversation it shows (none without a user).
 */
export interface PanelSubject {
  tab: TabContext | null;
  session: SessionStatus | null;
  owner: AirflowUser | null;
  key: string | null;
}

export async function panelSubjectFor(windowId: number | undefined): Promise<PanelSubject> {
  const tab = await panelTabFor(windowId);
  if (!tab) return { tab, session: null, owner: null, key: null };
  const token = await readSessionToken(tab.context.instanceUrl);
  const claims = token ? readSessionClaims(token) : null;
  const owner = airflowUserFromClaims(tab.context.instanceUrl, claims);
  return { tab, session: sessionStatusOf(token, claims), owner, key: conversationKey(windowId, owner) };
}

/** Why nothing can be asked (and no conversation is shown) when the panel has no Airflow user. */
export function askDisabledReason(subject: Pick<PanelSubject, 'tab' | 'session' | 'key'>): string | null {
  if (subject.key !== null) return null;
  if (!subject.tab) return 'Open a page of your Airflow instance to ask about it.';
  // The session line above the conversation says why and what to do; this says what it means here.
  if (subject.session?.state === 'unusable') return 'The assistant cannot read this Airflow with your session (see above), so nothing can be asked here.';
  if (subject.session?.state !== 'signed_in') return 'Log in to Airflow in your Airflow tab to ask about it.';
  return 'Airflow did not say which user you are logged in as, so the assistant shows and asks nothing. Log in again.';
}

/**
 * How long a panel update waits for a triage card still being read, the first time: a card of a
 * normal log comes in well under this and shows with the rest, without a "Reading…" flash.
 */
export const TRIAGE_GRACE_MS = 300;
/** Triage reads that already had their grace: later updates (streamed words) do not wait again. */
const gracedTriageReads = new WeakSet<Promise<unknown>>();

type Settled<T> = { settled: true; value: T } | { settled: false };

/** The value of `read` if it settles within `ms`, else that it is still running. */
export async function settledWithin<T>(read: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<Settled<T>>((resolve) => (timer = setTimeout(() => resolve({ settled: false }), ms)));
  try {
    return await Promise.race([read.then((value): Settled<T> => ({ settled: true, value })), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The panel's whole state for a window. The triage card is not waited for beyond a short grace:
 * reading a log of tens of MB takes seconds, and until then the panel shows everything else (the
 * page, the conversation, the composer) with "Reading the log…" in the card's place; `pending`
 * is the read to push again after.
 */
export async function computePanelState(
  windowId: number | undefined,
  chat: ChatService,
  sources: PanelSources,
): Promise<PanelState & { key: string | null; pending: Promise<unknown> | null }> {
  const subject = await panelSubjectFor(windowId);
  const { tab, session, owner, key } = subject;
  const signedIn = session?.state === 'signed_in';
  const triageRead = signedIn && owner ? sources.triageFor(tab?.context ?? null, owner) : null;
  let triageNow: Settled<TriageCardModel | null> = { settled: true, value: null };
  if (triageRead) {
    const grace = gracedTriageReads.has(triageRead) ? 0 : TRIAGE_GRACE_MS;
    gracedTriageReads.add(triageRead);
    triageNow = await settledWithin(triageRead, grace);
  }
  const triage = triageNow.settled ? triageNow.value : null;
  const conversation = key ? await chat.conversation(key) : emptyConversation('no-airflow-user');
  return {
    key,
    pending: triageNow.settled ? null : triageRead,
    triageLoading: !triageNow.settled,
    tab,
    session,
    // No user, no conversation: whatever was asked before belongs to someone.
    conversation,
    busy: key ? chat.isBusy(key) : false,
    askDisabledReason: askDisabledReason(subject),
    ...(await modelStatus()),
    suggestions: signedIn && owner ? await sources.suggestionsFor(tab?.context ?? null, owner) : [],
    triage,
    triageProblem: signedIn && owner && triageNow.settled && !triage ? (sources.triageProblemFor?.(tab?.context ?? null, owner) ?? null) : null,
    mcpServer: tab ? sources.mcpServerFor(tab.context.instanceUrl) : null,
    colorMode: tab ? (sources.colorModeFor?.(tab.tabId) ?? null) : null,
    // Only the conversations of the user logged in now, on this instance.
    earlier: signedIn && owner && sources.history ? await sources.history.earlierFor(owner, tab?.context ?? null, conversation.id).catch(() => []) : [],
  };
}

async function modelStatus(): Promise<Pick<PanelState, 'modelConfigured' | 'modelDestination' | 'modelSetup'>> {
  const settings = await modelSettingsItem.getValue();
  const modelConfigured = isModelConfigured(settings);
  return {
    modelConfigured,
    modelSetup: modelSetupOf(settings),
    modelDestination: modelConfigured ? { local: isLocalEndpoint(settings), recipient: recipientOf(settings), model: settings.model } : null,
  };
}

function sessionStatusOf(token: string | null, claims: SessionClaims | null): SessionStatus {
  if (!token) return { state: 'signed_out' };
  if (isSessionExpired(claims)) return { state: 'expired' };
  if (claims?.refusedBecause) return { state: 'unusable', reason: claims.refusedBecause };
  return { state: 'signed_in', user: claims?.subject ?? null, role: claims?.role ?? null };
}

/**
 * Tracks open side panels, pushes each its state when anything it shows may have changed, and
 * passes their chat requests to the chat service with the page context of their window and the
 * conversation of the Airflow user logged in now.
 */
export function createPanelHub(getChat: () => ChatService, sources: PanelSources) {
  const panels = new Map<Browser.runtime.Port, number | undefined>();
  /** The conversation each panel showed last, so a changed conversation refreshes only its panels. */
  const shownKeys = new Map<Browser.runtime.Port, string | null>();
  const pushing = new Set<Browser.runtime.Port>();
  /** The triage read each panel waits for, so one read pushes once when it ends. */
  const awaitedReads = new Map<Browser.runtime.Port, Promise<unknown>>();
  const again = new Set<Browser.runtime.Port>();

  // Coalesces bursts (every streamed word changes the conversation) into one push at a time.
  async function push(port: Browser.runtime.Port) {
    if (!panels.has(port)) return;
    if (pushing.has(port)) {
      again.add(port);
      return;
    }
    pushing.add(port);
    try {
      const { key, pending, ...state } = await computePanelState(panels.get(port), getChat(), sources);
      shownKeys.set(port, key);
      if (panels.has(port)) postToPort(port, WorkerToPanelSchema, { type: 'panel/state', state });
      // The card (or why there is none) is pushed as soon as its read ends, once per read.
      if (pending && awaitedReads.get(port) !== pending) {
        awaitedReads.set(port, pending);
        void pending.finally(() => {
          if (awaitedReads.get(port) === pending) awaitedReads.delete(port);
          void push(port);
        });
      }
    } finally {
      pushing.delete(port);
      if (again.delete(port)) void push(port);
    }
  }

  const refreshAll = () => {
    for (const port of panels.keys()) void push(port);
  };

  /**
   * Runs a chat command on the conversation of the user logged in now, decided when the command
   * arrives; with no user there is no conversation and nothing is asked (the panel says why).
   */
  const withSubject =
    (run: (key: string, context: PageContext | null, windowId: number | undefined) => unknown) => async (port: Browser.runtime.Port) => {
      const windowId = panels.get(port);
      const { key, tab } = await panelSubjectFor(windowId);
      if (key === null) return void push(port);
      await run(key, tab?.context ?? null, windowId);
    };
  const retry = withSubject((key, context) => getChat().retry(key, context));
  const stop = withSubject((key) => getChat().stop(key));
  const clear = withSubject((key) => getChat().clear(key));
  const retryTriage = async (port: Browser.runtime.Port) => {
    const { owner, tab } = await panelSubjectFor(panels.get(port));
    if (owner) sources.retryTriage(tab?.context ?? null, owner);
    void push(port);
  };
  const openEarlier = async (port: Browser.runtime.Port, id: string) => {
    const { key, owner } = await panelSubjectFor(panels.get(port));
    const earlier = key && owner ? await sources.history?.open(owner, id) : null;
    if (key && earlier) await getChat().restore(key, earlier);
    void push(port);
  };
  const deleteEarlier = async (port: Browser.runtime.Port, id: string) => {
    const { owner } = await panelSubjectFor(panels.get(port));
    if (owner) await sources.history?.remove(owner, id);
    void push(port);
  };
  const handoff = async (port: Browser.runtime.Port) => {
    const { key, owner, tab } = await panelSubjectFor(panels.get(port));
    if (!key || !owner || !sources.history) return;
    const note = await sources.history.note(owner, await getChat().conversation(key), tab?.context ?? null);
    if (note && panels.has(port)) postToPort(port, WorkerToPanelSchema, { type: 'handoff/note', ...note });
  };
  const explainLog = withSubject(async (_key, _context, windowId) => {
    const tab = await panelTabFor(windowId);
    if (tab) await explainLogInTab(getChat(), tab.tabId, windowId);
  });

  return {
    accept(port: Browser.runtime.Port) {
      if (port.name !== PANEL_PORT_NAME) return false;
      onPortMessages(port, PanelToWorkerSchema, {
        'panel/subscribe': ({ windowId }) => {
          panels.set(port, windowId);
          void push(port);
        },
        'chat/ask': ({ text }) => {
          markQuestion('received');
          return withSubject((key, context) => getChat().ask(key, text, context))(port);
        },
        'chat/retry': () => retry(port),
        'chat/stop': () => stop(port),
        'chat/clear': () => clear(port),
        'triage/retry': () => retryTriage(port),
        'chat/explain-log': () => explainLog(port),
        'panel/open-options': () => void browser.runtime.openOptionsPage(),
        'history/open': ({ id }) => openEarlier(port, id),
        'history/delete': ({ id }) => deleteEarlier(port, id),
        'handoff/request': () => handoff(port),
        'panel/navigate': async ({ url }) => {
          const tab = await panelTabFor(panels.get(port));
          // Only pages of the same Airflow instance, in the Airflow tab the panel follows.
          if (tab && isInstancePage(url, tab.context.instanceUrl)) await browser.tabs.update(tab.tabId, { url, active: true });
        },
      }, (error, raw) => {
        // Refused, never half-processed; but said, so nothing the user did vanishes in silence.
        console.warn('Refused an invalid panel message', error.issues);
        postToPort(port, WorkerToPanelSchema, { type: 'panel/refused', message: refusalMessage(raw) });
      });
      port.onDisconnect.addListener(() => {
        panels.delete(port);
        shownKeys.delete(port);
        awaitedReads.delete(port);
      });
      return true;
    },
    /** Something changed (a page context, the active tab, a session cookie): refresh every panel. */
    refreshAll,
    /** A conversation changed: refresh the panels showing it. */
    refreshConversation(key: string) {
      for (const port of panels.keys()) if (shownKeys.get(port) === key) void push(port);
    },
    /**
     * A session cookie changed (login, logout, another user): panels switch to the conversation of
     * the user logged in now (or none), and an answer still being written for a user who is no
     * longer logged in stops, so it reads nothing more with the new session into the old
     * user's conversation.
     */
    async sessionChanged() {
      for (const key of getChat().runningKeys()) {
        const owner = conversationOwner(key);
        if (!owner) continue;
        const current = airflowUserOf(owner.instanceUrl, await readSessionToken(owner.instanceUrl));
        if (owner.user !== current?.user) getChat().stop(key);
      }
      refreshAll();
    },
  };
}
