import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256, sha256 } from './sha256';
import { UidMapper, derivedUid, secretBytes } from './uids';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('sha256 and hmacSha256', () => {
	it('agree with node:crypto for lengths around the block boundaries', () => {
		for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
			const data = new Uint8Array(n).map((_, i) => (i * 7 + n) & 0xff);
			expect(hex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
			const key = new Uint8Array(n % 100).map((_, i) => i);
			expect(hex(hmacSha256(key, data))).toBe(createHmac('sha256', key).update(data).digest('hex'));
		}
	});
});

describe('UID replacement', () => {
	it('is 2.25. + the first 128 bits of HMAC-SHA-256(secret, uid) in decimal', () => {
		const uid = '1.3.6.1.4.1.9590.100.1.2.123';
		const digest = createHmac('sha256', 'case-secret').update(uid).digest();
		const expected = `2.25.${BigInt('0x' + digest.subarray(0, 16).toString('hex')).toString(10)}`;
		expect(derivedUid(secretBytes('case-secret'), uid)).toBe(expected);
		expect(expected.length).toBeLessThanOrEqual(64);
	});

	it('is consistent within a case, independent of the mapper instance, and differs across cases', () => {
		const uid = '1.2.3.4.5.6.7';
		expect(new UidMapper('a').map(uid)).toBe(new UidMapper('a').map(uid + '\0'));
		expect(new UidMapper('a').map(uid)).not.toBe(new UidMapper('b').map(uid));
		expect(new UidMapper('a').map(uid)).not.toBe(new UidMapper('a').map(uid + '.1'));
	});

	it('never replaces UIDs defined by DICOM', () => {
		const m = new UidMapper('a');
		expect(m.map('1.2.840.10008.5.1.4.1.1.2')).toBe('1.2.840.10008.5.1.4.1.1.2');
		expect(m.map('1.2.840.10008.1.2.1')).toBe('1.2.840.10008.1.2.1');
	});
});
