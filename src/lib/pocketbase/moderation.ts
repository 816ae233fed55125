// The reader's and the author's side of moderation: reports, the author's request for review,
// and which saved cases are still public. Moderators act on the PocketBase dashboard.
import type { TypedPocketBase } from './client';
import type { ReportsReasonOptions } from './types.generated';

/** REPORT_DETAILS_MAX matches the server's reports.details limit. */
export const REPORT_DETAILS_MAX = 2000;

export interface CaseReport {
	caseId: string;
	reason: ReportsReasonOptions;
	details: string;
}

/** reportCase files a report as the signed-in user; the server opens it and tells the moderators. */
export async function reportCase(pb: TypedPocketBase, report: CaseReport): Promise<void> {
	const reporter = pb.authStore.record?.id;
	if (!reporter) throw new Error('reportCase needs a signed-in user');
	await pb.collection('reports').create({ case: report.caseId, reporter, reason: report.reason, details: report.details.trim() });
}

/** requestReview asks the moderators to look again at a case they hid, once the author edited it. */
export async function requestReview(pb: TypedPocketBase, caseId: string): Promise<void> {
	await pb.collection('cases').update(caseId, { review_requested: true });
}

/** ID_BATCH keeps a filter of ids well inside URL length limits. */
const ID_BATCH = 40;

/**
 * publishedCaseIds returns which of `ids` are published cases a reader may open. Asked with the
 * status in the filter, so an author's own unpublished cases do not count.
 */
export async function publishedCaseIds(pb: TypedPocketBase, ids: readonly string[]): Promise<Set<string>> {
	const found = new Set<string>();
	for (let i = 0; i < ids.length; i += ID_BATCH) {
		const batch = ids.slice(i, i + ID_BATCH);
		const params = Object.fromEntries(batch.map((id, n) => [`id${n}`, id]));
		const byId = batch.map((_, n) => `id = {:id${n}}`).join(' || ');
		const records = await pb.collection('cases').getFullList({
			filter: pb.filter(`status = "published" && (${byId})`, params),
			fields: 'id',
			requestKey: null
		});
		for (const r of records) found.add(r.id);
	}
	return found;
}
