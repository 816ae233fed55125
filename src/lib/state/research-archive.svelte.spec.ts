import { describe, expect, it } from 'vitest';
import { ClientResponseError } from 'pocketbase';
import type { CaseReport, SendLine } from '$lib/pocketbase/research-pacs';
import { EMPTY_SELECTION } from '$lib/research/selection';
import { ArchiveSend, caseState, type Send } from './research-archive.svelte';

const cases = [
	{ id: 'caaaaaaaaaaaaa1', title: 'One', code: 'DB92' },
	{ id: 'cbbbbbbbbbbbbb2', title: 'Two', code: 'DB94.10' },
	{ id: 'cccccccccccccc3', title: 'Three', code: 'DB93' }
];

function report(id: string, over: Partial<CaseReport> = {}): CaseReport {
	return { type: 'case', case: id, images: 6, imagesStored: 6, sr: 'stored', failed: [], attempts: 1, ...over };
}

/** scripted answers a send with the given lines, then fails with `error` if given. */
function scripted(lines: SendLine[], error?: unknown): Send & { calls: (readonly string[])[] } {
	const calls: (readonly string[])[] = [];
	const send = async (_s: unknown, ids: readonly string[], onLine: (l: SendLine) => void) => {
		calls.push(ids);
		for (const l of lines) onLine(l);
		if (error) throw error;
	};
	return Object.assign(send, { calls });
}

describe('caseState', () => {
	it('is stored only when every image and the SR are', () => {
		expect(caseState(report('x'))).toBe('stored');
		expect(caseState(report('x', { sr: 'failed', failed: [{ uid: '1.2', sr: true, reason: 0xc000 }] }))).toBe('partial');
		expect(caseState(report('x', { imagesStored: 5, failed: [{ uid: '1.3', sr: false, reason: 0xa700 }] }))).toBe('partial');
		expect(caseState(report('x', { imagesStored: 0, sr: 'not_sent', error: { kind: 'unauthorized', status: 401 } }))).toBe('failed');
		// an answer that leaves instances out is not a success, even with nothing listed as failed
		expect(caseState(report('x', { imagesStored: 4, error: { kind: 'incomplete' } }))).toBe('partial');
	});
});

describe('ArchiveSend', () => {
	it('follows the report case by case and retries only what was not wholly stored', async () => {
		const first = scripted([
			{ type: 'start', cases },
			report(cases[0].id),
			report(cases[1].id, { imagesStored: 0, sr: 'not_sent', error: { kind: 'busy', status: 503 } }),
			report(cases[2].id, { sr: 'failed', failed: [{ uid: '9.9', sr: true, reason: 0xc000 }] }),
			{ type: 'done', cases: 3, complete: 1 }
		]);
		const send = new ArchiveSend(first);
		await send.start(EMPTY_SELECTION);
		expect(send.phase).toBe('done');
		expect(send.rows.map((r) => r.state)).toEqual(['stored', 'failed', 'partial']);
		expect(send.reported).toBe(3);
		expect(send.retryable).toEqual([cases[1].id, cases[2].id]);
		expect(first.calls).toEqual([[]]);

		// a retry sends only the cases not wholly stored, and updates only their rows
		const both = scripted([{ type: 'start', cases: cases.slice(1) }, report(cases[1].id), report(cases[2].id), { type: 'done', cases: 2, complete: 2 }]);
		const retrying = new ArchiveSend(async (s, ids, onLine, signal) => (ids.length ? both(s, ids, onLine, signal) : first(s, ids, onLine, signal)));
		await retrying.start(EMPTY_SELECTION);
		await retrying.retry(EMPTY_SELECTION);
		expect(both.calls).toEqual([[cases[1].id, cases[2].id]]);
		expect(retrying.rows.map((r) => r.state)).toEqual(['stored', 'stored', 'stored']);
		expect(retrying.retryable).toEqual([]);
	});

	it('marks a case sent without a report as unknown when the connection drops, and offers it again', async () => {
		const send = new ArchiveSend(scripted([{ type: 'start', cases }, report(cases[0].id)], new TypeError('network error')));
		await send.start(EMPTY_SELECTION);
		expect(send.phase).toBe('interrupted');
		expect(send.error).toBeInstanceOf(TypeError);
		expect(send.rows.map((r) => r.state)).toEqual(['stored', 'unknown', 'unknown']);
		expect(send.retryable).toEqual([cases[1].id, cases[2].id]);
	});

	it('takes an answer that ends without its last line as cut, not done', async () => {
		const send = new ArchiveSend(scripted([{ type: 'start', cases }, report(cases[0].id), report(cases[1].id)]));
		await send.start(EMPTY_SELECTION);
		expect(send.phase).toBe('interrupted');
		expect(send.rows.map((r) => r.state)).toEqual(['stored', 'stored', 'unknown']);
		expect(send.retryable).toEqual([cases[2].id]);
	});

	it('keeps the server refusal before any line (no archive, a send running) for the page to name', async () => {
		const refusal = new ClientResponseError({ status: 409, response: { data: { pacs: { code: 'research_pacs_send_running' } } } });
		const send = new ArchiveSend(scripted([], refusal));
		await send.start(EMPTY_SELECTION);
		expect(send.phase).toBe('refused');
		expect(send.error).toBe(refusal);
		expect(send.rows).toEqual([]);
	});

	it('treats cancel as a cancellation, not an error', async () => {
		let release: () => void = () => {};
		const send = new ArchiveSend(
			(_s, _ids, onLine, signal) =>
				new Promise<void>((_resolve, reject) => {
					onLine({ type: 'start', cases });
					release = () => reject(new DOMException('aborted', 'AbortError'));
					signal.addEventListener('abort', () => release());
				})
		);
		const running = send.start(EMPTY_SELECTION);
		expect(send.phase).toBe('sending');
		send.cancel();
		await running;
		expect(send.phase).toBe('cancelled');
		expect(send.error).toBeNull();
		expect(send.rows.every((r) => r.state === 'unknown')).toBe(true);
	});
});
