import { useCallback, useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import {
  PANEL_PORT_NAME,
  PanelToWorkerSchema,
  WorkerToPanelSchema,
  onPortMessages,
  postToPort,
  type PanelState,
  type PanelToWorker,
} from '@/lib/messaging/panel-port';

type PanelCommand = Exclude<PanelToWorker, { type: 'panel/subscribe' }>;

/**
 * Subscribes to the worker's state for this panel's window and sends the panel's commands.
 * Reconnects if the worker restarts (an idle MV3 worker is stopped and its ports close).
 */
export type HandoffNoteMessage = { markdown: string; plainText: string; fileName: string };

export function usePanelState(): {
  state: PanelState | null;
  refusal: string | null;
  send: (command: PanelCommand) => void;
  handoff: HandoffNoteMessage | null;
  closeHandoff: () => void;
} {
  const [state, setState] = useState<PanelState | null>(null);
  /** The worker's sentence for the last command it refused; cleared by the next command. */
  const [refusal, setRefusal] = useState<string | null>(null);
  /** The hand-off note the worker made on request (null: none shown). */
  const [handoff, setHandoff] = useState<HandoffNoteMessage | null>(null);
  const portRef = useRef<ReturnType<typeof browser.runtime.connect> | undefined>(undefined);

  useEffect(() => {
    let disposed = false;

    const connect = async () => {
      const windowId = await currentWindowId();
      if (disposed) return;
      const port = browser.runtime.connect({ name: PANEL_PORT_NAME });
      portRef.current = port;
      onPortMessages(port, WorkerToPanelSchema, {
        'panel/state': ({ state }) => setState(state),
        'panel/refused': ({ message }) => setRefusal(message),
        'handoff/note': ({ markdown, plainText, fileName }) => setHandoff({ markdown, plainText, fileName }),
      });
      port.onDisconnect.addListener(() => {
        if (portRef.current === port) portRef.current = undefined;
        if (!disposed) setTimeout(connect, 200);
      });
      postToPort(port, PanelToWorkerSchema, { type: 'panel/subscribe', windowId });
    };
    void connect();
    return () => {
      disposed = true;
      portRef.current?.disconnect();
    };
  }, []);

  const send = useCallback((command: PanelCommand) => {
    const port = portRef.current;
    setRefusal(null);
    // Sent as given: the worker validates, and says so when it refuses.
    if (port) port.postMessage(command);
  }, []);

  const closeHandoff = useCallback(() => setHandoff(null), []);
  return { state, refusal, send, handoff, closeHandoff };
}

async function currentWindowId(): Promise<number | undefined> {
  try {
    return (await browser.windows.getCurrent()).id;
  } catch {
    return undefined;
  }
}
