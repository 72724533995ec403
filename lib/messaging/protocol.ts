import * as z from 'zod/mini';
import { defineExtensionMessaging } from '@webext-core/messaging';
import { PageContextSchema } from '../airflow/page-context';
import type { optionsRequestSchemas } from './options-protocol';

export type { PageContext } from '../airflow/page-context';

/**
 * The one message protocol between content scripts, extension pages and the worker.
 * One-shot requests go through `@webext-core/messaging` (typed by name, no string routing);
 * every payload and every answer is validated with zod at the receiving end, because a
 * message is input from another context and may come from an older version of the extension.
 * The schemas use zod/mini because the content script imports this file (see `page-context.ts`).
 * Streams (the side panel's live state and, later, chat) use the port protocol in `panel-port.ts`.
 * The options page's requests are declared in `options-protocol.ts`, in their own table so the
 * content script, which loads this file, does not carry their schemas; the types span both.
 */

export const SessionStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('signed_in'), user: z.nullable(z.string()), role: z.nullable(z.string()) }),
  z.object({ state: z.literal('signed_out') }),
  z.object({ state: z.literal('expired') }),
  /** Logged in, but the extension cannot read Airflow with this session; `reason` says why and what to do. */
  z.object({ state: z.literal('unusable'), reason: z.string() }),
]);
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

export const TabContextSchema = z.object({ tabId: z.int(), context: PageContextSchema });

export const LogSelectionSchema = z.object({
  text: z.string().check(z.maxLength(20_000)),
  uiLines: z.array(z.int().check(z.nonnegative())).check(z.maxLength(5_000)),
  tryNumber: z.optional(z.int().check(z.positive())),
});

export const requestSchemas = {
  /** Worker → content script: what is selected in the task log view, as log line numbers. */
  readLogSelection: {
    data: z.object({}),
    result: z.object({ selection: z.nullable(LogSelectionSchema) }),
  },
  /**
   * Worker → content script, on Airflow 3.0.x-3.1.0 only: the session token the Airflow page
   * keeps in its own localStorage (lib/airflow/page-session.ts). Never stored by the extension.
   */
  readPageSession: {
    data: z.object({}),
    result: z.object({ token: z.nullable(z.string().check(z.maxLength(16_384))) }),
  },
  /** Content script → worker: the color mode Airflow shows (null: it does not say; follow the OS). */
  reportColorMode: {
    data: z.object({ mode: z.nullable(z.enum(['light', 'dark'])) }),
    result: z.object({ accepted: z.boolean() }),
  },
  /** Content script → worker: what the page shows now (null: not an Airflow page any more). */
  reportPageContext: {
    data: z.object({ context: z.nullable(PageContextSchema) }),
    result: z.object({ accepted: z.boolean() }),
  },
} as const;

type RequestSchemas = typeof requestSchemas & typeof optionsRequestSchemas;
export type RequestName = keyof RequestSchemas;
export type SenderKind = 'content_script' | 'extension_page';
export type RequestData<N extends RequestName> = z.infer<RequestSchemas[N]['data']>;
export type RequestResult<N extends RequestName> = z.infer<RequestSchemas[N]['result']>;

type ProtocolMap = { [N in RequestName]: (data: RequestData<N>) => RequestResult<N> };

/** Which contexts may send each request; the worker drops anything else. */
export const allowedSenders: { [N in keyof typeof requestSchemas]: ReadonlyArray<SenderKind> } = {
  readLogSelection: ['extension_page'],
  readPageSession: ['extension_page'],
  reportPageContext: ['content_script'],
  reportColorMode: ['content_script'],
};

export const messenger = defineExtensionMessaging<ProtocolMap>();

/** A table of requests: each one's payload and answer schema. */
export type SchemaTable<N extends RequestName> = { [K in N]: { data: z.ZodMiniType; result: z.ZodMiniType } };

/**
 * A sender for the requests of one table: validates the payload before it goes and the answer
 * when it comes back. Sends to the worker, or to a tab's content script when `tabId` is given.
 */
export function requestSender<N extends RequestName>(schemas: SchemaTable<N>) {
  return async function send<M extends N>(name: M, data: RequestData<M>, tabId?: number): Promise<RequestResult<M>> {
    const post = messenger.sendMessage as (name: M, data: RequestData<M>, tabId?: number) => Promise<unknown>;
    const payload = schemas[name].data.parse(data) as RequestData<M>;
    const result = tabId === undefined ? await post(name, payload) : await post(name, payload, tabId);
    return schemas[name].result.parse(result) as RequestResult<M>;
  };
}

export const sendRequest = requestSender<keyof typeof requestSchemas>(requestSchemas);
