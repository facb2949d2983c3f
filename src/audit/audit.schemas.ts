import { z } from 'zod';

export const AuditQuery = z
  .object({
    action: z.string().max(64).optional().describe('Exact action, e.g. subjects:update'),
    actor_role: z.string().max(32).optional(),
    actor_id: z.coerce.number().int().positive().optional(),
    target_type: z.string().max(32).optional(),
    target_id: z.string().max(64).optional(),
    outcome: z.enum(['ok', 'denied']).optional(),
    from: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}/, 'must be a date or time (ISO 8601)')
      .optional(),
    to: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}/, 'must be a date or time (ISO 8601)')
      .optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    page_size: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type AuditQueryInput = z.infer<typeof AuditQuery>;

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor_id: z.number().int().nullable(),
  actor_role: z.string(),
  org_id: z.number().int().nullable(),
  api_key_id: z.number().int().nullable(),
  ip: z.string().nullable(),
  request_id: z.string().nullable(),
  action: z.string(),
  target_type: z.string().nullable(),
  target_id: z.string().nullable(),
  purpose: z.string().nullable(),
  outcome: z.enum(['ok', 'denied']),
  before_digest: z.string().nullable(),
  after_digest: z.string().nullable(),
  hash: z.string(),
});

export const AuditPage = z.object({
  items: z.array(AuditEntry),
  page: z.number().int(),
  page_size: z.number().int(),
  has_more: z.boolean(),
});

export const AuditVerificationView = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  head_hash: z.string(),
  first_break: z
    .object({
      seq: z.number().int(),
      problem: z.enum(['gap', 'out_of_order', 'prev_mismatch', 'hash_mismatch']),
      message: z.string(),
    })
    .nullable(),
});
