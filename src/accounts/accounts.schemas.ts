import { z } from 'zod';
import { ROLES } from '../db/schema.js';
import { KEY_SCOPES } from '../policy/policy.js';

export const ORGANISATION_KINDS = ['department', 'association', 'agency', 'platform'] as const;

const password = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters')
  .describe('At least 10 characters');

export const LoginBody = z
  .object({
    username: z.string().trim().min(1).max(64).describe('Account name'),
    password: z.string().min(1).max(200).describe('Password'),
  })
  .strict();

export const ChangePasswordBody = z
  .object({ current_password: z.string().min(1).max(200), new_password: password })
  .strict();

export const CreateUserBody = z
  .object({
    username: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'must be 3–64 lower-case letters, digits, dot, dash or underscore'),
    display_name: z.string().trim().min(1).max(100),
    password,
    role: z.enum(ROLES).describe('admin, operator, department, association or subject_user'),
    org_id: z.number().int().positive().optional().describe('Organisation (required for department and association)'),
    subject_id: z.number().int().positive().optional().describe('The subject a subject_user speaks for (required)'),
  })
  .strict();
export type CreateUserInput = z.infer<typeof CreateUserBody>;

export const CreateOrganisationBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(ORGANISATION_KINDS),
    code: z.string().trim().min(1).max(40).optional().describe("The organisation's USCC"),
    division: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
  })
  .strict();
export type CreateOrganisationInput = z.infer<typeof CreateOrganisationBody>;

export const CreateApiKeyBody = z
  .object({
    name: z.string().trim().min(1).max(100).describe('What the key is for, e.g. "market regulation feed"'),
    scopes: z
      .array(z.enum(KEY_SCOPES as [string, ...string[]]))
      .min(1)
      .describe('Actions the key may perform'),
    org_id: z.number().int().positive().optional(),
  })
  .strict();
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyBody>;

export const IdParams = z.object({ id: z.coerce.number().int().positive() }).strict();

export const UserView = z.object({
  id: z.number().int(),
  username: z.string(),
  display_name: z.string(),
  role: z.enum(ROLES),
  org_id: z.number().int().nullable(),
  subject_id: z.number().int().nullable(),
  disabled: z.boolean(),
  locked_until: z.string().nullable(),
  created_at: z.string(),
});

export const OrganisationView = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.string(),
  code: z.string().nullable(),
  division: z.string().nullable(),
  created_at: z.string(),
});

export const ApiKeyView = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string().describe('First characters of the key'),
  scopes: z.array(z.string()),
  org_id: z.number().int().nullable(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked: z.boolean(),
});

export const NewApiKeyView = ApiKeyView.extend({
  key: z.string().describe('The key itself: shown this once, stored only as a hash'),
});

export const OkView = z.object({ ok: z.literal(true) });
