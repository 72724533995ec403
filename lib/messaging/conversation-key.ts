/** Conversations are kept per side-panel window. */
export const conversationKey = (windowId: number | undefined) => String(windowId ?? 'default');
