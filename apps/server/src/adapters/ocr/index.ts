/**
 * OCR adapter: page images → positioned words (domain/document-text.ts TextItems, with a confidence),
 * with tesseract.js and language data from the `@tesseract.js-data/<code>` npm packages (never fetched).
 *
 *   new OcrEngine(['eng']).recognize(png, { pixelsPerPoint, signal? }) → { items, confidence, wordCount, skewDegrees }
 *   engine.close() ends the engine's worker thread.
 *   ocrLanguageDir(code) / missingOcrLanguages(codes) / parseOcrLanguages('eng+deu'): installed data.
 */
export { OcrEngine, type RecognizeOptions, type RecognizedPage } from './recognize.js';
export { despeckle } from './despeckle.js';
export { missingOcrLanguages, ocrLanguageDir, parseOcrLanguages } from './languages.js';
