// Published cases for the reader's tests and the viewer benchmark, created through the real API as
// a verified user. Slices are synthetic (a phantom abdomen drawn on an OffscreenCanvas in Chromium
// and encoded with convertToBlob, so the JPEG carries no metadata the server would refuse); no
// patient data exists anywhere in them.
import type { Browser } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** SeriesSpec describes one series to create. */
export interface SeriesSpec {
	plane: 'axial' | 'coronal' | 'sagittal' | 'other';
	modality: string;
	description: string;
	slices: number;
	/** side of the square slices in pixels (default 256) */
	size?: number;
}

/** CaseSpec describes one published case to create. */
export interface CaseSpec {
	title: string;
	category: string;
	content?: string;
	imaging_findings?: string;
	icd11?: { code: string; title: string };
	series: SeriesSpec[];
}

/** ApiAuth is a signed-in user's token and id. */
export interface ApiAuth {
	token: string;
	id: string;
}

/** liverIcd11 returns a bundled ICD-11 entry (code and WHO English title) the server accepts. */
export function liverIcd11(index = 0): { code: string; title: string } {
	const entries = JSON.parse(readFileSync(path.join(ROOT, 'src/lib/cases/icd11-liver.json'), 'utf8')) as { code: string; title_en: string }[];
	const entry = entries[index % entries.length];
	return { code: entry.code, title: entry.title_en };
}

/** signInApi signs in through the API. */
export async function signInApi(base: string, identity: string, password: string): Promise<ApiAuth> {
	const res = await fetch(`${base}/api/collections/users/auth-with-password`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ identity, password })
	});
	if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
	const body = (await res.json()) as { token: string; record: { id: string } };
	return { token: body.token, id: body.record.id };
}

async function createRecord(base: string, auth: ApiAuth, collection: string, data: Record<string, unknown>): Promise<string> {
	const res = await fetch(`${base}/api/collections/${collection}/records`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: auth.token },
		body: JSON.stringify(data)
	});
	if (!res.ok) throw new Error(`create ${collection} failed: ${res.status} ${await res.text()}`);
	return ((await res.json()) as { id: string }).id;
}

/** CreatedCase is what createCase made. */
export interface CreatedCase {
	id: string;
	seriesIds: string[];
}

/**
 * createCase creates a published case with its series and uploads each series' slices, drawn and
 * uploaded by a page of browser (in a context of its own, so the caller's pages are untouched).
 */
export async function createCase(browser: Browser, base: string, auth: ApiAuth, spec: CaseSpec): Promise<CreatedCase> {
	const id = await createRecord(base, auth, 'cases', {
		author: auth.id,
		title: spec.title,
		category: spec.category,
		content: spec.content ?? '',
		imaging_findings: spec.imaging_findings ?? '',
		icd11_code: spec.icd11?.code ?? '',
		icd11_title: spec.icd11?.title ?? '',
		status: 'published',
		phi_acknowledged: true
	});
	const seriesIds: string[] = [];
	for (const [order, s] of spec.series.entries()) {
		seriesIds.push(
			await createRecord(base, auth, 'series', {
				case: id,
				plane: s.plane,
				modality: s.modality,
				description: s.description,
				slice_count: s.slices,
				order
			})
		);
	}
	if (spec.series.some((s) => s.slices > 0)) {
		const context = await browser.newContext();
		try {
			const page = await context.newPage();
			await page.goto(`${base}/api/health`);
			// tsx (the benchmark's runner) wraps functions in an __name helper that the page lacks
			await page.evaluate('globalThis.__name = (f) => f');
			for (const [i, s] of spec.series.entries()) {
				await page.evaluate(uploadSlices, { base, token: auth.token, seriesId: seriesIds[i], slices: s.slices, size: s.size ?? 256 });
			}
		} finally {
			await context.close();
		}
	}
	return { id, seriesIds };
}

/** uploadSlices runs in the browser: draws each slice of the phantom and uploads it, six at a time. */
async function uploadSlices(args: { base: string; token: string; seriesId: string; slices: number; size: number }): Promise<void> {
	const { base, token, seriesId, slices, size } = args;
	const draw = async (index: number): Promise<Blob> => {
		const canvas = new OffscreenCanvas(size, size);
		const ctx = canvas.getContext('2d')!;
		const z = slices > 1 ? index / (slices - 1) : 0.5; // 0 = top, 1 = bottom
		ctx.fillStyle = '#000';
		ctx.fillRect(0, 0, size, size);
		const c = size / 2;
		ctx.fillStyle = '#4a4a4a'; // soft tissue
		ctx.beginPath();
		ctx.ellipse(c, c, size * 0.42, size * 0.32, 0, 0, Math.PI * 2);
		ctx.fill();
		const liver = Math.max(0, Math.sin(Math.PI * z)) * size * 0.18;
		ctx.fillStyle = '#7a7a7a';
		ctx.beginPath();
		ctx.ellipse(c - size * 0.15, c - size * 0.05, liver + 1, liver * 0.8 + 1, 0, 0, Math.PI * 2);
		ctx.fill();
		if (z > 0.35 && z < 0.65) {
			const r = Math.sin(((z - 0.35) / 0.3) * Math.PI) * size * 0.05 + 1;
			ctx.fillStyle = '#3a3a3a'; // the hypodense lesion
			ctx.beginPath();
			ctx.arc(c - size * 0.18, c - size * 0.06, r, 0, Math.PI * 2);
			ctx.fill();
		}
		ctx.fillStyle = '#e8e8e8'; // vertebra
		ctx.beginPath();
		ctx.arc(c, c + size * 0.2, size * 0.05, 0, Math.PI * 2);
		ctx.fill();
		ctx.fillStyle = '#bbbbbb';
		ctx.font = `${Math.round(size / 16)}px sans-serif`;
		ctx.fillText(String(index + 1), size * 0.05, size * 0.1);
		return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
	};
	let next = 0;
	const worker = async () => {
		for (let index = next++; index < slices; index = next++) {
			const form = new FormData();
			form.set('series', seriesId);
			form.set('index', String(index));
			form.set('preview', await draw(index), `slice-${String(index).padStart(4, '0')}.jpg`);
			const res = await fetch(`${base}/api/collections/images/records`, { method: 'POST', headers: { authorization: token }, body: form });
			if (!res.ok) throw new Error(`upload of slice ${index} failed: ${res.status} ${await res.text()}`);
		}
	};
	await Promise.all(Array.from({ length: 6 }, worker));
}
