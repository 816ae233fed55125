/**
 * The generated OCR corpus, as scenes: what to draw on each image (a background and lines of
 * text, each line marked as identifying — name, ID, date — or harmless), chosen from a seed.
 * Everything is synthetic: invented patients, drawn backgrounds, Debian's DejaVu fonts; no
 * image of a real person is ever made or committed. `render.ts` draws the scenes in Chromium.
 */
import type { PhiRecord } from '../../src/lib/dicom/deid';

/** Patient is an invented patient: what a screen prints of them, and their PHI record as the DICOM header gives it. */
export interface Patient {
	name: string;
	shownName: string;
	id: string;
	birth: string;
	record: PhiRecord;
}

function patient(pn: string, shownName: string, id: string, birth: string): Patient {
	return {
		name: pn,
		shownName,
		id,
		birth,
		record: {
			values: [
				{ kind: 'name', value: pn, sources: ['PatientName'] },
				{ kind: 'id', value: id, sources: ['PatientID'] },
				{ kind: 'date', value: birth, sources: ['PatientBirthDate'] }
			]
		}
	};
}

/** PATIENTS: invented names with Spanish accents and ñ (what English-only OCR misreads), and plain ones. */
export const PATIENTS: readonly Patient[] = [
	patient('NÚÑEZ GARCÍA^MARÍA JOSÉ', 'NÚÑEZ GARCÍA, MARÍA JOSÉ', '00123456', '19230417'),
	patient('PEÑA^ÁLVARO', 'Álvaro Peña', 'H7781234', '19580302'),
	patient('HALLORAN^BRIDGET', 'HALLORAN^BRIDGET', '4410982', '19711129'),
	patient('MUÑOZ ORTEGA^LUCÍA', 'Muñoz Ortega, Lucía', '20981177', '19850615')
];

/** Role marks a line of text: identifying (and which field) or harmless. */
export type Role = 'name' | 'id' | 'date' | 'harmless';

/** TextLine is one line to draw, in CSS pixels of the image before the scene's rotation. */
export interface TextLine {
	/** label is drawn before the text ("Name: "); only the text is identifying. */
	label: string;
	text: string;
	role: Role;
	x: number;
	y: number;
	font: string;
	size: number;
	colour: string;
}

/** Background is what is drawn under the text. */
export type Background = 'ultrasound' | 'report' | 'ct' | 'monitor-photo';

/** Scene is one image of the corpus. */
export interface Scene {
	name: string;
	background: Background;
	width: number;
	height: number;
	/** rotation in degrees of the whole screen (photos of a monitor only). */
	rotation: number;
	lines: TextLine[];
	/** patient is whose record the image is matched against (the study's, even when the image shows none of it). */
	patient: number;
}

export const FONTS = ['DejaVu Sans', 'DejaVu Sans Mono', 'DejaVu Serif', 'DejaVu Sans Condensed'];
const COLOURS_ON_DARK = ['#ffffff', '#d8d8d8', '#a0a0a0', '#f0e060'];
const COLOURS_ON_LIGHT = ['#000000', '#303030', '#505050'];
const HARMLESS = ['L', 'R', '5 cm', 'HEAD FIRST', 'W 400 L 40', 'MI 0.8 TIS 0.4', '12.5 MHz', 'Gain 52', 'AXIAL', 'FFS'];

/** mulberry32 is a small seeded random generator: the same seed gives the same corpus. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)];

function dateShown(birth: string, style: number): string {
	const [y, m, d] = [birth.slice(0, 4), birth.slice(4, 6), birth.slice(6, 8)];
	const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
	return [`${d}/${m}/${y}`, `${y}-${m}-${d}`, `${d}-${months[+m - 1]}-${y}`, `${d}.${m}.${y.slice(2)}`][style % 4];
}

/** identifyingLines are the name, ID and birth date as a screen shows them, with or without labels. */
function identifyingLines(p: Patient, rand: () => number, spanish: boolean): { label: string; text: string; role: Role }[] {
	const labelled = rand() < 0.5;
	const label = (en: string, es: string) => (labelled ? `${spanish ? es : en}: ` : '');
	return [
		{ label: label('Name', 'Nombre'), text: p.shownName, role: 'name' },
		{ label: label('ID', 'NHC'), text: p.id, role: 'id' },
		{ label: label('DOB', 'F. Nac'), text: dateShown(p.birth, Math.floor(rand() * 4)), role: 'date' }
	];
}

const SIZES: Record<Background, { width: number; height: number }> = {
	ultrasound: { width: 640, height: 480 },
	report: { width: 800, height: 600 },
	ct: { width: 512, height: 512 },
	'monitor-photo': { width: 1024, height: 768 }
};

/** sceneOf makes scene `index` of a corpus: backgrounds in turn, text at 8–24 px, every 5th image without PHI (harmless text or none); `patient` picks who is shown (default: the index's turn). */
export function sceneOf(index: number, seed = 1, patient?: number): Scene {
	const rand = random(seed * 7919 + index);
	const backgrounds: Background[] = ['ultrasound', 'report', 'ct', 'monitor-photo'];
	const background = backgrounds[index % backgrounds.length];
	const { width, height } = SIZES[background];
	const dark = background !== 'report';
	const withPhi = index % 5 !== 4;
	const who = patient ?? index % PATIENTS.length;
	const size = background === 'monitor-photo' ? 16 + Math.floor(rand() * 9) : 8 + Math.floor(rand() * 17);
	const font = pick(rand, FONTS);
	const colour = pick(rand, dark ? COLOURS_ON_DARK : COLOURS_ON_LIGHT);
	const texts = [...(withPhi ? identifyingLines(PATIENTS[who], rand, rand() < 0.5) : []), ...(index % 10 === 9 ? [] : [{ label: '', text: pick(rand, HARMLESS), role: 'harmless' as const }, { label: '', text: pick(rand, HARMLESS), role: 'harmless' as const }])];
	const x0 = background === 'monitor-photo' ? width * 0.2 : 6 + rand() * 20;
	const y0 = background === 'monitor-photo' ? height * 0.25 : 6 + rand() * 20;
	const lines = texts.map((t, i) => ({ ...t, x: Math.round(x0 + (t.role === 'harmless' && background !== 'report' ? width * 0.55 : 0)), y: Math.round(y0 + i * size * 1.6), font, size, colour }));
	const rotation = background === 'monitor-photo' ? (rand() - 0.5) * 10 : 0;
	return { name: `${String(index).padStart(3, '0')}-${background}`, background, width, height, rotation, lines, patient: who };
}

/** recordOf is the PHI record an image is matched against: its study's patient's. */
export function recordOf(scene: Scene): PhiRecord {
	return PATIENTS[scene.patient].record;
}
