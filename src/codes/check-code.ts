import { type CodeError, compactCode } from './code-result.js';
import { type CitizenIdCheck, type CitizenIdParts, checkCitizenId } from './citizen-id.js';
import { type UsccCheck, type UsccParts, checkUscc } from './uscc.js';

export type CodeType = 'uscc' | 'citizen_id';

export interface CodeCheckResult {
  input: string;
  valid: boolean;
  type: CodeType | null;
  normalized: string;
  errors: CodeError[];
  parts: UsccParts | CitizenIdParts | null;
}

function asResult(input: string, type: CodeType, check: UsccCheck | CitizenIdCheck): CodeCheckResult {
  return { input, valid: check.valid, type, normalized: check.normalized, errors: check.errors, parts: check.parts };
}

/** How much of a valid USCC is real: a known entity category and a known division. */
function usccPlausibility(check: UsccCheck): number {
  if (!check.parts) return 0;
  return (check.parts.entity_category.name ? 1 : 0) + (check.parts.division.known ? 1 : 0);
}

/**
 * Checks an identity code of either kind. Both kinds are 18 characters and USCCs may be all
 * digits, so the kind is the one whose checks pass (when both do, the one whose parts are real);
 * failing both, the one the characters point to. Callers that know the kind use checkUscc or
 * checkCitizenId directly.
 */
export function checkCode(input: string): CodeCheckResult {
  const compact = compactCode(input);
  const uscc = checkUscc(input);
  const id = checkCitizenId(input);
  if (uscc.valid && id.valid) {
    const idPlausibility = 1 + (id.parts?.division.known ? 1 : 0); // the birth date is already real
    return usccPlausibility(uscc) >= idPlausibility ? asResult(input, 'uscc', uscc) : asResult(input, 'citizen_id', id);
  }
  if (uscc.valid) return asResult(input, 'uscc', uscc);
  if (id.valid) return asResult(input, 'citizen_id', id);
  if (compact.length !== 18) {
    return {
      input,
      valid: false,
      type: null,
      normalized: compact,
      errors: [{ code: 'length', message: `an identity code has 18 characters, got ${compact.length}` }],
      parts: null,
    };
  }
  // Letters (other than a final X) only occur in USCCs; a birth date in positions 7–14 marks an ID.
  const digits = compact.replace(/\D/g, '').length;
  const looksLikeId = digits >= 16 && /^(18|19|20)\d{2}[01]\d[0-3]\d$/.test(compact.slice(6, 14));
  return looksLikeId ? asResult(input, 'citizen_id', id) : asResult(input, 'uscc', uscc);
}
