import { type CodeError, compactCode } from './code-result.js';
import { type Division, lookupDivision } from './divisions.js';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export interface CitizenIdParts {
  division: Division;
  birth_date: string;
  sex: 'male' | 'female';
}

export interface CitizenIdCheck {
  normalized: string;
  valid: boolean;
  errors: CodeError[];
  parts: CitizenIdParts | null;
}

/** ISO 7064 MOD 11-2 check character over the first 17 digits. */
export function citizenIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK.charAt(sum % 11);
}

function validBirthDate(yyyymmdd: string, today: Date): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1800 || m < 1 || m > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return date.getTime() <= today.getTime();
}

export function checkCitizenId(input: string, today = new Date()): CitizenIdCheck {
  const normalized = compactCode(input);
  const errors: CodeError[] = [];
  if (normalized.length !== 18) {
    errors.push({ code: 'length', message: `citizen ID must be 18 characters, got ${normalized.length}` });
    return { normalized, valid: false, errors, parts: null };
  }
  if (!/^\d{17}[\dX]$/.test(normalized)) {
    errors.push({ code: 'format', message: 'citizen ID must be 17 digits followed by a digit or X' });
    return { normalized, valid: false, errors, parts: null };
  }
  const birth = normalized.slice(6, 14);
  if (!validBirthDate(birth, today)) {
    errors.push({ code: 'date', message: `birth date ${birth} is not a real past date` });
  }
  const expected = citizenIdCheckChar(normalized.slice(0, 17));
  if (expected !== normalized.charAt(17)) {
    errors.push({ code: 'checksum', message: `check character should be ${expected}, got ${normalized.charAt(17)}` });
  }
  const parts: CitizenIdParts = {
    division: lookupDivision(normalized.slice(0, 6)),
    birth_date: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    sex: Number(normalized.charAt(16)) % 2 === 1 ? 'male' : 'female',
  };
  return { normalized, valid: errors.length === 0, errors, parts };
}

/** Masks a citizen ID for display: 110105********002X. */
export function maskCitizenId(id: string): string {
  return id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : '*'.repeat(id.length);
}
