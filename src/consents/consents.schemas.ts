import { z } from 'zod';
import { PURPOSES } from '../db/schema.js';

export const RecordConsentBody = z
  .object({
    org_id: z.number().int().positive().optional().describe('The organisation consented to (default: your own)'),
    purpose: z.enum(PURPOSES),
    evidence: z.string().trim().min(1).max(500).describe('How the consent was obtained, e.g. the signed form number'),
    expires_at: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
      .describe('Last day the consent is valid'),
  })
  .strict();
export type RecordConsentInput = z.infer<typeof RecordConsentBody>;

export const ConsentView = z.object({
  id: z.number().int(),
  subject_id: z.number().int(),
  org_id: z.number().int().nullable(),
  purpose: z.enum(PURPOSES),
  evidence: z.string(),
  granted_at: z.string(),
  expires_at: z.string(),
  revoked: z.boolean(),
});

export const AccessLogEntry = z.object({
  at: z.string(),
  organisation: z.string().nullable().describe('Who read: the organisation, or the role when there is none'),
  role: z.string(),
  purpose: z.string().nullable(),
  outcome: z.enum(['ok', 'denied']),
});
