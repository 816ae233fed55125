/**
 * windowed-gl: the reader's window drawn by the GPU. A slice's values bitmap goes up once as a
 * texture; a window is a 256-entry table (the same `windowTable` as the CPU path) in a 256×1
 * texture, and the fragment shader looks each pixel's code up in it. A drag then changes 1 KB
 * and draws one quad, where the CPU path rewrote every pixel and copied the image back (p95
 * 33 ms a frame on the phone profile at 4× CPU): nothing per pixel runs on the main thread, and
 * a flicked slice is decoded (createImageBitmap) and uploaded off it too. Falls back to
 * WindowedSlices (2D canvas) where WebGL 2 is missing or its context is lost.
 */
import type { Window } from '$lib/dicom/render/window';
import { windowTable } from './hu-encoding';

/** GL_KEPT is how many slices' textures stay on the GPU (RGBA, 1 MB each at 512²). */
export const GL_KEPT = 16;

const VERTEX = `#version 300 es
in vec2 pos;
out vec2 uv;
void main() {
	// clip-space y up is the image's first row: texture rows go up as they were decoded
	uv = vec2((pos.x + 1.0) / 2.0, (1.0 - pos.y) / 2.0);
	gl_Position = vec4(pos, 0.0, 1.0);
}`;

// The code is the green channel, as codesOf reads it: a grey JPEG decoded to RGB is exact there.
const FRAGMENT = `#version 300 es
precision highp float;
uniform sampler2D codes;
uniform sampler2D lut;
in vec2 uv;
out vec4 color;
void main() {
	int code = int(texture(codes, uv).g * 255.0 + 0.5);
	color = texelFetch(lut, ivec2(code, 0), 0);
}`;

/** GlWindowedSlices renders slices under a window with WebGL 2, onto one reusable OffscreenCanvas. */
export class GlWindowedSlices {
	readonly #canvas: OffscreenCanvas;
	readonly #gl: WebGL2RenderingContext;
	readonly #lut: WebGLTexture;
	readonly #textures = new Map<number, { texture: WebGLTexture; width: number; height: number }>();
	#lutKey = '';

	/** create returns a GL renderer, or null where WebGL 2 (or OffscreenCanvas) is not available. */
	static create(): GlWindowedSlices | null {
		try {
			if (typeof OffscreenCanvas === 'undefined') return null;
			const canvas = new OffscreenCanvas(1, 1);
			// preserveDrawingBuffer: the viewer draws this canvas into its own on a later frame
			const gl = canvas.getContext('webgl2', { alpha: false, antialias: false, depth: false, premultipliedAlpha: false, preserveDrawingBuffer: true });
			return gl ? new GlWindowedSlices(canvas, gl) : null;
		} catch {
			return null;
		}
	}

	private constructor(canvas: OffscreenCanvas, gl: WebGL2RenderingContext) {
		this.#canvas = canvas;
		this.#gl = gl;
		const program = link(gl);
		gl.useProgram(program);
		const quad = gl.createBuffer();
		gl.bindBuffer(gl.ARRAY_BUFFER, quad);
		gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1]), gl.STATIC_DRAW);
		const pos = gl.getAttribLocation(program, 'pos');
		gl.enableVertexAttribArray(pos);
		gl.vertexAttribPointer(pos, 2, gl.FLOAT, false, 0, 0);
		gl.uniform1i(gl.getUniformLocation(program, 'codes'), 0);
		gl.uniform1i(gl.getUniformLocation(program, 'lut'), 1);
		// the values must reach the shader as the grey levels encoded: no colour management, no premultiplication
		gl.pixelStorei(gl.UNPACK_COLORSPACE_CONVERSION_WEBGL, gl.NONE);
		gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
		gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
		this.#lut = texture(gl);
		gl.activeTexture(gl.TEXTURE1);
		gl.bindTexture(gl.TEXTURE_2D, this.#lut);
		gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, 256, 1, 0, gl.RGBA, gl.UNSIGNED_BYTE, null);
	}

	/** lost is true once the browser took the GPU context away (the caller falls back to the 2D path). */
	get lost(): boolean {
		return this.#gl.isContextLost();
	}

	/** has says whether a slice's texture is on the GPU already. */
	has(index: number): boolean {
		return this.#textures.has(index);
	}

	/** render draws slice `index` (its values bitmap) under window and returns the canvas to draw from. */
	render(index: number, bitmap: ImageBitmap, window: Window): OffscreenCanvas {
		const gl = this.#gl;
		const slice = this.#textureOf(index, bitmap);
		const key = `${window.center}|${window.width}`;
		if (key !== this.#lutKey) {
			gl.activeTexture(gl.TEXTURE1);
			gl.bindTexture(gl.TEXTURE_2D, this.#lut);
			const table = windowTable(window);
			gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, 256, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(table.buffer, table.byteOffset, table.byteLength));
			this.#lutKey = key;
		}
		if (this.#canvas.width !== slice.width || this.#canvas.height !== slice.height) {
			this.#canvas.width = slice.width;
			this.#canvas.height = slice.height;
		}
		gl.viewport(0, 0, slice.width, slice.height);
		gl.activeTexture(gl.TEXTURE0);
		gl.bindTexture(gl.TEXTURE_2D, slice.texture);
		gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
		return this.#canvas;
	}

	/** clear lets go of every slice's texture (the series or its values changed). */
	clear(): void {
		for (const { texture } of this.#textures.values()) this.#gl.deleteTexture(texture);
		this.#textures.clear();
	}

	#textureOf(index: number, bitmap: ImageBitmap) {
		const known = this.#textures.get(index);
		if (known) {
			// most recently used last, so the oldest goes first
			this.#textures.delete(index);
			this.#textures.set(index, known);
			return known;
		}
		const gl = this.#gl;
		gl.activeTexture(gl.TEXTURE0);
		const slice = { texture: texture(gl), width: bitmap.width, height: bitmap.height };
		gl.bindTexture(gl.TEXTURE_2D, slice.texture);
		gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, gl.RGBA, gl.UNSIGNED_BYTE, bitmap);
		this.#textures.set(index, slice);
		if (this.#textures.size > GL_KEPT) {
			const [oldest, old] = this.#textures.entries().next().value!;
			gl.deleteTexture(old.texture);
			this.#textures.delete(oldest);
		}
		return slice;
	}
}

/** texture makes a texture sampled exactly: nearest texel, no wrap. */
function texture(gl: WebGL2RenderingContext): WebGLTexture {
	const t = gl.createTexture();
	gl.bindTexture(gl.TEXTURE_2D, t);
	gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
	gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
	gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
	gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
	return t;
}

function link(gl: WebGL2RenderingContext): WebGLProgram {
	const program = gl.createProgram();
	for (const [type, source] of [[gl.VERTEX_SHADER, VERTEX], [gl.FRAGMENT_SHADER, FRAGMENT]] as const) {
		const shader = gl.createShader(type)!;
		gl.shaderSource(shader, source);
		gl.compileShader(shader);
		if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`windowing shader: ${gl.getShaderInfoLog(shader)}`);
		gl.attachShader(program, shader);
	}
	gl.linkProgram(program);
	if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`windowing program: ${gl.getProgramInfoLog(program)}`);
	return program;
}
