import { z } from 'zod';

export const CodeParams = z
  .object({ code: z.string().min(1).max(64, 'must be at most 64 characters').describe('The code to check') })
  .strict();

const DivisionPart = z.object({
  code: z.string(),
  name: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  county: z.string().nullable(),
  known: z.boolean().describe('False when the code is not in the current GB/T 2260 table'),
});

const UsccParts = z.object({
  registration_authority: z.object({ code: z.string(), name: z.string().nullable() }),
  entity_category: z.object({ code: z.string(), name: z.string().nullable() }),
  subject_kind: z.enum(['enterprise', 'individual_business', 'other_org', 'natural_person']),
  division: DivisionPart,
  organization_code: z.string(),
});

const CitizenIdParts = z.object({
  division: DivisionPart,
  birth_date: z.string(),
  sex: z.enum(['male', 'female']),
});

export const CodeCheck = z
  .object({
    input: z.string(),
    valid: z.boolean(),
    type: z.enum(['uscc', 'citizen_id']).nullable(),
    normalized: z.string(),
    errors: z.array(
      z.object({ code: z.enum(['length', 'format', 'checksum', 'org_checksum', 'date']), message: z.string() }),
    ),
    parts: z.union([UsccParts, CitizenIdParts]).nullable(),
  })
  .describe('The verdict on one identity code');
