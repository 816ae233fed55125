/** Rendering's public API: stored values to 8-bit RGBA previews and PNG. */
export { applyModalityLut, modalityFunction } from './modality';
export { encodePng } from './png';
export { PREVIEW_MAX_LONG_SIDE, THUMBNAIL_MAX_LONG_SIDE, renderPreview, type PreviewOptions } from './preview';
export { renderFrame, type RenderedImage } from './render-frame';
export { resizeToFit } from './resize';
export { WINDOW_PRESETS, defaultWindow, windowFunction, type Window, type WindowPreset } from './window';
