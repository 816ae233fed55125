// errors: the one error module of the app (STYLE.md habit 7), used by state, UI, sync and loaders alike: cancellations are not errors, PocketBase
// validation codes become translated field messages, anything else becomes one sentence in the
// reader's language with the server's own message as a last resort.
import { m } from '$lib/paraglide/messages';

/** FieldErrors maps a form field name to the message to show under it. */
export type FieldErrors = Record<string, string>;

/** StatusMessages lets a caller say what a status means in its context (400 on sign-in). */
export type StatusMessages = Partial<Record<number, () => string>>;

interface PocketBaseLikeError {
	status: number;
	isAbort?: boolean;
	response?: { message?: unknown; data?: Record<string, { code?: unknown; message?: unknown }> };
}

/** Validation codes PocketBase sends per field, and what they mean for the reader. */
const FIELD_CODES: Record<string, () => string> = {
	validation_required: m.error_required,
	validation_is_email: m.error_invalid_email,
	validation_invalid_email: m.error_invalid_email,
	validation_not_unique: m.error_taken,
	validation_min_text_constraint: m.error_too_short,
	validation_length_too_short: m.error_too_short,
	validation_length_out_of_range: m.error_too_short,
	validation_max_text_constraint: m.error_too_long,
	validation_length_too_long: m.error_too_long,
	validation_values_mismatch: m.error_password_mismatch,
	validation_invalid_old_password: m.error_old_password,
	validation_invalid_format: m.error_invalid_format,
	validation_match_invalid: m.error_invalid_format,
	validation_invalid_value: m.error_invalid_format,
	validation_not_in_values: m.error_invalid_format,
	// hooks/cases_diagnosis.go: a diagnosis that is not an ICD-11 MMS code
	case_diagnosis_unknown: m.error_diagnosis_unknown
};

/** Messages for fields whose format has a rule the reader should be told. */
const FIELD_FORMAT: Record<string, () => string> = { username: m.error_username_format };

/** isAbort says whether `err` is a cancellation (navigation, AbortSignal, the SDK's own), which is not an error: never retried, never shown. */
export function isAbort(err: unknown): boolean {
	if (typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError') return true;
	return asPocketBaseError(err)?.isAbort === true;
}

/**
 * serverMessage is the server's own explanation of a rejection: PocketBase's `message` and the
 * per-field messages, in its words (for logs and the outbox's detail), except Cassette's own field
 * codes the app translates (not PocketBase's `validation_*`, whose server text carries limits and
 * values), which are given in the reader's language.
 */
export function serverMessage(err: unknown): string {
	const pbError = asPocketBaseError(err);
	const response = pbError?.response;
	const translated = (code: unknown) => (typeof code === 'string' && !code.startsWith('validation_') ? FIELD_CODES[code] : undefined);
	const fields = Object.entries(response?.data ?? {}).map(([name, v]) => `${name}: ${translated(v?.code)?.() ?? (typeof v?.message === 'string' ? v.message : '')}`);
	const own = typeof response?.message === 'string' ? response.message : err instanceof Error ? err.message : String(err);
	return [own, ...fields].filter(Boolean).join(' ');
}

/** fieldErrors turns a PocketBase validation response into translated messages per field. */
export function fieldErrors(err: unknown): FieldErrors {
	const data = asPocketBaseError(err)?.response?.data ?? {};
	const out: FieldErrors = {};
	for (const [field, detail] of Object.entries(data)) {
		const code = typeof detail?.code === 'string' ? detail.code : '';
		const isFormat = code === 'validation_invalid_format' || code === 'validation_match_invalid';
		const translate = (isFormat ? FIELD_FORMAT[field] : undefined) ?? FIELD_CODES[code];
		out[field] = translate ? translate() : typeof detail?.message === 'string' ? detail.message : m.error_invalid_format();
	}
	return out;
}

/**
 * describeError is the sentence to show for `err` in the reader's language, or null when `err`
 * is a cancellation. `byStatus` overrides the meaning of a status for the caller's request.
 */
export function describeError(err: unknown, byStatus: StatusMessages = {}): string | null {
	if (isAbort(err)) return null;
	const pbError = asPocketBaseError(err);
	if (!pbError) return m.error_unknown({ message: err instanceof Error ? err.message : String(err) });
	const override = byStatus[pbError.status];
	if (override) return override();
	if (pbError.status === 0) return m.error_offline();
	if (pbError.status === 429) return m.error_rate_limited();
	if (pbError.status === 403) return m.error_forbidden();
	if (pbError.status === 404) return m.error_not_found();
	if (pbError.status === 400 && Object.keys(pbError.response?.data ?? {}).length > 0) return m.error_check_fields();
	const serverMessage = pbError.response?.message;
	return m.error_unknown({ message: typeof serverMessage === 'string' ? serverMessage : String(pbError.status) });
}

function asPocketBaseError(err: unknown): PocketBaseLikeError | null {
	if (typeof err !== 'object' || err === null || !('status' in err)) return null;
	return typeof (err as { status: unknown }).status === 'number' ? (err as PocketBaseLikeError) : null;
}
