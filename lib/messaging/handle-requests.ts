import type { Browser } from 'wxt/browser';
import { allowedSenders, messenger, requestSchemas, type RequestData, type RequestName, type RequestResult, type SchemaTable } from './protocol';
import { classifySender, type SenderKind } from './sender';

export interface RequestSenderCheck {
  extension: { id: string; origin: string };
  isEnabledAirflowOrigin: (origin: string) => boolean;
}

type RequestHandler<N extends RequestName> = (
  data: RequestData<N>,
  sender: Browser.runtime.MessageSender & { kind: SenderKind },
) => Promise<RequestResult<N>> | RequestResult<N>;

/** A table of requests with the sender kinds allowed to send each. */
export interface RequestTable<N extends RequestName> {
  schemas: SchemaTable<N>;
  senders: { [K in N]: ReadonlyArray<SenderKind> };
}

/**
 * Registers a handler for one request of a table. The sender is checked against the request's
 * allowed sender kinds and the payload against its schema before the handler runs; a rejected
 * message throws back to the sender and never reaches the handler.
 */
function listenFor<N extends RequestName>(table: RequestTable<N>, name: N, check: RequestSenderCheck, handler: RequestHandler<N>) {
  const listen = messenger.onMessage as (
    name: N,
    callback: (message: { data: unknown; sender: Browser.runtime.MessageSender }) => Promise<unknown>,
  ) => () => void;
  return listen(name, async ({ data, sender }) => {
    const kind = classifySender(sender, check.extension, check.isEnabledAirflowOrigin);
    if (kind === null || !table.senders[name].includes(kind)) {
      throw new Error(`Refused "${String(name)}" from an untrusted sender`);
    }
    const parsed = table.schemas[name].data.parse(data) as RequestData<N>;
    return table.schemas[name].result.parse(await handler(parsed, { ...sender, kind }));
  });
}

/** Registers the handler for one request of the worker and content script protocol (protocol.ts). */
export function handleRequest<N extends keyof typeof requestSchemas>(name: N, check: RequestSenderCheck, handler: RequestHandler<N>) {
  return listenFor<keyof typeof requestSchemas>({ schemas: requestSchemas, senders: allowedSenders }, name, check, handler as RequestHandler<keyof typeof requestSchemas>);
}

/**
 * Registers a service answering every request of another table (the options page's,
 * options-protocol.ts, kept out of the content script, which loads this file).
 */
export function handleRequests<N extends RequestName>(table: RequestTable<N>, check: RequestSenderCheck, handlers: { [K in N]: RequestHandler<K> }) {
  for (const name of Object.keys(handlers) as N[]) listenFor(table, name, check, handlers[name] as RequestHandler<N>);
}
