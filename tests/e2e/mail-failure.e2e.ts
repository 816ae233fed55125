// A server whose mail server is down: it says so at start and in the dashboard's server_alerts,
// and a new user learns that the verification email did not go out (sign-up page and banner).
// This spec starts its own cassette-server, with SMTP pointed at a port nothing listens on.
import { test as base, expect } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCALES, signIn, t, uniqueAccount, useLocale } from './env';

const SERVER_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'pocketbase', 'cassette-server');
const ADMIN = { email: 'mail-admin@cassette.test', password: 'mail-admin-password' };

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as { port: number };
			srv.close(() => resolve(port));
		});
	});
}

let server: ChildProcess;
let output = '';
let url = '';
let dataDir = '';

const test = base.extend({
	baseURL: async ({}, use) => {
		await use(url);
	}
});

test.beforeAll(async () => {
	dataDir = mkdtempSync(path.join(tmpdir(), 'cassette-mail-failure-'));
	const port = await freePort();
	url = `http://127.0.0.1:${port}`;
	const env = {
		...process.env,
		CASSETTE_APP_URL: url,
		CASSETTE_SMTP_HOST: '127.0.0.1',
		CASSETTE_SMTP_PORT: String(await freePort()),
		CASSETTE_RATE_LIMITS: 'off'
	};
	const admin = spawnSync(SERVER_BIN, ['superuser', 'upsert', ADMIN.email, ADMIN.password, '--dir', dataDir], { env, encoding: 'utf8' });
	if (admin.status !== 0) throw new Error(`superuser upsert failed:\n${admin.stdout}\n${admin.stderr}`);
	server = spawn(SERVER_BIN, ['serve', '--http', `127.0.0.1:${port}`, '--dir', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
	server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
	await expect.poll(async () => (await fetch(`${url}/api/health`).catch(() => null))?.ok ?? false, { timeout: 30_000 }).toBe(true);
});

test.afterAll(async () => {
	server?.kill('SIGTERM');
	if (server && server.exitCode === null) await new Promise((r) => server.once('exit', r));
	rmSync(dataDir, { recursive: true, force: true });
});

async function openAlerts(): Promise<Record<string, { message: string; occurrences: number }>> {
	const auth = await fetch(`${url}/api/collections/_superusers/auth-with-password`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ identity: ADMIN.email, password: ADMIN.password })
	});
	const { token } = (await auth.json()) as { token: string };
	const res = await fetch(`${url}/api/collections/server_alerts/records?filter=${encodeURIComponent("resolved = ''")}`, { headers: { Authorization: token } });
	const { items } = (await res.json()) as { items: { kind: string; message: string; occurrences: number }[] };
	return Object.fromEntries(items.map((a) => [a.kind, a]));
}

test('the server says at start that mail does not work, on stderr and in server_alerts', async () => {
	await expect.poll(() => output).toContain('Mail NOT working');
	const alerts = await openAlerts();
	expect(alerts.mail_transport?.message).toContain('cannot connect to the SMTP server');
});

for (const locale of LOCALES) {
	test(`a new user learns that the verification email was not sent (${locale})`, async ({ page }) => {
		await useLocale(page, locale);
		const account = uniqueAccount(`mf${locale}`);
		const action = t(locale, 'verify_banner_resend');

		await page.goto('/signup');
		await page.locator('input[name=username]').fill(account.username);
		await page.locator('input[name=email]').fill(account.email);
		await page.locator('input[name=password]').fill(account.password);
		await page.locator('input[name=passwordConfirm]').fill(account.password);
		await page.getByRole('button', { name: t(locale, 'signup_submit') }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(locale, 'signup_done_title'));
		await expect(page.getByTestId('signup-mail-failed')).toHaveText(t(locale, 'mail_signup_failed', { email: account.email, action }));

		// Signed in later, the banner says it too, and sending again fails the same honest way.
		await signIn(page, locale, account.email, account.password);
		const banner = page.getByTestId('verify-banner');
		await expect(banner.getByTestId('verify-mail-failed')).toHaveText(t(locale, 'mail_verification_failed', { action }));
		await banner.getByRole('button', { name: action }).click();
		await expect(banner.getByRole('status')).toHaveText(t(locale, 'verify_banner_sent'));
		// PocketBase does not send again within two minutes, so the failure on record stands.
		await expect(banner.getByTestId('verify-mail-failed')).toBeVisible({ timeout: 20_000 });

		const alerts = await openAlerts();
		expect(alerts.mail_send?.message).toContain('An email could not be sent');
		expect(alerts.mail_send?.message).not.toContain(account.email);
	});
}
