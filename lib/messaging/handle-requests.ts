import type { Browser } from 'wxt/browser';
import { allowedSenders, messenger, requestSchemas, type RequestData, type RequestName, type RequestResult } from './protocol';
import { classifySender, type SenderKind } from './sender';

export interface RequestSenderCheck {
  extension: { id: string; origin: string };
  isEnabledAirflowOrigin: (origin: string) => boolean;
}

type RequestHandler<N extends RequestName> = (
  data: RequestData<N>,
  sender: Browser.runtime.MessageSender & { kind: SenderKind },
) => Promise<RequestResult<N>> | RequestResult<N>;

/**
 * Registers the worker's handler for one request. The sender is checked against the request's
 * allowed sender kinds and the payload against its schema before the handler runs; a rejected
 * message throws back to the sender and never reaches the handler.
 */
export function handleRequest<N extends RequestName>(name: N, check: RequestSenderCheck, handler: RequestHandler<N>) {
  const listen = messenger.onMessage as (
    name: N,
    callback: (message: { data: unknown; sender: Browser.runtime.MessageSender }) => Promise<unknown>,
  ) => () => void;
  return listen(name, async ({ data, sender }) => {
    const kind = classifySender(sender, check.extension, check.isEnabledAirflowOrigin);
    if (kind === null || !allowedSenders[name].includes(kind)) {
      throw new Error(`Refused "${String(name)}" from an untrusted sender`);
    }
    const parsed = requestSchemas[name].data.parse(data) as RequestData<N>;
    return requestSchemas[name].result.parse(await handler(parsed, { ...sender, kind }));
  });
}
