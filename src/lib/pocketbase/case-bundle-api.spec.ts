import PocketBase from 'pocketbase';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { caseBundlePath, fetchCaseBundleResponse, type EarlyRequest } from './case-bundle-api';
import type { TypedPocketBase } from './client';

const body = { case: { id: 'c1' }, author: null, series: [], images: [], firstSlice: null };

function client(base = 'http://127.0.0.1:8090') {
	const pb = new PocketBase(base) as TypedPocketBase;
	const send = vi.spyOn(pb, 'send').mockResolvedValue({ fromSdk: true });
	return { pb, send };
}

const early = (id: string, response: Promise<Response>): { __cassetteCaseBundle?: EarlyRequest } => ({ __cassetteCaseBundle: { id, response } });

describe('fetchCaseBundleResponse', () => {
	beforeEach(() => vi.stubGlobal('location', new URL('http://127.0.0.1:8090/cases/c1')));
	afterEach(() => vi.unstubAllGlobals());

	it('takes over the request the document started, once', async () => {
		const { pb, send } = client();
		const scope = early('c1', Promise.resolve(Response.json(body)));
		expect(await fetchCaseBundleResponse(pb, 'c1', undefined, scope)).toEqual(body);
		expect(send).not.toHaveBeenCalled();
		expect(await fetchCaseBundleResponse(pb, 'c1', undefined, scope)).toEqual({ fromSdk: true });
		expect(send).toHaveBeenCalledWith(caseBundlePath('c1'), expect.objectContaining({ method: 'GET' }));
	});

	it('rejects like the SDK: the status of an error answer, 0 when no answer came', async () => {
		const { pb } = client();
		const missing = early('c1', Promise.resolve(Response.json({ status: 404, message: 'missing' }, { status: 404 })));
		await expect(fetchCaseBundleResponse(pb, 'c1', undefined, missing)).rejects.toMatchObject({ status: 404 });
		const offline = early('c1', Promise.reject(new TypeError('Failed to fetch')));
		await expect(fetchCaseBundleResponse(pb, 'c1', undefined, offline)).rejects.toMatchObject({ status: 0 });
	});

	it('asks the server itself for another case, or when the API lives on another origin', async () => {
		const other = client();
		const scope = early('c1', Promise.resolve(Response.json(body)));
		expect(await fetchCaseBundleResponse(other.pb, 'c2', undefined, scope)).toEqual({ fromSdk: true });
		expect(scope.__cassetteCaseBundle?.id).toBe('c1');
		const dev = client('http://127.0.0.1:5173');
		expect(await fetchCaseBundleResponse(dev.pb, 'c1', undefined, scope)).toEqual({ fromSdk: true });
	});
});
