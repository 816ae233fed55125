/**
 * Rectangles drawn with a finger or the mouse on a scaled canvas, mapped to the pixels of the
 * image they mark. Black-outs round outwards (every pixel the drawn rectangle touches is covered,
 * so a fraction of a letter never survives the rounding); crops round inwards (only pixels wholly
 * inside are kept, so nothing the author cut off survives either). Pure: no DOM.
 */

/** Point is a position in some coordinate space. */
export interface Point {
	x: number;
	y: number;
}

/** Size is a width and a height. */
export interface Size {
	width: number;
	height: number;
}

/** Rect is an axis-aligned rectangle: its top-left corner and its size. */
export interface Rect extends Point, Size {}

/** dragRect is the rectangle between where a drag started and where it is now, whichever way it went. */
export function dragRect(from: Point, to: Point): Rect {
	return { x: Math.min(from.x, to.x), y: Math.min(from.y, to.y), width: Math.abs(to.x - from.x), height: Math.abs(to.y - from.y) };
}

/** clampPoint keeps a position inside a `size` surface (a drag that leaves the canvas stops at its edge). */
export function clampPoint(p: Point, size: Size): Point {
	return { x: Math.min(Math.max(p.x, 0), size.width), y: Math.min(Math.max(p.y, 0), size.height) };
}

/** intersect is the part of `a` inside `b`, or null when they do not overlap. */
export function intersect(a: Rect, b: Rect): Rect | null {
	const x = Math.max(a.x, b.x);
	const y = Math.max(a.y, b.y);
	const right = Math.min(a.x + a.width, b.x + b.width);
	const bottom = Math.min(a.y + a.height, b.y + b.height);
	return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

/** scaleRect maps a rectangle from a `from`-sized space to a `to`-sized one, without rounding (for drawing). */
export function scaleRect(r: Rect, from: Size, to: Size): Rect {
	const sx = to.width / from.width;
	const sy = to.height / from.height;
	return { x: r.x * sx, y: r.y * sy, width: r.width * sx, height: r.height * sy };
}

/** snap takes a value within a millionth of a pixel of a whole one as that whole one (a drag to the canvas's edge scales to 639.9999999…, not 640, in floating point). */
function snap(v: number): number {
	const whole = Math.round(v);
	return Math.abs(v - whole) < 1e-6 ? whole : v;
}

/** pixelRect rounds a scaled rectangle to whole pixels, outwards or inwards, clamped to the grid; null when nothing is left. */
function pixelRect(drawn: Rect, shown: Size, grid: Size, outwards: boolean): Rect | null {
	const r = scaleRect(drawn, shown, grid);
	const [start, end] = outwards ? [Math.floor, Math.ceil] : [Math.ceil, Math.floor];
	const whole = { x: start(snap(r.x)), y: start(snap(r.y)), width: 0, height: 0 };
	whole.width = end(snap(r.x + r.width)) - whole.x;
	whole.height = end(snap(r.y + r.height)) - whole.y;
	if (whole.width <= 0 || whole.height <= 0) return null;
	return intersect(whole, { x: 0, y: 0, ...grid });
}

/**
 * coverRect maps a rectangle drawn on a surface shown at `shown` size to the whole pixels of a
 * `grid`-sized image that it touches (rounded outwards, covering never uncovering), clamped to the
 * image; null when it covers no pixel of the image.
 */
export function coverRect(drawn: Rect, shown: Size, grid: Size): Rect | null {
	return pixelRect(drawn, shown, grid, true);
}

/**
 * insideRect maps a drawn rectangle to the whole pixels of a `grid`-sized image lying wholly
 * inside it (rounded inwards: what a crop keeps), clamped to the image; null when none does.
 */
export function insideRect(drawn: Rect, shown: Size, grid: Size): Rect | null {
	return pixelRect(drawn, shown, grid, false);
}
