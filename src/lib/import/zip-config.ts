/**
 * zip-config points @zip.js/zip.js at its own worker and wasm files, served by the app: its
 * default is a `blob:` worker, which a strict CSP refuses and which is not cached offline.
 */
import { configure } from '@zip.js/zip.js';
import workerURI from '@zip.js/zip.js/dist/zip-web-worker.js?url';
import wasmURI from '@zip.js/zip.js/dist/zip-module.wasm?url';

let configured = false;

/** configureZip runs before the first archive is opened in the browser (importItems calls it; later calls do nothing). */
export function configureZip(): void {
	if (configured) return;
	configure({ workerURI, wasmURI });
	configured = true;
}
