import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { emptyDraft, type DraftImage, type DraftSeries } from '$lib/cases/types';
import { getImage, getSummary, listDrafts, listImageIds, loadDraft, openCassetteDb, putImages, putSummary, saveDraft, saveSeries } from '$lib/db';
import { DraftEditor } from './draft-editor.svelte';
import type { PhotoEdit } from '$lib/authoring/photo-edit';

let counter = 0;

function series(caseId: string, clientId: string, modality: string, order: number): DraftSeries {
	return { clientId, caseId, plane: 'axial', description: '', modality, windowCenter: null, windowWidth: null, sliceRange: null, order, headerImage: null, publish: true };
}

function image(caseId: string, seriesId: string, index: number, dicom: boolean): DraftImage {
	return { clientId: `${seriesId}-${index}`, caseId, seriesId, index, previewType: 'image/jpeg', preview: new Uint8Array(100).buffer, dicom: dicom ? new Uint8Array(1000).buffer : null };
}

/** draftWith stores a draft with the given series (modality, slices, whether the slices hold DICOM). */
async function draftWith(specs: { modality: string; slices: number; dicom: boolean }[]) {
	const db = await openCassetteDb(`editor-test-${counter++}`);
	const draft = await saveDraft(db, emptyDraft(1));
	for (const [i, spec] of specs.entries()) {
		const s = series(draft.clientId, `s${i}`, spec.modality, i);
		await saveSeries(db, s);
		// stored out of order: the editor lists slices by index
		await putImages(db, Array.from({ length: spec.slices }, (_, n) => image(draft.clientId, s.clientId, spec.slices - 1 - n, spec.dicom)));
	}
	return { db, caseId: draft.clientId };
}

describe('DraftEditor', () => {
	it('returns null for a draft this device does not have', async () => {
		const { db } = await draftWith([]);
		expect(await DraftEditor.open(db, 'nope')).toBeNull();
	});

	it('autosaves typed text, which a reopened editor finds', async () => {
		const { db, caseId } = await draftWith([]);
		const editor = (await DraftEditor.open(db, caseId))!;
		editor.update({ title: 'Hepatic steatosis' });
		editor.update({ title: 'Hepatic steatosis on CT', category: 'abdomen' });
		expect(editor.saving).toBe(true);
		await editor.flush();
		const again = (await DraftEditor.open(db, caseId))!;
		expect(again.draft).toMatchObject({ title: 'Hepatic steatosis on CT', category: 'abdomen' });
	});

	it('lists slices in index order and asks the research question only for CT with DICOM', async () => {
		const ct = await draftWith([{ modality: 'CT', slices: 3, dicom: true }]);
		const editor = (await DraftEditor.open(ct.db, ct.caseId))!;
		expect(editor.slicesOf('s0').map((s) => s.index)).toEqual([0, 1, 2]);
		expect(editor.consentBlock).toBeNull();

		const mr = await draftWith([{ modality: 'CT', slices: 1, dicom: true }, { modality: 'MR', slices: 1, dicom: true }]);
		expect((await DraftEditor.open(mr.db, mr.caseId))!.consentBlock).toEqual({ code: 'modality_not_ct', modalities: ['MR'] });

		const photos = await draftWith([{ modality: '', slices: 2, dicom: false }]);
		expect((await DraftEditor.open(photos.db, photos.caseId))!.consentBlock).toEqual({ code: 'no_dicom' });
	});

	it('validates for publishing: an empty case and a 101-character title', async () => {
		const { db, caseId } = await draftWith([]);
		const editor = (await DraftEditor.open(db, caseId))!;
		expect(editor.errors).toMatchObject({ title: ['title_required'], category: ['category_required'], phiAcknowledged: ['phi_ack_required'] });
		editor.update({ title: 'x'.repeat(101) });
		expect(editor.errors.title).toEqual(['title_too_long']);
	});

	it('keeps one header image across series and writes series edits', async () => {
		const { db, caseId } = await draftWith([{ modality: 'CT', slices: 3, dicom: true }, { modality: 'CT', slices: 2, dicom: true }]);
		const editor = (await DraftEditor.open(db, caseId))!;
		await editor.setHeader('s0', 2);
		await editor.setHeader('s1', 1);
		await editor.updateSeries('s0', { plane: 'coronal', sliceRange: { first: 1, last: 2 } });
		const stored = (await loadDraft(db, caseId))!.series;
		expect(stored.map((s) => s.headerImage)).toEqual([null, 1]);
		expect(stored[0]).toMatchObject({ plane: 'coronal', sliceRange: { first: 1, last: 2 } });
	});

	it('removing a series frees its storage', async () => {
		const { db, caseId } = await draftWith([{ modality: 'CT', slices: 3, dicom: true }, { modality: '', slices: 1, dicom: false }]);
		const editor = (await DraftEditor.open(db, caseId))!;
		const before = (await listDrafts(db))[0];
		await editor.removeSeries('s0');
		const after = (await listDrafts(db))[0];
		expect(editor.series.map((s) => s.clientId)).toEqual(['s1']);
		expect(after.images).toBe(1);
		expect(before.bytes - after.bytes).toBe(3 * 1100);
	});

	it('unticking a series keeps it and its images; only ticked series are validated and asked about', async () => {
		const { db, caseId } = await draftWith([{ modality: 'CT', slices: 2, dicom: true }, { modality: 'MR', slices: 2, dicom: true }]);
		const editor = (await DraftEditor.open(db, caseId))!;
		expect(editor.consentBlock).toEqual({ code: 'modality_not_ct', modalities: ['MR'] });
		await editor.updateSeries('s1', { headerImage: 9 });
		expect(Object.keys(editor.errors)).toContain('series.s1.headerImage');

		await editor.setPublish('s1', false);
		expect(editor.consentBlock).toBeNull();
		expect(Object.keys(editor.errors)).not.toContain('series.s1.headerImage');
		expect(editor.series.map((s) => [s.clientId, s.publish])).toEqual([['s0', true], ['s1', false]]);
		const reopened = (await DraftEditor.open(db, caseId))!;
		expect(reopened.series.map((s) => s.publish)).toEqual([true, false]);
		expect(await listImageIds(db, 's1')).toHaveLength(2);

		await reopened.setPublish('s1', true);
		expect((await loadDraft(db, caseId))!.series[1].publish).toBe(true);
	});

	it('shows the summary kept with the draft; deleting a series drops its line', async () => {
		const { db, caseId } = await draftWith([{ modality: 'CT', slices: 1, dicom: true }, { modality: 'CT', slices: 1, dicom: true }]);
		const line = (seriesId: string) => ({ seriesId, modality: 'CT', instances: 1, stored: 1, excluded: 0, reasons: [], noPreview: 0, outcomes: { removed: 5 }, redactedImages: 0, redactedRegions: 0 });
		await putSummary(db, caseId, [line('s0'), line('s1')]);
		const editor = (await DraftEditor.open(db, caseId))!;
		expect(editor.summary.map((s) => s.seriesId)).toEqual(['s0', 's1']);
		await editor.removeSeries('s0');
		expect(editor.summary.map((s) => s.seriesId)).toEqual(['s1']);
		expect((await getSummary(db, caseId)).map((s) => s.seriesId)).toEqual(['s1']);
	});

	it('an edited photograph replaces the stored one under a new id, at the same index, and its storage is counted once', async () => {
		const { db, caseId } = await draftWith([{ modality: '', slices: 2, dicom: false }]);
		const editor = (await DraftEditor.open(db, caseId))!;
		const [first, second] = editor.slicesOf('s0');
		const edit: PhotoEdit = { crop: { x: 10, y: 10, width: 50, height: 40 }, blackouts: [{ x: 20, y: 20, width: 5, height: 5 }] };
		const calls: unknown[] = [];
		const render = async (bytes: ArrayBuffer, type: string, e: PhotoEdit) => {
			calls.push([bytes.byteLength, type, e]);
			return { bytes: new Uint8Array(40).fill(9).buffer, type: 'image/jpeg' as const, width: 50, height: 40 };
		};
		await editor.editPhoto('s0', first.id, edit, render);
		expect(calls).toEqual([[100, 'image/jpeg', edit]]);
		const [edited, kept] = editor.slicesOf('s0');
		expect(edited).toMatchObject({ index: 0, previewBytes: 40, hasDicom: false });
		expect(edited.id).not.toBe(first.id);
		expect(kept).toEqual(second);
		expect(await getImage(db, first.id)).toBeUndefined();
		expect([...new Uint8Array((await getImage(db, edited.id))!.preview)]).toEqual(new Array(40).fill(9));
		expect((await listDrafts(db))[0].images).toBe(2);
		const reopened = (await DraftEditor.open(db, caseId))!;
		expect(reopened.slicesOf('s0').map((s) => [s.id, s.index, s.previewBytes])).toEqual([[edited.id, 0, 40], [second.id, 1, 100]]);
	});

	it('refuses to edit a DICOM slice as a photograph, and a failed rendering changes nothing', async () => {
		const { db, caseId } = await draftWith([{ modality: 'CT', slices: 1, dicom: true }, { modality: '', slices: 1, dicom: false }]);
		const editor = (await DraftEditor.open(db, caseId))!;
		const edit = { crop: null, blackouts: [{ x: 0, y: 0, width: 5, height: 5 }] };
		const never = async (): Promise<never> => {
			throw new Error('rendered');
		};
		await expect(editor.editPhoto('s0', editor.slicesOf('s0')[0].id, edit, never)).rejects.toThrow(/not a photograph/);
		const photo = editor.slicesOf('s1')[0];
		await expect(editor.editPhoto('s1', photo.id, edit, never)).rejects.toThrow('rendered');
		expect(editor.slicesOf('s1')).toEqual([photo]);
		expect((await getImage(db, photo.id))?.preview.byteLength).toBe(100);
	});
});
