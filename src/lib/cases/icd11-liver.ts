/**
 * Liver-related ICD-11 MMS codes a contributor picks from when consenting to the liver-pathology
 * AI dataset, and the search over them.
 *
 * Every code, English title and URI in `icd11-liver.json` was copied from WHO's ICD-11 MMS
 * (release 2024-01) and carries its source; see ICD11-SOURCES.md for how it was verified and what
 * is still missing. `title_es` is the Spanish title as shipped in GNU Health's packaging of the MMS
 * (scripts/gen-icd11-es.js, `source_es`), copied verbatim; `null` would mean none is bundled, and
 * `icd11Title` then shows the English WHO title.
 *
 * WHO licenses ICD-11 under CC BY-ND 3.0 IGO: codes, titles and URIs must be shown unaltered and
 * with ICD11_ATTRIBUTION; translations must be WHO's own.
 */
import data from './icd11-liver.json';

export type Icd11Group = 'disease' | 'neoplasm' | 'infection' | 'vascular' | 'congenital' | 'trauma' | 'other';

export interface Icd11Entry {
	/** ICD-11 MMS code exactly as WHO writes it, e.g. "DB92" or "2C12.02". */
	readonly code: string;
	/** WHO English title, verbatim. */
	readonly title_en: string;
	/** Spanish title, verbatim from `source_es`; null when none is bundled. */
	readonly title_es: string | null;
	/** Where the Spanish title was copied from (file and message id), or absent with no Spanish title. */
	readonly source_es?: string;
	/** WHO linearization (release) URI, e.g. http://id.who.int/icd/release/11/2024-01/mms/1912806631 */
	readonly uri: string;
	/** ICD-11 chapter number, two digits ("01", "13"...). */
	readonly chapter: string;
	readonly group: Icd11Group;
	/** Where the code and titles were verified. */
	readonly source: string;
}

/** The MMS release every bundled entry was verified against. */
export const ICD11_RELEASE = 'ICD-11 MMS 2024-01';

/** Attribution required by WHO's ICD-11 licence; show it wherever codes or titles are shown. */
export const ICD11_ATTRIBUTION =
	'International Classification of Diseases, Eleventh Revision (ICD-11), World Health Organization (WHO) 2019/2021 https://icd.who.int/browse11. Licensed under Creative Commons Attribution-NoDerivatives 3.0 IGO licence (CC BY-ND 3.0 IGO).';

export const ICD11_LIVER: readonly Icd11Entry[] = Object.freeze(
	(data as Icd11Entry[]).map((entry) => Object.freeze({ ...entry }))
);

/**
 * Search aids only: words people type, per code (synonyms, abbreviations, everyday wording). They are
 * NOT titles or translations, are never displayed and never stored; search matches them alongside the
 * Spanish titles.
 */
const SEARCH_KEYWORDS_ES: Readonly<Record<string, readonly string[]>> = {
	'1A36.10': ['absceso hepático', 'amebiano'],
	'1D82.0': ['hepatitis por citomegalovirus'],
	'1E50': ['hepatitis vírica aguda', 'hepatitis viral aguda'],
	'1E50.0': ['hepatitis A aguda'],
	'1E50.1': ['hepatitis B aguda'],
	'1E50.2': ['hepatitis C aguda'],
	'1E50.3': ['hepatitis D aguda'],
	'1E50.4': ['hepatitis E aguda'],
	'1E51': ['hepatitis vírica crónica', 'hepatitis viral crónica'],
	'1E51.0': ['hepatitis B crónica'],
	'1E51.1': ['hepatitis C crónica'],
	'1E51.2': ['hepatitis D crónica'],
	'1E51.3': ['hepatitis E crónica'],
	'1F73': ['equinococosis', 'hidatidosis'],
	'1F73.0': ['quiste hidatídico', 'hidatidosis hepática', 'equinococosis hepática'],
	'1F80': ['clonorquiasis'],
	'1F82': ['fasciolosis', 'fascioliasis'],
	'2B56.3': ['angiosarcoma hepático'],
	'2C12': ['cáncer de hígado', 'tumor maligno hepático'],
	'2C12.0': ['cáncer de hígado', 'tumor maligno hepático'],
	'2C12.00': ['colangiocarcinoma', 'hepatocolangiocarcinoma'],
	'2C12.02': ['carcinoma hepatocelular', 'hepatocarcinoma', 'CHC'],
	'2C12.1': ['tumor maligno de vías biliares intrahepáticas'],
	'2C12.10': ['colangiocarcinoma intrahepático'],
	'2D80': ['metástasis hepáticas'],
	'2D80.0': ['metástasis hepáticas'],
	'2D80.1': ['metástasis biliares'],
	'2E81.0': ['hemangioma'],
	'2E92.7': ['tumor benigno hepático'],
	'5C64.00': ['enfermedad de Wilson'],
	'5C64.10': ['sobrecarga de hierro'],
	'5C90': ['hepatopatía metabólica'],
	DB90: ['infección hepática'],
	'DB90.0': ['absceso hepático'],
	DB91: ['insuficiencia hepática aguda'],
	DB92: ['hígado graso', 'esteatosis hepática', 'EHGNA'],
	'DB92.0': ['hígado graso', 'esteatosis hepática'],
	'DB92.1': ['esteatohepatitis', 'EHNA'],
	DB93: ['fibrosis hepática', 'cirrosis'],
	'DB93.0': ['fibrosis hepática'],
	'DB93.1': ['cirrosis hepática'],
	DB94: ['hepatopatía alcohólica'],
	'DB94.0': ['hígado graso alcohólico', 'esteatosis alcohólica'],
	'DB94.1': ['hepatitis alcohólica'],
	'DB94.10': ['hepatitis alcohólica', 'cirrosis'],
	'DB94.2': ['fibrosis hepática alcohólica'],
	'DB94.3': ['cirrosis alcohólica'],
	DB95: ['hepatopatía tóxica', 'hepatotoxicidad', 'fármacos'],
	DB96: ['hepatopatía autoinmune'],
	'DB96.0': ['hepatitis autoinmune'],
	'DB96.1': ['colangitis biliar primaria'],
	'DB96.2': ['colangitis esclerosante primaria'],
	'DB97.2': ['hepatitis crónica'],
	DB98: ['enfermedad vascular hepática'],
	'DB98.0': ['infarto hepático'],
	'DB98.1': ['peliosis hepática'],
	'DB98.2': ['hiperplasia nodular regenerativa'],
	'DB98.3': ['trombosis portal', 'trombosis de la vena porta'],
	'DB98.5': ['síndrome de Budd-Chiari'],
	'DB98.6': ['enfermedad venooclusiva hepática'],
	'DB98.7': ['hipertensión portal'],
	'DB98.8': ['congestión hepática'],
	'DB98.9': ['aneurisma de la arteria hepática'],
	'DB98.A': ['hemorragia hepática'],
	'DB99.0': ['hepatopatía crónica'],
	'DB99.1': ['quiste hepático'],
	'DB99.10': ['poliquistosis hepática', 'hígado poliquístico'],
	'DB99.5': ['encefalopatía hepática'],
	'DB99.8': ['insuficiencia hepática crónica'],
	DB9Z: ['enfermedad hepática', 'hepatopatía'],
	LB20: ['anomalía congénita hepática'],
	'LB20.0': ['anomalía congénita hepática', 'malformación hepática'],
	'LB20.00': ['enfermedad fibropoliquística hepática'],
	'LB20.20': ['quiste de colédoco'],
	'LB20.21': ['atresia biliar'],
	'NB90.4': ['traumatismo de la vena porta'],
	'NB91.1': ['traumatismo hepático', 'lesión hepática'],
	'NB91.10': ['contusión hepática'],
	'NB91.11': ['laceración hepática'],
	'NB91.12': ['laceración hepática'],
	'NB91.13': ['laceración hepática'],
	'NB91.1Z': ['traumatismo hepático']
};

/** Search aids in English for common abbreviations and plurals; same status as the Spanish ones. */
const SEARCH_KEYWORDS_EN: Readonly<Record<string, readonly string[]>> = {
	'1F73': ['hydatid'],
	'1F73.0': ['hydatid cyst'],
	'2C12.02': ['HCC'],
	'2D80': ['liver metastases'],
	'2D80.0': ['liver metastases'],
	DB92: ['NAFLD', 'MASLD'],
	'DB92.1': ['NASH', 'MASH'],
	'DB99.10': ['polycystic liver']
};

/** Lower case, no accents, punctuation as spaces, single spaces (the whole MMS's search folds the same way). */
export function foldText(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

/** Code as compared in searches: upper case, without dots or spaces. */
export function compactCode(code: string): string {
	return code.toUpperCase().replace(/[\s.]/g, '');
}

interface Indexed {
	readonly entry: Icd11Entry;
	readonly compact: string;
	/** Normalized texts (titles and keywords) per language. */
	readonly texts: { readonly en: readonly string[]; readonly es: readonly string[] };
	readonly words: { readonly en: readonly string[]; readonly es: readonly string[] };
}

const INDEX: readonly Indexed[] = ICD11_LIVER.map((entry) => {
	const en = [entry.title_en, ...(SEARCH_KEYWORDS_EN[entry.code] ?? [])].map(foldText);
	const es = [...(entry.title_es ? [entry.title_es] : []), ...(SEARCH_KEYWORDS_ES[entry.code] ?? [])].map(
		foldText
	);
	const split = (texts: string[]) => [...new Set(texts.flatMap((t) => t.split(' ')).filter(Boolean))];
	return { entry, compact: compactCode(entry.code), texts: { en, es }, words: { en: split(en), es: split(es) } };
});

const BY_COMPACT = new Map(INDEX.map((item) => [item.compact, item.entry]));

/** Match quality, best first. */
const Tier = { ExactCode: 0, CodePrefix: 1, TitleStart: 2, WordPrefix: 3, WordPart: 4 } as const;
type Tier = (typeof Tier)[keyof typeof Tier];

/** Shortest word part a substring match accepts: shorter ones match almost everything. */
const MIN_PART = 3;

function wordsMatch(tokens: readonly string[], words: readonly string[], part: boolean): boolean {
	return tokens.every((token) =>
		words.some((word) => word.startsWith(token) || (part && token.length >= MIN_PART && word.includes(token)))
	);
}

/**
 * Entries matching `query`, best first: exact code, code prefix (case-insensitive, with or without the
 * dot), a title or search keyword starting with the query, every query word starting a word, every
 * query word inside a word. Words match in English and Spanish regardless of `locale`, accent- and
 * case-insensitively; all query words must match. Ties go to matches in the `locale` language, then
 * ICD-11 code order (parents before children).
 */
export function findIcd11(query: string, locale: 'es' | 'en'): Icd11Entry[] {
	const phrase = foldText(query);
	if (!phrase) return [];
	const tokens = phrase.split(' ');
	const code = compactCode(query);
	const other = locale === 'es' ? 'en' : 'es';
	const ranked: { entry: Icd11Entry; tier: Tier; foreign: number }[] = [];
	for (const item of INDEX) {
		if (item.compact === code) {
			ranked.push({ entry: item.entry, tier: Tier.ExactCode, foreign: 0 });
			continue;
		}
		if (code && item.compact.startsWith(code)) {
			ranked.push({ entry: item.entry, tier: Tier.CodePrefix, foreign: 0 });
			continue;
		}
		const codeWords = [item.compact.toLowerCase()];
		let best: { tier: Tier; foreign: number } | null = null;
		for (const [lang, foreign] of [
			[locale, 0],
			[other, 1]
		] as const) {
			const words = [...item.words[lang], ...codeWords];
			let tier: Tier | null = null;
			if (item.texts[lang].some((text) => text.startsWith(phrase))) tier = Tier.TitleStart;
			else if (wordsMatch(tokens, words, false)) tier = Tier.WordPrefix;
			else if (wordsMatch(tokens, words, true)) tier = Tier.WordPart;
			if (tier !== null && (!best || tier < best.tier)) best = { tier, foreign };
		}
		if (!best) {
			// Query words may be split across the two languages ("hepatitis crónica B").
			const words = [...item.words.en, ...item.words.es, ...codeWords];
			if (wordsMatch(tokens, words, false)) best = { tier: Tier.WordPrefix, foreign: 1 };
			else if (wordsMatch(tokens, words, true)) best = { tier: Tier.WordPart, foreign: 1 };
		}
		if (best) ranked.push({ entry: item.entry, ...best });
	}
	ranked.sort(
		(a, b) =>
			a.tier - b.tier ||
			a.foreign - b.foreign ||
			(a.entry.code < b.entry.code ? -1 : a.entry.code > b.entry.code ? 1 : 0)
	);
	return ranked.map((r) => r.entry);
}

/** The bundled entry for `code` (case-insensitive, with or without the dot), or undefined. */
export function getIcd11(code: string): Icd11Entry | undefined {
	return BY_COMPACT.get(compactCode(code));
}

/** Whether `code` is one of the bundled, verified codes (case-insensitive, with or without the dot). */
export function isKnownIcd11Code(code: string): boolean {
	return getIcd11(code) !== undefined;
}

/**
 * The title to show for `entry` in the UI's language: the bundled Spanish title in Spanish, the WHO
 * English title in English and whenever no Spanish title is bundled. Every ICD-11 title the app
 * shows goes through here, so a language is handled in one place.
 */
export function icd11Title(entry: Pick<Icd11Entry, 'title_en' | 'title_es'>, locale: string): string {
	return locale === 'es' && entry.title_es ? entry.title_es : entry.title_en;
}

/** WHO ICD-11 browser link for an entry, in the given language. */
export function icd11BrowserUrl(entry: Pick<Icd11Entry, 'uri'>, locale: string): string {
	const lang = locale === 'es' ? 'es' : 'en';
	const match = /\/release\/11\/([^/]+)\/mms\/(.+)$/.exec(entry.uri);
	if (!match) return 'https://icd.who.int/browse/latest-release/mms/' + lang;
	return `https://icd.who.int/browse/${match[1]}/mms/${lang}#${match[2]}`;
}
