import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { PANEL_PORT_NAME, PanelToWorkerSchema, WorkerToPanelSchema, onPortMessages, postToPort, type PanelState } from '@/lib/messaging/panel-port';

/** Subscribes to the worker's state for this panel's window; reconnects if the worker restarts. */
export function usePanelState(): PanelState | null {
  const [state, setState] = useState<PanelState | null>(null);

  useEffect(() => {
    let disposed = false;
    let port: ReturnType<typeof browser.runtime.connect> | undefined;

    const connect = async () => {
      const windowId = await currentWindowId();
      if (disposed) return;
      port = browser.runtime.connect({ name: PANEL_PORT_NAME });
      onPortMessages(port, WorkerToPanelSchema, { 'panel/state': ({ state }) => setState(state) });
      // An MV3 worker can be stopped while idle; the port then closes and is opened again.
      port.onDisconnect.addListener(() => !disposed && setTimeout(connect, 200));
      postToPort(port, PanelToWorkerSchema, { type: 'panel/subscribe', windowId });
    };
    void connect();
    return () => {
      disposed = true;
      port?.disconnect();
    };
  }, []);

  return state;
}

async function currentWindowId(): Promise<number | undefined> {
  try {
    return (await browser.windows.getCurrent()).id;
  } catch {
    return undefined;
  }
}
