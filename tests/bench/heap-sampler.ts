/**
 * heap-sampler: the used JS heap of a page and all its workers, via the Chrome DevTools Protocol
 * (Runtime.getHeapUsage in each target). A worker's heap is invisible to performance.memory, and
 * the pipeline's work happens in workers, so both are summed.
 */
import type { Browser, CDPSession } from 'playwright-core';

interface TargetInfo {
	targetId: string;
	type: string;
}

/** HeapSampler samples the heaps of every page and worker target of a browser. */
export class HeapSampler {
	readonly #session: CDPSession;
	readonly #sessions = new Map<string, Promise<string>>();
	readonly #pending = new Map<number, (usedSize: number) => void>();
	#nextId = 1;

	private constructor(session: CDPSession) {
		this.#session = session;
		// Non-flattened sessions answer through this event (Playwright's CDPSession cannot address a child session).
		session.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
			const message = JSON.parse(event.message) as { id?: number; result?: { usedSize?: number } };
			if (message.id === undefined) return;
			this.#pending.get(message.id)?.(message.result?.usedSize ?? 0);
			this.#pending.delete(message.id);
		});
		session.on('Target.detachedFromTarget', (event: { targetId?: string }) => {
			if (event.targetId) this.#sessions.delete(event.targetId);
		});
	}

	/** create opens a browser-level CDP session. */
	static async create(browser: Browser): Promise<HeapSampler> {
		return new HeapSampler(await browser.newBrowserCDPSession());
	}

	#sessionOf(targetId: string): Promise<string> {
		let session = this.#sessions.get(targetId);
		if (!session) {
			session = this.#session.send('Target.attachToTarget', { targetId, flatten: false }).then((r) => r.sessionId);
			this.#sessions.set(targetId, session);
		}
		return session;
	}

	async #heapOf(targetId: string): Promise<number> {
		const sessionId = await this.#sessionOf(targetId);
		const id = this.#nextId++;
		const answer = new Promise<number>((resolve) => {
			this.#pending.set(id, resolve);
			// A worker that ends between listing and asking never answers.
			setTimeout(() => (this.#pending.delete(id), resolve(0)), 2000);
		});
		await this.#session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) });
		return answer;
	}

	/** sample returns the used heap bytes summed over pages and workers. */
	async sample(): Promise<number> {
		const { targetInfos } = (await this.#session.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
		const targets = targetInfos.filter((t) => t.type === 'page' || t.type === 'worker');
		const heaps = await Promise.all(targets.map((t) => this.#heapOf(t.targetId).catch(() => 0)));
		return heaps.reduce((a, b) => a + b, 0);
	}

	async close(): Promise<void> {
		await this.#session.detach().catch(() => {});
	}
}
