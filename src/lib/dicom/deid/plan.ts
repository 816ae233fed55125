/**
 * The walk: every element at every depth gets one decision, from the profile (`profile.ts`), the
 * blanket rules (private groups, overlays, curves, group lengths) or the unlisted rule
 * (`unlisted.ts`). The result is the output tree (OutNode) and one PlanEntry per element.
 * Nothing is written here and the input is never modified.
 */
import type { DicomDataset, DicomElement } from '../dataset';
import { keywordOf, vrOf } from '../dictionary';
import { isRepeatingGroup, tagToString } from '../tags';
import { elementText } from '../values';
import { STRING_VRS } from '../vr';
import { shiftTemporalValue, type TemporalOffset } from './dates';
import type { DeidContext, Outcome, OutNode, PlanEntry, Reason } from './engine-types';
import { decisionsFor, resolveWith, type Decisions, type Resolution } from './profile';
import type { DeidOptions, SimpleAction } from './profile-types';
import { pairedTimeTag } from './time-pairs';
import type { UidMapper } from './uids';
import { unlistedAction } from './unlisted';

/** DUMMY_TEXT is the dummy of PS3.15 action D for text VRs: says what it is, identifies nobody. */
const DUMMY_TEXT = 'ANONYMIZED';

/** DUMMIES holds action D's replacement per string VR; binary VRs get a zero of their width (BINARY_WIDTH). */
const DUMMIES: Readonly<Record<string, string>> = {
	AE: DUMMY_TEXT,
	CS: DUMMY_TEXT,
	LO: DUMMY_TEXT,
	LT: DUMMY_TEXT,
	PN: DUMMY_TEXT,
	SH: DUMMY_TEXT,
	ST: DUMMY_TEXT,
	UC: DUMMY_TEXT,
	UT: DUMMY_TEXT,
	AS: '000Y',
	DA: '19000101',
	DT: '19000101000000',
	TM: '000000',
	DS: '0',
	IS: '0',
	// .invalid is reserved and never resolves (RFC 2606).
	UR: 'http://anonymized.invalid'
};

/**
 * BINARY_WIDTH is the byte width of one value of a binary VR (PS3.5 Table 6.2-1): action D
 * writes one zero value, as PS3.15 §E.1.1 asks for a dummy of non-zero length.
 */
const BINARY_WIDTH: Readonly<Record<string, number>> = {
	US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, SV: 8, UV: 8, AT: 4, OB: 2, OW: 2, OF: 4, OL: 4, OD: 8, OV: 8, UN: 2
};

/** MAX_SHOWN bounds an old or new value in the plan: enough to recognise it. */
const MAX_SHOWN = 120;

/** PlanState is shared by the whole walk of one instance. */
export interface PlanState {
	options: DeidOptions;
	ctx: DeidContext;
	uids: UidMapper;
	/** entries receives one entry per attribute decided, at every depth; null when only the counts are wanted. */
	entries: PlanEntry[] | null;
	/** counts tallies the decisions by outcome. */
	counts: Partial<Record<Outcome, number>>;
	/** withOldValues adds each input value to the plan (the device-only view). */
	withOldValues: boolean;
	/** sopClassUID of the instance, for the few decisions that depend on the IOD. */
	sopClassUID: string;
	/** skipTop lists top-level tags the engine writes itself (de-identification method attributes). */
	skipTop: ReadonlySet<number>;
	/** decisions is the profile's memo for these options and BASIC_ONLY's (the fallback of C). */
	decisions: Decisions;
	basicDecisions: Decisions;
	/** offset is the context's days and time of day, as `dates.ts` takes them. */
	offset: TemporalOffset;
}

function shown(text: string): string {
	const t = text.replace(/[\0 ]+$/, '');
	return t.length > MAX_SHOWN ? `${t.slice(0, MAX_SHOWN)}…` : t;
}

function oldValueOf(ds: DicomDataset, el: DicomElement): string {
	if (el.items) return `${el.items.length} item(s)`;
	if (el.fragments) return `${el.fragments.length} fragment(s)`;
	if (STRING_VRS.has(el.vr)) return shown(elementText(ds, el));
	return `<${el.vr}, ${el.length} bytes>`;
}

/** asciiOf reads the whole value of an ASCII-only element (UI, DA, DT), padding removed. */
function asciiOf(ds: DicomDataset, el: DicomElement): string {
	return elementText(ds, el).replace(/[\0 ]+$/, '');
}

function dummy(tag: number, vr: string): OutNode {
	if (vr in DUMMIES) return { tag, vr, kind: 'text', text: DUMMIES[vr] };
	return { tag, vr, kind: 'bytes', bytes: new Uint8Array(BINARY_WIDTH[vr] ?? 0) };
}

function empty(tag: number, vr: string): OutNode {
	return vr === 'SQ' ? { tag, vr, kind: 'sequence', items: [] } : { tag, vr, kind: 'bytes', bytes: new Uint8Array(0) };
}

/** planDataset decides every element of one dataset (top level when depth is 0) and returns the kept ones. */
export function planDataset(ds: DicomDataset, state: PlanState, prefix: string, depth: number): OutNode[] {
	const out: OutNode[] = [];
	const elements = ds.elements;
	// Indexed loops, and no closures per element: the CLI runs this cold, once per study, where
	// every iterator result and closure is an allocation the interpreter really makes.
	for (let i = 0; i < elements.length; i++) {
		const el = elements[i];
		if (depth === 0 && state.skipTop.has(el.tag)) continue;
		const node = planElement({ ds, el, state, prefix, depth, vr: el.vr === 'UN' ? vrOf(el.tag) : el.vr }, el.tag);
		if (node) out.push(node);
	}
	return out;
}

/** Site is one element being decided, with what its decision needs. */
interface Site {
	ds: DicomDataset;
	el: DicomElement;
	state: PlanState;
	prefix: string;
	depth: number;
	/** vr is the dictionary VR for a standard attribute that arrived as UN (PS3.5 §6.2.2), else the element's own. */
	vr: string;
}

function planElement(site: Site, tag: number): OutNode | null {
	const { el, state, vr } = site;
	const group = tag >>> 16;
	// Blanket rules first: they hold whatever the options say (DESIGN.md; PS3.5 §7.2, §7.6, §7.8).
	if ((tag & 0xffff) === 0) return record(site, 'X', 'removed', 'group-length', null);
	if (group & 1) {
		// Retain Safe Private needs a list of attributes known to be safe (PS3.15 §E.3.10); Cassette keeps none.
		return record(site, 'X', 'removed', 'private', null);
	}
	if (isRepeatingGroup(tag)) return record(site, 'X', 'removed', (group & 0xff00) === 0x6000 ? 'overlay' : 'curve', null);

	const resolution = resolveWith(state.decisions, tag, state.options, state.sopClassUID);
	if (resolution) return apply(site, resolution.action, 'profile', resolution);
	const dates = datesRule(state.options);
	// The keyword is looked up only here and where a rule needs it: most attributes are decided by tag alone.
	const unlisted = unlistedAction(keywordOf(tag) || undefined, vr, isSequence(site), dates);
	return apply(site, unlisted.action, unlisted.reason, undefined);
}

/** datesRule is what the options do to dates and times the table does not list. */
function datesRule(options: DeidOptions): 'keep' | 'shift' | 'remove' {
	return options.retainLongitudinalFullDates ? 'keep' : options.retainLongitudinalModifiedDates ? 'shift' : 'remove';
}

function isSequence({ el, vr }: Site): boolean {
	return el.items !== undefined && (vr === 'SQ' || el.vr !== 'UN');
}

/** pathOf spells out the element's path; only a caller that wants the entries pays for it (the CLI wants counts only). */
function pathOf(site: Site): string {
	return site.prefix + tagToString(site.el.tag);
}

function record(site: Site, action: SimpleAction, outcome: Outcome, reason: Reason, node: OutNode | null): OutNode | null {
	const { state, el } = site;
	state.counts[outcome] = (state.counts[outcome] ?? 0) + 1;
	if (!state.entries) return node;
	const entry: PlanEntry = { path: pathOf(site), tag: el.tag, keyword: keywordOf(el.tag) ?? '', vr: site.vr, action, outcome, reason };
	if (state.withOldValues) entry.oldValue = oldValueOf(site.ds, el);
	if (node?.kind === 'text') entry.newValue = shown(node.text);
	state.entries.push(entry);
	return node;
}

function apply(site: Site, action: SimpleAction, reason: Reason, resolution: Resolution | undefined): OutNode | null {
	const { ds, el, state, vr } = site;
	const tag = el.tag;
	if (action === 'X') return record(site, action, 'removed', reason, null);
	if (vr === 'SQ' || isSequence(site)) {
		if (action === 'Z' || !el.items) return record(site, action, 'emptied', reason, empty(tag, 'SQ'));
		// D, K, C and U on a sequence keep its items and process each attribute inside them.
		record(site, action, 'recursed', reason, null);
		const path = state.entries ? pathOf(site) : '';
		const items: OutNode[][] = [];
		for (let i = 0; i < el.items.length; i++) items.push(planDataset(el.items[i], state, state.entries ? `${path}[${i}].` : '', site.depth + 1));
		return { tag, vr: 'SQ', kind: 'sequence', items };
	}
	if (action === 'Z') return record(site, action, 'emptied', reason, empty(tag, vr));
	if (action === 'K') return record(site, action, 'kept', reason, { tag, vr, kind: 'copy', from: ds, element: el });
	if (action === 'U' || (action === 'D' && vr === 'UI')) {
		if (vr !== 'UI') return record(site, 'X', 'removed', reason, null);
		const text = asciiOf(ds, el)
			.split('\\')
			.map((uid) => state.uids.map(uid))
			.join('\\');
		return record(site, 'U', 'uid-replaced', reason, { tag, vr, kind: 'text', text });
	}
	if (action === 'D') return record(site, action, 'dummy', reason, dummy(tag, vr));
	return clean(site, reason, resolution);
}

/** clean applies C (PS3.15 §E.3): dates shifted, descriptors replaced by the author's text, anything else as the Basic Profile says. */
function clean(site: Site, reason: Reason, resolution: Resolution | undefined): OutNode | null {
	const { ds, el, state, vr } = site;
	const tag = el.tag;
	if (vr === 'DA' || vr === 'DT' || vr === 'TM') {
		const text = shiftTemporalValue(vr, asciiOf(ds, el), state.offset, vr === 'DA' ? pairedTime(site) : undefined);
		return record(site, 'C', 'date-shifted', reason, { tag, vr, kind: 'text', text });
	}
	const keyword = state.ctx.descriptions ? keywordOf(tag) : undefined;
	const authored = keyword ? state.ctx.descriptions![keyword] : undefined;
	if (authored !== undefined && authored.trim() !== '') {
		return record(site, 'C', 'replaced', reason, { tag, vr, kind: 'text', text: authored.trim() });
	}
	const basic = resolution ? resolveWith(state.basicDecisions, tag, BASIC_ONLY, state.sopClassUID)!.action : 'X';
	return apply(site, basic, reason, resolution);
}

/**
 * pairedTime returns the value of the TM paired with this DA in the same dataset when that time is
 * shifted too (Study Time for Study Date…): its passing of midnight moves the date one more day.
 * A time kept or removed by the options moves nothing.
 */
function pairedTime({ ds, el, state }: Site): string | undefined {
	const timeTag = pairedTimeTag(el.tag);
	if (timeTag === null) return undefined;
	const time = ds.get(timeTag);
	if (!time || time.length === 0) return undefined;
	const listed = resolveWith(state.decisions, timeTag, state.options, state.sopClassUID);
	const action = listed ? listed.action : unlistedAction(keywordOf(timeTag), 'TM', false, datesRule(state.options)).action;
	return action === 'C' ? asciiOf(ds, time) : undefined;
}

/** basicDecisions is the profile's memo for BASIC_ONLY, the fallback of C. */
export function basicDecisions(): Decisions {
	return decisionsFor(BASIC_ONLY);
}

/** BASIC_ONLY turns every option off: the fallback of a cleaned attribute with nothing to replace it. */
const BASIC_ONLY: DeidOptions = {
	retainLongitudinalFullDates: false,
	retainLongitudinalModifiedDates: false,
	cleanDescriptors: false,
	retainUIDs: false,
	retainDeviceIdentity: false,
	retainPatientCharacteristics: false,
	retainInstitutionIdentity: false,
	cleanGraphics: false,
	cleanStructuredContent: false,
	retainSafePrivate: false
};
