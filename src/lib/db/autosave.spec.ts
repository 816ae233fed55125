import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { emptyDraft, type DraftCase } from '../cases/types';
import { Autosaver } from './autosave';
import { loadDraft } from './drafts';
import { openCassetteDb } from './open';
import { StorageFullError } from './quota';

let counter = 0;

/** manualTimers runs scheduled callbacks only when the test says so. */
function manualTimers() {
	const timers = new Map<number, () => void>();
	let next = 0;
	return {
		setTimer: (run: () => void) => (timers.set(++next, run), next),
		clearTimer: (t: unknown) => void timers.delete(t as number),
		fire: () => {
			const all = [...timers.values()];
			timers.clear();
			all.forEach((run) => run());
		},
		get count() {
			return timers.size;
		}
	};
}

describe('Autosaver', () => {
	it('coalesces keystrokes into one write of the latest text', async () => {
		const db = await openCassetteDb(`autosave-${counter++}`);
		const timers = manualTimers();
		const saved: DraftCase[] = [];
		const autosaver = new Autosaver(db, { ...timers, onSaved: (d) => saved.push(d) });
		const draft = emptyDraft(0, 'a');
		for (const title of ['H', 'He', 'Hep', 'Hepatocarcinoma']) autosaver.schedule({ ...draft, title });
		expect(timers.count).toBe(1);
		expect(autosaver.pending).toBe(true);
		timers.fire();
		await autosaver.flush();
		expect(saved.map((d) => d.title)).toEqual(['Hepatocarcinoma']);
		expect((await loadDraft(db, 'a'))?.draft.title).toBe('Hepatocarcinoma');
		expect(autosaver.pending).toBe(false);
		db.close();
	});

	it('flush writes at once (closing the app), without waiting for the timer', async () => {
		const db = await openCassetteDb(`autosave-${counter++}`);
		const timers = manualTimers();
		const autosaver = new Autosaver(db, timers);
		autosaver.schedule({ ...emptyDraft(0, 'b'), content: 'Hallazgos' });
		await autosaver.flush();
		expect(timers.count).toBe(0);
		expect((await loadDraft(db, 'b'))?.draft.content).toBe('Hallazgos');
		db.close();
	});

	it('a failed write keeps the text pending and reports it; the next flush saves it', async () => {
		const db = await openCassetteDb(`autosave-${counter++}`);
		const errors: unknown[] = [];
		const autosaver = new Autosaver(db, { ...manualTimers(), onError: (e) => errors.push(e) });
		const proto = IDBObjectStore.prototype;
		const original = proto.put;
		proto.put = () => {
			throw new DOMException('full', 'QuotaExceededError');
		};
		autosaver.schedule({ ...emptyDraft(0, 'c'), title: 'Quiste' });
		await autosaver.flush();
		proto.put = original;
		expect(errors[0]).toBeInstanceOf(StorageFullError);
		expect(autosaver.pending).toBe(true);
		expect(await loadDraft(db, 'c')).toBeUndefined();
		await autosaver.flush();
		expect((await loadDraft(db, 'c'))?.draft.title).toBe('Quiste');
		db.close();
	});
});
