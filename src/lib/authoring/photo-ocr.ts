/**
 * proposeForStoredPhoto: on-device OCR of a photograph already in a draft (the draft page's photo
 * editor), matched against the draft's PHI record: the black boxes it proposes, in the photo's
 * own pixels, and its hits masked. Nothing is changed until the author saves the edit.
 */
import { getPhi, type DraftsDb } from '$lib/db';
import { findBurnedInText } from '$lib/workers/app-pool';
import { proposalOf, type OcrProposal } from './burned-in-ocr';
import { storedPreview } from './images';
import type { FindText } from './review-list';

export async function proposeForStoredPhoto(db: DraftsDb, caseId: string, imageId: string, findText: FindText = findBurnedInText): Promise<OcrProposal> {
	const [image, phi] = await Promise.all([storedPreview(db, imageId), getPhi(db, caseId)]);
	if (!image) return { status: 'failed', message: 'image not found' };
	try {
		const finding = await findText(image.bytes, image.type, phi ?? { values: [] });
		return proposalOf(finding, { width: finding.width, height: finding.height });
	} catch (error) {
		return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
	}
}
