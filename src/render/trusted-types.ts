/** The minimal Trusted Types surface we use (not every TS lib has the types). */
interface TrustedTypePolicyLike {
  createHTML(input: string): unknown;
  createScriptURL(input: string): unknown;
}
interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createHTML(s: string): string; createScriptURL(s: string): string }): TrustedTypePolicyLike;
}

let policy: TrustedTypePolicyLike | null | undefined;

/**
 * The `stream-chat` Trusted Types policy, created once, on first use. Its only caller is
 * DOMPurify, which needs TrustedHTML to parse the markup it is about to sanitize; it
 * creates no script URLs. Null where Trusted Types are absent or the page forbids the name.
 */
export function trustedTypesPolicy(): TrustedTypePolicyLike | null {
  if (policy !== undefined) return policy;
  const factory = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  try {
    policy = factory
      ? factory.createPolicy('stream-chat', {
          createHTML: (input) => input,
          createScriptURL: () => {
            throw new TypeError('stream-chat creates no script URLs');
          },
        })
      : null;
  } catch (error) {
    console.warn('<stream-chat>: could not create the "stream-chat" Trusted Types policy:', error);
    policy = null;
  }
  return policy;
}
