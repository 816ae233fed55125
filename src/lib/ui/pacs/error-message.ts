/** pacsErrorMessage: a PACS failure in the user's language (DicomWebError kinds, PS3.18 statuses). */
import { m } from '$lib/i18n';
import { DicomWebError } from '$lib/import/dicomweb';

export function pacsErrorMessage(error: unknown): string {
	if (!(error instanceof DicomWebError)) return m.pacs_error_malformed();
	switch (error.kind) {
		case 'unreachable':
			return m.pacs_error_unreachable();
		case 'cors':
			return m.pacs_error_cors();
		case 'csp':
			return m.pacs_error_csp();
		case 'unauthorized':
			return m.pacs_error_unauthorized();
		case 'forbidden':
			return m.pacs_error_forbidden();
		case 'not-dicomweb':
			return m.pacs_error_not_dicomweb();
		case 'http':
			return m.pacs_error_http({ status: String(error.status ?? '') });
		default:
			return m.pacs_error_malformed();
	}
}
