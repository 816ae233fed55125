// The contributor's whole journey on a phone: import a PHI-laden study (file names carry the
// patient's name), write and label the case offline, reload, come back online and publish, with
// the connection cut mid-upload. Every request the browser sends is captured, and what the
// server stored is read back, through its API and from its data directory: no identifying value
// may appear in any of them.
import { expect, t, test, useLocale, type Locale } from './env';
import { writeCase } from './fixtures/authoring/case-form';
import { findNeedles, removeStudies, writeStudy } from './fixtures/authoring/phi-study';
import { captureRequests, sentHits, waitForControllingWorker } from './fixtures/authoring/requests';
import { scanServerData } from './fixtures/authoring/server-data';
import { storedCases, verifiedContributor } from './fixtures/authoring/session';

test.afterEach(removeStudies);

test('import PHI-laden DICOM, write offline, reload, publish with a cut mid-upload: nothing identifying is sent or stored', async ({ page }) => {
	test.setTimeout(180_000);
	const locale: Locale = 'en';
	await useLocale(page, locale);
	const sent = await captureRequests(page);
	const who = await verifiedContributor(page, locale, 'author');
	const input = writeStudy('authoring-publish', 6);
	// the detector sees the identifying values in what was generated (so a clean result below means something)
	expect(findNeedles(input.study.files[0].bytes, input.needles)).toContain(input.study.phi[0]);

	await page.goto('/new');
	await waitForControllingWorker(page);
	await page.getByTestId('pick-files').setInputFiles(input.paths);
	await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 60_000 });
	// the dose report (secondary capture, burned-in text) is excluded and said why
	await expect(page.getByTestId('excluded')).toContainText(t(locale, 'author_reason_secondary_capture'));
	await page.getByTestId('open-draft').click();
	await expect(page.getByTestId('draft-editor')).toBeVisible();
	await expect(page.getByTestId('series-editor')).toHaveCount(2);

	await page.context().setOffline(true);
	const title = 'Diffuse hepatic steatosis';
	await writeCase(page, locale, title);
	const ct = page.getByTestId('series-editor').first();
	await ct.getByLabel(t(locale, 'draft_window'), { exact: true }).selectOption('liver');
	await expect(ct.getByText(t(locale, 'draft_window_applying', { done: '6', total: '6' }).split(':')[0])).toHaveCount(0);
	await ct.getByLabel(t(locale, 'draft_description'), { exact: true }).fill('Portal venous phase');
	await page.reload();
	await expect(page.getByTestId('series-editor').first().getByLabel(t(locale, 'draft_window'), { exact: true })).toHaveValue('liver');
	await expect(page.getByLabel(t(locale, 'draft_field_title'), { exact: true })).toHaveValue(title);
	await expect(page.getByTestId('icd11-chosen')).toContainText('DB92');
	await expect(page.getByTestId('offline')).toBeVisible();

	// The network returns; the third image upload reaches the server but its answer is lost.
	let imageUploads = 0;
	await page.route('**/api/collections/images/records', async (route) => {
		if (route.request().method() !== 'POST' || ++imageUploads !== 3) return route.continue();
		await route.fetch();
		await route.abort('internetdisconnected');
	});
	await page.context().setOffline(false);

	// The patient's name typed into the case: the firewall blocks it, says where, never shows the value.
	const titleField = page.getByLabel(t(locale, 'draft_field_title'), { exact: true });
	await titleField.fill(`${title} in Nunez Garcia`);
	await page.getByTestId('publish').click();
	await expect(page.getByTestId('phi-found')).toContainText('title');
	await expect(page.getByTestId('phi-found')).toContainText('PatientName');
	await expect(page.getByTestId('phi-found')).not.toContainText('Nunez');
	await titleField.fill(title);
	await page.getByTestId('publish').click();
	await expect(page.getByTestId('public-url')).toBeVisible({ timeout: 90_000 });
	expect(imageUploads).toBeGreaterThan(3);
	// published: the button now offers to publish changes, and the long link wraps inside its box
	await expect(page.getByTestId('publish')).toHaveText(t(locale, 'publish_update_button'));
	const published = page.getByTestId('published');
	expect(await published.evaluate((p) => p.scrollWidth <= p.clientWidth)).toBe(true);
	const url = await page.getByTestId('public-url').textContent();
	await page.goto(url!.trim());
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	// The CT slices went up with their HU values (images.values): a reader can window them.
	const viewer = page.locator('section.viewer');
	await expect(viewer).toHaveAttribute('data-drawn-index', '0');
	await page.getByRole('button', { name: t(locale, 'viewer_window'), exact: true }).click();
	await page.getByRole('group', { name: t(locale, 'viewer_window') }).getByRole('button', { name: t(locale, 'viewer_window_lung') }).click();
	await expect(viewer).toHaveAttribute('data-window', 'w-600,1500');
	await expect(page.getByText(t(locale, 'viewer_window_unavailable'))).toHaveCount(0);
	await page.goto('/my-cases');
	await expect(page.getByTestId('my-case')).toContainText(title);
	await expect(page.getByTestId('my-case')).toContainText(t(locale, 'author_status_published'));

	// Nothing identifying left the browser: bodies and addresses of every request.
	const uploads = sent.filter((s) => s.body.length > 0);
	expect(uploads.some((s) => s.url.includes('/api/collections/images/records') && s.body.length > 1000), 'image bodies were captured').toBe(true);
	expect(sentHits(sent, input.needles, input.fileNeedles, input.study.phiBytes)).toEqual([]);

	// The server holds one case, both series, each image once (no duplicate from the lost answer), DICOM with consent, and nothing identifying.
	const [stored, ...others] = await storedCases(who);
	expect(others).toEqual([]);
	expect(stored.seriesCount).toBe(2);
	expect(stored.records).toContain('"window_center":30');
	expect(stored.records).toContain('Portal venous phase');
	expect(stored.imageCount).toBe(7);
	expect(new Set(stored.imageClientIds).size).toBe(7);
	expect(stored.dicomCount).toBe(7);
	expect(findNeedles(new TextEncoder().encode(stored.records), input.needles)).toEqual([]);
	for (const file of stored.files) {
		expect(findNeedles(file.bytes, input.fileNeedles, input.study.phiBytes), file.name).toEqual([]);
		expect(findNeedles(new TextEncoder().encode(file.name), input.needles), file.name).toEqual([]);
	}

	// What the server wrote itself: its databases (records, logs) and every stored file.
	const onDisk = scanServerData(input.needles, input.fileNeedles, input.study.phiBytes);
	expect(onDisk.databases).toBeGreaterThan(0);
	expect(onDisk.storedFiles).toBeGreaterThanOrEqual(stored.files.length);
	expect(onDisk.hits).toEqual([]);
});
