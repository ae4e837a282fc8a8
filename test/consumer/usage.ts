// Typed usage of the published package, as a consumer writes it (strict, skipLibCheck off,
// no Lit installed). test/node/consumer-types.test.mjs compiles it against `npm pack`'s tarball.
import { ChatSession, StreamChat, type ChatMessage, type CodeHighlighter, type StreamChatEventMap, type StreamErrorDetail } from 'stream-chat-element';
import { highlight, registerLanguage } from 'stream-chat-element/highlight';

const el = document.querySelector('stream-chat')!;
const created: StreamChat = document.createElement('stream-chat');
const element: HTMLElement = el;
const defined: boolean = customElements.get('stream-chat') === StreamChat;

el.endpoint = '/api/chat';
el.streamIdHeader = '';
el.protocol = 'sse';
el.headers = { Authorization: 'Bearer x' };
el.requestBody = ({ messages, model }) => ({ model, messages, stream: true });
el.strings = { send: 'Envoyer' };

// Code highlighting: the add-on's hook (with its stylesheet), or any function of (code, language).
el.highlight = highlight;
const sheet: CSSStyleSheet = highlight.styles;
const html: string = highlight('const a = 1;', 'ts');
registerLanguage('go', (hljs) => ({ name: 'Go', hljs }));
const own: CodeHighlighter = (code, language) => `${language}:${code}`;
el.highlight = own;
el.highlight = Object.assign((code: string) => code, { styles: sheet });
el.highlight = undefined;
void html;

el.addEventListener('stream-complete', (e) => {
  const status: ChatMessage['status'] = e.detail.message.status;
  console.log(status, e.detail.messageId);
});
el.addEventListener('message-send', (e) => e.detail.message.content);
el.addEventListener('stream-start', (e) => e.detail.protocol);
el.addEventListener('stream-chunk', (e) => e.detail.chunk.index + e.detail.content.length);
el.addEventListener('stream-cancel', (e) => e.detail.content);
el.addEventListener('stream-error', (e) => {
  const detail: StreamErrorDetail = e.detail;
  return detail.error.status ?? detail.attempt;
});
el.addEventListener('connection-change', (e) => e.detail.state === e.detail.previous);
el.addEventListener('stream-part', (e) => e.detail.index);
el.addEventListener('tool-approval', (e) => e.detail.part.toolCallId);
el.addEventListener('stream-data', (e) => e.detail.name);
// The events bubble: an ancestor's listener is typed too.
document.body.addEventListener('stream-chunk', (e) => e.detail.content);

const complete: StreamChatEventMap['stream-complete'] = new CustomEvent('stream-complete', {
  detail: { messageId: 'm', message: el.messages[0] },
});
async function ask(): Promise<string> {
  const answer = await el.send('Hello!');
  el.stop();
  await el.regenerate();
  el.clear();
  return `${answer.status} ${el.state} ${el.stats.bytesReceived}`;
}

// The headless session: typed options, members and events.
const session = new ChatSession({ config: { endpoint: '/api/chat', format: 'openai' }, onChange: (change) => change === 'delta' });
session.addEventListener('stream-complete', (e) => (e as StreamChatEventMap['stream-complete']).detail.message.status);
async function askHeadless(): Promise<string> {
  const answer = await session.send('Hello!');
  return `${answer.status} ${session.state} ${session.busy} ${session.messages.length}`;
}

export { created, element, defined, complete, ask, askHeadless };
