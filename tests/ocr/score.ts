/**
 * score: how well OCR's proposed boxes hide a corpus image's identifying text. A line of
 * identifying text counts as found when the proposed boxes together cover at least COVERED of
 * its box's pixels; a proposed box that touches no identifying text is a false box.
 */
import type { Box } from '../../src/lib/ocr/types';
import type { Role } from './scenes';
import type { TruthBox } from './render';

/** COVERED: the share of a text's box that must lie under black boxes (its box includes blank margins of a tilted line). */
export const COVERED = 0.85;

/** coveredShare is the share of `target`'s pixels inside the union of `boxes`. */
export function coveredShare(target: Box, boxes: readonly Box[]): number {
	let inside = 0;
	let total = 0;
	for (let y = target.y0; y < target.y1; y++) {
		for (let x = target.x0; x < target.x1; x++) {
			total++;
			if (boxes.some((b) => x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1)) inside++;
		}
	}
	return total === 0 ? 1 : inside / total;
}

/** ImageScore is one image's result. */
export interface ImageScore {
	found: Partial<Record<Role, number>>;
	missed: Partial<Record<Role, number>>;
	falseBoxes: number;
}

function touches(a: Box, b: Box): boolean {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/** scoreImage scores one image's proposed boxes against where its text is. */
export function scoreImage(truth: readonly TruthBox[], boxes: readonly Box[]): ImageScore {
	const score: ImageScore = { found: {}, missed: {}, falseBoxes: 0 };
	const identifying = truth.filter((t) => t.role !== 'harmless');
	for (const t of identifying) {
		const bucket = coveredShare(t.box, boxes) >= COVERED ? score.found : score.missed;
		bucket[t.role] = (bucket[t.role] ?? 0) + 1;
	}
	// a box over a label ("Name:") next to its value touches the value's box too: only boxes away from every identifying line are false
	score.falseBoxes = boxes.filter((b) => !identifying.some((t) => touches(b, { x0: t.box.x0 - 4, y0: t.box.y0 - 4, x1: t.box.x1 + 4, y1: t.box.y1 + 4 }))).length;
	return score;
}

/** CorpusScore sums image scores: recall per field and overall, false boxes per image. */
export interface CorpusScore {
	images: number;
	recall: Record<'name' | 'id' | 'date' | 'all', { found: number; total: number; rate: number }>;
	falseBoxesPerImage: number;
}

/** sumScores adds up image scores. */
export function sumScores(scores: readonly ImageScore[]): CorpusScore {
	const recall = {} as CorpusScore['recall'];
	for (const field of ['name', 'id', 'date', 'all'] as const) {
		const pick = (s: Partial<Record<Role, number>>) => (field === 'all' ? (s.name ?? 0) + (s.id ?? 0) + (s.date ?? 0) : (s[field] ?? 0));
		const found = scores.reduce((n, s) => n + pick(s.found), 0);
		const total = found + scores.reduce((n, s) => n + pick(s.missed), 0);
		recall[field] = { found, total, rate: total === 0 ? 1 : found / total };
	}
	return { images: scores.length, recall, falseBoxesPerImage: scores.reduce((n, s) => n + s.falseBoxes, 0) / Math.max(1, scores.length) };
}

/** formatScore prints a corpus score as one table. */
export function formatScore(label: string, score: CorpusScore, secondsPerImage?: number): string {
	const pct = (f: { found: number; total: number; rate: number }) => `${(100 * f.rate).toFixed(1)} % (${f.found}/${f.total})`;
	const r = score.recall;
	return `${label}: ${score.images} images · recall name ${pct(r.name)} · id ${pct(r.id)} · date ${pct(r.date)} · all ${pct(r.all)} · false boxes/image ${score.falseBoxesPerImage.toFixed(2)}${secondsPerImage === undefined ? '' : ` · ${secondsPerImage.toFixed(2)} s/image`}`;
}
