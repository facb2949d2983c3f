import { z } from 'zod';
import { isDivisionCode } from '../codes/divisions.js';

export const SUBJECT_KINDS = ['enterprise', 'individual_business', 'other_org', 'natural_person'] as const;
export const SUBJECT_STATUSES = ['operating', 'revoked', 'cancelled', 'moved_out', 'suspended', 'withdrawn'] as const;
/** GB/T 4754-2017 sections. */
export const INDUSTRY_SECTIONS = [
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'I',
  'J',
  'K',
  'L',
  'M',
  'N',
  'O',
  'P',
  'Q',
  'R',
  'S',
  'T',
] as const;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && d.getTime() <= Date.now();
  }, 'must be a real date, not in the future');

const divisionCode = z
  .string()
  .regex(/^\d{6}$/, 'must be a six-digit GB/T 2260 division code')
  .refine(isDivisionCode, 'is not in the GB/T 2260 division table');

const subjectName = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

const subjectFields = {
  name: subjectName.describe('Registered name (Chinese for domestic subjects)'),
  kind: z.enum(SUBJECT_KINDS).describe('Subject kind; implied by the USCC entity category when omitted'),
  former_names: z.array(subjectName).max(50).describe('Earlier registered names, newest first'),
  legal_representative: z.string().trim().min(1).max(100).nullable().describe('Legal representative or operator'),
  status: z.enum(SUBJECT_STATUSES).describe('Registration status'),
  registered_date: isoDate.nullable().describe('Date of establishment or registration (YYYY-MM-DD)'),
  registered_capital: z.number().nonnegative().max(1e12).nullable().describe('Registered capital in 万元 (10,000 CNY)'),
  address: z.string().trim().min(1).max(300).nullable().describe('Registered address'),
  industry: z.enum(INDUSTRY_SECTIONS).nullable().describe('GB/T 4754 industry section (A–T)'),
  division: divisionCode.nullable().describe('Administrative division (GB/T 2260); taken from the code when omitted'),
};

export const CreateSubjectBody = z
  .object({
    code: z.string().min(1).max(40).describe('USCC (GB 32100) or citizen ID (GB 11643); spaces and hyphens ignored'),
    name: subjectFields.name,
    kind: subjectFields.kind.optional(),
    former_names: subjectFields.former_names.default([]),
    legal_representative: subjectFields.legal_representative.optional().default(null),
    status: subjectFields.status.default('operating'),
    registered_date: subjectFields.registered_date.optional().default(null),
    registered_capital: subjectFields.registered_capital.optional().default(null),
    address: subjectFields.address.optional().default(null),
    industry: subjectFields.industry.optional().default(null),
    division: subjectFields.division.optional(),
  })
  .strict();
export type CreateSubjectInput = z.infer<typeof CreateSubjectBody>;

export const UpdateSubjectBody = z
  .object({
    name: subjectFields.name.optional(),
    kind: subjectFields.kind.optional(),
    former_names: subjectFields.former_names.optional(),
    legal_representative: subjectFields.legal_representative.optional(),
    status: subjectFields.status.optional(),
    registered_date: subjectFields.registered_date.optional(),
    registered_capital: subjectFields.registered_capital.optional(),
    address: subjectFields.address.optional(),
    industry: subjectFields.industry.optional(),
    division: subjectFields.division.optional(),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, 'at least one field must be given');
export type UpdateSubjectInput = z.infer<typeof UpdateSubjectBody>;

export const SubjectKeyParams = z
  .object({
    key: z
      .string()
      .min(1)
      .max(40)
      .describe('USCC or citizen ID (spaces and hyphens ignored), or the numeric subject id'),
  })
  .strict();

export const SearchSubjectsQuery = z
  .object({
    q: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .describe('Code, code prefix, Chinese name or part of it, full pinyin or pinyin initials'),
    kind: z.enum(SUBJECT_KINDS).optional().describe('Only subjects of this kind'),
    division: z
      .string()
      .regex(/^(\d{2}|\d{4}|\d{6})$/, 'must be a 2-, 4- or 6-digit division code prefix')
      .optional()
      .describe('Province (2 digits), city (4) or county (6) division prefix'),
    page: z.coerce.number().int().min(1).max(10_000).default(1).describe('Page number, from 1'),
    page_size: z.coerce.number().int().min(1).max(100).default(20).describe('Results per page (1–100)'),
  })
  .strict();
export type SearchSubjectsInput = z.infer<typeof SearchSubjectsQuery>;

const DivisionView = z.object({
  code: z.string(),
  name: z.string().nullable(),
  full_name: z.string().nullable(),
});

export const SubjectView = z
  .object({
    id: z.number().int(),
    code: z.string().describe('The USCC, or the masked citizen ID of a natural person'),
    code_type: z.enum(['uscc', 'citizen_id']),
    code_masked: z.boolean(),
    kind: z.enum(SUBJECT_KINDS),
    name: z.string(),
    former_names: z.array(z.string()),
    legal_representative: z.string().nullable(),
    status: z.enum(SUBJECT_STATUSES),
    registered_date: z.string().nullable(),
    registered_capital: z.number().nullable(),
    address: z.string().nullable(),
    industry: z.string().nullable(),
    division: DivisionView.nullable(),
    pinyin: z.string(),
    pinyin_initials: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .describe('A credit subject');
export type SubjectViewType = z.infer<typeof SubjectView>;

export const SearchHit = SubjectView.extend({
  match: z
    .enum(['code', 'code_prefix', 'name_exact', 'name_prefix', 'name', 'former_name', 'pinyin'])
    .describe('What the query matched, in relevance order'),
  highlight: z
    .array(z.tuple([z.number().int(), z.number().int()]))
    .describe('[start, end) character ranges of the query in name (or in the matched former name)'),
  matched_former_name: z.string().nullable(),
});

export const SearchResult = z.object({
  items: z.array(SearchHit),
  total: z.number().int(),
  total_exact: z.boolean().describe('False when more subjects match than are ranked; total is then a lower bound'),
  page: z.number().int(),
  page_size: z.number().int(),
});
export type SearchResultType = z.infer<typeof SearchResult>;
