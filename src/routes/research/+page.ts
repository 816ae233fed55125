import { redirect } from '@sveltejs/kit';
import { auth, pb } from '$lib/pocketbase';
import { fetchResearchSummary, type ResearchSummary } from '$lib/pocketbase/research';
import { fetchArchiveConfigured } from '$lib/pocketbase/research-pacs';
import { parseSelection, researchAccess } from '$lib/research/selection';
import { describeError } from '$lib/ui/handle-error';
import { m } from '$lib/i18n';
import type { PageLoad } from './$types';

export const load = (async ({ url }) => {
	const signedIn = auth.user;
	if (!signedIn) redirect(303, `/signin?next=${encodeURIComponent(url.pathname + url.search)}`);
	// The role is granted on the dashboard, possibly after this session began: read it fresh.
	const user = await pb.collection('users').getOne(signedIn.id, { requestKey: null }).catch(() => signedIn);
	const selection = parseSelection(url.searchParams);
	if (researchAccess(user) !== 'researcher') return { access: 'not-researcher' as const, selection, summary: null, problem: null, archive: false };
	// the send to the research archive is offered only when the server has one (optional: false on any failure)
	const archive = fetchArchiveConfigured(pb).catch(() => false);
	let summary: ResearchSummary | null = null;
	let problem: string | null = null;
	try {
		summary = await fetchResearchSummary(pb, selection);
	} catch (err) {
		problem = describeError(err, { 403: m.research_forbidden });
	}
	return { access: 'researcher' as const, selection, summary, problem, archive: await archive };
}) satisfies PageLoad;
