import type { AppContext } from '../app-context.js';
import type { Actor } from '../auth/actor.js';
import { AuditChainVerifier, type ChainBreak } from './audit-chain.js';
import { type AuditDraft, auditRowsAfter, searchAudit } from './audit.repository.js';
import type { AuditQueryInput } from './audit.schemas.js';
import { authorize } from '../policy/policy.js';

/** An audit row for an action by an actor. */
export function auditDraft(
  actor: Actor,
  action: string,
  target: { type: string; id: string } | null,
  fields: Partial<Pick<AuditDraft, 'purpose' | 'outcome' | 'before_digest' | 'after_digest'>> = {},
): AuditDraft {
  return {
    at: new Date().toISOString(),
    actor_id: actor.userId,
    actor_role: actor.role,
    org_id: actor.orgId,
    api_key_id: actor.apiKeyId,
    ip: actor.ip,
    request_id: actor.requestId,
    action,
    target_type: target?.type ?? null,
    target_id: target?.id ?? null,
    purpose: fields.purpose ?? null,
    outcome: fields.outcome ?? 'ok',
    before_digest: fields.before_digest ?? null,
    after_digest: fields.after_digest ?? null,
  };
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  head_hash: string;
  first_break: ChainBreak | null;
}

/** Recomputes the whole chain, a page at a time, and reports the first broken link. */
export async function verifyAuditLog(
  ctx: AppContext,
  options: { pageSize?: number; onProgress?: (checked: number) => void } = {},
): Promise<AuditVerification> {
  const verifier = new AuditChainVerifier(ctx.auditKey);
  const pageSize = options.pageSize ?? 10_000;
  let after: number | null = null;
  for (;;) {
    const rows = await auditRowsAfter(ctx.database, after, pageSize);
    if (rows.length === 0 || !verifier.check(rows)) break;
    after = rows[rows.length - 1]?.seq ?? null;
    options.onProgress?.(verifier.checked);
  }
  return {
    ok: verifier.firstBreak === null,
    checked: verifier.checked,
    head_hash: verifier.headHash,
    first_break: verifier.firstBreak,
  };
}

/** A page of the audit log, newest first (operators and admins). */
export async function browseAudit(ctx: AppContext, actor: Actor, query: AuditQueryInput) {
  authorize(actor, 'audit:read');
  const { page, page_size, ...filters } = query;
  const rows = await searchAudit(ctx.database, filters, (page - 1) * page_size, page_size);
  const items = rows.slice(0, page_size).map(({ prev_hash: _prev, ...row }) => row);
  return { items, page, page_size, has_more: rows.length > page_size };
}
