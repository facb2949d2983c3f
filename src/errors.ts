import { z } from 'zod';

/** The closed set of error codes clients may rely on, with their HTTP status. */
export const ERROR_STATUS = {
  validation_failed: 400,
  malformed_json: 400,
  invalid_code: 400,
  invalid_query: 400,
  unknown_parameter: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  purpose_required: 403,
  consent_required: 403,
  account_locked: 423,
  not_found: 404,
  method_not_allowed: 405,
  duplicate_code: 409,
  username_taken: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  database_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  /** Field path (e.g. "body.name", "query.q") or row, naming what is at fault. */
  field?: string;
  row?: number;
  code?: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): { error: { code: ErrorCode; message: string; details: ErrorDetail[] } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]).describe('Stable error code'),
      message: z.string(),
      details: z.array(
        z.object({
          field: z.string().optional(),
          row: z.number().int().optional(),
          code: z.string().optional(),
          message: z.string(),
        }),
      ),
    }),
  })
  .describe('Error');

/** Error responses for a route's OpenAPI entry. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorResponse> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorResponse]));
}
