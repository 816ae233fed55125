import { describe, expect, it } from 'vitest';
import type { PhiRecord } from '$lib/dicom/deid';
import { mergeBoxes, padBox } from './boxes';
import { ocrDistance } from './edit-distance';
import { maskText } from './mask';
import { matchWords, needlesOf } from './match';
import type { OcrWord } from './types';

const record: PhiRecord = {
	values: [
		{ kind: 'name', value: 'NÚÑEZ GARCÍA^MARÍA JOSÉ', sources: ['PatientName'] },
		{ kind: 'id', value: '00123456', sources: ['PatientID'] },
		{ kind: 'id', value: 'A987654', sources: ['AccessionNumber'] },
		{ kind: 'date', value: '19230417', sources: ['PatientBirthDate'] }
	]
};

/** line lays words out left to right on one line, 10 px per character, as a recogniser reports them. */
function lines(...rows: string[]): OcrWord[] {
	const words: OcrWord[] = [];
	rows.forEach((row, line) => {
		let x = 5;
		for (const text of row.split(' ')) {
			words.push({ text, confidence: 90, line, box: { x0: x, y0: 20 * line + 5, x1: x + 10 * text.length, y1: 20 * line + 17 } });
			x += 10 * text.length + 8;
		}
	});
	return words;
}

function texts(words: OcrWord[], hits: ReturnType<typeof matchWords>): string[] {
	return hits.map((h) => h.words.map((i) => words[i].text).join(' ')).sort();
}

describe('needlesOf', () => {
	it('gives every name part in its folded form and the birth date in the forms screens print', () => {
		const needles = needlesOf(record).map((n) => n.text);
		for (const form of ['nunez', 'garcia', 'maria', 'jose', 'nunezgarcia', 'mariajosenunezgarcia', '123456', '00123456', 'a987654', '17041923', '19230417', '17apr1923', '170423']) {
			expect(needles, form).toContain(form);
		}
	});
});

describe('ocrDistance', () => {
	it('forgives digit/letter look-alikes and counts other edits', () => {
		expect(ocrDistance('17041923', 'l7o4l923')).toBe(0);
		expect(ocrDistance('garcia', 'garcla')).toBe(1);
		expect(ocrDistance('garcia', 'marcos', 1)).toBe(2);
	});
});

describe('matchWords against the PHI record', () => {
	it('finds the name in upper case without accents, misread, and the ID and birth date in several forms', () => {
		const words = lines('NUNEZ GARClA, MARIA JOSE', 'ID: O0123456', 'DOB 17-APR-1923', '17.04.23 17/04/1923 1923-04-17');
		const hits = matchWords(words, record);
		expect(texts(words, hits)).toEqual(['17-APR-1923', '17.04.23', '17/04/1923', '1923-04-17', 'NUNEZ GARClA, MARIA JOSE', 'O0123456'].sort());
		expect(hits.find((h) => h.masked.startsWith('N'))).toMatchObject({ category: 'name', source: 'record', masked: 'N•••• G•••••, M•••• J•••' });
		expect(hits.every((h) => h.source === 'record')).toBe(true);
	});

	it('finds a value glued to its label and a name split over two words', () => {
		const words = lines('NHC:00123456', 'GAR CIA');
		expect(texts(words, matchWords(words, record))).toEqual(['GAR CIA', 'NHC:00123456']);
	});

	it('leaves short name parts and harmless words alone', () => {
		const other: PhiRecord = { values: [{ kind: 'name', value: 'LI^ANA', sources: ['PatientName'] }] };
		const words = lines('L R ANATOMY LIVER', 'HEAD FIRST', '5 cm 12.5 MHz', 'MI 0.8 TIS 0.4 15:32:10');
		expect(matchWords(words, other)).toEqual([]);
	});
});

describe('matchWords: generic identifiers', () => {
	const empty: PhiRecord = { values: [] };

	it('flags what follows a label, dates and long digit runs, whoever the patient is', () => {
		const words = lines('Nombre: PEREZ LOPEZ JUAN', 'Name:SMITH', 'Patient ID: 778899', 'Fecha 03/11/2024 14:02', '2 de marzo de 1950', 'Acc 12-345-678');
		const hits = matchWords(words, empty);
		expect(texts(words, hits)).toEqual(['03/11/2024', '12-345-678', '2 de marzo de 1950', '778899', 'Name:SMITH', 'PEREZ LOPEZ JUAN'].sort());
		expect(hits.find((h) => h.masked.startsWith('P'))).toMatchObject({ category: 'labelled', source: 'generic' });
		expect(hits.find((h) => h.masked.startsWith('1'))).toMatchObject({ category: 'digits' });
	});

	it('does not report again as generic what the record found', () => {
		const words = lines('ID: 00123456');
		const hits = matchWords(words, record);
		expect(hits).toHaveLength(1);
		expect(hits[0]).toMatchObject({ category: 'id', source: 'record' });
	});
});

describe('boxes and masks', () => {
	it('pads a box by a quarter of its height, within the image', () => {
		expect(padBox({ x0: 1, y0: 10, x1: 50, y1: 30 }, { width: 52, height: 100 })).toEqual({ x0: 0, y0: 5, x1: 52, y1: 35 });
	});

	it('merges boxes that overlap, also through a box merged before', () => {
		const merged = mergeBoxes([
			{ x0: 0, y0: 0, x1: 10, y1: 10 },
			{ x0: 20, y0: 0, x1: 30, y1: 10 },
			{ x0: 8, y0: 0, x1: 22, y1: 10 },
			{ x0: 100, y0: 100, x1: 110, y1: 110 }
		]);
		expect(merged).toEqual([
			{ x0: 0, y0: 0, x1: 30, y1: 10 },
			{ x0: 100, y0: 100, x1: 110, y1: 110 }
		]);
	});

	it('masks each word but its first character', () => {
		expect(maskText('Núñez  García')).toBe('N•••• G•••••');
		expect(maskText('17/04/1923')).toBe('1•/••/••••');
	});
});
