/**
 * jpeg-dct decodes sequential Huffman DCT JPEG (ITU-T T.81 processes 1, 2 and 4: SOF0 and SOF1)
 * at 8- and 12-bit precision: the DICOM JPEG Baseline and JPEG Extended (12-bit) syntaxes, which
 * the libjpeg-turbo WASM build (8-bit only) cannot cover. Restart intervals, interleaved and
 * non-interleaved scans, any sampling factors, 1 to 4 components. Colour transforms are left to
 * the caller. Chroma is upsampled like libjpeg's default ("fancy" triangle filter for 2×1 and
 * 2×2, replication otherwise) so that output matches the reference decoders.
 * Progressive, lossless and arithmetic-coded JPEG are rejected with a DecodeError.
 */
import { DecodeError } from './decode-error';
import { BitReader, readHuffmanTables, type HuffmanTable } from './jpeg-huffman';
import { idct, upsample } from './jpeg-idct';

/** JpegDctImage is the decoded image: samples interleaved, component order as in the frame header. */
export interface JpegDctImage {
	readonly width: number;
	readonly height: number;
	readonly precision: number;
	readonly componentIds: readonly number[];
	readonly pixels: Uint16Array;
}

interface Component {
	readonly id: number;
	readonly h: number;
	readonly v: number;
	readonly quantTable: number;
	blocksPerLine: number;
	blocksPerColumn: number;
	coefficients: Int32Array;
	predictor: number;
}

// T.81 Figure A.6: zig-zag position → natural (row-major) position.
const ZIGZAG = new Uint8Array([
	0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
	28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
	54, 47, 55, 62, 63
]);

/** decodeJpegDct decodes a complete sequential DCT JPEG codestream. */
export function decodeJpegDct(data: Uint8Array): JpegDctImage {
	const reader = new MarkerReader(data);
	if (reader.u16() !== 0xffd8) throw new DecodeError('corrupt', 'JPEG data does not start with SOI');
	const quantTables: (Uint16Array | undefined)[] = [];
	const dcTables: (HuffmanTable | undefined)[] = [];
	const acTables: (HuffmanTable | undefined)[] = [];
	let frame: Frame | undefined;
	let restartInterval = 0;
	for (;;) {
		const marker = reader.nextMarker();
		if (marker === 0xffd9) break;
		if (marker >= 0xffd0 && marker <= 0xffd7) continue;
		const segment = reader.segment();
		switch (marker) {
			case 0xffdb:
				readQuantTables(segment, quantTables);
				break;
			case 0xffc4:
				readHuffmanTables(segment, dcTables, acTables);
				break;
			case 0xffdd:
				restartInterval = (segment[0] << 8) | segment[1];
				break;
			case 0xffc0:
			case 0xffc1:
				if (frame) throw new DecodeError('corrupt', 'JPEG data has two frame headers');
				frame = readFrame(segment);
				break;
			case 0xffda: {
				if (!frame) throw new DecodeError('corrupt', 'JPEG scan before the frame header');
				const scan = readScanHeader(segment, frame.components, dcTables, acTables);
				reader.offset = decodeScan(data, reader.offset, frame, scan, restartInterval);
				break;
			}
			default:
				if (marker >= 0xffc2 && marker <= 0xffcf && marker !== 0xffc4 && marker !== 0xffc8 && marker !== 0xffcc) {
					throw new DecodeError('unsupported-format', `JPEG process SOF${marker - 0xffc0} is not a sequential Huffman DCT process`);
				}
		}
	}
	if (!frame) throw new DecodeError('corrupt', 'JPEG data has no frame header');
	return {
		width: frame.width,
		height: frame.height,
		precision: frame.precision,
		componentIds: frame.components.map((c) => c.id),
		pixels: outputSamples(frame, quantTables)
	};
}

/** MarkerReader walks the marker segments between entropy-coded data. */
class MarkerReader {
	offset = 0;
	constructor(private readonly data: Uint8Array) {}

	u16(): number {
		if (this.offset + 2 > this.data.length) throw new DecodeError('truncated', 'JPEG data ends inside a marker');
		const value = (this.data[this.offset] << 8) | this.data[this.offset + 1];
		this.offset += 2;
		return value;
	}

	nextMarker(): number {
		// Fill bytes (0xFF runs) may precede a marker (T.81 §B.1.1.2).
		while (this.offset < this.data.length && this.data[this.offset] !== 0xff) this.offset++;
		while (this.offset + 1 < this.data.length && this.data[this.offset + 1] === 0xff) this.offset++;
		if (this.offset + 2 > this.data.length) throw new DecodeError('truncated', 'JPEG data ends before EOI');
		return this.u16();
	}

	segment(): Uint8Array {
		const length = this.u16();
		if (length < 2 || this.offset + length - 2 > this.data.length) throw new DecodeError('truncated', 'JPEG marker segment runs past the data');
		const body = this.data.subarray(this.offset, this.offset + length - 2);
		this.offset += length - 2;
		return body;
	}
}

function readQuantTables(segment: Uint8Array, tables: (Uint16Array | undefined)[]): void {
	let p = 0;
	while (p < segment.length) {
		const wide = segment[p] >> 4;
		const id = segment[p] & 15;
		p++;
		if (id > 3 || p + 64 * (wide ? 2 : 1) > segment.length) throw new DecodeError('corrupt', 'JPEG DQT segment is malformed');
		const table = new Uint16Array(64);
		for (let k = 0; k < 64; k++) {
			table[k] = wide ? (segment[p] << 8) | segment[p + 1] : segment[p];
			p += wide ? 2 : 1;
		}
		tables[id] = table;
	}
}

function readFrame(segment: Uint8Array) {
	if (segment.length < 6) throw new DecodeError('corrupt', 'JPEG frame header is too short');
	const precision = segment[0];
	const height = (segment[1] << 8) | segment[2];
	const width = (segment[3] << 8) | segment[4];
	const count = segment[5];
	if (precision !== 8 && precision !== 12) throw new DecodeError('unsupported-format', `JPEG DCT precision ${precision} is not 8 or 12`);
	if (width === 0 || height === 0) throw new DecodeError('unsupported-format', 'JPEG frames sized by a DNL marker are not supported');
	if (count < 1 || count > 4 || segment.length < 6 + count * 3) throw new DecodeError('corrupt', `JPEG frame header declares ${count} components`);
	const components: Component[] = [];
	for (let i = 0; i < count; i++) {
		const p = 6 + i * 3;
		const h = segment[p + 1] >> 4;
		const v = segment[p + 1] & 15;
		if (h < 1 || h > 4 || v < 1 || v > 4) throw new DecodeError('corrupt', 'JPEG sampling factor outside 1..4');
		components.push({ id: segment[p], h, v, quantTable: segment[p + 2] & 3, blocksPerLine: 0, blocksPerColumn: 0, coefficients: new Int32Array(0), predictor: 0 });
	}
	const hMax = Math.max(...components.map((c) => c.h));
	const vMax = Math.max(...components.map((c) => c.v));
	const mcusX = Math.ceil(width / (8 * hMax));
	const mcusY = Math.ceil(height / (8 * vMax));
	for (const c of components) {
		// Blocks are allocated for whole MCUs so that interleaved scans never write out of range.
		c.blocksPerLine = mcusX * c.h;
		c.blocksPerColumn = mcusY * c.v;
		c.coefficients = new Int32Array(c.blocksPerLine * c.blocksPerColumn * 64);
	}
	return { width, height, precision, components, hMax, vMax, mcusX, mcusY };
}

interface ScanComponent {
	readonly component: Component;
	readonly dc: HuffmanTable;
	readonly ac: HuffmanTable;
}

function readScanHeader(segment: Uint8Array, components: Component[], dc: (HuffmanTable | undefined)[], ac: (HuffmanTable | undefined)[]): ScanComponent[] {
	const count = segment[0];
	if (count < 1 || count > 4 || segment.length < 1 + count * 2 + 3) throw new DecodeError('corrupt', 'JPEG scan header is malformed');
	const scan: ScanComponent[] = [];
	for (let i = 0; i < count; i++) {
		const component = components.find((c) => c.id === segment[1 + i * 2]);
		const dcTable = dc[segment[2 + i * 2] >> 4];
		const acTable = ac[segment[2 + i * 2] & 15];
		if (!component || !dcTable || !acTable) throw new DecodeError('corrupt', 'JPEG scan refers to a missing component or Huffman table');
		scan.push({ component, dc: dcTable, ac: acTable });
	}
	return scan;
}

function decodeBlock(reader: BitReader, sc: ScanComponent, blockRow: number, blockCol: number): void {
	const c = sc.component;
	const out = c.coefficients;
	const base = (blockRow * c.blocksPerLine + blockCol) * 64;
	const dcCategory = reader.decode(sc.dc);
	if (dcCategory > 16) throw new DecodeError('corrupt', 'JPEG DC difference category out of range');
	c.predictor += reader.receiveExtend(dcCategory);
	out[base] = c.predictor;
	for (let k = 1; k < 64; ) {
		const rs = reader.decode(sc.ac);
		const run = rs >> 4;
		const size = rs & 15;
		if (size === 0) {
			if (run !== 15) break;
			k += 16;
			continue;
		}
		k += run;
		if (k > 63) throw new DecodeError('corrupt', 'JPEG AC coefficients run past the block');
		out[base + ZIGZAG[k]] = reader.receiveExtend(size);
		k++;
	}
}

type Frame = ReturnType<typeof readFrame>;

/** decodeScan decodes one scan's entropy-coded data and returns the offset just after it. */
function decodeScan(data: Uint8Array, offset: number, frame: Frame, scan: ScanComponent[], restartInterval: number): number {
	const reader = new BitReader(data, offset);
	for (const sc of scan) sc.component.predictor = 0;
	const single = scan.length === 1;
	// A non-interleaved scan covers only the component's own blocks (T.81 §A.2.2).
	const only = scan[0].component;
	const unitsX = single ? Math.ceil(Math.ceil((frame.width * only.h) / frame.hMax) / 8) : frame.mcusX;
	const unitsY = single ? Math.ceil(Math.ceil((frame.height * only.v) / frame.vMax) / 8) : frame.mcusY;
	const total = unitsX * unitsY;
	for (let n = 0; n < total; n++) {
		if (restartInterval > 0 && n > 0 && n % restartInterval === 0) {
			reader.restart();
			for (const sc of scan) sc.component.predictor = 0;
		}
		const row = Math.floor(n / unitsX);
		const col = n % unitsX;
		if (single) {
			decodeBlock(reader, scan[0], row, col);
			continue;
		}
		for (const sc of scan) {
			for (let v = 0; v < sc.component.v; v++) {
				for (let h = 0; h < sc.component.h; h++) decodeBlock(reader, sc, row * sc.component.v + v, col * sc.component.h + h);
			}
		}
	}
	return reader.offset;
}

/** outputSamples dequantises, inverse-transforms, level-shifts and upsamples every component. */
function outputSamples(frame: Frame, quantTables: (Uint16Array | undefined)[]): Uint16Array {
	const { width, height, components, hMax, vMax, precision } = frame;
	const count = components.length;
	const out = new Uint16Array(width * height * count);
	const max = (1 << precision) - 1;
	const shift = 1 << (precision - 1);
	const block = new Float64Array(64);
	const temp = new Float64Array(64);
	components.forEach((c, index) => {
		const quant = quantTables[c.quantTable];
		if (!quant) throw new DecodeError('corrupt', `JPEG component ${c.id} uses a missing quantisation table`);
		const planeWidth = c.blocksPerLine * 8;
		const plane = new Uint16Array(planeWidth * c.blocksPerColumn * 8);
		for (let by = 0; by < c.blocksPerColumn; by++) {
			for (let bx = 0; bx < c.blocksPerLine; bx++) {
				const base = (by * c.blocksPerLine + bx) * 64;
				for (let k = 0; k < 64; k++) block[ZIGZAG[k]] = c.coefficients[base + ZIGZAG[k]] * quant[k];
				idct(block, temp);
				for (let y = 0; y < 8; y++) {
					for (let x = 0; x < 8; x++) {
						const v = Math.round(block[y * 8 + x]) + shift;
						plane[(by * 8 + y) * planeWidth + bx * 8 + x] = v < 0 ? 0 : v > max ? max : v;
					}
				}
			}
		}
		const full = upsample(plane, planeWidth, Math.ceil((width * c.h) / hMax), Math.ceil((height * c.v) / vMax), hMax / c.h, vMax / c.v, width, height);
		for (let i = 0, o = index; i < width * height; i++, o += count) out[o] = full[i];
	});
	return out;
}
