/**
 * text-sections: a case's text as readers see it, in the order they read it, the same on the
 * case page and in the author's preview (the headings are i18n/labels.ts's caseSectionLabel).
 */

/** CASE_SECTIONS are the headed sections after the case's main text (`content`). */
export const CASE_SECTIONS = ['clinical_presentation', 'imaging_findings', 'physiopathology', 'differential', 'bibliography'] as const;
export type CaseSection = (typeof CASE_SECTIONS)[number];

/** textSections renders the sections that have text, with `render` (renderMarkdown: sanitised HTML). */
export function textSections(text: Record<CaseSection, string>, render: (markdown: string) => string): { field: CaseSection; html: string }[] {
	return CASE_SECTIONS.filter((field) => text[field].trim() !== '').map((field) => ({ field, html: render(text[field]) }));
}
