import type { ChatStrings } from './types.js';

/** Default English strings; replace any through the element's `strings` property. */
export const DEFAULT_STRINGS: ChatStrings = {
  placeholder: 'Type a message…',
  send: 'Send',
  stop: 'Stop',
  retry: 'Retry',
  regenerate: 'Regenerate',
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Copying is not allowed on this page.',
  copyCode: 'Copy code',
  jumpToLatest: 'Jump to latest',
  responding: 'Responding…',
  responseComplete: 'Response complete.',
  responseStopped: 'Response stopped.',
  reconnecting: 'Reconnecting…',
  interrupted: 'The answer was interrupted.',
  inputLabel: 'Message',
  logLabel: 'Conversation',
  you: 'You',
  assistant: 'Assistant',
  empty: 'Ask anything to start the conversation.',
  tokens: 'tokens',
  firstToken: 'first token',
};
