// The app under its own security headers (pocketbase/app/headers.go): a reader opens a deep link
// in a fresh browser, then a contributor signs in and imports a ZIP of compressed CT (zip.js's
// worker, the DICOM worker pool, the JPEG 2000 and JPEG-LS WASM codecs) and opens the draft. No
// page reports a CSP violation or logs an error, every slice gets its preview (a codec refused
// WASM would leave it without one), and the service worker registers at the root from the deep
// link. An injected inline script proves the listener hears violations and the policy refuses
// inline code.
import type { BrowserContext, Page } from '@playwright/test';
import { Uint8ArrayReader, Uint8ArrayWriter, ZipWriter, configure } from '@zip.js/zip.js';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO, expect, serverUrl, t, test, useLocale, type Locale } from './env';
import { removeStudies, writeStudy } from './fixtures/authoring/phi-study';
import { verifiedContributor } from './fixtures/authoring/session';
import { createCase, signInApi, type CreatedCase } from './viewer-fixtures';

test.afterEach(removeStudies);

let created: CreatedCase;

test.beforeAll(async ({ browser }) => {
	test.setTimeout(120_000);
	const auth = await signInApi(serverUrl(), DEMO.email, DEMO.password);
	created = await createCase(browser, serverUrl(), auth, {
		title: `CSP test ${Date.now().toString(36)}`,
		category: 'abdomen',
		content: 'Read under a strict policy.',
		series: [{ plane: 'axial', modality: 'CT', description: 'Axial', slices: 6 }]
	});
});

/** Problems are what the browser reported while the test ran. */
interface Problems {
	violations: string[];
	errors: string[];
}

/** watch collects CSP violations (from every page of the context, across navigations) and console errors. */
async function watch(context: BrowserContext, page: Page): Promise<Problems> {
	const problems: Problems = { violations: [], errors: [] };
	await context.exposeBinding('__cassetteCspViolation', (_source, line: string) => void problems.violations.push(line));
	await context.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			const report = (window as unknown as { __cassetteCspViolation: (line: string) => void }).__cassetteCspViolation;
			report(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} (${e.sample})`);
		});
	});
	page.on('console', (message) => {
		if (message.type() === 'error') problems.errors.push(`${message.text()} @ ${message.location().url}`);
	});
	page.on('pageerror', (error) => problems.errors.push(error.message));
	return problems;
}

// The fixture's 8×8 overlay stops gdcmconv; overlays are not what this test is about.
const OVERLAY_TAGS = ['0010', '0011', '0022', '0040', '0050', '0100', '0102', '1500', '3000', '4000'].map((e) => `(6000,${e})`);

function run(command: string, args: string[]): void {
	const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}${result.stdout}`);
}

/** compressed writes a copy of the DICOM file at source in a compressed transfer syntax (gdcmconv). */
function compressed(source: string, codec: '--j2k' | '--jpegls'): Uint8Array {
	const plain = `${source}${codec}.src`;
	const out = `${source}${codec}.dcm`;
	copyFileSync(source, plain);
	run('dcmodify', ['-nb', ...OVERLAY_TAGS.flatMap((tag) => ['-ea', tag]), plain]);
	run('gdcmconv', [codec, plain, out]);
	return readFileSync(out);
}

/** compressedStudyZip packs one JPEG 2000, one JPEG-LS and one uncompressed CT slice into a deflated ZIP. */
async function compressedStudyZip(): Promise<string> {
	const input = writeStudy('csp', 3);
	const [first, second, third] = input.paths;
	configure({ useWebWorkers: false });
	const writer = new ZipWriter(new Uint8ArrayWriter());
	await writer.add('DICOM/IM1', new Uint8ArrayReader(compressed(first, '--j2k')));
	await writer.add('DICOM/IM2', new Uint8ArrayReader(compressed(second, '--jpegls')));
	await writer.add('DICOM/IM3', new Uint8ArrayReader(readFileSync(third)));
	const zip = path.join(input.dir, 'export.zip');
	writeFileSync(zip, await writer.close());
	return zip;
}

test('deep link, reading, sign-in, a compressed DICOM import and the draft: no CSP violation, no console error', async ({ page, context }) => {
	test.setTimeout(150_000);
	const locale: Locale = 'en';
	const problems = await watch(context, page);
	await useLocale(page, locale);
	const zip = await compressedStudyZip();

	const response = await page.goto(`/cases/${created.id}`);
	const policy = response?.headers()['content-security-policy'] ?? '';
	expect(policy).toContain("frame-ancestors 'none'");
	expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/]+=*')+;/);
	expect(policy).not.toContain('unsafe-inline');
	await expect(page.locator('section.viewer')).toHaveAttribute('data-drawn-index', '0');
	// registered from a deep link, the worker still lives at the root and controls every page
	const registered = await page.evaluate(async () => {
		const registration = await navigator.serviceWorker.ready;
		return { scope: registration.scope, script: registration.active?.scriptURL };
	});
	expect(registered).toEqual({ scope: `${serverUrl()}/`, script: `${serverUrl()}/sw.js` });

	for (const path of ['/', '/cases', '/saved', '/signin', '/signup']) {
		await page.goto(path);
		await expect(page.locator('main h1').first()).toBeVisible();
	}

	await verifiedContributor(page, locale, 'csp');
	await page.goto('/new');
	await page.getByTestId('pick-files').setInputFiles(zip);
	await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 60_000 });
	// a slice without a preview is not kept: 3 of 3 means both codecs ran in the workers
	await expect(page.getByTestId('deid-summary')).toContainText(t(locale, 'author_summary_series', { modality: 'CT', stored: '3', instances: '3' }));
	await page.getByTestId('open-draft').click();
	const preview = page.getByTestId('series-editor').locator('img').first();
	await expect(preview).toBeVisible();
	await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
	for (const path of ['/drafts', '/my-cases', '/profile']) {
		await page.goto(path);
		await expect(page.locator('main h1').first()).toBeVisible();
	}

	expect(problems.violations).toEqual([]);
	expect(problems.errors).toEqual([]);
});

test('an injected inline script is refused and reported; the dashboard keeps its own policy and is not advertised to readers', async ({ page, context, request }) => {
	const problems = await watch(context, page);
	await page.goto('/');
	await expect(page.locator('main h1').first()).toBeVisible();
	// admins know the dashboard; readers were shown a link they cannot use
	await expect(page.locator('footer')).toBeVisible();
	await expect(page.locator('a[href="/admin"], a[href^="/_/"]')).toHaveCount(0);
	const ran = await page.evaluate(() => {
		const script = document.createElement('script');
		script.textContent = 'window.__injected = true';
		document.head.append(script);
		return (window as unknown as { __injected?: boolean }).__injected === true;
	});
	expect(ran).toBe(false);
	await expect.poll(() => problems.violations.length).toBe(1);
	expect(problems.violations[0]).toMatch(/^script-src-elem blocked inline/);

	await page.goto('/admin');
	await expect(page.locator('main a[href="/_/"]')).toBeVisible();

	const dashboard = await request.get(`${serverUrl()}/_/`);
	expect(dashboard.ok()).toBe(true);
	expect(dashboard.headers()['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
	expect(dashboard.headers()['permissions-policy']).toBeUndefined();
	const manifest = await request.get(`${serverUrl()}/manifest.webmanifest`);
	expect(manifest.headers()['content-type']).toBe('application/manifest+json');
	expect(manifest.headers()['x-content-type-options']).toBe('nosniff');
});
