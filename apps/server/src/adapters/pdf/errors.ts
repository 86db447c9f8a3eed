/** Why a PDF gave no text. The job layer maps each code to a permanent (never retried) task failure. */
export const PdfErrorCode = {
  invalid: 'PDF_INVALID',
  passwordRequired: 'PDF_PASSWORD_REQUIRED',
  passwordIncorrect: 'PDF_PASSWORD_INCORRECT',
  noTextLayer: 'PDF_NO_TEXT_LAYER',
  tooManyPages: 'PDF_TOO_MANY_PAGES',
} as const;
export type PdfErrorCode = (typeof PdfErrorCode)[keyof typeof PdfErrorCode];

export class PdfExtractionError extends Error {
  override readonly name = 'PdfExtractionError';

  constructor(
    readonly code: PdfErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
