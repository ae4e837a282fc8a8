// An AI SDK (ai 7) chat route for <stream-chat>: a web-standard POST handler (Next.js
// route handlers, Hono, Remix, or Node through an adapter). The browser controls the
// request body, so the route, not the page, decides the model and the system prompt,
// and it bounds what the page may send. On ai 6, streamText names the system prompt
// `system`, not `instructions` (ai 7 still accepts `system`, deprecated).
import { convertToModelMessages, streamText, validateUIMessages } from 'ai';

const MAX_MESSAGES = 40; // the most recent messages kept
const MAX_BODY_CHARS = 100_000; // a longer conversation is refused

/**
 * `model`: your provider's model (e.g. `openai('gpt-4o-mini')`); `instructions`: the system
 * prompt; `onError`: where model failures are logged (the SDK's default: the console).
 */
export function createChatRoute({ model, instructions, onError }) {
  return async function POST(request) {
    const text = await request.text();
    if (text.length > MAX_BODY_CHARS) return refuse(413, 'The conversation is too long.');
    let messages;
    try {
      // useChat's UI messages (with `parts`). System messages from the page are dropped:
      // the system prompt is the route's `instructions` (ai 7 refuses system messages in
      // `messages` unless `allowSystemInMessages` is set).
      const sent = JSON.parse(text).messages.filter((m) => m.role === 'user' || m.role === 'assistant');
      messages = await convertToModelMessages(await validateUIMessages({ messages: sent.slice(-MAX_MESSAGES) }));
    } catch (error) {
      return refuse(400, `Not UI messages: ${String(error?.message ?? error).slice(0, 120)}`);
    }
    const result = streamText({ model, instructions, messages, ...(onError && { onError }) });
    return result.toUIMessageStreamResponse({
      sendReasoning: true,
      // Optional: usage and model for the widget's message.metadata.
      messageMetadata: ({ part }) =>
        part.type === 'finish' ? { model: model.modelId, totalUsage: part.totalUsage } : undefined,
      // Optional: the SDK hides error messages unless the route passes them on.
      onError: (error) => (error instanceof Error ? error.message : String(error)),
    });
  };
}

function refuse(status, message) {
  return Response.json({ error: { message } }, { status });
}
