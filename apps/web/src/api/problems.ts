import { ApiError } from './client';

/** What went wrong, in plain words, and what the person can do about it. */
export interface Explained {
  title: string;
  action: string;
  /** The server's own words, shown beneath (it often names the field or the limit). */
  detail?: string | undefined;
  code: string;
}

const KNOWN: Record<string, { title: string; action: string }> = {
  NETWORK_ERROR: {
    title: 'The server could not be reached.',
    action: 'Check your connection, or that Ledgerflow is running, then try again.',
  },
  VALIDATION_FAILED: { title: 'Some of what you entered is not valid.', action: 'Correct it and try again.' },
  INVALID_CREDENTIALS: {
    title: 'That email and password do not match an account.',
    action: 'Check both and try again.',
  },
  EMAIL_TAKEN: {
    title: 'An account with this email already exists.',
    action: 'Sign in instead, or use another email.',
  },
  RATE_LIMITED: { title: 'Too many attempts in a short time.', action: 'Wait a moment, then try again.' },
  UNAUTHENTICATED: { title: 'You are signed out.', action: 'Sign in again.' },
  TOKEN_EXPIRED: { title: 'Your session has ended.', action: 'Sign in again.' },
  REFRESH_TOKEN_REUSED: {
    title: 'Your session was ended for safety.',
    action: 'Sign in again; if this keeps happening, change your password.',
  },
  FORBIDDEN: {
    title: 'Your role does not allow this.',
    action: 'Ask an owner or admin of your organization.',
  },
  NOT_FOUND: {
    title: 'This no longer exists.',
    action: 'It may have been deleted; go back and refresh the list.',
  },
  PAYLOAD_TOO_LARGE: {
    title: 'The file is too large.',
    action: 'Split it into smaller files (for example one per month) and upload those.',
  },
  EMPTY_FILE: { title: 'The file is empty.', action: 'Export it again from your bank and upload that file.' },
  UNSUPPORTED_FILE_TYPE: {
    title: 'This is not a file type Ledgerflow reads.',
    action: 'Upload a PDF statement or a CSV, OFX/QFX, QIF, MT940 or CAMT.053 export.',
  },
  NOT_A_PDF: { title: 'This file is not a PDF.', action: 'Upload the invoice as a PDF.' },
  PDF_INVALID: {
    title: 'The PDF is damaged or incomplete.',
    action: 'Download it again from your bank and upload the new copy.',
  },
  PDF_PASSWORD_REQUIRED: {
    title: 'This PDF is protected by a password.',
    action: 'Enter the password the bank gave you (often your ID number or account number).',
  },
  PDF_PASSWORD_INCORRECT: {
    title: 'That password does not open the PDF.',
    action: 'Check the password and enter it again.',
  },
  PDF_NO_TEXT_LAYER: {
    title: 'The PDF is a scan without text.',
    action: 'Download the statement as a text PDF or an export (CSV, OFX) from your online banking.',
  },
  PDF_TOO_MANY_PAGES: {
    title: 'The PDF has too many pages.',
    action: 'Split it into smaller statements and upload those.',
  },
  NOT_A_STATEMENT: {
    title: 'This does not look like a bank statement.',
    action: 'Check you picked the right file.',
  },
  NOT_AN_INVOICE: {
    title: 'This does not look like an invoice.',
    action: 'Check you picked the right file.',
  },
  STATEMENT_LAYOUT_UNKNOWN: {
    title: "Ledgerflow does not know this bank's statement layout yet.",
    action: 'Upload an export (CSV, OFX, QIF) of the same period from your online banking instead.',
  },
  STATEMENT_NOT_RECONCILED: {
    title: 'The statement does not add up, so nothing was saved.',
    action: 'Import it without "strict" to review the rows that do not reconcile.',
  },
  FILE_TOO_COMPLEX: {
    title: 'The file could not be read safely.',
    action: 'Export it again from your bank; if it keeps failing, use a CSV or OFX export.',
  },
  EXPORT_MALFORMED: {
    title: 'The export file is damaged or not in the expected format.',
    action: 'Export it again from your bank.',
  },
  EXPORT_XML_UNSAFE: {
    title: 'The XML file contains constructs that are refused for safety.',
    action: 'Export it again from your bank.',
  },
  EXPORT_ENCODING_UNSUPPORTED: {
    title: "The file's text encoding is not supported.",
    action: 'Export it as UTF-8, or choose the encoding in the CSV options.',
  },
  EXPORT_CSV_MAPPING_NEEDED: {
    title: 'Ledgerflow cannot tell which CSV column is which.',
    action: 'Choose the columns in the form below and import again.',
  },
  EXPORT_NO_TRANSACTIONS: {
    title: 'The file holds no transactions.',
    action: 'Check the period you exported from your bank.',
  },
  EXPORT_TOO_LARGE: { title: 'The export has too many rows.', action: 'Export a shorter period.' },
  TIME_LIMIT_EXCEEDED: {
    title: 'This took too long and was stopped.',
    action: 'Try a smaller file or scope; if it keeps happening, tell your administrator.',
  },
  CANCELLED: { title: 'Cancelled.', action: 'Start it again when you want.' },
  RULE_INVALID: { title: 'The rule is not valid.', action: 'Correct the highlighted parts and save again.' },
  CATEGORY_IN_USE: {
    title: 'Transactions still use this category.',
    action: 'Move them to another category, or uncategorize them, then delete.',
  },
  REPORT_EXPIRED: {
    title: 'This report has expired.',
    action: 'Generate it again; choose "Keep" next time to hold on to it.',
  },
  ALREADY_UNDONE: { title: 'This was already undone.', action: 'Nothing more to do.' },
  INTERNAL_ERROR: {
    title: 'Something went wrong on our side.',
    action: 'Try again in a moment; if it keeps failing, give your administrator the request id.',
  },
  SERVICE_UNAVAILABLE: { title: 'Ledgerflow is busy or restarting.', action: 'Try again in a moment.' },
};

function byStatus(status: number): { title: string; action: string } {
  if (status === 0) return KNOWN.NETWORK_ERROR!;
  if (status === 401) return KNOWN.UNAUTHENTICATED!;
  if (status === 403) return KNOWN.FORBIDDEN!;
  if (status === 404) return KNOWN.NOT_FOUND!;
  if (status === 409)
    return { title: 'This conflicts with the current state.', action: 'Refresh and try again.' };
  if (status === 410) return { title: 'This is no longer available.', action: 'Start it again.' };
  if (status === 413) return KNOWN.PAYLOAD_TOO_LARGE!;
  if (status === 429) return KNOWN.RATE_LIMITED!;
  if (status >= 500) return KNOWN.INTERNAL_ERROR!;
  return { title: 'The request was refused.', action: 'Check what you entered and try again.' };
}

/**
 * Explains an API problem or a failed task's error. Unknown codes (the API gains new ones) fall back
 * on the HTTP status and always show the server's own words.
 */
export function explain(error: unknown): Explained {
  if (error instanceof ApiError) {
    const known = KNOWN[error.code] ?? byStatus(error.status);
    const fields = error.problem?.errors?.map((e) => `${e.path.replace(/^\/body\//, '')} ${e.message}`);
    const detail = [error.detail, ...(fields ?? [])].filter(Boolean).join(' — ');
    return { ...known, detail: detail || undefined, code: error.code };
  }
  if (isTaskError(error)) {
    const known = KNOWN[error.code];
    return known
      ? { ...known, detail: error.message, code: error.code }
      : {
          title: error.message,
          action: 'Try again; if it keeps failing, contact your administrator.',
          code: error.code,
        };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { title: 'Something went wrong.', action: 'Try again.', detail: message, code: 'UNKNOWN' };
}

function isTaskError(value: unknown): value is { code: string; message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string' &&
    !(value instanceof Error)
  );
}
