import type { DicomDataset, DicomElement } from './dataset';

/** ParsedDataset is the parser's DicomDataset: `get` binary-searches when the elements are in tag order, as PS3.5 §7.1 requires, and scans otherwise. */
export class ParsedDataset implements DicomDataset {
	readonly bytes: Uint8Array;
	readonly littleEndian: boolean;
	readonly explicitVR: boolean;
	readonly elements: DicomElement[];
	readonly characterSet: string[];
	readonly #sorted: boolean;

	constructor(
		bytes: Uint8Array,
		littleEndian: boolean,
		explicitVR: boolean,
		elements: DicomElement[],
		characterSet: string[],
		sorted: boolean
	) {
		this.bytes = bytes;
		this.littleEndian = littleEndian;
		this.explicitVR = explicitVR;
		this.elements = elements;
		this.characterSet = characterSet;
		this.#sorted = sorted;
	}

	get(tag: number): DicomElement | undefined {
		const els = this.elements;
		if (!this.#sorted) return els.find((e) => e.tag === tag);
		let lo = 0;
		let hi = els.length - 1;
		while (lo <= hi) {
			const mid = (lo + hi) >>> 1;
			const t = els[mid].tag;
			if (t === tag) return els[mid];
			if (t < tag) lo = mid + 1;
			else hi = mid - 1;
		}
		return undefined;
	}
}
