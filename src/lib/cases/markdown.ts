/**
 * Safe Markdown for case texts: `marked` turns Markdown into HTML with raw HTML escaped (a case
 * author writes Markdown, never HTML), then DOMPurify keeps only the tags and attributes in
 * SANITIZE_CONFIG. Two layers because either alone has had bypasses; the config is data so tests
 * can read what is allowed.
 */
import DOMPurify, { type Config } from 'dompurify';
import { Marked, type Tokens } from 'marked';

/** SANITIZE_CONFIG is the allow-list the rendered HTML must fit: text formatting, lists, tables, links, no media, no forms, no styles. */
export const SANITIZE_CONFIG = {
	ALLOWED_TAGS: [
		'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 'code', 'pre',
		'blockquote', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub'
	],
	ALLOWED_ATTR: ['href', 'title', 'start', 'align'],
	// Only web and mail links: no javascript:, data:, vbscript: or relative tricks.
	ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
	ALLOW_DATA_ATTR: false,
	ALLOW_ARIA_ATTR: false,
	RETURN_TRUSTED_TYPE: false
} as const satisfies Config;

/** Sanitizer is the part of DOMPurify used here (the browser's default instance, or one made on a jsdom window in tests). */
export interface Sanitizer {
	sanitize(html: string, config: Config & { RETURN_TRUSTED_TYPE: false }): string;
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** markdownToHtml converts Markdown to HTML, escaping raw HTML blocks and inline tags rather than passing them through. */
export function markdownToHtml(markdown: string): string {
	const marked = new Marked({ gfm: true, breaks: true, async: false });
	marked.use({
		renderer: {
			html(token: Tokens.HTML | Tokens.Tag): string {
				return escapeHtml(token.text);
			}
		}
	});
	return marked.parse(markdown, { async: false });
}

/**
 * renderMarkdown returns sanitised HTML for a case text. `sanitizer` defaults to DOMPurify bound
 * to the page's window; under Node pass `DOMPurify(window)` of a jsdom window.
 */
export function renderMarkdown(markdown: string, sanitizer: Sanitizer = DOMPurify): string {
	const html = markdownToHtml(markdown);
	return sanitizer.sanitize(html, { ...SANITIZE_CONFIG, ALLOWED_TAGS: [...SANITIZE_CONFIG.ALLOWED_TAGS], ALLOWED_ATTR: [...SANITIZE_CONFIG.ALLOWED_ATTR] });
}
