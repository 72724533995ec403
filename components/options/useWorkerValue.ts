import { useCallback, useEffect, useRef } from 'react';
import { browser } from 'wxt/browser';
import { sendOptionsRequest, type OptionsRequestName } from '@/lib/messaging/options-protocol';
import type { RequestData, RequestResult } from '@/lib/messaging/protocol';

/**
 * Reads a value through the worker (lib/messaging/options-protocol.ts), and again whenever the
 * extension's stored settings change (a save here, another tab, the worker itself), so a form
 * follows the stored value live as it did when it watched the store. `apply` runs for the first
 * answer (`first`) and then only when the answer differs from the last one, so an unrelated
 * change never resets what the user is typing. Returns a function that reads again now.
 */
export function useWorkerValue<N extends OptionsRequestName>(
  name: N,
  data: RequestData<N>,
  apply: (result: RequestResult<N>, first: boolean) => void,
): () => Promise<void> {
  const applyRef = useRef(apply);
  applyRef.current = apply;
  const last = useRef<string | null>(null);
  const key = JSON.stringify(data);

  const read = useCallback(async () => {
    const result = await sendOptionsRequest(name, JSON.parse(key) as RequestData<N>);
    const text = JSON.stringify(result);
    if (text === last.current) return;
    const first = last.current === null;
    last.current = text;
    applyRef.current(result, first);
  }, [name, key]);

  useEffect(() => {
    void read();
    const onChanged = (_changes: unknown, area: string) => {
      if (area === 'local') void read();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, [read]);

  return read;
}
