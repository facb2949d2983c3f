import type { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { appendAudit } from '../audit/audit.repository.js';
import { auditDraft } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import type { Purpose } from '../db/schema.js';
import { AppError } from '../errors.js';
import { authorize } from '../policy/policy.js';
import { presentSubject } from '../subjects/subjects.presenter.js';
import type { SubjectRow } from '../subjects/subjects.repository.js';
import { getSubjectRow } from '../subjects/subjects.service.js';
import type { SubjectViewType } from '../subjects/subjects.schemas.js';
import {
  type ConsentRow,
  findValidConsent,
  insertConsent,
  listConsents,
  personalReads,
} from './consents.repository.js';
import type { AccessLogEntry, ConsentView, RecordConsentInput } from './consents.schemas.js';

function present(row: ConsentRow): z.infer<typeof ConsentView> {
  return {
    id: row.id,
    subject_id: row.subject_id,
    org_id: row.org_id,
    purpose: row.purpose,
    evidence: row.evidence,
    granted_at: row.granted_at,
    expires_at: row.expires_at,
    revoked: row.revoked_at !== null,
  };
}

/** A subject user acts only for its own subject. */
function requireOwnSubject(actor: Actor, subject: SubjectRow): void {
  if (actor.role === 'subject_user' && actor.subjectId !== subject.id) {
    throw new AppError('forbidden', 'a subject user acts only for its own subject');
  }
}

/** Whether a subject has data the public does not see (a natural person's ID number and address). */
export function hasPersonalData(subject: SubjectRow): boolean {
  return subject.code_type === 'citizen_id';
}

export async function recordConsent(ctx: AppContext, actor: Actor, key: string, input: RecordConsentInput) {
  authorize(actor, 'consents:record');
  const subject = await getSubjectRow(ctx, key);
  requireOwnSubject(actor, subject);
  const orgId = input.org_id ?? actor.orgId;
  const today = new Date().toISOString().slice(0, 10);
  if (input.expires_at < today) {
    throw new AppError('validation_failed', 'the consent has already expired', [
      { field: 'body.expires_at', message: 'must not be in the past' },
    ]);
  }
  const now = new Date().toISOString();
  const row = await ctx.database.db.transaction().execute(async (trx) => {
    const inserted = await insertConsent(trx, {
      subject_id: subject.id,
      org_id: orgId ?? null,
      purpose: input.purpose,
      evidence: input.evidence,
      granted_at: now,
      expires_at: input.expires_at,
      revoked_at: null,
      recorded_by: actor.userId,
      created_at: now,
    });
    await appendAudit(ctx.database, trx, ctx.auditKey, [
      auditDraft(actor, 'consents:record', { type: 'subject', id: String(subject.id) }, { purpose: input.purpose }),
    ]);
    return inserted;
  });
  return present(row);
}

export async function subjectConsents(ctx: AppContext, actor: Actor, key: string) {
  authorize(actor, 'consents:record');
  const subject = await getSubjectRow(ctx, key);
  requireOwnSubject(actor, subject);
  return (await listConsents(ctx.database, subject.id)).map(present);
}

/**
 * A subject with its non-public data, for a reader who states a purpose and holds the subject's
 * consent for it (or is the subject's own user). Every such read, and every refusal, is audited.
 */
export async function readPersonalData(
  ctx: AppContext,
  actor: Actor,
  key: string,
  purpose: Purpose | undefined,
): Promise<SubjectViewType> {
  authorize(actor, 'subjects:read_personal');
  const subject = await getSubjectRow(ctx, key);
  const viewer = { role: actor.role, orgId: actor.orgId, ownSubjectId: actor.subjectId, consented: false };
  if (!hasPersonalData(subject)) return presentSubject(subject, viewer);
  const own = actor.role === 'subject_user' && actor.subjectId === subject.id;
  let refusal: AppError | null = null;
  if (actor.role === 'subject_user' && !own) {
    refusal = new AppError('forbidden', 'a subject user reads only its own subject');
  } else if (!own && !purpose) {
    refusal = new AppError('purpose_required', "reading a person's non-public data needs a stated purpose", [
      { field: 'query.purpose', message: 'is required' },
    ]);
  } else if (!own && purpose) {
    const today = new Date().toISOString().slice(0, 10);
    const consent = await findValidConsent(ctx.database, subject.id, actor.orgId, purpose, today);
    if (!consent) {
      refusal = new AppError('consent_required', `no consent of the subject in force for ${purpose}`, [
        { field: 'query.purpose', message: `no consent recorded for ${purpose}` },
      ]);
    }
  }
  await ctx.database.db.transaction().execute(async (trx) => {
    await appendAudit(ctx.database, trx, ctx.auditKey, [
      auditDraft(
        actor,
        'subjects:read_personal',
        { type: 'subject', id: String(subject.id) },
        {
          purpose: own ? 'self' : (purpose ?? null),
          outcome: refusal ? 'denied' : 'ok',
        },
      ),
    ]);
  });
  if (refusal) throw refusal;
  return presentSubject(subject, { ...viewer, consented: !own });
}

/** Who read the subject's non-public data, when and why (its own users, operators, admins). */
export async function accessLog(ctx: AppContext, actor: Actor, key: string): Promise<z.infer<typeof AccessLogEntry>[]> {
  authorize(actor, 'subjects:access_log');
  const subject = await getSubjectRow(ctx, key);
  requireOwnSubject(actor, subject);
  const rows = await personalReads(ctx.database, subject.id, 500);
  return rows.map((r) => ({
    at: r.at,
    organisation: r.organisation ?? null,
    role: r.actor_role,
    purpose: r.purpose,
    outcome: r.outcome,
  }));
}
