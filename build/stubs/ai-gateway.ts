// Stands in for `@ai-sdk/gateway` in the extension's bundles (see `build/lean-bundle.ts`): the exports `ai` imports.
const notBundled = (): never => {
  throw new Error('The Vercel AI Gateway is not part of this extension: models are provider instances.');
};

/** `ai` wraps gateway errors for messages; no error here is one. */
class NeverAGatewayError {
  static isInstance(_error: unknown): boolean {
    return false;
  }
}

export const GatewayError = NeverAGatewayError;
export const GatewayAuthenticationError = NeverAGatewayError;
export const createGateway = notBundled;
export const gateway = new Proxy(notBundled, { get: () => notBundled });
