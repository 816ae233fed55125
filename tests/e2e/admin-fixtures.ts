// Superusers and verified accounts for tests that need an administrator: the superuser is
// created the way an operator does it (`cassette-server superuser upsert`) on the data dir of the
// server that global setup started.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { createAccount, serverUrl, uniqueAccount, type Locale } from './env';
import { signInApi, type ApiAuth } from './viewer-fixtures';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVER_BIN = path.join(ROOT, 'pocketbase', 'cassette-server');

export interface Superuser {
	email: string;
	password: string;
	token: string;
}

/** createSuperuser makes a new superuser with the server's own command and signs it in through the API. */
export async function createSuperuser(): Promise<Superuser> {
	const dataDir = process.env.CASSETTE_E2E_DATA_DIR;
	if (!dataDir) throw new Error('CASSETTE_E2E_DATA_DIR is not set');
	const { email, password } = uniqueAccount('admin');
	const made = spawnSync(SERVER_BIN, ['superuser', 'upsert', email, password, '--dir', dataDir], { encoding: 'utf8' });
	if (made.status !== 0) throw new Error(`superuser upsert failed:\n${made.stdout}\n${made.stderr}`);
	const res = await fetch(`${serverUrl()}/api/collections/_superusers/auth-with-password`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ identity: email, password })
	});
	if (!res.ok) throw new Error(`superuser sign-in failed: ${res.status} ${await res.text()}`);
	return { email, password, token: ((await res.json()) as { token: string }).token };
}

/** verifiedAccount signs up a new account and marks it verified as an administrator would. */
export async function verifiedAccount(admin: Superuser, language: Locale, prefix: string) {
	const account = uniqueAccount(prefix);
	const id = await createAccount(account, language);
	const res = await fetch(`${serverUrl()}/api/collections/users/records/${id}`, {
		method: 'PATCH',
		headers: { 'content-type': 'application/json', authorization: admin.token },
		body: JSON.stringify({ verified: true })
	});
	if (!res.ok) throw new Error(`verify failed: ${res.status} ${await res.text()}`);
	const auth: ApiAuth = await signInApi(serverUrl(), account.email, account.password);
	return { ...account, id, auth };
}

/** dashboardSignIn signs in to PocketBase's dashboard (/_/) with its own login form. */
export async function dashboardSignIn(page: Page, admin: Superuser): Promise<void> {
	await page.goto('/_/');
	await page.locator('input[name=identity]').fill(admin.email);
	await page.locator('input[name=password]').fill(admin.password);
	await page.getByRole('button', { name: 'Login' }).click();
	await expect(page).toHaveURL(/#\/collections/);
}

/** collectCspViolations records the page's Content-Security-Policy violations from its first script on. */
export async function collectCspViolations(page: Page): Promise<() => Promise<string[]>> {
	await page.addInitScript(() => {
		const seen: string[] = [];
		(globalThis as unknown as { __csp: string[] }).__csp = seen;
		document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
	});
	return () => page.evaluate(() => (globalThis as unknown as { __csp?: string[] }).__csp ?? []);
}
