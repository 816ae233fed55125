/**
 * ocrLanguageData: a Vite plugin that puts the OCR trained data into the app at OCR_LANG_PATH
 * (emitted into the client build, where the service worker precaches it; served from
 * node_modules by the dev server), so OCR works offline and nothing comes from a CDN.
 * Plain JavaScript with explicit extensions: vite.config.ts imports it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { OCR_LANG_DATA, OCR_LANG_PATH, OCR_LANGUAGES } from './lang-path.js';

const require = createRequire(import.meta.url);

/** languageFiles maps each served file name to its path in node_modules. */
function languageFiles() {
	return new Map(OCR_LANGUAGES.split('+').map((lang) => [`${lang}.traineddata.gz`, join(dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), OCR_LANG_DATA, `${lang}.traineddata.gz`)]));
}

/** @returns {import('vite').Plugin} */
export function ocrLanguageData() {
	return {
		name: 'cassette:ocr-language-data',
		configureServer(server) {
			server.middlewares.use(OCR_LANG_PATH, (req, res, next) => {
				const file = languageFiles().get((req.url ?? '').replace(/^\//, '').split('?')[0]);
				if (!file) return next();
				res.setHeader('Content-Type', 'application/gzip');
				res.end(readFileSync(file));
			});
		},
		generateBundle() {
			// the client build only: the server build of SvelteKit has no use for them
			if (this.environment?.name !== 'client') return;
			for (const [name, file] of languageFiles()) this.emitFile({ type: 'asset', fileName: `${OCR_LANG_PATH.slice(1)}${name}`, source: readFileSync(file) });
		}
	};
}
