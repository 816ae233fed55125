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
	#started = false;

	get needRefresh(): boolean {
		return this.#needRefresh;
	}

	get offlineReady(): boolean {
		return this.#offlineReady;
	}

	/**
	 * start registers the worker once the page has loaded (later calls do nothing): installing it
	 * precaches megabytes (codecs, OCR data), which on a slow network would take the bandwidth the
	 * page's own first request (a case and its first slice) needs.
	 */
	start(): void {
		if (this.#started) return;
		this.#started = true;
		if (typeof document === 'undefined' || document.readyState === 'complete') this.#register();
		else window.addEventListener('load', () => this.#register(), { once: true });
	}

	#register(): void {
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
