/**
 * server-records: the outbox's requests to PocketBase. Every request is retried with the policy
 * (`withRetry`), cancelled by the signal, and never auto-cancelled by the SDK (`requestKey: null`:
 * the outbox sends one request at a time on purpose). Creates are idempotent by `client_id`.
 */
import { ClientResponseError, type RecordModel, type SendOptions } from 'pocketbase';
import type PocketBase from 'pocketbase';
import { isAbort } from '../errors';
import { storageFault, withRetry, type RetryPolicy } from './retry';

/** RecordsDeps is what the requests need: the client and, for tests, fetch, retry policy and randomness. */
export interface RecordsDeps {
	pb: PocketBase;
	fetch?: typeof fetch;
	retry?: RetryPolicy;
	random?: () => number;
}

/** ServerRecords are the record operations the outbox makes. */
export interface ServerRecords {
	/** findOne returns the id of the first record matching the filter, or null. */
	findOne(collection: string, filter: string, params: Record<string, string>): Promise<RecordModel | null>;
	/**
	 * createOnce creates a record; if the create fails after the server may have stored it (a lost
	 * response, a unique client_id), the record is looked up with `find` instead of duplicated.
	 */
	createOnce(collection: string, body: Record<string, unknown> | FormData, find: () => Promise<RecordModel | null>): Promise<RecordModel>;
	update(collection: string, id: string, body: Record<string, unknown> | FormData): Promise<RecordModel>;
	/** list returns every record matching the filter, with only `fields`. */
	list(collection: string, filter: string, params: Record<string, string>, fields: string): Promise<RecordModel[]>;
	/** remove deletes a record; one already gone (404) is what was wanted. */
	remove(collection: string, id: string): Promise<void>;
}

/** isNotFound is a 404 from the server. */
export function isNotFound(error: unknown): boolean {
	return error instanceof ClientResponseError && error.status === 404;
}

/** serverRecords binds the operations to a client, a retry policy and a signal. */
export function serverRecords(deps: RecordsDeps, signal?: AbortSignal): ServerRecords {
	const { pb } = deps;
	const options = (): SendOptions => ({ requestKey: null, signal, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
	// a storage fault is not retried within the run: the author is told at once and the outbox tries later
	const retry = <T>(task: () => Promise<T>) => withRetry(task, { policy: deps.retry, signal, random: deps.random, giveUp: (e) => storageFault(e) !== '' });
	return {
		async findOne(collection, filter, params) {
			const list = await retry(() => pb.collection(collection).getList(1, 1, { ...options(), filter: pb.filter(filter, params), fields: 'id' }));
			return list.items[0] ?? null;
		},
		async createOnce(collection, body, find) {
			try {
				return await retry(() => pb.collection(collection).create(body, options()));
			} catch (error) {
				if (isAbort(error)) throw error;
				const existing = await find();
				if (existing) return existing;
				throw error;
			}
		},
		update(collection, id, body) {
			return retry(() => pb.collection(collection).update(id, body, options()));
		},
		list(collection, filter, params, fields) {
			return retry(() => pb.collection(collection).getFullList({ ...options(), filter: pb.filter(filter, params), fields, batch: 500 }));
		},
		async remove(collection, id) {
			try {
				await retry(() => pb.collection(collection).delete(id, options()));
			} catch (error) {
				if (!isNotFound(error)) throw error;
			}
		}
	};
}
