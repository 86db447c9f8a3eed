import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Tesseract's language codes: `eng`, `deu`, `chi_sim`, `deu_latf`. */
const LANGUAGE_CODE = /^[a-z]{3}(?:_[a-z]{3,4})?$/;

/**
 * The folder holding `<code>.traineddata.gz` for a language, from its npm data package
 * (`@tesseract.js-data/<code>`), or undefined when that package is not installed. The LSTM-only model
 * (`4.0.0_best_int`, what tesseract.js itself would fetch for the LSTM engine) is preferred; the package's
 * default folder (with the legacy engine's data too) otherwise. Nothing is ever downloaded.
 */
export function ocrLanguageDir(code: string): string | undefined {
  if (!LANGUAGE_CODE.test(code)) return undefined;
  let root: string;
  try {
    root = path.dirname(require.resolve(`@tesseract.js-data/${code}/package.json`));
  } catch {
    return undefined;
  }
  for (const folder of ['4.0.0_best_int', '4.0.0']) {
    const dir = path.join(root, folder);
    if (existsSync(path.join(dir, `${code}.traineddata.gz`))) return dir;
  }
  return undefined;
}

/** The languages of a list (`eng`, `eng+deu`, `eng,deu`) whose data package is missing. */
export function missingOcrLanguages(languages: readonly string[]): string[] {
  return languages.filter((code) => ocrLanguageDir(code) === undefined);
}

/** `eng+deu`, `eng, deu` or `eng deu` → ['eng', 'deu'] (no duplicates, order kept). */
export function parseOcrLanguages(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[\s,+]+/)
        .map((code) => code.trim())
        .filter(Boolean),
    ),
  ];
}
