/**
 * The recogniser under Node (the CLI and the Vitest specs): tesseract.js in a worker thread,
 * its core and the English and Spanish trained data read from node_modules (the same npm
 * packages the app serves), never from the CDN tesseract.js defaults to.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { OCR_LANG_DATA } from './lang-path';
import { OCR_LANGUAGES, OCR_PARAMETERS, type PageLike } from './read-page';
import type { Recognise } from './find-text';

const require = createRequire(import.meta.url);


/**
 * langFolder returns a folder holding `<lang>.traineddata.gz` for every language: tesseract.js
 * takes one `langPath` for all of them, and each npm package has its own folder, so the files
 * are copied once into node_modules/.cache.
 */
function langFolder(): string {
	const folder = resolve(dirname(require.resolve('tesseract.js/package.json')), '../.cache/cassette-ocr', OCR_LANG_DATA);
	for (const lang of OCR_LANGUAGES.split('+')) {
		const target = join(folder, `${lang}.traineddata.gz`);
		if (existsSync(target)) continue;
		mkdirSync(folder, { recursive: true });
		copyFileSync(join(dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), OCR_LANG_DATA, `${lang}.traineddata.gz`), target);
	}
	return folder;
}

/** NodeRecogniser reads images with one tesseract.js worker thread; `close` ends it. */
export interface NodeRecogniser {
	recognise: Recognise;
	close(): Promise<void>;
}

/** startNodeRecogniser starts a worker thread with both languages loaded and the sparse-text settings. */
export async function startNodeRecogniser(): Promise<NodeRecogniser> {
	// cacheMethod none: tesseract.js would otherwise write the unzipped data into the working directory
	const worker: Worker = await createWorker(OCR_LANGUAGES, OEM.LSTM_ONLY, {
		// named here: tesseract.js finds its worker script from its own __dirname, which is wrong once bundled (the CLI's esbuild bundle)
		workerPath: require.resolve('tesseract.js/src/worker-script/node/index.js'),
		langPath: langFolder(),
		gzip: true,
		cacheMethod: 'none'
	});
	await worker.setParameters({ ...OCR_PARAMETERS } as never);
	return {
		recognise: async (png) => (await worker.recognize(Buffer.from(png), {}, { blocks: true })).data as unknown as PageLike,
		close: async () => void (await worker.terminate())
	};
}
