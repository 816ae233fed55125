/**
 * The outbox's pre-flight: what a case will send, and what the PHI firewall finds in it, learned
 * by reading each image once, before any request.
 */
import { imageFiles, inSliceRange, seriesFields } from '../cases/outgoing';
import { scanOutgoing, type FirewallHit } from '../cases/phi-firewall';
import type { DraftSeries, ImageFacts } from '../cases/types';
import type { PhiRecord } from '../dicom/deid/phi-types';
import { getImage, listImageIds } from '../db/drafts';
import type { DraftsDb } from '../db/open';

/** PlannedImage is one image to send: its id, index and sizes (its bytes are read again when sent). */
export interface PlannedImage {
	id: string;
	index: number;
	previewBytes: number;
	dicomBytes: number;
}

/** Plan is what will be sent, and the firewall's findings, learned by reading each image once. */
export interface Plan {
	/** images per series client id, in index order. */
	images: Map<string, PlannedImage[]>;
	facts: ImageFacts[];
	hits: FirewallHit[];
	/** dicomHits count only if the DICOM is going to be sent (valid research consent). */
	dicomHits: FirewallHit[];
	header: string | null;
}

/**
 * planAndScan reads the images one at a time (a 300-slice case with DICOM would not fit in a
 * phone's memory at once), keeping those in their slice range, and runs the firewall on every
 * file: the preview always, the DICOM aside until consent decides whether it is sent. The case's
 * date offset lets the firewall tell dates the de-identifier wrote from leftover originals.
 */
export async function planAndScan(db: DraftsDb, series: readonly DraftSeries[], phi: PhiRecord | null, dateOffsetDays: number | null = null): Promise<Plan> {
	const plan: Plan = { images: new Map(), facts: [], hits: [], dicomHits: [], header: null };
	for (const s of series) {
		const planned: PlannedImage[] = [];
		for (const id of await listImageIds(db, s.clientId)) {
			const image = await getImage(db, id);
			if (!image || !inSliceRange(s, image)) continue;
			const { preview, dicom } = image;
			plan.facts.push({ ...image, preview: { byteLength: preview.byteLength }, dicom: dicom && { byteLength: dicom.byteLength } });
			for (const file of imageFiles(image, true)) {
				const found = scanOutgoing({ files: [{ ...file, where: `series ${s.order} ${file.where}` }] }, phi, { dateOffsetDays });
				(file.dicom ? plan.dicomHits : plan.hits).push(...found);
			}
			planned.push({ id, index: image.index, previewBytes: preview.byteLength, dicomBytes: dicom?.byteLength ?? 0 });
			if (s.headerImage === image.index && plan.header === null) plan.header = id;
		}
		plan.images.set(s.clientId, planned.sort((a, b) => a.index - b.index));
		const fields = Object.entries(seriesFields(s, planned.length)).map(([k, v]) => [`series ${s.order} ${k}`, v]);
		plan.hits.push(...scanOutgoing({ fields: Object.fromEntries(fields) }, phi));
	}
	return plan;
}
