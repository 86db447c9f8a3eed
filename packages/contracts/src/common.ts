import { Type, type Static, type TSchema } from 'typebox';

/** RFC 9457 problem details, with our stable `code` and the request id. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable, machine-readable error code' }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    request_id: Type.String(),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String(),
          message: Type.String(),
        }),
      ),
    ),
    retry_after_seconds: Type.Optional(Type.Integer()),
  },
  { $id: 'Problem', description: 'An error, as application/problem+json (RFC 9457)' },
);
export type Problem = Static<typeof Problem>;

export const Uuid = Type.String({ format: 'uuid' });
/** A signed decimal amount as text ("-12.50"), as the transaction filter and rule conditions take it. */
export const SIGNED_DECIMAL_PATTERN = '^-?\\d{1,15}(\\.\\d{1,3})?$';
export const Timestamp = Type.String({ format: 'date-time' });
/** A calendar date, `YYYY-MM-DD`. */
export const CalendarDate = Type.String({
  format: 'date',
  description: 'YYYY-MM-DD',
  examples: ['2024-03-31'],
});
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export type IdParams = Static<typeof IdParams>;

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
};

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
  });
}

export const Message = Type.Object({ message: Type.String() });
export type Message = Static<typeof Message>;

/** How a scanned document was read: the pages OCR read (they had no text layer) and how confidently. */
export const OcrInfo = Type.Object(
  {
    pages: Type.Array(Type.Integer({ minimum: 1 }), { description: 'Pages read by OCR (1-based)' }),
    mean_confidence: Type.Number({
      minimum: 0,
      maximum: 100,
      description: "Tesseract's mean word confidence over those pages, 0–100",
    }),
    low_confidence_rows: Type.Optional(
      Type.Array(Type.Integer(), {
        description:
          'Statement rows (0-based, as in `issues`) whose figures OCR read with low confidence: check them against the scan',
      }),
    ),
  },
  { description: 'Present only when pages were read by OCR' },
);
export type OcrInfo = Static<typeof OcrInfo>;
