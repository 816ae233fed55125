/** Formatting helpers of the authoring pages: sizes, times, burned-in reasons and skip reasons in the reader's language. */
import type { BurnedInReason } from '$lib/dicom/deid';
import { getLocale, m } from '$lib/i18n';
import type { SkippedItem } from '$lib/state/authoring/import-session.svelte';

/** formatBytes writes a byte count with a binary unit ("3.4 MB"), in the reader's locale. */
export function formatBytes(bytes: number): string {
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${new Intl.NumberFormat(getLocale(), { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

/** formatTime writes a time of day with its date, in the reader's locale. */
export function formatTime(ms: number): string {
	return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'short', timeStyle: 'short' }).format(ms);
}

/** reasonLabel translates a burned-in reason code (a string as kept with a draft; an unknown code is shown as it is). */
export function reasonLabel(reason: BurnedInReason | string): string {
	if (reason.startsWith('modality:')) return m.author_reason_modality({ modality: reason.slice('modality:'.length) });
	const labels: Record<string, () => string> = {
		'burned-in-annotation': m.author_reason_burned_in_annotation,
		'secondary-capture': m.author_reason_secondary_capture,
		'dose-report': m.author_reason_dose_report,
		'derived-secondary': m.author_reason_derived_secondary
	};
	return labels[reason]?.() ?? reason;
}

const SKIP_LABELS: Record<SkippedItem['reason'], () => string> = {
	'not-dicom': m.author_skip_not_dicom,
	empty: m.author_skip_empty,
	dicomdir: m.author_skip_dicomdir,
	'not-in-dicomdir': m.author_skip_not_in_dicomdir,
	'bad-zip': m.author_skip_bad_zip,
	unreadable: m.author_skip_unreadable,
	'too-large': m.author_skip_too_large,
	'not-image': m.author_skip_not_image,
	'duplicate-instance': m.author_skip_duplicate_instance,
	'unreadable-dicom': m.author_skip_unreadable_dicom
};

/** skipLabel translates why a file was skipped. */
export function skipLabel(reason: SkippedItem['reason']): string {
	return SKIP_LABELS[reason]();
}

/** validationText translates validation error codes (`title_too_long`...) into one sentence per code. */
export function validationText(codes: readonly string[] | undefined): string {
	const messages = m as unknown as Record<string, (() => string) | undefined>;
	return (codes ?? []).map((code) => messages[`draft_error_${code}`]?.() ?? code).join(' ');
}
