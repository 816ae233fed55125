/** Building hits from the words they cover, and grouping words by line. Pure. */
import { unionOf } from './boxes';
import { maskText } from './mask';
import type { OcrHit, OcrWord } from './types';

/** linesOf groups word indices by line, in reading order. */
export function linesOf(words: readonly OcrWord[]): number[][] {
	const lines = new Map<number, number[]>();
	words.forEach((w, i) => {
		const line = lines.get(w.line) ?? [];
		line.push(i);
		lines.set(w.line, line);
	});
	return [...lines.values()];
}

/** hitOf makes a hit of some words: their box and their text, masked. */
export function hitOf(words: readonly OcrWord[], indices: number[], category: OcrHit['category'], source: OcrHit['source']): OcrHit {
	return { category, source, words: indices, box: unionOf(indices.map((i) => words[i].box)), masked: maskText(indices.map((i) => words[i].text).join(' ')) };
}
