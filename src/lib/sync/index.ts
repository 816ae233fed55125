/** Publishing drafts (the outbox): the public API. */
export { newOutboxEntry, publishCase } from './outbox';
export type { OutboxDeps, OutboxProgress } from './outbox';
export { Outbox } from './outbox.svelte';
export type { OutboxOptions } from './outbox.svelte';
export { backoffDelay, DEFAULT_RETRY, isAbort, isTransient, withRetry } from './retry';
export type { RetryOptions, RetryPolicy } from './retry';
