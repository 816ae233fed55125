import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { ClientResponseError } from 'pocketbase';
import { describe, expect, it } from 'vitest';
import type { PhiRecord } from '../dicom/deid/phi-types';
import { fieldErrors, serverMessage } from '../errors';
import { Icd11Mms, type MmsData } from './icd11-mms';
import { caseFields, typedCaseFields } from './outgoing';
import { scanOutgoing } from './phi-firewall';
import { emptyDraft } from './types';

/** A case's optional ICD-11 diagnosis on its way out: the outgoing whitelist and the PHI firewall. */
describe('diagnosis_icd11 in the outgoing case fields', () => {
	it('is sent as chosen, with or without research consent (the liver label needs consent, the diagnosis does not)', () => {
		const draft = { ...emptyDraft(0, 'c1'), diagnosisIcd11: ' 8A00.0 ' };
		expect(caseFields(draft).diagnosis_icd11).toBe('8A00.0');
		expect(caseFields(draft).icd11_code).toBe('');
		expect(caseFields({ ...draft, researchConsent: true }).diagnosis_icd11).toBe('8A00.0');
	});

	it('is sent empty for a draft without one, and for drafts saved before the field existed', () => {
		const old = emptyDraft(0, 'c1');
		delete old.diagnosisIcd11;
		expect(caseFields(old).diagnosis_icd11).toBe('');
		expect(caseFields({ ...old, diagnosisIcd11: '' }).diagnosis_icd11).toBe('');
	});

	it('is one of the fields the PHI firewall scans, and no MMS code is taken for recorded PHI', () => {
		expect(Object.keys(typedCaseFields(emptyDraft(0, 'c1')))).toContain('diagnosis_icd11');
		const record: PhiRecord = {
			values: [
				{ kind: 'name', value: 'Núñez García^María José', sources: ['PatientName'] },
				{ kind: 'id', value: '00012345', sources: ['PatientID'] },
				{ kind: 'date', value: '19610315', sources: ['PatientBirthDate'] }
			]
		};
		const data = JSON.parse(gunzipSync(readFileSync(new URL('./icd11-mms.json.gz', import.meta.url))).toString('utf8')) as MmsData;
		const mms = new Icd11Mms(data);
		// every code that could be picked passes the firewall of a real record (no false block)
		const fields = Object.fromEntries(mms.entries.map((e, i) => [`diagnosis_${i}`, e.code]));
		expect(scanOutgoing({ fields }, record)).toEqual([]);
		// and the field is really scanned: an ID typed where a code goes is caught
		const hits = scanOutgoing({ fields: typedCaseFields({ ...emptyDraft(0, 'c1'), diagnosisIcd11: '00012345' }) }, record);
		expect(hits.map((h) => [h.where, h.part, h.kind])).toEqual([['diagnosis_icd11', 'field', 'id']]);
	});
});

describe('a diagnosis the server refuses', () => {
	it('is explained to the author in their language, field by field (hooks/cases_diagnosis.go answers case_diagnosis_unknown)', () => {
		const err = new ClientResponseError({
			url: 'http://x/api/collections/cases/records',
			status: 400,
			response: {
				message: 'Unknown ICD-11 diagnosis "XX99": choose a code of the ICD-11 MMS 2024-01 exactly as WHO writes it (e.g. DB92, 2C12.02).',
				data: {
					diagnosis_icd11: { code: 'case_diagnosis_unknown', message: 'Unknown ICD-11 diagnosis "XX99"…' },
					title: { code: 'validation_max_text_constraint', message: 'Must be no more than 100 character(s).' }
				}
			}
		});
		// the base language is Spanish (errors.spec.ts): Cassette's code is translated, PocketBase's keeps its detail
		expect(fieldErrors(err).diagnosis_icd11).toBe('Ese código no es de la CIE-11 (MMS 2024-01): elige uno de la lista.');
		const detail = serverMessage(err);
		expect(detail).toContain('diagnosis_icd11: Ese código no es de la CIE-11 (MMS 2024-01): elige uno de la lista.');
		expect(detail).toContain('title: Must be no more than 100 character(s).');
	});
});
