// The moderation loop as its people meet it, on a phone and in Spanish: a reader opens a case
// from a shared link, keeps it offline and reports it; an administrator sees the report in the
// dashboard's moderation queue and removes the case there, with a reason; the author is told by
// email and on "Mis casos"; the reader's offline copy is dropped when the app is back online; the
// case's files answer 404 to anyone else. The app runs under its Content-Security-Policy.
import { deviceContext, emailLink, expect, serverUrl, signIn, t, test, useLocale } from './env';
import { collectCspViolations, createSuperuser, dashboardSignIn, verifiedAccount, type Superuser } from './admin-fixtures';
import { createCase, type CreatedCase } from './viewer-fixtures';

const reason = 'Se lee el nombre del paciente en la esquina de la serie axial';
let admin: Superuser;
let author: Awaited<ReturnType<typeof verifiedAccount>>;
let reader: Awaited<ReturnType<typeof verifiedAccount>>;
let created: CreatedCase;
const title = `Caso moderado ${Date.now().toString(36)}`;

test.beforeAll(async ({ browser }) => {
	test.setTimeout(120_000);
	admin = await createSuperuser();
	author = await verifiedAccount(admin, 'es', 'author');
	reader = await verifiedAccount(admin, 'es', 'reader');
	created = await createCase(browser, serverUrl(), author.auth, {
		title,
		category: 'abdomen',
		content: 'Lesión hepática para moderar.',
		series: [{ plane: 'axial', modality: 'CT', description: 'Axial', slices: 4 }]
	});
});

/** previewUrls are the file URLs of the case's first series, as a guest gets them. */
async function previewUrls(): Promise<string[]> {
	const res = await fetch(`${serverUrl()}/api/collections/images/records?filter=${encodeURIComponent(`series="${created.seriesIds[0]}"`)}`);
	const body = (await res.json()) as { items: { id: string; preview: string }[] };
	return body.items.map((i) => `${serverUrl()}/api/files/images/${i.id}/${i.preview}`);
}

test('a reader reports a case, an admin removes it on the dashboard, and it is gone everywhere', { tag: '@phone' }, async ({ browser }, testInfo) => {
	test.setTimeout(180_000);
	const urls = await previewUrls();
	expect(urls.length).toBe(4);
	for (const url of [urls[0], `${urls[0]}?thumb=160x160`]) expect((await fetch(url)).status).toBe(200);

	// the reader: a fresh phone, a shared link, Spanish
	const readerContext = await deviceContext(browser, testInfo);
	const page = await readerContext.newPage();
	const violations = await collectCspViolations(page);
	await useLocale(page, 'es');
	await signIn(page, 'es', reader.email, reader.password);
	await page.goto(`/cases/${created.id}`);
	await expect(page.locator('section.viewer')).toHaveAttribute('data-drawn-index', '0');
	const keep = page.getByRole('switch', { name: t('es', 'case_keep_offline') });
	await keep.click();
	await expect(keep).toHaveAttribute('aria-checked', 'true');

	await page.getByRole('button', { name: t('es', 'report_button') }).click();
	const dialog = page.getByRole('dialog', { name: t('es', 'report_title') });
	await dialog.getByLabel(t('es', 'report_reason_phi')).check();
	await dialog.getByLabel(t('es', 'report_details')).fill('Corte 2, esquina superior izquierda');
	await dialog.getByRole('button', { name: t('es', 'report_submit') }).click();
	await expect(page.getByText(t('es', 'report_sent'))).toBeVisible();
	await expect(dialog).toBeHidden();

	const reports = await fetch(`${serverUrl()}/api/collections/reports/records?filter=${encodeURIComponent(`case="${created.id}"`)}`, {
		headers: { authorization: admin.token }
	}).then((r) => r.json() as Promise<{ items: { reporter: string; reason: string; status: string }[] }>);
	expect(reports.items).toEqual([expect.objectContaining({ reporter: reader.id, reason: 'phi', status: 'open' })]);

	// the administrator, on PocketBase's own dashboard
	const adminContext = await browser.newContext({ baseURL: serverUrl(), viewport: { width: 1280, height: 900 } });
	const dash = await adminContext.newPage();
	await dashboardSignIn(dash, admin);
	const sidebar = dash.locator('aside, .page-sidebar').first();
	await sidebar.getByText('moderation_queue', { exact: true }).click();
	const queued = dash.locator('tr, .list-item, [role=row]').filter({ hasText: title });
	await expect(queued.first()).toBeVisible();
	await expect(queued.first()).toContainText('phi');
	await sidebar.getByText('cases', { exact: true }).click();
	await dash.getByText(title).first().click();
	await dash.locator('button[name=status]').click();
	await dash.locator('.dropdown .select-option', { hasText: /^removed$/ }).click();
	await dash.locator('textarea[name=moderation_reason]').fill(reason);
	await dash.getByRole('button', { name: 'Save changes' }).click();
	await expect
		.poll(async () => {
			const r = await fetch(`${serverUrl()}/api/collections/cases/records/${created.id}`, { headers: { authorization: admin.token } });
			return ((await r.json()) as { status: string }).status;
		})
		.toBe('removed');
	await adminContext.close();

	// gone for everyone else: record, files (with or without thumb)
	expect((await fetch(`${serverUrl()}/api/collections/cases/records/${created.id}`)).status).toBe(404);
	for (const url of [urls[0], `${urls[0]}?thumb=160x160`, urls[3]]) expect((await fetch(url)).status).toBe(404);

	// the author is told, by email in their language and on "Mis casos"
	const { message } = await emailLink(author.email, '/my-cases');
	expect(message.text).toContain(reason);
	expect(message.text).toContain(title);
	const authorContext = await deviceContext(browser, testInfo);
	const authorPage = await authorContext.newPage();
	await useLocale(authorPage, 'es');
	await signIn(authorPage, 'es', author.email, author.password);
	await authorPage.goto('/my-cases');
	const mine = authorPage.getByTestId('my-case').filter({ hasText: title });
	await expect(mine.getByTestId('moderation-notice')).toContainText(t('es', 'moderation_removed_title'));
	await expect(mine.getByTestId('moderation-notice')).toContainText(reason);
	await expect(mine.getByRole('button', { name: t('es', 'author_edit') })).toHaveCount(0);
	// the author's own link still opens the case, with the reason and its images (file token)
	await mine.getByRole('link', { name: title }).click();
	await expect(authorPage.getByTestId('moderation-notice')).toContainText(reason);
	await expect(authorPage.locator('section.viewer')).toHaveAttribute('data-drawn-index', '0');
	// and so does the link opened directly (a reload, a bookmark): the document's early request is
	// a guest's and gets a 404, so the signed-in author's page asks again with the token
	await authorPage.reload();
	await expect(authorPage.getByTestId('moderation-notice')).toContainText(reason);
	await expect(authorPage.locator('section.viewer')).toHaveAttribute('data-drawn-index', '0');
	await authorContext.close();

	// the reader's offline copy goes the next time the app is online
	await readerContext.setOffline(true);
	await readerContext.setOffline(false);
	await expect(page.getByText(t('es', 'offline_dropped', { title }))).toBeVisible();
	await page.getByRole('link', { name: t('es', 'saved_nav'), exact: true }).click();
	await expect(page.getByTestId('saved-list').locator('li', { hasText: title })).toHaveCount(0);
	await page.goto(`/cases/${created.id}`);
	await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(title);
	expect(await violations()).toEqual([]);
	await readerContext.close();
});

test('an author whose case the moderators hid asks for a review, and the restored case is public again', { tag: '@phone' }, async ({ browser }, testInfo) => {
	const hiddenTitle = `Caso oculto ${Date.now().toString(36)}`;
	const hidden = await createCase(browser, serverUrl(), author.auth, {
		title: hiddenTitle,
		category: 'abdomen',
		series: [{ plane: 'axial', modality: 'CT', description: 'Axial', slices: 2 }]
	});
	const asAdmin = (method: string, path: string, body?: unknown) =>
		fetch(`${serverUrl()}${path}`, {
			method,
			headers: { 'content-type': 'application/json', authorization: admin.token },
			body: body === undefined ? undefined : JSON.stringify(body)
		}).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
	const hideReason = 'Falta la bibliografía del caso';
	expect((await asAdmin('PATCH', `/api/collections/cases/records/${hidden.id}`, { status: 'hidden', moderation_reason: hideReason })).status).toBe(200);

	const context = await deviceContext(browser, testInfo);
	const page = await context.newPage();
	await useLocale(page, 'es');
	await signIn(page, 'es', author.email, author.password);
	await page.goto('/my-cases');
	const mine = page.getByTestId('my-case').filter({ hasText: hiddenTitle });
	await expect(mine.getByTestId('moderation-notice')).toContainText(t('es', 'moderation_hidden_title'));
	await expect(mine.getByTestId('moderation-notice')).toContainText(hideReason);
	await expect(mine.getByTestId('moderation-notice')).toContainText(t('es', 'moderation_hidden_help'));
	await mine.getByRole('button', { name: t('es', 'moderation_ask_review') }).click();
	await expect(page.getByText(t('es', 'moderation_review_sent'))).toBeVisible();
	await expect(mine.getByTestId('moderation-notice')).toContainText(t('es', 'moderation_review_pending'));

	const queue = await asAdmin('GET', `/api/collections/moderation_queue/records?filter=${encodeURIComponent(`id="${hidden.id}"`)}`);
	expect(queue.body.items).toEqual([expect.objectContaining({ id: hidden.id, review_requested: true })]);
	expect((await fetch(`${serverUrl()}/api/collections/cases/records/${hidden.id}`)).status).toBe(404);

	expect((await asAdmin('PATCH', `/api/collections/cases/records/${hidden.id}`, { status: 'published' })).status).toBe(200);
	expect((await fetch(`${serverUrl()}/api/collections/cases/records/${hidden.id}`)).status).toBe(200);
	await page.reload();
	await expect(page.getByTestId('my-case').filter({ hasText: hiddenTitle }).getByTestId('moderation-notice')).toHaveCount(0);
	await context.close();
});
