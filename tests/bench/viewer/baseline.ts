// The baseline the viewer is compared with: how teaching sites usually show a stack. Every slice is
// an <img> preloaded at once; the wheel toggles which one is visible.

/** baselineHtml returns the page for the slice URLs (same marks and data attributes as the viewer, so one harness measures both). */
export function baselineHtml(urls: readonly string[]): string {
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Baseline: ${urls.length} preloaded img</title>
<style>
body { margin: 0; background: #000; }
#stack { position: relative; width: 100vw; height: 100vw; touch-action: none; overscroll-behavior: contain; }
#stack img { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: contain; visibility: hidden; }
#stack img.on { visibility: visible; }
</style></head>
<body><section class="viewer" data-index="0"><div id="stack" class="stage"></div></section>
<script>
const urls = ${JSON.stringify(urls)};
const stack = document.getElementById('stack');
const viewer = document.querySelector('.viewer');
let index = 0;
const images = urls.map((url, i) => {
	const img = new Image();
	img.alt = '';
	if (i === 0) {
		img.className = 'on';
		img.onload = () => requestAnimationFrame(() => { performance.mark('viewer:first-slice'); viewer.dataset.drawnIndex = '0'; });
	}
	img.src = url;
	stack.append(img);
	return img;
});
stack.addEventListener('wheel', (e) => {
	e.preventDefault();
	const next = Math.max(0, Math.min(urls.length - 1, index + Math.sign(e.deltaY)));
	if (next === index) return;
	images[index].className = '';
	images[next].className = 'on';
	index = next;
	viewer.dataset.index = String(index);
	viewer.dataset.drawnIndex = String(index);
}, { passive: false });
window.benchLoaded = () => images.every((img) => img.complete && img.naturalWidth > 0);
</script></body></html>`;
}
