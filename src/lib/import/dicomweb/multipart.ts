/**
 * readMultipart: a streaming `multipart/related` reader (RFC 2046 §5.1.1, as PS3.18 §8.7 uses
 * it for WADO-RS). Parts are yielded as soon as they are complete; memory holds the current part
 * and a few bytes of look-ahead, never the whole response. A part with a Content-Length header
 * (Orthanc sends one, STACK-NOTES) is copied straight into a buffer of that size; one without is
 * delimited by searching for the boundary. Chunks may split anything, the boundary included.
 */
import { ByteWindow, ascii } from './byte-window';

/** MultipartPart is one body part: its headers (names lower-cased) and its bytes. */
export interface MultipartPart {
	headers: Record<string, string>;
	body: Uint8Array;
}

/** ReadMultipartOptions: cancellation and a running count of bytes received. */
export interface ReadMultipartOptions {
	signal?: AbortSignal;
	onBytes?: (received: number) => void;
}

/** MultipartError is a body that does not follow the multipart syntax. */
export class MultipartError extends Error {
	override name = 'MultipartError';
}

/** MAX_HEADER_BYTES caps a part's header section: past it the body is not multipart at all. */
const MAX_HEADER_BYTES = 16 * 1024;
const CRLF = ascii('\r\n');
const CRLFCRLF = ascii('\r\n\r\n');
const DASH = 0x2d;

/** boundaryOf reads the boundary parameter of a multipart Content-Type (quoted or not). */
export function boundaryOf(contentType: string | null): string {
	const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
	const boundary = match?.[1] ?? match?.[2];
	if (!contentType || !/^\s*multipart\//i.test(contentType) || !boundary) throw new MultipartError(`not a multipart response (Content-Type: ${contentType ?? 'none'})`);
	return boundary;
}

function parseHeaders(bytes: Uint8Array): Record<string, string> {
	const headers: Record<string, string> = {};
	// header values are US-ASCII (RFC 2045); latin1 keeps any stray byte one character
	for (const line of new TextDecoder('latin1').decode(bytes).split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	return headers;
}

/** readMultipart yields the parts of `stream` delimited by `boundary`. */
export async function* readMultipart(stream: ReadableStream<Uint8Array>, boundary: string, options: ReadMultipartOptions = {}): AsyncGenerator<MultipartPart> {
	const { signal, onBytes } = options;
	signal?.throwIfAborted();
	const reader = stream.getReader();
	const delimiter = ascii(`\r\n--${boundary}`);
	const window = new ByteWindow();
	// the first boundary has no CRLF before it: one is put in front so every delimiter looks the same
	window.append(CRLF);
	let received = 0;
	let finished = false;
	const onAbort = () => void reader.cancel(signal?.reason).catch(() => undefined);
	signal?.addEventListener('abort', onAbort, { once: true });

	/** next reads one chunk (null at the end of the stream). */
	const next = async (): Promise<Uint8Array | null> => {
		const { done, value } = await reader.read();
		// a cancelled read ends the stream: that is the abort, not a truncated body
		signal?.throwIfAborted();
		if (done) return null;
		received += value.byteLength;
		onBytes?.(received);
		return value;
	};
	const pull = async (): Promise<boolean> => {
		const chunk = await next();
		if (chunk) window.append(chunk);
		return chunk !== null;
	};
	/** find returns where `needle` starts in the window, reading more until it appears. */
	const find = async (needle: Uint8Array, what: string, limit = Infinity): Promise<number> => {
		let from = 0;
		for (;;) {
			const at = window.indexOf(needle, from);
			if (at >= 0) return at;
			if (window.length > limit) throw new MultipartError(`${what}: longer than ${limit} bytes`);
			from = Math.max(0, window.length - needle.length + 1);
			if (!(await pull())) throw new MultipartError(`${what}: the response ended first`);
		}
	};
	const need = async (count: number, what: string) => {
		while (window.length < count) if (!(await pull())) throw new MultipartError(`${what}: the response ended first`);
	};

	try {
		window.consume((await find(delimiter, 'looking for the first boundary')) + delimiter.length);
		for (;;) {
			await need(2, 'after a boundary');
			if (window.at(0) === DASH && window.at(1) === DASH) {
				finished = true;
				return;
			}
			// the rest of the boundary line is transport padding (RFC 2046), then CRLF
			window.consume((await find(CRLF, 'boundary line', 1024)) + CRLF.length);
			await need(2, 'part headers');
			let headers: Record<string, string> = {};
			if (window.startsWith(CRLF)) window.consume(CRLF.length);
			else {
				const end = await find(CRLFCRLF, 'part headers', MAX_HEADER_BYTES);
				headers = parseHeaders(window.take(end));
				window.consume(CRLFCRLF.length);
			}
			const declared = headers['content-length'];
			let body: Uint8Array;
			if (declared !== undefined && /^\d+$/.test(declared)) {
				body = new Uint8Array(Number(declared));
				let filled = window.drainInto(body, 0);
				while (filled < body.length) {
					const chunk = await next();
					if (!chunk) throw new MultipartError(`a part declared ${body.length} bytes; the response ended after ${filled}`);
					const used = Math.min(chunk.length, body.length - filled);
					body.set(chunk.subarray(0, used), filled);
					filled += used;
					if (used < chunk.length) window.append(chunk.subarray(used));
				}
				await need(delimiter.length, 'after a part');
				if (!window.startsWith(delimiter)) throw new MultipartError(`a part is longer than its Content-Length (${body.length})`);
				window.consume(delimiter.length);
			} else {
				const end = await find(delimiter, 'a part without Content-Length');
				body = window.take(end);
				window.consume(delimiter.length);
			}
			yield { headers, body };
		}
	} finally {
		signal?.removeEventListener('abort', onAbort);
		// a consumer that stops early (break, cancel, error) must not leave the download running
		if (!finished) await reader.cancel().catch(() => undefined);
		reader.releaseLock();
	}
}
