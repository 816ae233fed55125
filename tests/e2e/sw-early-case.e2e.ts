// A returning reader opens a case by its link: the service worker starts the case's one request
// as it answers the navigation (static/sw-early-case.js), and the page takes that answer instead
// of asking again. One request reaches the server per visit, whoever made it; another case, a
// second visit and an offline visit behave as before.
import type { BrowserContext, Page, Request } from '@playwright/test';
import { DEMO, expect, serverUrl, t, test, useLocale } from './env';
import { waitForControllingWorker } from './fixtures/authoring/requests';
import { createCase, signInApi, type CreatedCase } from './viewer-fixtures';

let first: CreatedCase;
let second: CreatedCase;
const stamp = Date.now().toString(36);

test.beforeAll(async ({ browser }) => {
	test.setTimeout(180_000);
	const auth = await signInApi(serverUrl(), DEMO.email, DEMO.password);
	const spec = (title: string) => ({ title, category: 'abdomen', content: 'Opened from a link.', series: [{ plane: 'axial' as const, modality: 'CT', description: 'Portal phase', slices: 4 }] });
	first = await createCase(browser, serverUrl(), auth, spec(`Early request ${stamp} A`));
	second = await createCase(browser, serverUrl(), auth, spec(`Early request ${stamp} B`));
});

/** bundleRequests records every request for a case bundle: the page's and the service worker's. */
function bundleRequests(context: BrowserContext): { page: Request[]; worker: Request[] } {
	const seen = { page: [] as Request[], worker: [] as Request[] };
	context.on('request', (request) => {
		if (!/\/api\/cassette\/cases\/[a-z0-9]{15}\/bundle$/.test(new URL(request.url()).pathname)) return;
		(request.serviceWorker() ? seen.worker : seen.page).push(request);
	});
	return seen;
}

async function controlledPage(context: BrowserContext): Promise<Page> {
	const page = await context.newPage();
	await useLocale(page, 'en');
	await page.goto('/');
	await waitForControllingWorker(page);
	return page;
}

const drawn = (page: Page) => expect(page.locator('section.viewer')).toHaveAttribute('data-drawn-index', '0');

test('the service worker starts a case page’s request with the navigation, and the page uses that answer', async ({ browser }) => {
	const context = await browser.newContext({ baseURL: serverUrl(), serviceWorkers: 'allow' });
	try {
		const page = await controlledPage(context);
		const seen = bundleRequests(context);

		await page.goto(`/cases/${first.id}`);
		await drawn(page);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Early request ${stamp} A`);
		// the worker asked once, for this case; the page's request was answered by the worker
		await expect.poll(() => seen.worker.map((r) => new URL(r.url()).pathname)).toEqual([`/api/cassette/cases/${first.id}/bundle`]);
		expect(seen.page).toHaveLength(1);
		const answered = await seen.page[0].response();
		expect(answered?.fromServiceWorker()).toBe(true);
		expect(answered?.status()).toBe(200);
		// a guest's request, as the page's own would be
		expect(await seen.worker[0].headerValue('authorization')).toBeNull();

		// another case, then the first again: each visit asks once more, for its own case
		await page.goto(`/cases/${second.id}`);
		await drawn(page);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Early request ${stamp} B`);
		await page.goto(`/cases/${first.id}`);
		await drawn(page);
		await expect
			.poll(() => seen.worker.map((r) => new URL(r.url()).pathname))
			.toEqual([first.id, second.id, first.id].map((id) => `/api/cassette/cases/${id}/bundle`));
		expect(seen.page).toHaveLength(3);
	} finally {
		await context.close();
	}
});

test('offline, the early request fails and the page says the case is not saved instead of waiting', async ({ browser }) => {
	const context = await browser.newContext({ baseURL: serverUrl(), serviceWorkers: 'allow' });
	try {
		const page = await controlledPage(context);
		await context.setOffline(true);
		await page.goto(`/cases/${second.id}`);
		// the page's own request, after the worker's failed, fails too: the offline message, not a blank page
		await expect(page.getByText(t('en', 'case_offline_unavailable'))).toBeVisible();
	} finally {
		await context.setOffline(false);
		await context.close();
	}
});
