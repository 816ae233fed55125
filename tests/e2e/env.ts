// Shared helpers of the e2e suite: the server and inbox set up by global-setup.ts, the UI texts
// from the message files (so tests assert what a reader sees, in either language), accounts.
import { test as base, expect, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** DEMO is the account `cassette-server seed` creates in global setup. */
export const DEMO = { email: 'demo-e2e@cassette.test', password: 'demo-e2e-password' } as const;

export type Locale = 'es' | 'en';
export const LOCALES: readonly Locale[] = ['es', 'en'];

// A message is a string, or (plurals) the inlang message format's variants: [{ match: { 'countPlural=one': … } }].
type Message = string | { match: Record<string, string> }[];
const catalogs: Record<Locale, Record<string, Message>> = {
	es: JSON.parse(readFileSync(path.join(ROOT, 'messages', 'es.json'), 'utf8')),
	en: JSON.parse(readFileSync(path.join(ROOT, 'messages', 'en.json'), 'utf8'))
};

/** t is the UI text of `key` in `locale`, with `{param}` placeholders filled. */
export function t(locale: Locale, key: string, params: Record<string, string> = {}): string {
	const message = catalogs[locale][key];
	if (message === undefined) throw new Error(`no message ${key}`);
	// plural variants are picked as paraglide does: Intl.PluralRules of the locale on params.count
	const text = typeof message === 'string' ? message : message[0].match[`countPlural=${new Intl.PluralRules(locale).select(Number(params.count))}`];
	return text.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `{${name}}`);
}

export function serverUrl(): string {
	const url = process.env.CASSETTE_E2E_URL;
	if (!url) throw new Error('CASSETTE_E2E_URL is not set: run the suite through playwright.config.ts (global setup)');
	return url;
}

/** test points every page at the server started by global setup. */
export const test = base.extend({
	baseURL: async ({}, use) => {
		await use(serverUrl());
	}
});
export { expect };

/** deviceContext is a fresh browser context with the running project's device (a new reader's phone on the phone project), its service worker allowed. */
export function deviceContext(browser: Browser, testInfo: TestInfo): Promise<BrowserContext> {
	const { viewport, deviceScaleFactor, isMobile, hasTouch, userAgent } = testInfo.project.use;
	return browser.newContext({ viewport, deviceScaleFactor, isMobile, hasTouch, userAgent, baseURL: serverUrl(), serviceWorkers: 'allow' });
}

/** uniqueAccount is a fresh username, email and password (usernames are lowercase on the server). */
export function uniqueAccount(prefix = 'e2e') {
	const id = `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
	return { username: id, email: `${id}@cassette.test`, password: `pw-${id}-secret` };
}

interface InboxMessage {
	id: number;
	to: string[];
	subject: string;
	text: string;
	html: string;
	links: string[];
}

/** emailLink waits for a message to `to` with a link containing `pathPart` and returns the link. */
export async function emailLink(to: string, pathPart: string): Promise<{ link: string; message: InboxMessage }> {
	const inbox = process.env.CASSETTE_E2E_INBOX;
	if (!inbox) throw new Error('CASSETTE_E2E_INBOX is not set');
	let found: { link: string; message: InboxMessage } | undefined;
	await expect
		.poll(
			async () => {
				const res = await fetch(`${inbox}/api/messages?to=${encodeURIComponent(to)}`);
				const messages = (await res.json()) as InboxMessage[];
				for (const message of messages) {
					const link = message.links.find((l) => l.includes(pathPart));
					if (link) {
						found = { link, message };
						return true;
					}
				}
				return false;
			},
			{ message: `an email to ${to} with a ${pathPart} link`, timeout: 20_000 }
		)
		.toBe(true);
	return found!;
}

/** createAccount signs up through the API (for tests about something other than sign-up). */
export async function createAccount(account: { username: string; email: string; password: string }, language: Locale): Promise<string> {
	const res = await fetch(`${serverUrl()}/api/collections/users/records`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ ...account, passwordConfirm: account.password, language })
	});
	if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
	return ((await res.json()) as { id: string }).id;
}

/** useLocale makes the app start in `locale` the way a returning reader's would (remembered choice). */
export async function useLocale(page: Page, locale: Locale): Promise<void> {
	await page.addInitScript((l) => {
		if (!localStorage.getItem('PARAGLIDE_LOCALE')) localStorage.setItem('PARAGLIDE_LOCALE', l);
	}, locale);
}

/** signIn fills the sign-in form and waits until the app shows the signed-in navigation. */
export async function signIn(page: Page, locale: Locale, identity: string, password: string): Promise<void> {
	await page.goto('/signin');
	await page.locator('input[name=identity]').fill(identity);
	await page.locator('input[name=password]').fill(password);
	await page.getByRole('button', { name: t(locale, 'signin_submit') }).click();
	await expect(page.getByRole('navigation').getByRole('link', { name: t(locale, 'nav_profile') })).toBeVisible();
}
