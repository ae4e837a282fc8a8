import type { StreamChatEventDetails } from './events.js';

/**
 * Dispatches one of the element's events: a CustomEvent that bubbles and crosses shadow
 * roots. Returns false when a cancelable event was prevented.
 */
export function emit<K extends keyof StreamChatEventDetails>(
  target: EventTarget,
  name: K,
  detail: StreamChatEventDetails[K],
  options: { cancelable?: boolean } = {},
): boolean {
  return target.dispatchEvent(
    new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }),
  );
}
