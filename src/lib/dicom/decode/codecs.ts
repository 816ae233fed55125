/**
 * codecs owns the lazy loading of the emscripten WASM codecs (decode-only builds). Each codec is
 * imported on first use and instantiated once per realm (worker or Node process).
 *
 * Browser (Vite): the wasm file is a `?url` asset handed to the module through `locateFile`.
 * Node (Vitest, the CLI): the wasm is read from node_modules and passed as `wasmBinary`.
 */

/** EmscriptenDecoder is the shape shared by the cornerstone codecs' decoder classes. */
export interface EmscriptenDecoder {
	getEncodedBuffer(length: number): Uint8Array;
	decode(): void;
	getDecodedBuffer(): Uint8Array;
	getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
	delete(): void;
	/** JPEG-LS only: 0 none (planes one after the other), 1 line, 2 sample. */
	getInterleaveMode?(): number;
}

/** CodecOutput is a decoder's frame info and its decoded bytes (a view into WASM memory). */
export interface CodecOutput {
	readonly frameInfo: ReturnType<EmscriptenDecoder['getFrameInfo']>;
	readonly decoded: Uint8Array;
	readonly interleaveMode?: number;
}

/** CodecName lists the WASM codecs Cassette loads. */
export type CodecName = 'charls' | 'openjpeg' | 'openjph' | 'libjpeg-turbo';

type DecoderClass = new () => EmscriptenDecoder;
interface EmscriptenModuleOptions {
	locateFile?: (path: string) => string;
	wasmBinary?: ArrayBuffer | Uint8Array;
	print?: (text: string) => void;
	printErr?: (text: string) => void;
}
type EmscriptenFactory = (options: EmscriptenModuleOptions) => Promise<Record<string, unknown>>;

interface CodecSpec {
	/** Class the module exports. */
	readonly decoderName: string;
	/** Package export of the wasm file, for Node's resolver. */
	readonly wasmExport: string;
	readonly loadFactory: () => Promise<unknown>;
	readonly loadWasmUrl: () => Promise<{ default: string }>;
}

// Literal specifiers so that Vite sees, bundles and fingerprints every module and wasm asset.
const specs: Record<CodecName, CodecSpec> = {
	charls: {
		decoderName: 'JpegLSDecoder',
		wasmExport: '@cornerstonejs/codec-charls/decodewasm',
		loadFactory: () => import('@cornerstonejs/codec-charls/decodewasmjs'),
		loadWasmUrl: () => import('@cornerstonejs/codec-charls/decodewasm?url')
	},
	openjpeg: {
		decoderName: 'J2KDecoder',
		wasmExport: '@cornerstonejs/codec-openjpeg/decodewasm',
		loadFactory: () => import('@cornerstonejs/codec-openjpeg/decodewasmjs'),
		loadWasmUrl: () => import('@cornerstonejs/codec-openjpeg/decodewasm?url')
	},
	openjph: {
		decoderName: 'HTJ2KDecoder',
		wasmExport: '@cornerstonejs/codec-openjph/wasm',
		loadFactory: () => import('@cornerstonejs/codec-openjph/wasmjs'),
		loadWasmUrl: () => import('@cornerstonejs/codec-openjph/wasm?url')
	},
	'libjpeg-turbo': {
		decoderName: 'JPEGDecoder',
		wasmExport: '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm',
		loadFactory: () => import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs'),
		loadWasmUrl: () => import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm?url')
	}
};

const loaded = new Map<CodecName, Promise<Record<string, unknown>>>();

/** isNode tells the Node runtime (Vitest, CLI) from a browser window or worker. */
export function isNode(): boolean {
	const g = globalThis as { process?: { versions?: { node?: string } }; window?: unknown; WorkerGlobalScope?: unknown };
	return !!g.process?.versions?.node && g.window === undefined && g.WorkerGlobalScope === undefined;
}

/** readNodeWasm reads a package's wasm file; the specifiers stay opaque to bundlers. */
async function readNodeWasm(packageExport: string): Promise<Uint8Array> {
	const moduleId = 'node:module';
	const fsId = 'node:fs/promises';
	const { createRequire } = (await import(/* @vite-ignore */ moduleId)) as typeof import('node:module');
	const { readFile } = (await import(/* @vite-ignore */ fsId)) as typeof import('node:fs/promises');
	return new Uint8Array(await readFile(createRequire(import.meta.url).resolve(packageExport)));
}

/** factoryOf unwraps the CommonJS default export that ESM interop may add. */
function factoryOf(module: unknown): EmscriptenFactory {
	const m = module as { default?: unknown };
	const candidate = typeof m === 'function' ? m : typeof m.default === 'function' ? m.default : (m.default as { default?: unknown })?.default;
	if (typeof candidate !== 'function') throw new Error('codec module exports no factory');
	return candidate as EmscriptenFactory;
}

async function instantiate(name: CodecName): Promise<Record<string, unknown>> {
	const spec = specs[name];
	const factory = factoryOf(await spec.loadFactory());
	// Codec warnings ("stream truncated", ...) would flood the console; failures still throw.
	const quiet = { print: () => {}, printErr: () => {} };
	if (isNode()) return factory({ ...quiet, wasmBinary: await readNodeWasm(spec.wasmExport) });
	const url = (await spec.loadWasmUrl()).default;
	return factory({ ...quiet, locateFile: (path) => (path.endsWith('.wasm') ? url : path) });
}

/** loadCodec returns the instantiated module of a codec, loading it on first use. */
export function loadCodec(name: CodecName): Promise<Record<string, unknown>> {
	let module = loaded.get(name);
	if (!module) {
		module = instantiate(name);
		// A failed load (e.g. offline before caching) may succeed later: do not keep the rejection.
		module.catch(() => loaded.delete(name));
		loaded.set(name, module);
	}
	return module;
}

/** decoders holds one decoder per codec, reused frame after frame (its WASM buffers with it). */
const decoders = new Map<CodecName, EmscriptenDecoder>();

/** dropDecoder frees a codec's decoder; the next frame makes a fresh one. */
function dropDecoder(name: CodecName): void {
	decoders.get(name)?.delete();
	decoders.delete(name);
}

/**
 * runDecoder feeds `encoded` to the codec's decoder and hands its output to `read`, which must
 * copy what it keeps: `decoded` is a view into WASM memory that the next frame overwrites. The
 * decoder is created once and reused, as cornerstone's loaders do; after any failure it is
 * freed, and after a trap the whole module is reloaded.
 */
export async function runDecoder<T>(name: CodecName, encoded: Uint8Array, read: (output: CodecOutput) => T): Promise<T> {
	const module = await loadCodec(name);
	// Nothing below awaits: no other frame can reach this decoder until `read` has copied its output.
	let decoder = decoders.get(name);
	if (!decoder) {
		decoder = new (module[specs[name].decoderName] as DecoderClass)();
		decoders.set(name, decoder);
	}
	try {
		decoder.getEncodedBuffer(encoded.length).set(encoded);
		decoder.decode();
		const frameInfo = decoder.getFrameInfo();
		const interleaveMode = typeof decoder.getInterleaveMode === 'function' ? decoder.getInterleaveMode() : undefined;
		return read({ frameInfo, decoded: decoder.getDecodedBuffer(), interleaveMode });
	} catch (error) {
		// A trap (out-of-bounds access, abort) may leave the module's memory inconsistent: the next
		// frame gets a fresh instance. Any other failure may leave the decoder half way: a new one.
		if (error instanceof WebAssembly.RuntimeError) {
			decoders.delete(name);
			loaded.delete(name);
		} else {
			dropDecoder(name);
		}
		throw error;
	}
}
