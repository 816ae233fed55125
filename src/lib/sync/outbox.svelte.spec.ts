import 'fake-indexeddb/auto';
import type PocketBase from 'pocketbase';
import { describe, expect, it, vi } from 'vitest';
import { getOutbox, putOutbox } from '../db/drafts';
import { openCassetteDb } from '../db/open';
import type { OutboxEntry } from '../db/schema';
import type { OutboxDeps, OutboxProgress } from './outbox';
import { Outbox, retryLaterMs } from './outbox.svelte';

let counter = 0;

function entry(caseId: string, phase: OutboxEntry['phase'], error = ''): OutboxEntry {
	return { caseId, phase, serverCaseId: '', serverSeries: {}, uploaded: [], error, errorDetail: '', attempts: 1, updatedAt: 0 };
}

/** fakePublisher records calls; each call waits until released, then ends with the phase given. */
function fakePublisher() {
	const calls: string[] = [];
	const pending: { caseId: string; signal?: AbortSignal; finish: (phase: OutboxProgress['phase'], error?: string) => void }[] = [];
	const publish = (caseId: string, deps: OutboxDeps, signal?: AbortSignal) => {
		calls.push(caseId);
		return new Promise<OutboxProgress>((resolve) => {
			const base: OutboxProgress = { caseId, phase: 'running', filesDone: 1, filesTotal: 4, bytesDone: 10, bytesTotal: 40, error: '', errorDetail: '', hits: [], invalid: {}, publicUrl: '' };
			deps.onProgress?.(base);
			const finish = (phase: OutboxProgress['phase'], error = '') => resolve({ ...base, phase, error });
			// like publishCase, an abort saves the case as paused before resolving
			signal?.addEventListener('abort', () => void putOutbox(deps.db, entry(caseId, 'paused')).then(() => finish('paused')));
			pending.push({ caseId, signal, finish });
		});
	};
	return { publish, calls, pending };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

/** fakeSchedule holds the scheduled tasks; `run` fires the oldest still pending. */
function fakeSchedule() {
	const tasks: { task: () => void; ms: number; cancelled: boolean }[] = [];
	const schedule = (task: () => void, ms: number) => {
		const t = { task, ms, cancelled: false };
		tasks.push(t);
		return () => (t.cancelled = true);
	};
	const pending = () => tasks.filter((t) => !t.cancelled);
	return { schedule, tasks, pending, run: () => { const t = pending()[0]; t.cancelled = true; t.task(); } };
}

async function setup(entries: OutboxEntry[], onLine = true, later = fakeSchedule()) {
	const db = await openCassetteDb(`outbox-state-${counter++}`);
	for (const e of entries) await putOutbox(db, e);
	const events = Object.assign(new EventTarget(), { navigator: { onLine } });
	const fake = fakePublisher();
	const outbox = new Outbox({
		deps: { db, pb: {} as PocketBase, publicUrl: (id) => `/cases/${id}` },
		events: events as unknown as ConstructorParameters<typeof Outbox>[0]['events'],
		publish: fake.publish,
		schedule: later.schedule,
		random: () => 1
	});
	return { db, events, fake, outbox, later };
}

describe('Outbox', () => {
	it('resumes interrupted uploads on start, one case at a time, and leaves paused and done cases alone', async () => {
		const { fake, outbox, db } = await setup([entry('a', 'running'), entry('b', 'failed', 'network'), entry('c', 'paused'), entry('d', 'done'), entry('e', 'failed', 'server_rejected')]);
		await outbox.start();
		await vi.waitFor(() => expect(fake.calls).toEqual(['a']));
		expect(outbox.busy).toBe(true);
		expect(outbox.progressOf('a')).toMatchObject({ phase: 'running', filesDone: 1, filesTotal: 4 });
		fake.pending[0].finish('done');
		await vi.waitFor(() => expect(fake.calls).toEqual(['a', 'b']));
		fake.pending[1].finish('done');
		await vi.waitFor(() => expect(outbox.busy).toBe(false));
		expect(outbox.cases.map((p) => [p.caseId, p.phase]).sort()).toEqual([
			['a', 'done'], ['b', 'done'], ['c', 'paused'], ['d', 'done'], ['e', 'failed']
		]);
		outbox.stop();
		db.close();
	});

	it('waits while offline and resumes when the online event fires', async () => {
		const { fake, outbox, events, db } = await setup([entry('a', 'failed', 'network')], false);
		await outbox.start();
		await tick();
		expect(fake.calls).toEqual([]);
		events.navigator.onLine = true;
		events.dispatchEvent(new Event('online'));
		await vi.waitFor(() => expect(fake.calls).toEqual(['a']));
		fake.pending[0].finish('failed', 'network');
		await tick();
		// the network dropped again: the next online event retries
		events.dispatchEvent(new Event('online'));
		await vi.waitFor(() => expect(fake.calls).toEqual(['a', 'a']));
		outbox.stop();
		db.close();
	});

	it('a case published offline is saved as queued, and a new session (app restart) sends it when online', async () => {
		const first = await setup([], false);
		await first.outbox.start();
		await first.outbox.publish('z');
		expect(first.fake.calls).toEqual([]);
		first.outbox.stop();
		const events = Object.assign(new EventTarget(), { navigator: { onLine: true } });
		const fake = fakePublisher();
		const restarted = new Outbox({
			deps: { db: first.db, pb: {} as PocketBase, publicUrl: (id) => `/cases/${id}` },
			events: events as unknown as ConstructorParameters<typeof Outbox>[0]['events'],
			publish: fake.publish
		});
		await restarted.start();
		await vi.waitFor(() => expect(fake.calls).toEqual(['z']));
		restarted.stop();
		await tick();
		first.db.close();
	});

	it('stopping the app mid-upload keeps the case queued for the next start', async () => {
		const { fake, outbox, db } = await setup([]);
		await outbox.start();
		await outbox.publish('w');
		await vi.waitFor(() => expect(fake.calls).toEqual(['w']));
		outbox.stop();
		expect(fake.pending[0].signal?.aborted).toBe(true);
		await vi.waitFor(async () => expect((await getOutbox(db, 'w'))?.phase).toBe('queued'));
		db.close();
	});

	it('pause aborts the running case; publish resumes it; duplicates are not queued', async () => {
		const { fake, outbox, db } = await setup([]);
		await outbox.start();
		outbox.publish('x');
		outbox.publish('x');
		outbox.publish('y');
		await vi.waitFor(() => expect(fake.calls).toEqual(['x']));
		await outbox.pause('y');
		await outbox.pause('x');
		await tick();
		expect(fake.pending[0].signal?.aborted).toBe(true);
		expect(outbox.progressOf('x')?.phase).toBe('paused');
		expect(outbox.progressOf('y')?.phase).toBe('paused');
		expect(fake.calls).toEqual(['x']);
		expect((await getOutbox(db, 'y'))?.phase).toBe('paused');
		outbox.publish('x');
		await vi.waitFor(() => expect(fake.calls).toEqual(['x', 'x']));
		outbox.stop();
		await tick();
		db.close();
	});

	it('a case whose run failed for a passing reason is tried again by itself, later and later; a refusal is not', async () => {
		const { fake, outbox, later, db } = await setup([]);
		await outbox.start();
		await outbox.publish('s');
		await vi.waitFor(() => expect(fake.calls).toEqual(['s']));
		// the server's disk is full: nothing happens at once, the next try is scheduled
		fake.pending[0].finish('failed', 'storage_full');
		await vi.waitFor(() => expect(later.pending()).toHaveLength(1));
		expect(later.pending()[0].ms).toBe(15_000);
		later.run();
		await vi.waitFor(() => expect(fake.calls).toEqual(['s', 's']));
		// the server is down (killed, restarting): the wait doubles
		fake.pending[1].finish('failed', 'network');
		await vi.waitFor(() => expect(later.pending()).toHaveLength(1));
		expect(later.pending()[0].ms).toBe(30_000);
		later.run();
		await vi.waitFor(() => expect(fake.calls).toEqual(['s', 's', 's']));
		fake.pending[2].finish('done');
		await vi.waitFor(() => expect(outbox.progressOf('s')?.phase).toBe('done'));
		expect(later.pending()).toHaveLength(0);

		// a refusal waits for the author
		await outbox.publish('r');
		await vi.waitFor(() => expect(fake.calls.at(-1)).toBe('r'));
		fake.pending[3].finish('failed', 'server_rejected');
		await vi.waitFor(() => expect(outbox.progressOf('r')?.phase).toBe('failed'));
		expect(later.pending()).toHaveLength(0);

		// the author's own retry, or a pause, replaces the scheduled one
		await outbox.publish('u');
		await vi.waitFor(() => expect(fake.calls.at(-1)).toBe('u'));
		fake.pending[4].finish('failed', 'storage_unavailable');
		await vi.waitFor(() => expect(later.pending()).toHaveLength(1));
		await outbox.pause('u');
		expect(later.pending()).toHaveLength(0);
		outbox.stop();
		await tick();
		db.close();
	});

	it('waits 15 s after a first failure, doubling to at most 5 minutes, between half and all of it', () => {
		expect(retryLaterMs(1, () => 1)).toBe(15_000);
		expect(retryLaterMs(1, () => 0)).toBe(7_500);
		expect(retryLaterMs(3, () => 1)).toBe(60_000);
		expect(retryLaterMs(10, () => 1)).toBe(300_000);
	});
});
