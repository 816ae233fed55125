import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { markdownToHtml, renderMarkdown, SANITIZE_CONFIG } from './markdown';

const window = new JSDOM('').window;
const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
const render = (md: string) => renderMarkdown(md, purify);

describe('renderMarkdown', () => {
	it('keeps ordinary Markdown: headings, emphasis, lists, tables and web links', () => {
		const html = render('## Hallazgos\n\n**Lesión** *hipodensa*\n\n- uno\n- dos\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[Radiopaedia](https://radiopaedia.org/articles/hcc)');
		expect(html).toContain('<h2>Hallazgos</h2>');
		expect(html).toContain('<strong>Lesión</strong>');
		expect(html).toContain('<em>hipodensa</em>');
		expect(html).toContain('<li>uno</li>');
		expect(html).toContain('<td>1</td>');
		expect(html).toContain('<a href="https://radiopaedia.org/articles/hcc">Radiopaedia</a>');
	});

	it('removes script elements, whether written as HTML or smuggled through Markdown', () => {
		const html = render('Hola <script>alert(1)</script>\n\n<script src="https://evil.example/x.js"></script>');
		expect(html).not.toMatch(/<script/i);
	});

	it('removes event handlers', () => {
		const html = render('<img src=x onerror="alert(1)">\n\n<p onclick="alert(2)">x</p>\n\n![a](https://e.example/a.png" onerror="alert(3))');
		expect(html).not.toMatch(/<[^>]*\son\w+=/i);
		expect(html).not.toMatch(/<img/i);
	});

	it('removes javascript:, data: and vbscript: links but keeps the link text', () => {
		for (const url of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'vbscript:msgbox(1)']) {
			const html = render(`[pulse](${url})`);
			expect(html, url).not.toMatch(/href=/i);
			expect(html, url).toContain('pulse');
		}
	});

	it('shows raw HTML as text instead of rendering it', () => {
		const html = render('<iframe src="https://evil.example"></iframe> <b>bold</b> <style>*{}</style>');
		expect(html).not.toMatch(/<(iframe|b|style)\b/i);
		const shown = window.document.createElement('div');
		shown.innerHTML = html;
		expect(shown.textContent).toContain('<b>bold</b>');
	});

	it('escapes raw HTML already in the Markdown stage, before the sanitiser runs', () => {
		expect(markdownToHtml('<div onmouseover="x()">hi</div>')).not.toContain('<div');
		expect(markdownToHtml('a <span>b</span>')).toContain('&#60;span&#62;');
	});

	it('allows no tag able to load or run content', () => {
		for (const tag of ['script', 'img', 'iframe', 'object', 'embed', 'style', 'svg', 'math', 'form', 'input', 'link', 'meta']) {
			expect(SANITIZE_CONFIG.ALLOWED_TAGS as readonly string[]).not.toContain(tag);
		}
		expect(SANITIZE_CONFIG.ALLOWED_ATTR as readonly string[]).not.toContain('style');
	});
});
