import { describe, expect, it } from 'vitest';
import { connectionFromBase } from './connection';
import { loadConnections, PACS_STORAGE_KEY, removeConnection, saveConnection, type KeyValueStorage } from './store';

function memoryStorage(initial: Record<string, string> = {}): KeyValueStorage & { data: Record<string, string> } {
	const data = { ...initial };
	return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

describe('PACS connection store', () => {
	it('saves, replaces by id and removes connections, credentials included, under one key', () => {
		const storage = memoryStorage();
		const a = connectionFromBase('a', 'Hospital', 'https://pacs.example.org/dicom-web/', { kind: 'basic', username: 'u', password: 'p' });
		const b = connectionFromBase('b', '', 'http://10.0.0.5:8042/dicom-web', { kind: 'bearer', token: 't' });
		saveConnection(storage, a);
		saveConnection(storage, b);
		expect(loadConnections(storage)).toEqual([a, b]);
		expect(a.qidoUrl).toBe('https://pacs.example.org/dicom-web');
		expect(b.label).toBe('10.0.0.5:8042');
		saveConnection(storage, { ...a, label: 'Renamed' });
		expect(loadConnections(storage).map((c) => c.label)).toEqual(['10.0.0.5:8042', 'Renamed']);
		expect(removeConnection(storage, 'b').map((c) => c.id)).toEqual(['a']);
		expect(Object.keys(storage.data)).toEqual([PACS_STORAGE_KEY]);
	});

	it('drops malformed entries and survives unreadable JSON', () => {
		const good = connectionFromBase('a', 'x', 'http://127.0.0.1:1/dw', { kind: 'none' });
		const storage = memoryStorage({ [PACS_STORAGE_KEY]: JSON.stringify([good, { id: 'z' }, { ...good, id: 'y', auth: { kind: 'basic' } }]) });
		expect(loadConnections(storage)).toEqual([good]);
		expect(loadConnections(memoryStorage({ [PACS_STORAGE_KEY]: '{oops' }))).toEqual([]);
	});

	it('refuses a URL that is not http(s) or that embeds credentials', () => {
		expect(() => connectionFromBase('a', '', 'ftp://pacs/dw', { kind: 'none' })).toThrow(TypeError);
		expect(() => connectionFromBase('a', '', 'https://user:secret@pacs/dw', { kind: 'none' })).toThrow(/authentication fields/);
		expect(() => connectionFromBase('a', '', 'not a url', { kind: 'none' })).toThrow(TypeError);
	});
});
