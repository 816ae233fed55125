/**
 * browser-harness: the bench page (tests/bench/browser) served by Vite and opened in Debian's
 * Chromium through playwright-core, plus a JS heap sampler over the page and its workers.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { fileURLToPath } from 'node:url';
import type { ImportAllOptions, ImportRun } from './browser/main';
import { HeapSampler } from './heap-sampler';
import { CHROMIUM_LAUNCH } from '../chromium';


/** BenchPage drives the bench page. */
export interface BenchPage {
	readonly page: Page;
	/** choose sets the files of the page's file input (paths on this machine; no copy through the protocol). */
	choose(paths: readonly string[]): Promise<void>;
	readOnly(): Promise<{ ms: number; bytes: number }>;
	/** decodeOnly reads, parses and decodes every file on the page's thread: the codec's share of an import. */
	decodeOnly(): Promise<{ ms: number }>;
	/** importAll runs an import (timed alone: sampling the heap slows the workers down). */
	importAll(options?: ImportAllOptions): Promise<ImportRun>;
	/** importSampled runs an import while sampling the JS heap (page + workers) every 100 ms and returns the peak. */
	importSampled(options?: ImportAllOptions): Promise<ImportRun & { peakHeapBytes: number }>;
	close(): Promise<void>;
}

/** openBenchPage starts Vite and Chromium and opens the bench page. */
export async function openBenchPage(executablePath = CHROMIUM_LAUNCH.executablePath): Promise<BenchPage> {
	let server: ViteDevServer | undefined;
	let browser: Browser | undefined;
	try {
		server = await createServer({ configFile: fileURLToPath(new URL('./browser/vite.config.ts', import.meta.url)), server: { port: 0, host: '127.0.0.1' } });
		await server.listen();
		const url = server.resolvedUrls?.local[0];
		if (!url) throw new Error('the bench page server has no address');
		browser = await chromium.launch({ executablePath, args: CHROMIUM_LAUNCH.args });
		const page = await browser.newPage();
		const errors: string[] = [];
		page.on('pageerror', (error) => errors.push(error.message));
		await page.goto(url);
		await page.waitForFunction(() => 'bench' in window, undefined, { timeout: 120_000 }).catch((error) => {
			throw new Error(`the bench page did not load: ${errors.join('; ') || error.message}`);
		});
		const heap = await HeapSampler.create(browser);
		const open = { server, browser };
		return {
			page,
			choose: (paths) => page.setInputFiles('#files', [...paths]),
			readOnly: () => page.evaluate(() => window.bench.readOnly()),
			decodeOnly: () => page.evaluate(() => window.bench.decodeOnly()),
			importAll: (options = {}) => page.evaluate((o) => window.bench.importAll(o), options),
			async importSampled(options = {}) {
				let peakHeapBytes = await heap.sample();
				let sampling = true;
				const sampler = (async () => {
					while (sampling) {
						peakHeapBytes = Math.max(peakHeapBytes, await heap.sample().catch(() => 0));
						await new Promise((resolve) => setTimeout(resolve, 100));
					}
				})();
				try {
					const run = await page.evaluate((o) => window.bench.importAll(o), options);
					return { ...run, peakHeapBytes };
				} finally {
					sampling = false;
					await sampler;
				}
			},
			async close() {
				await heap.close();
				await open.browser.close();
				await open.server.close();
			}
		};
	} catch (error) {
		await browser?.close();
		await server?.close();
		throw error;
	}
}
