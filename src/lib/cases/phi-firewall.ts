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
 */
import { parseDicom } from '../dicom/parse';
import type { DicomDataset } from '../dicom/dataset';
import { keywordOf } from '../dicom/dictionary';
import { tagToString } from '../dicom/tags';
import { elementText } from '../dicom/values';
import { STRING_VRS } from '../dicom/vr';
import { fold, findPhi } from '../dicom/deid/phi-match';
import type { PhiKind, PhiRecord, PhiValue } from '../dicom/deid/phi-types';
import { dateVariants } from '../dicom/deid/phi-variants';
import type { OutgoingFile } from './outgoing';

/** OutgoingPayload is what a request (or a whole case) would send: named text fields and files. */
export interface OutgoingPayload {
	fields?: Readonly<Record<string, string | number | boolean>>;
	files?: readonly OutgoingFile[];
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

/** extraHits finds what findPhi's word rule lets through: glued names and dates inside longer tokens. */
function extraHits(text: string, record: PhiRecord): PhiValue[] {
	const found: PhiValue[] = [];
	const squashed = squash(text);
	const folded = fold(text).text;
	for (const value of record.values) {
		if (value.kind === 'name' && gluedNames(value).some((g) => squashed.includes(g))) found.push(value);
		if (value.kind === 'date' && dateVariants(value.value).some((d) => d.length >= 8 && /^[\d./-]+$/.test(d) && folded.includes(d))) {
			found.push(value);
		}
	}
	return found;
}

function sourcesOf(record: PhiRecord, kind: PhiKind, value: string): string[] {
	return record.values.find((v) => v.kind === kind && v.value === value)?.sources ?? [];
}

/** scanText returns one hit per distinct PHI value found in a text, at `where`. */
function scanText(text: string, record: PhiRecord, at: Omit<FirewallHit, 'kind' | 'sources'>): FirewallHit[] {
	const values = new Map<string, { kind: PhiKind; value: string }>();
	for (const hit of findPhi(text, record)) values.set(`${hit.kind}\0${hit.value}`, hit);
	for (const value of extraHits(text, record)) values.set(`${value.kind}\0${value.value}`, value);
	return [...values.values()].map((v) => ({ ...at, kind: v.kind, sources: sourcesOf(record, v.kind, v.value) }));
}

interface TextElement {
	path: string;
	text: string;
	start: number;
	end: number;
}

/** dicomTexts lists every character-data element of a dataset, decoded in its character set, at every depth. */
function dicomTexts(ds: DicomDataset, prefix = ''): TextElement[] {
	const out: TextElement[] = [];
	for (const el of ds.elements) {
		const name = prefix + (keywordOf(el.tag) ?? tagToString(el.tag));
		if (el.items) {
			el.items.forEach((item, i) => out.push(...dicomTexts(item, `${name}[${i}].`)));
		} else if (!el.fragments && (STRING_VRS.has(el.vr) || el.vr === 'UN') && el.length > 0) {
			out.push({ path: name, text: elementText(ds, el), start: el.valueOffset, end: el.valueOffset + el.length });
		}
	}
	return out;
}

/** scanDicom scans each text attribute in its own character set; bytes outside those attributes are scanned raw. */
function scanDicom(file: OutgoingFile, record: PhiRecord): FirewallHit[] {
	let elements: TextElement[];
	let sameBuffer = true;
	try {
		const parsed = parseDicom(file.bytes, { allowPartial: true });
		elements = [...(parsed.meta ? dicomTexts(parsed.meta) : []), ...dicomTexts(parsed.dataset)];
		sameBuffer = parsed.dataset.bytes === file.bytes;
	} catch {
		// not parseable: the raw byte scan below still runs over all of it
		elements = [];
	}
	const hits: FirewallHit[] = [];
	for (const el of elements) {
		hits.push(...scanText(el.text, record, { where: file.where, part: 'attribute', attribute: el.path }));
	}
	for (const hit of scanBytes(file, record)) {
		const inReported = sameBuffer && elements.some((el) => hit.offset! >= el.start && hit.offset! < el.end && hits.some((h) => h.attribute === el.path));
		if (!inReported) hits.push(hit);
	}
	return hits;
}

/** scanBytes scans a file's bytes as UTF-8 and Latin-1 text (JPEG comments, EXIF, anything). */
function scanBytes(file: OutgoingFile, record: PhiRecord): FirewallHit[] {
	const seen = new Set<string>();
	const hits: FirewallHit[] = [];
	for (const hit of findPhi(file.bytes, record)) {
		const key = `${hit.kind}\0${hit.value}\0${hit.index}`;
		if (seen.has(key)) continue;
		seen.add(key);
		hits.push({ where: file.where, part: 'bytes', offset: hit.index, kind: hit.kind, sources: sourcesOf(record, hit.kind, hit.value) });
	}
	return hits;
}

/**
 * meaningful drops recorded values with no letter or digit: an empty PN is stored as "^^^^", and
 * as a needle it would match every empty name in every DICOM file and block clean uploads.
 */
function meaningful(record: PhiRecord | null): PhiRecord {
	return { values: (record?.values ?? []).filter((v) => /[\p{L}\p{N}]/u.test(v.value)) };
}

/**
 * scanOutgoing scans every text field and every file (name, type, bytes; DICOM attribute by
 * attribute) of a payload for the PHI in `record`. An empty array means it may be sent.
 */
export function scanOutgoing(payload: OutgoingPayload, phi: PhiRecord | null): FirewallHit[] {
	const record = meaningful(phi);
	if (record.values.length === 0) return [];
	const hits: FirewallHit[] = [];
	for (const [field, value] of Object.entries(payload.fields ?? {})) {
		if (typeof value === 'string' && value) hits.push(...scanText(value, record, { where: field, part: 'field' }));
	}
	for (const file of payload.files ?? []) {
		hits.push(...scanText(file.name, record, { where: file.where, part: 'name' }));
		hits.push(...scanText(file.type, record, { where: file.where, part: 'type' }));
		hits.push(...(file.dicom ? scanDicom(file, record) : scanBytes(file, record)));
	}
	return hits;
}

/** describeHit is a log line for a hit: where and what kind, never the value. */
export function describeHit(hit: FirewallHit): string {
	const place = hit.part === 'attribute' ? `${hit.where} ${hit.attribute}` : hit.part === 'bytes' ? `${hit.where} byte ${hit.offset}` : `${hit.where} (${hit.part})`;
	return `${hit.kind} from ${hit.sources.join(', ') || 'import'} found in ${place}`;
}
