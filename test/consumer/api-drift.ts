// The published types declare the element's public surface from src/element-api.ts, which
// the element implements (so nothing declared is missing). This file fails to compile when
// the element grows a public member the published types do not declare.
import type { LitElement } from 'lit';
import type { StreamChatProperties } from '../../src/element-api.js';
import type { ChatSession, StreamChat } from '../../src/stream-chat.js';
import type { ChatSessionApi } from '../../src/types.js';

/**
 * Public members of the element beyond LitElement's that src/element-api.ts leaves out
 * (but `chatConfig`, internal, and `willUpdate`, a Lit lifecycle method LitElement declares protected).
 */
type Undeclared = Exclude<keyof StreamChat, keyof LitElement | keyof StreamChatProperties | 'chatConfig' | 'willUpdate'>;

export const everyMemberDeclared: [Undeclared] extends [never] ? true : { undeclared: Undeclared } = true;

/** Public members of ChatSession that the published ChatSessionApi leaves out: the element's own wiring. */
type UndeclaredOfSession = Exclude<keyof ChatSession, keyof ChatSessionApi | 'conversation' | 'pool' | 'endpoint'>;

export const everySessionMemberDeclared: [UndeclaredOfSession] extends [never] ? true : { undeclared: UndeclaredOfSession } = true;
