import type { ChatMessage, MessagePart, MessageStatus } from '../types.js';
import { newId, textParts } from './conversation.js';
import { isObject } from './formats/format.js';
import { joined } from './message-parts.js';

const ROLES = new Set(['system', 'user', 'assistant']);
const STATUSES = new Set<MessageStatus>(['pending', 'streaming', 'complete', 'cancelled', 'interrupted', 'error']);
const TOOL_STATES = new Set([
  'input-streaming', 'input-available', 'approval-requested', 'approval-responded',
  'output-available', 'output-error', 'output-denied',
]);

/** The string fields each part type needs. */
const REQUIRED: Record<string, string[]> = {
  text: ['text'], reasoning: ['text'], tool: ['toolCallId', 'toolName'], source: ['sourceId'], file: ['url', 'mediaType'], data: ['name'],
};
/** Fields that are strings when present (they are shown, or used as links). */
const OPTIONAL = ['url', 'title', 'mediaType', 'filename', 'id', 'errorText'];

/** What is wrong with a part, or undefined when it is well-formed. */
function partProblem(part: unknown): string | undefined {
  if (!isObject(part)) return 'is not an object';
  const required = REQUIRED[part.type as string];
  if (!required) return `has an unknown type ${JSON.stringify(part.type)}`;
  const bad = required.find((key) => typeof part[key] !== 'string') ?? OPTIONAL.find((key) => key in part && part[key] !== undefined && typeof part[key] !== 'string');
  if (bad) return `needs "${bad}" to be a string`;
  if (part.type === 'tool' && !TOOL_STATES.has(part.state as string)) return `has an unknown tool state ${JSON.stringify(part.state)}`;
  if (part.approval !== undefined && !(isObject(part.approval) && typeof part.approval.id === 'string')) return 'has an approval without an id';
  return undefined;
}

/**
 * Validates and copies messages given to `setMessages()`: `ChatMessage`-like objects with
 * `content` and/or `parts`. Throws a TypeError naming the first bad message. Ids,
 * statuses (default `complete`), times and metadata are kept; when parts are given they
 * win, and `content` (and `metadata.reasoning`) is recomputed from them.
 */
export function toMessages(input: unknown): ChatMessage[] {
  if (!Array.isArray(input)) throw new TypeError('<stream-chat>: setMessages() expects an array of messages.');
  const ids = new Set<string>();
  return input.map((raw, index) => {
    const name = isObject(raw) && typeof raw.id === 'string' ? `message ${index} (id "${raw.id}")` : `message ${index}`;
    const fail = (problem: string): never => {
      throw new TypeError(`<stream-chat>: setMessages(): ${name} ${problem}.`);
    };
    if (!isObject(raw)) return fail('is not an object');
    if (!ROLES.has(raw.role as string)) fail(`has an unknown role ${JSON.stringify(raw.role)} (system, user or assistant)`);
    if (raw.id !== undefined && (typeof raw.id !== 'string' || !raw.id)) fail('has an id that is not a non-empty string');
    if (typeof raw.id === 'string' && ids.has(raw.id)) fail('repeats the id of an earlier message');
    if (raw.content !== undefined && typeof raw.content !== 'string') fail('has a content that is not a string');
    if (raw.parts !== undefined && !Array.isArray(raw.parts)) fail('has parts that are not an array');
    if (raw.content === undefined && raw.parts === undefined) fail('has neither content nor parts');
    if (raw.status !== undefined && !STATUSES.has(raw.status as MessageStatus)) fail(`has an unknown status ${JSON.stringify(raw.status)}`);
    if (raw.createdAt !== undefined && typeof raw.createdAt !== 'number') fail('has a createdAt that is not a number');
    if (raw.metadata !== undefined && !isObject(raw.metadata)) fail('has metadata that is not an object');
    (raw.parts as unknown[] | undefined)?.forEach((part, at) => {
      const problem = partProblem(part);
      if (problem) fail(`part ${at} ${problem}`);
    });

    const id = (raw.id as string | undefined) ?? newId();
    ids.add(id);
    const status = (raw.status as MessageStatus | undefined) ?? 'complete';
    const parts = raw.parts
      ? (raw.parts as MessagePart[]).map((part) => copyPart(part, status))
      : textParts(raw.content as string);
    const metadata = { ...(raw.metadata as ChatMessage['metadata'] | undefined) };
    if (raw.parts) {
      const reasoning = joined(parts, 'reasoning');
      metadata.reasoning = reasoning || undefined;
      if (!reasoning) delete metadata.reasoning;
    }
    const message: ChatMessage = {
      id,
      role: raw.role as ChatMessage['role'],
      content: raw.parts ? joined(parts, 'text') : (raw.content as string),
      parts,
      status,
      createdAt: (raw.createdAt as number | undefined) ?? Date.now(),
      metadata,
    };
    if (typeof raw.completedAt === 'number') message.completedAt = raw.completedAt;
    return message;
  });
}

/** A copy of a part; text and reasoning of a finished message are done. */
function copyPart(part: MessagePart, status: MessageStatus): MessagePart {
  const copy = { ...part } as MessagePart;
  if (copy.type === 'text' || copy.type === 'reasoning') {
    if (copy.state === undefined || (status !== 'pending' && status !== 'streaming')) copy.state = 'done';
  }
  if (copy.type === 'tool' && copy.approval) copy.approval = { ...copy.approval };
  return copy;
}

/**
 * A stored message's parts, made safe to show: text only for a message stored before
 * parts existed (or with a part that is not well-formed); text and reasoning `done`
 * for a message that is no longer streaming.
 */
export function storedParts(message: ChatMessage): MessagePart[] {
  if (!Array.isArray(message.parts) || message.parts.some(partProblem)) return textParts(message.content);
  return message.parts.map((part) => copyPart(part, message.status));
}
