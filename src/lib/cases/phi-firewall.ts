/**
 * The PHI firewall: before anything leaves the device, every outgoing text field and file
 * (preview and DICOM bytes, generated names, MIME types) is scanned for the identifying values
 * recorded at import. A hit blocks the whole case. Hits say where (field, file, DICOM attribute)
 * and what kind of value, never the value itself, so they are safe to log and show.
 *
 * Built on deid's matcher (`findPhi`: case, accents, name orders, `^`, dates, UTF-8/Latin-1
 * bytes), plus what an outgoing payload needs on top:
 * - DICOM text decoded in the file's own Specific Character Set (PS3.5 §6.1.2.3: ISO 8859-5,
 *   -7, ISO 2022 JIS, GB18030...), attribute by attribute, at every sequence depth;
 * - names glued together ("GarciaMaria", "MARIA_GARCIA.jpg") and separators `_` `.` in names;
 * - dates run into other characters ("1961-03-15T10:00", a DICOM DT "19610315103000").
 *
 * One thing it must not flag: a date the de-identifier wrote. Dates move by one per-case offset,
 * so a shifted date can land on another recorded original (the study date moved onto the birth
 * date). Given the case's offset, a date hit inside a DA/DT element is the de-identifier's own
 * output when the element's value, moved back by the offset, is a recorded original of that same
 * attribute (see writtenDates); such hits are dropped. So is a date that a DT's digits only
 * spell across its date and its time ("20190120200506" holds "20200506" from its seventh digit):
 * those digits are a day and a time of day, both moved. An original left in a recorded DA/DT
 * element, a date in any other element, a text field, a file name or a preview is still caught.
 */
import { parseDicom } from '../dicom/parse';
import type { DicomDataset } from '../dicom/dataset';
import { keywordOf } from '../dicom/dictionary';
import { tagToString } from '../dicom/tags';
import { elementText } from '../dicom/values';
import { STRING_VRS } from '../dicom/vr';
import { fold, findPhi } from '../dicom/deid/phi-match';
import type { PhiKind, PhiRecord, PhiValue } from '../dicom/deid/phi-types';
import { shiftDa } from '../dicom/deid/dates';
import { dateVariants } from '../dicom/deid/phi-variants';
import type { OutgoingFile } from './outgoing';

/** OutgoingPayload is what a request (or a whole case) would send: named text fields and files. */
export interface OutgoingPayload {
	fields?: Readonly<Record<string, string | number | boolean>>;
	files?: readonly OutgoingFile[];
}

/** ScanOptions: what the firewall knows of the de-identification the files went through. */
export interface ScanOptions {
	/** dateOffsetDays is the case's date shift (DeidContext.dateOffsetDays); null or absent when unknown (every date hit counts). */
	dateOffsetDays?: number | null;
}

/** FirewallHit says where an identifying value was found, never the value. */
export interface FirewallHit {
	/** where: a field name ("title", "series 2 description"), or a file's `where` ("image 3 dicom"). */
	where: string;
	/** part of a file: its bytes, its name, its type, or a DICOM attribute; 'field' for text fields. */
	part: 'field' | 'name' | 'type' | 'bytes' | 'attribute';
	/** attribute is the DICOM attribute path ("PatientName", "RequestAttributesSequence[0].AccessionNumber") for part 'attribute'. */
	attribute?: string;
	/** offset in the file for part 'bytes'. */
	offset?: number;
	kind: PhiKind;
	/** sources are the attributes the PHI was recorded from ("PatientName"): safe, and tell the user what leaked. */
	sources: string[];
}

const GLUE_MIN = 6;

/** gluedNames are a name's parts run together without separators, which the word-boundary matcher cannot see. */
function gluedNames(value: PhiValue): string[] {
	const out: string[] = [];
	for (const group of value.value.split('=')) {
		const parts = group.split('^').map((p) => fold(p).text.replace(/[\s\p{P}]/gu, '')).filter(Boolean);
		if (parts.length < 2) continue;
		const [family, ...rest] = parts;
		out.push(family + rest.join(''), rest.join('') + family);
	}
	return out.filter((g) => g.length >= GLUE_MIN);
}

/** squash folds text and removes separators, so "María_García" and "MARIAGARCIA" compare equal. */
function squash(text: string): string {
	return fold(text).text.replace(/[\s\p{P}\p{S}]/gu, '');
}

/** Compiled is a record with the extra forms precomputed: a case scans hundreds of files with one record. */
interface Compiled {
	record: PhiRecord;
	glued: { value: PhiValue; forms: string[] }[];
	dates: { value: PhiValue; forms: string[] }[];
}

const compiled = new WeakMap<PhiRecord, Compiled>();

/**
 * compile drops recorded values with no letter or digit (an empty PN is stored as "^^^^", and as
 * a needle it would match every empty name in every DICOM file) and precomputes the extra forms.
 */
function compile(phi: PhiRecord): Compiled {
	const cached = compiled.get(phi);
	if (cached) return cached;
	const record = { values: phi.values.filter((v) => /[\p{L}\p{N}]/u.test(v.value)) };
	const result: Compiled = {
		record,
		glued: record.values.filter((v) => v.kind === 'name').map((value) => ({ value, forms: gluedNames(value) })),
		dates: record.values
			.filter((v) => v.kind === 'date')
			.map((value) => ({ value, forms: dateVariants(value.value).filter((d) => d.length >= 8 && /^[\d./-]+$/.test(d)) }))
	};
	compiled.set(phi, result);
	return result;
}

/** extraHits finds what findPhi's word rule lets through: glued names and dates inside longer tokens. */
function extraHits(text: string, c: Compiled): PhiValue[] {
	const squashed = squash(text);
	const folded = fold(text).text;
	return [
		...c.glued.filter((g) => g.forms.some((f) => squashed.includes(f))).map((g) => g.value),
		...c.dates.filter((d) => d.forms.some((f) => folded.includes(f))).map((d) => d.value)
	];
}

function sourcesOf(record: PhiRecord, kind: PhiKind, value: string): string[] {
	return record.values.find((v) => v.kind === kind && v.value === value)?.sources ?? [];
}

type Found = { kind: PhiKind; value: string };

/** hitsOf turns the distinct values found at one place into hits. */
function hitsOf(found: Iterable<Found>, c: Compiled, at: Omit<FirewallHit, 'kind' | 'sources'>): FirewallHit[] {
	const values = new Map<string, Found>();
	for (const f of found) values.set(`${f.kind}\0${f.value}`, f);
	return [...values.values()].map((v) => ({ ...at, kind: v.kind, sources: sourcesOf(c.record, v.kind, v.value) }));
}

/** scanText returns one hit per distinct PHI value found in a text, at `where`. */
function scanText(text: string, c: Compiled, at: Omit<FirewallHit, 'kind' | 'sources'>): FirewallHit[] {
	return hitsOf([...findPhi(text, c.record), ...extraHits(text, c)], c, at);
}

interface TextElement {
	path: string;
	keyword: string;
	vr: string;
	text: string;
	start: number;
	end: number;
}

/** dicomTexts lists every character-data element of a dataset, decoded in its character set, at every depth, in file order. */
function dicomTexts(ds: DicomDataset, prefix = ''): TextElement[] {
	const out: TextElement[] = [];
	for (const el of ds.elements) {
		const name = prefix + (keywordOf(el.tag) ?? tagToString(el.tag));
		if (el.items) {
			el.items.forEach((item, i) => out.push(...dicomTexts(item, `${name}[${i}].`)));
		} else if (!el.fragments && (STRING_VRS.has(el.vr) || el.vr === 'UN') && el.length > 0) {
			out.push({ path: name, keyword: keywordOf(el.tag) ?? '', vr: el.vr, text: elementText(ds, el), start: el.valueOffset, end: el.valueOffset + el.length });
		}
	}
	return out;
}

/**
 * writtenDates returns the dates (YYYYMMDD) of a DA/DT element that the de-identifier wrote: each
 * value whose date, moved back by the case's offset (or one day more, the carry of a time of day
 * that passed midnight), is a recorded original of this attribute.
 * The PHI record holds every date attribute of the study (collectPhi), so this is exact. A draft
 * imported before the record held them all may lack an attribute's original: then the value
 * counts as written when it moves back onto any recorded date (such dates usually repeat the
 * study's).
 */
function writtenDates(el: TextElement, c: Compiled, offset: number | null): Set<string> {
	const out = new Set<string>();
	if (offset === null || (el.vr !== 'DA' && el.vr !== 'DT') || !el.keyword) return out;
	const recorded = c.dates.some((d) => d.value.sources.includes(el.keyword));
	for (const value of el.text.split('\\')) {
		const date = value.trim().slice(0, 8);
		if (!/^\d{8}$/.test(date)) continue;
		// A date paired with a time moved one more day when its time passed midnight (dates.ts).
		const originals = [shiftDa(date, -offset), shiftDa(date, -offset - 1)];
		if (c.dates.some((d) => originals.includes(d.value.value) && (!recorded || d.value.sources.includes(el.keyword)))) out.add(date);
	}
	return out;
}

/**
 * onlyAcrossDigits says whether a recorded date occurs in a DA or DT element's text only right
 * after a digit, so only as a run across a date and a time of day, never where a date is written
 * (a value's or a range end's start). False when no form of it is found: the hit then counts.
 */
function onlyAcrossDigits(text: string, value: string, c: Compiled): boolean {
	const forms = c.dates.find((d) => d.value.value === value)?.forms ?? [value];
	let seen = false;
	for (const form of forms) {
		for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) {
			if (!/\d/.test(text[at - 1] ?? '')) return false;
			seen = true;
		}
	}
	return seen;
}

// Between attributes when they are searched as one text: no letter or digit, so no match spans two.
const SEPARATOR = '\n\u00a6\n';

/**
 * scanDicom scans every text attribute in its own character set (all attributes joined into one
 * text, so the matcher runs once per file), then the raw bytes for anything outside them.
 */
function scanDicom(file: OutgoingFile, c: Compiled, offset: number | null): FirewallHit[] {
	let elements: TextElement[] = [];
	let sameBuffer = true;
	try {
		const parsed = parseDicom(file.bytes, { allowPartial: true });
		elements = [...(parsed.meta ? dicomTexts(parsed.meta) : []), ...dicomTexts(parsed.dataset)];
		sameBuffer = parsed.dataset.bytes === file.bytes;
	} catch {
		// not parseable: the raw byte scan below still runs over all of it
	}
	const starts: number[] = [];
	let joined = '';
	for (const el of elements) {
		starts.push(joined.length);
		joined += el.text + SEPARATOR;
	}
	const elementAt = (index: number): number => {
		let lo = 0;
		let hi = starts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (starts[mid] <= index) lo = mid;
			else hi = mid - 1;
		}
		return lo;
	};
	const byElement = new Map<number, Found[]>();
	for (const hit of findPhi(joined, c.record)) {
		const i = elementAt(hit.index);
		byElement.set(i, [...(byElement.get(i) ?? []), hit]);
	}
	elements.forEach((el, i) => {
		const extra = extraHits(el.text, c);
		if (extra.length > 0) byElement.set(i, [...(byElement.get(i) ?? []), ...extra]);
	});
	const written = new Map<number, Set<string>>();
	const isWritten = (i: number, f: Found) => f.kind === 'date' && (written.get(i)?.has(f.value) ?? false);
	const notADate = (i: number, f: Found) => f.kind === 'date' && (elements[i].vr === 'DA' || elements[i].vr === 'DT') && onlyAcrossDigits(elements[i].text, f.value, c);
	const hits: FirewallHit[] = [];
	const reported = new Set<number>();
	for (const [i, found] of [...byElement].sort((a, b) => a[0] - b[0])) {
		reported.add(i);
		if (found.some((f) => f.kind === 'date')) written.set(i, writtenDates(elements[i], c, offset));
		const leaks = found.filter((f) => !isWritten(i, f) && !notADate(i, f));
		if (leaks.length > 0) hits.push(...hitsOf(leaks, c, { where: file.where, part: 'attribute', attribute: elements[i].path }));
	}
	for (const hit of scanBytes(file, c)) {
		const i = sameBuffer && elements.length > 0 ? elementAtOffset(elements, hit.offset!) : -1;
		if (i < 0 || !reported.has(i)) hits.push(hit);
	}
	return hits;
}

/** elementAtOffset returns the element whose value holds this byte offset, or -1. */
function elementAtOffset(elements: readonly TextElement[], offset: number): number {
	return elements.findIndex((el) => offset >= el.start && offset < el.end);
}

/** scanBytes scans a file's bytes as UTF-8 and Latin-1 text (JPEG comments, EXIF, anything). */
function scanBytes(file: OutgoingFile, c: Compiled): FirewallHit[] {
	const seen = new Set<string>();
	const hits: FirewallHit[] = [];
	for (const hit of findPhi(file.bytes, c.record)) {
		const key = `${hit.kind}\0${hit.value}\0${hit.index}`;
		if (seen.has(key)) continue;
		seen.add(key);
		hits.push({ where: file.where, part: 'bytes', offset: hit.index, kind: hit.kind, sources: sourcesOf(c.record, hit.kind, hit.value) });
	}
	return hits;
}

/**
 * scanOutgoing scans every text field and every file (name, type, bytes; DICOM attribute by
 * attribute) of a payload for the PHI in `phi` (treated as immutable: its compiled form is
 * cached per record). With the case's date offset, dates the de-identifier wrote are told from
 * leftover originals (see the file comment). An empty array means the payload may be sent.
 */
export function scanOutgoing(payload: OutgoingPayload, phi: PhiRecord | null, options: ScanOptions = {}): FirewallHit[] {
	if (!phi) return [];
	const c = compile(phi);
	if (c.record.values.length === 0) return [];
	const hits: FirewallHit[] = [];
	for (const [field, value] of Object.entries(payload.fields ?? {})) {
		if (typeof value === 'string' && value) hits.push(...scanText(value, c, { where: field, part: 'field' }));
	}
	for (const file of payload.files ?? []) {
		hits.push(...scanText(file.name, c, { where: file.where, part: 'name' }));
		hits.push(...scanText(file.type, c, { where: file.where, part: 'type' }));
		hits.push(...(file.dicom ? scanDicom(file, c, options.dateOffsetDays ?? null) : scanBytes(file, c)));
	}
	return hits;
}

/** describeHit is a log line for a hit: where and what kind, never the value. */
export function describeHit(hit: FirewallHit): string {
	const place = hit.part === 'attribute' ? `${hit.where} ${hit.attribute}` : hit.part === 'bytes' ? `${hit.where} byte ${hit.offset}` : `${hit.where} (${hit.part})`;
	return `${hit.kind} from ${hit.sources.join(', ') || 'import'} found in ${place}`;
}
