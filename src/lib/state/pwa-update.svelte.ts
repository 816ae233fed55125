/// <reference types="vite-plugin-pwa/vanillajs" />
import { registerSW } from 'virtual:pwa-register';

/**
 * PwaUpdate registers the service worker and says when a new version is waiting (registerType
 * 'prompt': the new worker waits until the reader chooses to reload, so a half-written form is
 * never lost to a surprise reload) or when the app first became available offline.
 */
export class PwaUpdate {
	#needRefresh = $state(false);
	#offlineReady = $state(false);
	#update: ((reloadPage?: boolean) => Promise<void>) | null = null;

	get needRefresh(): boolean {
		return this.#needRefresh;
	}

	get offlineReady(): boolean {
		return this.#offlineReady;
	}

	/** start registers the worker once; later calls do nothing. */
	start(): void {
		if (this.#update) return;
		this.#update = registerSW({
			immediate: true,
			onNeedRefresh: () => {
				this.#needRefresh = true;
			},
			onOfflineReady: () => {
				this.#offlineReady = true;
			}
		});
	}

	/** reload activates the waiting worker and reloads the page with the new version. */
	async reload(): Promise<void> {
		await this.#update?.(true);
	}

	dismiss(): void {
		this.#needRefresh = false;
		this.#offlineReady = false;
	}
}

/** pwaUpdate is the app's one PwaUpdate. */
export const pwaUpdate = new PwaUpdate();
