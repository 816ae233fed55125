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

/** fakeToken is an unsigned JWT the SDK's auth store takes as valid until its exp (an hour from now). */
const fakeToken = () => `e30.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600, type: 'auth' })).toString('base64url')}.sig`;

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

	it('asks again with the token when the guest’s answer is a 404 and someone is signed in (an author’s unpublished case)', async () => {
		const { pb, send } = client();
		const guest404 = () => early('c1', Promise.resolve(Response.json({ status: 404, message: 'missing' }, { status: 404 })));
		// a guest keeps the 404
		await expect(fetchCaseBundleResponse(pb, 'c1', undefined, guest404())).rejects.toMatchObject({ status: 404 });
		expect(send).not.toHaveBeenCalled();
		// a signed-in author asks the server with their token
		pb.authStore.save(fakeToken(), { id: 'u1', collectionId: 'users', collectionName: 'users' } as never);
		expect(await fetchCaseBundleResponse(pb, 'c1', undefined, guest404())).toEqual({ fromSdk: true });
		expect(send).toHaveBeenCalledWith(caseBundlePath('c1'), expect.objectContaining({ method: 'GET' }));
		// any other answer is taken as it is
		send.mockClear();
		expect(await fetchCaseBundleResponse(pb, 'c1', undefined, early('c1', Promise.resolve(Response.json(body))))).toEqual(body);
		expect(send).not.toHaveBeenCalled();
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
