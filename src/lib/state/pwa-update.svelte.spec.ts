import { beforeEach, describe, expect, it, vi } from 'vitest';

type Options = { onNeedRefresh?: () => void; onOfflineReady?: () => void; immediate?: boolean };
const registered: Options[] = [];
const update = vi.fn(async (_reload?: boolean) => {});

vi.mock('virtual:pwa-register', () => ({
	registerSW: (options: Options) => {
		registered.push(options);
		return update;
	}
}));

const { PwaUpdate } = await import('./pwa-update.svelte');

describe('PwaUpdate', () => {
	beforeEach(() => {
		registered.length = 0;
		update.mockClear();
	});

	it('registers the worker once and offers a reload only when a new version waits', async () => {
		const pwa = new PwaUpdate();
		pwa.start();
		pwa.start();
		expect(registered).toHaveLength(1);
		expect(registered[0].immediate).toBe(true);
		expect(pwa.needRefresh).toBe(false);

		registered[0].onNeedRefresh?.();
		expect(pwa.needRefresh).toBe(true);
		await pwa.reload();
		expect(update).toHaveBeenCalledWith(true);
	});

	it('says when the app works offline, and forgets both notices when dismissed', () => {
		const pwa = new PwaUpdate();
		pwa.start();
		registered[0].onOfflineReady?.();
		registered[0].onNeedRefresh?.();
		expect(pwa.offlineReady).toBe(true);
		pwa.dismiss();
		expect(pwa.offlineReady).toBe(false);
		expect(pwa.needRefresh).toBe(false);
		expect(update).not.toHaveBeenCalled();
	});

	it('waits for the page to load before registering, so precaching does not compete with its first request', () => {
		const listeners: Record<string, () => void> = {};
		vi.stubGlobal('document', { readyState: 'loading' });
		vi.stubGlobal('window', { addEventListener: (type: string, listener: () => void) => (listeners[type] = listener) });
		try {
			const pwa = new PwaUpdate();
			pwa.start();
			pwa.start();
			expect(registered).toHaveLength(0);
			listeners.load();
			expect(registered).toHaveLength(1);
		} finally {
			vi.unstubAllGlobals();
		}
	});
});
