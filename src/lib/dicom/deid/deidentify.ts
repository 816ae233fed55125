/**
 * deidentify and planDeidentification: the small generic engine that applies the profile to one
 * instance. It plans every element (`plan.ts`), adds the attributes that record the method
 * (`method.ts`) and writes a new Part 10 file with the core writer: same transfer syntax
 * (Deflated is written as Explicit VR Little Endian), Pixel Data copied byte for byte, file meta
 * regenerated with the new SOP Instance UID. The input is never modified.
 */
import type { DicomFile } from '../dataset';
import { T } from '../tags';
import { elementText, getString } from '../values';
import { writePart10, writePart10Parts, type OutElement, type WriteInput } from '../write';
import { encodeText, needsUnicode } from './encode-text';
import type { DeidContext, DeidReport, DeidResult, OutNode, PlanEntry } from './engine-types';
import { METHOD_TAGS, methodNodes } from './method';
import { collectPhi } from './phi-record';
import { basicDecisions, planDataset, type PlanState } from './plan';
import { decisionsFor, DEFAULT_OPTIONS, type DeidOptions } from './profile';
import { UidMapper } from './uids';

export type { DeidContext, DeidReport, DeidResult, PlanEntry, ReportEntry, Outcome, Reason } from './engine-types';

const SKIP_TOP: ReadonlySet<number> = new Set([...Object.values(METHOD_TAGS), T.SpecificCharacterSet]);

/** optionsOf completes the context's options with DEFAULT_OPTIONS. */
export function optionsOf(ctx: DeidContext): DeidOptions {
	return { ...DEFAULT_OPTIONS, ...ctx.options };
}

interface Planned {
	nodes: OutNode[];
	entries: PlanEntry[] | null;
	counts: DeidReport['counts'];
	charset: string[];
	options: DeidOptions;
	sopInstanceUID: string;
}

/** Detail is what the plan records besides the output: every entry with its old value (device-only view), the entries, or only the counts. */
type Detail = 'old-values' | 'entries' | 'counts';

function planFile(file: DicomFile, ctx: DeidContext, detail: Detail): Planned {
	if (!Number.isInteger(ctx.dateOffsetDays)) throw new RangeError('deidentify: dateOffsetDays must be a whole number of days');
	const s = ctx.timeOffsetSeconds;
	if (!Number.isInteger(s) || s < 0 || s >= 86_400) throw new RangeError('deidentify: timeOffsetSeconds must be a whole number of seconds in [0, 86400)');
	const options = optionsOf(ctx);
	const uids = UidMapper.forCase(ctx.secret);
	const entries: PlanEntry[] | null = detail === 'counts' ? null : [];
	const counts: DeidReport['counts'] = {};
	const withOldValues = detail === 'old-values';
	const sopClassUID = getString(file.dataset, T.SOPClassUID) ?? (file.meta ? getString(file.meta, T.MediaStorageSOPClassUID) : undefined) ?? '';
	const state: PlanState = {
		options,
		ctx,
		uids,
		entries,
		counts,
		withOldValues,
		sopClassUID,
		skipTop: SKIP_TOP,
		decisions: decisionsFor(options),
		basicDecisions: basicDecisions(),
		offset: { days: ctx.dateOffsetDays, seconds: ctx.timeOffsetSeconds }
	};
	const planned = planDataset(file.dataset, state, '', 0);

	// Specific Character Set is kept; a default-repertoire dataset that receives non-ASCII text
	// from the author becomes ISO_IR 192, of which ASCII is a subset (PS3.5 §6.1.2.3).
	let charset = file.dataset.characterSet;
	const authored = Object.values(ctx.descriptions ?? {});
	if (charset.length === 0 && authored.some(needsUnicode)) charset = ['ISO_IR 192'];
	const charsetEl = file.dataset.get(T.SpecificCharacterSet);
	const added: OutNode[] = [];
	if (charset.length > 0) {
		added.push(
			charsetEl && charset === file.dataset.characterSet
				? { tag: T.SpecificCharacterSet, vr: 'CS', kind: 'copy', from: file.dataset, element: charsetEl }
				: { tag: T.SpecificCharacterSet, vr: 'CS', kind: 'text', text: charset.join('\\') }
		);
	}
	added.push(...methodNodes(options));
	const nodes = mergeByTag(planned, added);

	const sop = file.dataset.get(T.SOPInstanceUID) ?? file.meta?.get(T.MediaStorageSOPInstanceUID);
	const source = sop && (file.dataset.get(T.SOPInstanceUID) ? file.dataset : file.meta!);
	const oldUid = sop && source ? elementText(source, sop).replace(/[\0 ]+$/, '') : '';
	const sopInstanceUID = options.retainUIDs ? oldUid : uids.map(oldUid);
	return { nodes, entries, counts, charset, options, sopInstanceUID };
}

/**
 * mergeByTag inserts the engine's own attributes (ascending) among the planned ones, which keep
 * the input's order: for a dataset in tag order, as nearly all are, the writer then has nothing
 * to sort.
 */
function mergeByTag(planned: OutNode[], added: OutNode[]): OutNode[] {
	added.sort((a, b) => a.tag - b.tag);
	const nodes: OutNode[] = [];
	let j = 0;
	for (let i = 0; i < planned.length; i++) {
		const node = planned[i];
		while (j < added.length && added[j].tag < node.tag) nodes.push(added[j++]);
		nodes.push(node);
	}
	while (j < added.length) nodes.push(added[j++]);
	return nodes;
}

function toOut(nodes: readonly OutNode[], charset: readonly string[]): OutElement[] {
	return nodes.map((n): OutElement => {
		switch (n.kind) {
			case 'copy':
				return { tag: n.tag, vr: n.vr, copyFrom: n.element, source: n.from };
			case 'text':
				return { tag: n.tag, vr: n.vr, value: encodeText(n.text, charset) };
			case 'bytes':
				return { tag: n.tag, vr: n.vr, value: n.bytes };
			case 'sequence':
				return { tag: n.tag, vr: 'SQ', items: n.items.map((item) => toOut(item, charset)) };
		}
	});
}

function reportOf(planned: Planned): DeidReport {
	const entries = (planned.entries ?? []).map(({ oldValue: _, ...rest }) => rest);
	return { sopInstanceUID: planned.sopInstanceUID, entries, counts: planned.counts };
}

/**
 * planDeidentification returns what `deidentify` would do to each attribute, at every depth,
 * with the old values. The old values identify the patient: show them on the device only.
 */
export function planDeidentification(file: DicomFile, ctx: DeidContext): PlanEntry[] {
	return planFile(file, ctx, 'old-values').entries!;
}

/** deidentify returns the de-identified Part 10 bytes, the report of what was done, and the PHI found in the input (device only). */
export function deidentify(file: DicomFile, ctx: DeidContext): DeidResult {
	return { ...deidentifyWithoutPhi(file, ctx), phi: collectPhi(file) };
}

/** deidentifyWithoutPhi is `deidentify` for callers that never show the PHI record: it skips the walk that collects it. */
export function deidentifyWithoutPhi(file: DicomFile, ctx: DeidContext): Omit<DeidResult, 'phi'> {
	const { input, report } = prepare(file, ctx, 'entries');
	return { bytes: writePart10(input), report };
}

/**
 * deidentifyToParts is `deidentifyWithoutPhi` for a file writer (the CLI): the output comes as
 * parts to write one after another, the pixel data among them as the input's own bytes, never
 * copied. The parts share memory with `file`. The report has the counts but no entries.
 */
export function deidentifyToParts(file: DicomFile, ctx: DeidContext): { parts: Uint8Array[]; report: DeidReport } {
	const { input, report } = prepare(file, ctx, 'counts');
	return { parts: writePart10Parts(input), report };
}

function prepare(file: DicomFile, ctx: DeidContext, detail: Detail): { input: WriteInput; report: DeidReport } {
	const planned = planFile(file, ctx, detail);
	const sopClass = file.dataset.get(T.SOPClassUID) ?? file.meta?.get(T.MediaStorageSOPClassUID);
	const classSource = file.dataset.get(T.SOPClassUID) ? file.dataset : file.meta;
	const input: WriteInput = {
		dataset: toOut(planned.nodes, planned.charset),
		transferSyntaxUID: file.transferSyntaxUID,
		sopInstanceUID: planned.sopInstanceUID,
		sopClassUID: sopClass && classSource ? elementText(classSource, sopClass).replace(/[\0 ]+$/, '') : undefined
	};
	return { input, report: reportOf(planned) };
}
