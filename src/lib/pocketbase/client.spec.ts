import { describe, expect, it } from 'vitest';
import { serverUrl } from './client';

describe('serverUrl', () => {
	it('uses the page origin when the app and the API share a server', () => {
		expect(serverUrl(undefined, 'https://cassette.example')).toBe('https://cassette.example');
		expect(serverUrl('', 'https://cassette.example')).toBe('https://cassette.example');
	});

	it('uses VITE_PB_URL when the app runs from vite dev', () => {
		expect(serverUrl('http://127.0.0.1:8090', 'http://localhost:5173')).toBe('http://127.0.0.1:8090');
	});
});
