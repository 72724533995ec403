// Code passed to `serviceWorker.evaluate()` runs in the extension's worker, where the
// `chrome` namespace exists; this gives those callbacks its types.
declare global {
  const chrome: typeof import('wxt/browser').browser;
}
export {};
