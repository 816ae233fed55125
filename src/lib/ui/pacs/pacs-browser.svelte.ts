/**
 * PacsBrowser: the PACS page's state — saved connections, their test results, a study search,
 * the series of opened studies and one retrieve at a time. The work is done by the plain
 * functions of $lib/import/dicomweb; the import itself by the function the page passes in (the
 * same pipeline as the file picker). Results live in memory on this device only.
 */
import {
	connectionFromBase,
	listSeries,
	loadConnections,
	removeConnection,
	saveConnection,
	searchStudies,
	seriesEntries,
	testConnection,
	type PacsAuth,
	type PacsConnection,
	type RetrieveProgress,
	type SeriesSummary,
	type StudyQuery,
	type StudySummary
} from '$lib/import/dicomweb';
import type { KeyValueStorage } from '$lib/import/dicomweb/store';
import type { RawEntry } from '$lib/import';

/** TestState is the last test of a connection. */
export type TestState = { state: 'running' } | { state: 'ok' } | { state: 'failed'; error: unknown };

export class PacsBrowser {
	#storage: KeyValueStorage;
	#connections = $state<PacsConnection[]>([]);
	#selectedId = $state('');
	#tests = $state<Record<string, TestState>>({});
	#studies = $state<StudySummary[] | null>(null);
	#series = $state<Record<string, SeriesSummary[]>>({});
	#error = $state<unknown>(null);
	#searching = $state(false);
	#retrieve = $state<(RetrieveProgress & { seriesUid: string }) | null>(null);
	#controller: AbortController | null = null;

	constructor(storage: KeyValueStorage) {
		this.#storage = storage;
		this.#connections = loadConnections(storage);
		this.#selectedId = this.#connections[0]?.id ?? '';
	}

	get connections(): readonly PacsConnection[] {
		return this.#connections;
	}
	get selected(): PacsConnection | undefined {
		return this.#connections.find((c) => c.id === this.#selectedId);
	}
	get studies(): readonly StudySummary[] | null {
		return this.#studies;
	}
	get searching(): boolean {
		return this.#searching;
	}
	/** error is the last search, listing or retrieve failure (a DicomWebError, usually). */
	get error(): unknown {
		return this.#error;
	}
	get retrieving(): (RetrieveProgress & { seriesUid: string }) | null {
		return this.#retrieve;
	}
	testOf(id: string): TestState | undefined {
		return this.#tests[id];
	}
	seriesOf(studyUid: string): readonly SeriesSummary[] | undefined {
		return this.#series[studyUid];
	}

	/** add saves a new connection and selects it; a bad URL throws TypeError. */
	add(label: string, url: string, auth: PacsAuth): PacsConnection {
		const connection = connectionFromBase(crypto.randomUUID(), label, url, auth);
		this.#connections = saveConnection(this.#storage, connection);
		this.select(connection.id);
		return connection;
	}

	remove(id: string): void {
		this.#connections = removeConnection(this.#storage, id);
		delete this.#tests[id];
		if (this.#selectedId === id) this.select(this.#connections[0]?.id ?? '');
	}

	select(id: string): void {
		this.#selectedId = id;
		this.#studies = null;
		this.#series = {};
		this.#error = null;
	}

	async test(id: string): Promise<void> {
		const connection = this.#connections.find((c) => c.id === id);
		if (!connection) return;
		this.#tests[id] = { state: 'running' };
		try {
			await testConnection(connection);
			this.#tests[id] = { state: 'ok' };
		} catch (error) {
			this.#tests[id] = { state: 'failed', error };
		}
	}

	async search(query: StudyQuery): Promise<void> {
		const connection = this.selected;
		if (!connection) return;
		this.#searching = true;
		this.#error = null;
		try {
			this.#studies = await searchStudies(connection, query);
			this.#series = {};
		} catch (error) {
			this.#studies = null;
			this.#error = error;
		} finally {
			this.#searching = false;
		}
	}

	async openStudy(studyUid: string): Promise<void> {
		const connection = this.selected;
		if (!connection || this.#series[studyUid]) return;
		try {
			this.#series[studyUid] = await listSeries(connection, studyUid);
		} catch (error) {
			this.#error = error;
		}
	}

	/**
	 * retrieve streams one series into `importEntries` (the import pipeline). It resolves when the
	 * import is over; a cancel ends both the download and the import.
	 */
	async retrieve(studyUid: string, seriesUid: string, importEntries: (entries: AsyncIterable<RawEntry>) => Promise<unknown>): Promise<void> {
		const connection = this.selected;
		if (!connection || this.#retrieve) return;
		const controller = new AbortController();
		this.#controller = controller;
		this.#error = null;
		this.#retrieve = { seriesUid, bytes: 0, totalBytes: null, instances: 0 };
		try {
			await importEntries(
				seriesEntries(connection, studyUid, seriesUid, {
					signal: controller.signal,
					onProgress: (p) => {
						if (this.#retrieve) Object.assign(this.#retrieve, p);
					}
				})
			);
		} catch (error) {
			if (!(error instanceof Error && error.name === 'AbortError')) this.#error = error;
		} finally {
			this.#retrieve = null;
			this.#controller = null;
		}
	}

	cancel(): void {
		this.#controller?.abort();
	}
}

