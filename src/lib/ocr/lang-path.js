// Plain JavaScript: vite.config.ts imports this through vite-plugin.js, and Vite's config loader
// wants explicit file extensions, which the app's TypeScript imports do not carry.

/** OCR_LANGUAGES: English and Spanish together — English alone reads "Muñoz" as "Mujfioz" (STACK-NOTES.md, measured with Tesseract 5). */
export const OCR_LANGUAGES = 'eng+spa';

/**
 * OCR_LANG_PATH is where the app serves the trained data (`eng.traineddata.gz`,
 * `spa.traineddata.gz`, copied from @tesseract.js-data by `vite-plugin.js` into the build):
 * tesseract.js asks for `<langPath>/<lang>.traineddata.gz`, so the names cannot be hashed.
 */
export const OCR_LANG_PATH = '/ocr/lang/';

/** OCR_LANG_DATA is the @tesseract.js-data folder used: `best_int`, the LSTM-only models (2.9 + 2.1 MB gzipped). */
export const OCR_LANG_DATA = '4.0.0_best_int';
