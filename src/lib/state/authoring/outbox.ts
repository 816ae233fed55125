/**
 * appOutbox: the app's one publishing queue. Started once (on first use, and by the layout when
 * the app opens), it resumes interrupted uploads and listens for the network returning.
 */
import { pb } from '$lib/pocketbase';
import { Outbox } from '$lib/sync';
import { draftsDb } from './db';

let starting: Promise<Outbox> | null = null;

/** publicCaseUrl is the address readers open for a published case. */
export function publicCaseUrl(serverCaseId: string): string {
	return new URL(`/cases/${serverCaseId}`, location.origin).href;
}

/** appOutbox returns the started outbox; a failed start is retried on the next call. */
export function appOutbox(): Promise<Outbox> {
	starting ??= (async () => {
		const outbox = new Outbox({ deps: { db: await draftsDb(), pb, publicUrl: publicCaseUrl } });
		await outbox.start();
		return outbox;
	})().catch((error: unknown) => {
		starting = null;
		throw error;
	});
	return starting;
}
