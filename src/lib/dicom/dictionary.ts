/**
 * The PS3.6 data dictionary: tag ↔ keyword ↔ VR. Built lazily from the generated compact table
 * on first use (a few milliseconds), so modules that never look anything up pay nothing.
 */
import { DICTIONARY_ENTRIES, DICTIONARY_RANGES } from './dictionary.generated';
import { isPrivate } from './tags';

/** DictionaryEntry is what PS3.6 says about one tag. */
export interface DictionaryEntry {
	tag: number;
	keyword: string;
	/** vrs lists the allowed VRs ("US or SS" gives ['US', 'SS']); delimiters have ['NONE']. */
	vrs: readonly string[];
	retired: boolean;
}

let byTag: Map<number, DictionaryEntry> | undefined;
let byKeyword: Map<string, DictionaryEntry> | undefined;
let ranges: DictionaryEntry[] | undefined;
const rangeMasks: number[] = [];

function load(): void {
	byTag = new Map();
	byKeyword = new Map();
	for (const line of DICTIONARY_ENTRIES.split('\n')) {
		const entry = entryOf(line);
		byTag.set(entry.tag, entry);
		byKeyword.set(entry.keyword, entry);
	}
	ranges = DICTIONARY_RANGES.map(([mask, value, vr, keyword, retired]) => {
		rangeMasks.push(mask);
		const entry = { tag: value, keyword, vrs: vr.split('/'), retired: retired === 1 };
		byKeyword!.set(keyword, entry);
		return entry;
	});
}

/** found remembers the tags looked up before the whole table is built (null: not an exact entry). */
const found = new Map<number, DictionaryEntry | null>();

/**
 * exactEntry finds a tag's own line by binary search in the compact table (its lines are sorted by
 * tag), so a caller that only looks tags up (the de-identification of a series meets a few hundred)
 * never builds the maps of all 5,000 entries.
 */
function exactEntry(t: number): DictionaryEntry | undefined {
	if (byTag) return byTag.get(t);
	const known = found.get(t);
	if (known !== undefined) return known ?? undefined;
	const table = DICTIONARY_ENTRIES;
	let lo = 0;
	let hi = table.length;
	let entry: DictionaryEntry | null = null;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		const start = table.lastIndexOf('\n', mid) + 1;
		const end = table.indexOf('\n', start);
		const line = table.slice(start, end === -1 ? table.length : end);
		const tag = parseInt(line.slice(0, 8), 16) >>> 0;
		if (tag === t) {
			entry = entryOf(line);
			break;
		}
		if (tag < t) lo = end === -1 ? table.length : end + 1;
		else hi = start === 0 ? 0 : start - 1;
	}
	found.set(t, entry);
	return entry ?? undefined;
}

/** entryOf reads one line of the compact table: "GGGGEEEE" + VRs + ("*" retired | " ") + keyword. */
function entryOf(line: string): DictionaryEntry {
	let end = 8;
	while (line[end] !== ' ' && line[end] !== '*') end++;
	return { tag: parseInt(line.slice(0, 8), 16) >>> 0, vrs: line.slice(8, end).split('/'), retired: line[end] === '*', keyword: line.slice(end + 1) };
}

/** lookup returns the dictionary entry of a tag (exact tags first, then repeating groups such as (60xx,3000)). */
export function lookup(t: number): DictionaryEntry | undefined {
	const hit = exactEntry(t);
	if (hit) return hit;
	if (isPrivate(t)) return undefined;
	if (!ranges) load();
	for (let i = 0; i < ranges!.length; i++) {
		if (((t & rangeMasks[i]) >>> 0) === ranges![i].tag) return ranges![i];
	}
	return undefined;
}

/**
 * vrOf returns the VR to assume for a tag when the encoding does not say (Implicit VR, PS3.5 §A.1).
 * Group lengths are UL and Private Creators LO (PS3.5 §7.2, §7.8.1); an unknown tag is 'UN'.
 * Where PS3.6 allows several VRs the first is used, except "OB or OW", which Implicit VR
 * encodes as OW (PS3.5 §A.1 c). Callers that know Pixel Representation may refine US/SS.
 */
export function vrOf(t: number): string {
	const e = t & 0xffff;
	if (e === 0) return 'UL';
	if (isPrivate(t)) return e >= 0x10 && e <= 0xff ? 'LO' : 'UN';
	const entry = lookup(t);
	if (!entry) return 'UN';
	if (entry.vrs.length > 1) return entry.vrs.includes('OW') && entry.vrs[0] === 'OB' ? 'OW' : entry.vrs[0];
	return entry.vrs[0];
}

/** keywordOf returns the PS3.6 keyword of a tag ("PatientName"), or undefined for private or unknown tags. */
export function keywordOf(t: number): string | undefined {
	return lookup(t)?.keyword;
}

/** tagOf returns the tag of a PS3.6 keyword (for repeating groups, the first group: OverlayData → (6000,3000)). */
export function tagOf(keyword: string): number | undefined {
	if (!byKeyword) load();
	return byKeyword!.get(keyword)?.tag;
}
