import { describe, expect, it } from 'vitest';
import { textSections } from './text-sections';

describe('textSections', () => {
	it('renders the sections with text, in reading order, and leaves out the empty ones', () => {
		const text = { clinical_presentation: ' ', imaging_findings: 'Hypodense', physiopathology: '', differential: 'Abscess', bibliography: '\n' };
		expect(textSections(text, (md) => `<p>${md}</p>`)).toEqual([
			{ field: 'imaging_findings', html: '<p>Hypodense</p>' },
			{ field: 'differential', html: '<p>Abscess</p>' }
		]);
	});
});
