import { describe, expect, it } from 'vitest';
import {
	ICD11_ATTRIBUTION,
	ICD11_LIVER,
	ICD11_RELEASE,
	findIcd11,
	getIcd11,
	icd11BrowserUrl,
	icd11Title,
	isKnownIcd11Code
} from './icd11-liver';

/**
 * ICD-11 stem code: chapter character (1-9 or a letter), a letter, a digit, a digit or letter; then
 * optionally a dot and one or two more characters. Letters I and O are never used, so they cannot be
 * mistaken for 1 and 0. (ICD-11 Reference Guide 1.2.4.1 "Code structure", from memory: the guide
 * itself was not readable offline. Every code of the 2024-01 table that was read fits it.)
 */
const CODE_SHAPE = /^[1-9A-HJ-NP-Z][A-HJ-NP-Z][0-9][0-9A-HJ-NP-Z](\.[0-9A-HJ-NP-Z]{1,2})?$/;
const GROUPS = ['disease', 'neoplasm', 'infection', 'vascular', 'congenital', 'trauma', 'other'];
const codes = (list: { code: string }[]) => list.map((e) => e.code);

describe('bundled ICD-11 liver list', () => {
	it('names the release and carries the WHO attribution and licence', () => {
		expect(ICD11_RELEASE).toBe('ICD-11 MMS 2024-01');
		expect(ICD11_ATTRIBUTION).toContain('World Health Organization');
		expect(ICD11_ATTRIBUTION).toContain('CC BY-ND 3.0 IGO');
	});

	it('has unique codes of the ICD-11 MMS shape, also unique without the dot', () => {
		expect(ICD11_LIVER.length).toBeGreaterThan(50);
		const all = codes([...ICD11_LIVER]);
		expect(new Set(all).size).toBe(all.length);
		expect(new Set(all.map((c) => c.replace('.', ''))).size).toBe(all.length);
		for (const code of all) expect(code, code).toMatch(CODE_SHAPE);
	});

	it('gives every entry a source, a WHO release URI matching its chapter, and a known group', () => {
		for (const e of ICD11_LIVER) {
			expect(e.source.trim().length, e.code).toBeGreaterThan(10);
			expect(e.title_en.trim(), e.code).toBe(e.title_en);
			expect(e.title_en.length, e.code).toBeGreaterThan(3);
			expect(e.title_es === null || e.title_es.trim().length > 0, e.code).toBe(true);
			expect(e.uri, e.code).toMatch(/^http:\/\/id\.who\.int\/icd\/release\/11\/2024-01\/mms\/\d+(\/(other|unspecified))?$/);
			expect(e.chapter, e.code).toMatch(/^\d\d$/);
			expect(GROUPS, e.code).toContain(e.group);
		}
	});

	it('uses the residual URI form only for the residual Y/Z codes', () => {
		for (const e of ICD11_LIVER) {
			const residual = /[YZ]$/.test(e.code);
			expect(/\/(other|unspecified)$/.test(e.uri), e.code).toBe(residual);
		}
	});

	it('puts each code in the chapter its first character belongs to', () => {
		const chapterOf: Record<string, string> = { '1': '01', '2': '02', '5': '05', D: '13', L: '20', N: '22' };
		for (const e of ICD11_LIVER) expect(e.chapter, e.code).toBe(chapterOf[e.code[0]]);
	});

	it('contains DB92 and DB93 with their WHO English titles and URIs', () => {
		expect(getIcd11('DB92')).toMatchObject({
			title_en: 'Non-alcoholic fatty liver disease',
			uri: 'http://id.who.int/icd/release/11/2024-01/mms/1912806631',
			chapter: '13'
		});
		expect(getIcd11('DB93')).toMatchObject({
			title_en: 'Hepatic fibrosis or cirrhosis',
			uri: 'http://id.who.int/icd/release/11/2024-01/mms/481852400',
			chapter: '13'
		});
		expect(getIcd11('2C12.02')?.title_en).toBe('Hepatocellular carcinoma of liver');
	});

	it('is frozen', () => {
		expect(Object.isFrozen(ICD11_LIVER)).toBe(true);
		expect(Object.isFrozen(ICD11_LIVER[0])).toBe(true);
	});
});

describe('isKnownIcd11Code', () => {
	it('accepts bundled codes with or without the dot, in any case', () => {
		expect(isKnownIcd11Code('DB92')).toBe(true);
		expect(isKnownIcd11Code('db92.0')).toBe(true);
		expect(isKnownIcd11Code('DB920')).toBe(true);
		expect(isKnownIcd11Code(' 2c12.02 ')).toBe(true);
	});

	it('rejects unknown, invented or malformed codes', () => {
		for (const code of ['', 'DB9', 'DB92.9', 'DB99.99', 'XX00', 'K76.0', 'DB92 0x', 'hígado'])
			expect(isKnownIcd11Code(code), code).toBe(false);
	});
});

describe('findIcd11', () => {
	it('finds the fatty liver codes from Spanish words, with and without accents', () => {
		for (const query of ['hígado graso', 'higado graso', 'HÍGADO  GRASO', 'graso higado']) {
			const found = codes(findIcd11(query, 'es'));
			expect(found[0], query).toBe('DB92');
			expect(found, query).toEqual(expect.arrayContaining(['DB92.0', 'DB94.0']));
		}
	});

	it('finds cirrhosis in Spanish, the general category first', () => {
		const found = codes(findIcd11('cirrosis', 'es'));
		expect(found.slice(0, 2)).toEqual(['DB93', 'DB93.1']);
		expect(found).toEqual(expect.arrayContaining(['DB94.3', 'DB94.10']));
		expect(found).not.toContain('DB92');
	});

	it('finds carcinoma: titles starting with it first, then cholangiocarcinomas', () => {
		// Two Spanish titles start with it ("Carcinoma hepatocelular y colangiocarcinoma combinados",
		// "Carcinoma hepatocelular del hígado"); the match tier outranks the language, so in both UIs
		// they tie and come in code order.
		for (const locale of ['es', 'en'] as const) {
			const found = codes(findIcd11('carcinoma', locale));
			expect(found.slice(0, 2), locale).toEqual(['2C12.00', '2C12.02']);
			expect(found, locale).toContain('2C12.10');
		}
	});

	it('matches English words case-insensitively; all words must match', () => {
		expect(codes(findIcd11('Budd-Chiari', 'en'))).toEqual(['DB98.5']);
		expect(codes(findIcd11('portal vein thrombosis', 'en'))[0]).toBe('DB98.3');
		expect(codes(findIcd11('liver laceration', 'en'))).toEqual(['NB91.11', 'NB91.12', 'NB91.13']);
		expect(findIcd11('cirrhosis unicorn', 'en')).toEqual([]);
	});

	it('puts the exact code first, then the codes it prefixes, in code order', () => {
		const found = codes(findIcd11('db92', 'es'));
		expect(found).toEqual(['DB92', 'DB92.0', 'DB92.1']);
		expect(codes(findIcd11('DB92.0', 'en'))[0]).toBe('DB92.0');
		expect(codes(findIcd11('2c1202', 'en'))).toEqual(['2C12.02']);
	});

	it('lists every DB9 code for "DB9", parents before children', () => {
		const found = codes(findIcd11('DB9', 'en'));
		expect(found[0]).toBe('DB90');
		expect(found.slice(0, 3)).toEqual(['DB90', 'DB90.0', 'DB91']);
		expect(found).toEqual(expect.arrayContaining(['DB92', 'DB93', 'DB98.5', 'DB9Z']));
		expect(found.every((c) => c.startsWith('DB9'))).toBe(true);
		expect(found).toEqual([...found].sort());
	});

	it('ranks titles starting with the query before titles merely containing its words', () => {
		const found = findIcd11('hepatic', 'en');
		const starts = found.map((e) => /^hepatic\b/i.test(e.title_en));
		const firstOther = starts.indexOf(false);
		expect(firstOther).toBeGreaterThan(0);
		expect(starts.slice(firstOther)).not.toContain(true);
		expect(codes(found)).toEqual(expect.arrayContaining(['DB93', 'DB99.1', 'DB91', 'DB99.8']));
	});

	it('mixes languages inside one query', () => {
		expect(codes(findIcd11('hepatitis B crónica', 'es'))[0]).toBe('1E51.0');
		expect(codes(findIcd11('chronic hepatitis B', 'en'))[0]).toBe('1E51.0');
	});

	it('returns nothing for empty or unmatched queries', () => {
		expect(findIcd11('', 'es')).toEqual([]);
		expect(findIcd11('   ', 'en')).toEqual([]);
		expect(findIcd11('zzzz', 'en')).toEqual([]);
		expect(findIcd11('XX99', 'en')).toEqual([]);
	});
});

describe('icd11BrowserUrl', () => {
	it('links to the WHO browser for the release, language and entity', () => {
		expect(icd11BrowserUrl(getIcd11('DB92')!, 'es')).toBe('https://icd.who.int/browse/2024-01/mms/es#1912806631');
		expect(icd11BrowserUrl(getIcd11('DB9Z')!, 'en')).toBe(
			'https://icd.who.int/browse/2024-01/mms/en#1784240230/unspecified'
		);
	});
});

describe('Spanish titles', () => {
	it('gives every entry a Spanish title with the es.po message it was copied from', () => {
		for (const e of ICD11_LIVER) {
			expect(e.title_es, e.code).toBeTruthy();
			expect(e.title_es!.trim(), e.code).toBe(e.title_es);
			// es.po message ids are the code with "-" for "." (GNU Health record ids).
			expect(e.source_es, e.code).toContain(`locale/es.po, msgctxt "model:gnuhealth.pathology,name:${e.code.replace('.', '-')}"`);
		}
	});

	it('icd11Title shows the Spanish title in Spanish and the WHO English title otherwise', () => {
		const db92 = getIcd11('DB92')!;
		expect(icd11Title(db92, 'es')).toBe('Hepatopatía grasa no alcohólica');
		expect(icd11Title(db92, 'en')).toBe('Non-alcoholic fatty liver disease');
		expect(icd11Title({ ...db92, title_es: null }, 'es')).toBe('Non-alcoholic fatty liver disease');
	});

	it('finds entries by words of their Spanish title', () => {
		expect(findIcd11('hepatopatía grasa', 'es').map((e) => e.code)).toEqual(expect.arrayContaining(['DB92', 'DB94.0']));
		expect(findIcd11('desgarro hepático mayor', 'es')[0]?.code).toBe('NB91.13');
	});
});
