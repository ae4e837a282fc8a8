// stream-chat-element/server: the relay between <stream-chat> and a model provider.
export { createRelay, type Relay, type RelayChat, type RelayLimits, type RelayOptions } from './relay.js';
export { toNodeHandler } from './node-http.js';
export { MemoryStore, type MemoryStoreOptions } from './memory-store.js';
export { RedisStore, type RedisStoreOptions } from './redis-store.js';
export { StoreError, type EventStore, type ReadResult, type StoredEvent } from './store.js';
export type { ChatMessage, UpstreamFormat } from './upstream.js';
