/**
 * WADO-RS series retrieve (PS3.18 §10.4), streamed: each instance is yielded as its part of the
 * multipart/related answer completes, so a 300-slice series is never held whole. The Accept
 * header asks for Part 10 files in whatever transfer syntax the archive holds (`transfer-syntax=*`,
 * PS3.18 §8.7.3.5.2), compressed ones included: the import pipeline decodes them.
 */
import type { PacsConnection } from './connection';
import { DicomWebError } from './errors';
import { boundaryOf, MultipartError, readMultipart } from './multipart';
import { pacsRequest, type RequestOptions } from './request';

/** RetrieveProgress: bytes received so far, and the total when the archive says it. */
export interface RetrieveProgress {
	bytes: number;
	totalBytes: number | null;
	instances: number;
}

export interface RetrieveOptions extends RequestOptions {
	onProgress?: (progress: RetrieveProgress) => void;
}

export const WADO_ACCEPT = 'multipart/related; type="application/dicom"; transfer-syntax=*';

/** retrieveSeries yields the series' instances as Part 10 bytes, as they arrive. */
export async function* retrieveSeries(connection: PacsConnection, studyUid: string, seriesUid: string, options: RetrieveOptions = {}): AsyncGenerator<Uint8Array> {
	const url = `${connection.wadoUrl}/studies/${encodeURIComponent(studyUid)}/series/${encodeURIComponent(seriesUid)}`;
	const response = await pacsRequest(url, connection.auth, WADO_ACCEPT, options);
	const origin = new URL(url).origin;
	let boundary: string;
	try {
		boundary = boundaryOf(response.headers.get('Content-Type'));
	} catch (error) {
		await response.body?.cancel().catch(() => undefined);
		throw new DicomWebError('not-dicomweb', `${origin}: ${(error as Error).message}`);
	}
	if (!response.body) throw new DicomWebError('malformed', `${origin}: an empty WADO-RS answer`);
	const length = Number(response.headers.get('Content-Length'));
	const progress: RetrieveProgress = { bytes: 0, totalBytes: Number.isFinite(length) && length > 0 ? length : null, instances: 0 };
	const parts = readMultipart(response.body, boundary, {
		signal: options.signal,
		onBytes: (bytes) => {
			progress.bytes = bytes;
			options.onProgress?.({ ...progress });
		}
	});
	try {
		for await (const part of parts) {
			const type = part.headers['content-type'] ?? 'application/dicom';
			if (!/^application\/dicom\s*(;|$)/i.test(type)) throw new DicomWebError('malformed', `${origin}: a part of type ${type}, not application/dicom`);
			progress.instances++;
			options.onProgress?.({ ...progress });
			yield part.body;
		}
	} catch (error) {
		if (error instanceof MultipartError) throw new DicomWebError('malformed', `${origin}: ${error.message}`);
		throw error;
	}
}
