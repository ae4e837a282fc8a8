import { approvalsHandledByPage, type PartChange } from './message-parts.js';
import { emit } from '../emit.js';
import type { ChatMessage } from '../types.js';

/**
 * Turns one message's part changes into the element's events: `stream-part` for every
 * non-text part added, changed or removed, `tool-approval` (cancelable) for an approval
 * request, `stream-data` for transient data. `changed` asks for a re-render.
 */
export function partEvents(host: EventTarget, message: ChatMessage, changed: () => void): (change: PartChange) => void {
  const messageId = message.id;
  return (change) => {
    switch (change.kind) {
      case 'part':
        emit(host, 'stream-part', { messageId, part: change.part, index: change.index });
        break;
      case 'removed':
        emit(host, 'stream-part', { messageId, part: null, index: change.index, removed: true });
        break;
      case 'approval':
        if (!emit(host, 'tool-approval', { messageId, part: change.part }, { cancelable: true }))
          approvalsHandledByPage.add(change.part);
        break;
      case 'data':
        emit(host, 'stream-data', { messageId, name: change.name, id: change.id, data: change.data });
        return;
    }
    changed();
  };
}
