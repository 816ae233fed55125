/**
 * `cassette export` and `cassette verify` against the real cassette-server (tests/support/test-server.ts:
 * the binary on a free loopback port, a temporary data dir): a researcher's token downloads the
 * selection, the dataset verifies, and a refused token or an empty selection is one clear line
 * with no file left behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configure, Uint8ArrayReader, Uint8ArrayWriter, ZipReader } from '@zip.js/zip.js';
import { startServer, type TestServer } from '../../../tests/support/test-server';
import { createResearchCase, grantRole, type Admin, type ResearchCase } from '../../../tests/research/fixture-cases';

configure({ useWebWorkers: false });

const ROOT = resolve(import.meta.dirname, '../../..');

/** cassette runs the CLI as a user would (bin/cassette.cjs), without blocking the test's event loop. */
function cassette(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((done) => {
		const child = spawn(process.execPath, [join(ROOT, 'bin/cassette.cjs'), ...args], { cwd: ROOT });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('close', (code) => done({ code, stdout, stderr }));
	});
}

let server: TestServer;
let admin: Admin;
let researcherToken: string;
let contributorToken: string;
let fibrosis: ResearchCase;
let fatty: ResearchCase;
let withheld: ResearchCase;
let out: string;

beforeAll(async () => {
	server = await startServer();
	admin = { url: server.url, token: server.admin.authStore.token };
	out = mkdtempSync(join(tmpdir(), 'cassette-export-spec-'));
	await grantRole(admin, server.user.id, 'researcher');
	researcherToken = (await server.signIn()).authStore.token;
	const contributor = await server.admin
		.collection('users')
		.create({ email: 'contributor@cassette.test', password: 'contributor-pass-1', passwordConfirm: 'contributor-pass-1', username: 'contributor', verified: true });
	contributorToken = (
		await fetch(`${server.url}/api/collections/users/auth-with-password`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ identity: 'contributor@cassette.test', password: 'contributor-pass-1' })
		}).then((r) => r.json() as Promise<{ token: string }>)
	).token;
	const author = contributor.id;
	fibrosis = await createResearchCase(admin, { author, title: 'Cirrosis alcohólica', code: 'DB94.10', codeTitle: 'Alcoholic hepatitis with cirrhosis', slices: 4, seed: 11 });
	fatty = await createResearchCase(admin, { author, title: 'Esteatosis', code: 'DB92', codeTitle: 'Non-alcoholic fatty liver disease', slices: 2, seed: 12 });
	withheld = await createResearchCase(admin, { author, title: 'Borrador', code: 'DB94.1', codeTitle: 'Alcoholic hepatitis', slices: 2, seed: 13, status: 'draft' });
}, 600_000);

afterAll(async () => {
	await server?.stop();
	if (out) rmSync(out, { recursive: true, force: true });
});

async function entries(file: string): Promise<Map<string, Uint8Array>> {
	const reader = new ZipReader(new Uint8ArrayReader(readFileSync(file)));
	const files = new Map<string, Uint8Array>();
	for (const entry of await reader.getEntries()) if (!entry.directory) files.set(entry.filename, await entry.getData!(new Uint8ArrayWriter()));
	await reader.close();
	return files;
}

describe('cassette export against the server', () => {
	it('downloads the selection with a researcher token, and the dataset verifies', async () => {
		const zip = join(out, 'db94.zip');
		const run = await cassette('export', '--server', server.url, '--token', researcherToken, '--icd', 'DB94', '--out', zip);
		expect(run.stderr).toContain(`wrote ${zip}`);
		expect(run.code).toBe(0);
		const files = await entries(zip);
		// DB94 selects DB94.10 (a child after the dot); the draft DB94.1 case and DB92 are not exported.
		const cases = [...files.keys()].filter((n) => n.startsWith('cases/'));
		expect(cases).toEqual([1, 2, 3, 4].map((n) => `cases/${fibrosis.caseId}/${fibrosis.seriesId}/0000${n}.dcm`));
		expect(files.get(cases[2])).toEqual(fibrosis.dicom[2]);
		expect([...files.keys()]).toContain(`labels/${fibrosis.caseId}.dcm`);
		for (const other of [fatty.caseId, withheld.caseId]) expect([...files.keys()].some((n) => n.includes(other))).toBe(false);

		const verified = await cassette('verify', zip);
		expect(verified.stderr).toBe('');
		expect(verified.stdout).toContain('checksums, de-identification and manifest OK');
		expect(verified.code).toBe(0);
	}, 120_000);

	it('exports with a personal API token, and refuses it once revoked', async () => {
		const made = await fetch(`${server.url}/api/cassette/tokens`, {
			method: 'POST',
			headers: { authorization: researcherToken, 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'cli spec', days: 1 })
		}).then((r) => r.json() as Promise<{ id: string; token: string }>);
		const zip = join(out, 'with-api-token.zip');
		const run = await cassette('export', '--server', server.url, '--token', made.token, '--icd', 'DB92', '--out', zip);
		expect(run.stderr).toContain(`wrote ${zip}`);
		expect(run.code).toBe(0);
		expect((await entries(zip)).get(`cases/${fatty.caseId}/${fatty.seriesId}/00001.dcm`)).toEqual(fatty.dicom[0]);

		await fetch(`${server.url}/api/cassette/tokens/${made.id}/revoke`, { method: 'POST', headers: { authorization: researcherToken } });
		const refused = await cassette('export', '--server', server.url, '--token', made.token, '--out', join(out, 'revoked.zip'));
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('the server refused the token (401)');
		expect(refused.stderr).toContain('The API token was revoked.');
	}, 60_000);

	it('refuses a contributor token and a made-up one with one clear line, and writes nothing', async () => {
		for (const token of [contributorToken, 'not-a-token']) {
			const zip = join(out, `refused-${token.length}.zip`);
			const run = await cassette('export', '--server', server.url, '--token', token, '--out', zip);
			expect(run.code).toBe(1);
			expect(run.stderr).toMatch(/the server refused the token \((401|403)\)/);
			expect(run.stderr).not.toMatch(/^\s+at /m);
			expect(existsSync(zip) || existsSync(`${zip}.part`)).toBe(false);
		}
	}, 60_000);

	it('says the selection is empty when nothing matches', async () => {
		const zip = join(out, 'empty.zip');
		const run = await cassette('export', '--server', server.url, '--token', researcherToken, '--icd', 'DB95', '--out', zip);
		expect(run.code).toBe(1);
		expect(run.stderr).toContain('the selection is empty');
		expect(readdirSync(out).some((n) => n.startsWith('empty'))).toBe(false);
	}, 60_000);

	it('answers a malformed command line with the usage (exit 2)', async () => {
		const run = await cassette('export', '--server', server.url, '--token', researcherToken);
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('export needs --server, --token and --out');
		expect(run.stderr).toContain('cassette verify dataset.zip');
		const unknown = await cassette('export', '--bogus');
		expect(unknown.code).toBe(2);
	}, 60_000);
});
