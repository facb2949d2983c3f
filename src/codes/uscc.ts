import { type CodeError, compactCode } from './code-result.js';
import { type Division, lookupDivision } from './divisions.js';

/** The 31 symbols of GB 32100: digits and capitals without I, O, Z, S, V. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export type SubjectKind = 'enterprise' | 'individual_business' | 'other_org' | 'natural_person';

const AUTHORITIES: Record<string, string> = {
  '1': '机构编制',
  '2': '外交',
  '3': '司法行政',
  '4': '文化',
  '5': '民政',
  '6': '旅游',
  '7': '宗教',
  '8': '工会',
  '9': '市场监督管理',
  A: '中央军委改革和编制办公室',
  N: '农业',
  Y: '其他',
};

const CATEGORIES: Record<string, string> = {
  '11': '机关',
  '12': '事业单位',
  '13': '中央编办直接管理机构编制的群众团体',
  '19': '其他（机构编制）',
  '21': '外国常驻新闻机构',
  '29': '其他（外交）',
  '31': '律师执业机构',
  '32': '公证处',
  '33': '基层法律服务所',
  '34': '司法鉴定机构',
  '35': '仲裁委员会',
  '39': '其他（司法行政）',
  '41': '外国在华文化中心',
  '49': '其他（文化）',
  '51': '社会团体',
  '52': '民办非企业单位',
  '53': '基金会',
  '59': '其他（民政）',
  '61': '外国旅游部门常驻代表机构',
  '62': '港澳台地区旅游部门常驻内地（大陆）代表机构',
  '69': '其他（旅游）',
  '71': '宗教活动场所',
  '72': '宗教院校',
  '79': '其他（宗教）',
  '81': '基层工会',
  '89': '其他（工会）',
  '91': '企业',
  '92': '个体工商户',
  '93': '农民专业合作社',
  A1: '军队事业单位',
  A9: '其他（军队）',
  N1: '组级集体经济组织',
  N2: '村级集体经济组织',
  N3: '乡镇级集体经济组织',
  N9: '其他（农业）',
  Y1: '其他',
};

export interface UsccParts {
  registration_authority: { code: string; name: string | null };
  entity_category: { code: string; name: string | null };
  subject_kind: SubjectKind;
  division: Division;
  organization_code: string;
}

export interface UsccCheck {
  normalized: string;
  valid: boolean;
  errors: CodeError[];
  parts: UsccParts | null;
}

function usccValue(ch: string): number {
  return USCC_ALPHABET.indexOf(ch);
}

/** Check character for the first 17 characters of a USCC (which must be in the alphabet). */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += usccValue(first17.charAt(i)) * (USCC_WEIGHTS[i] ?? 0);
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

function orgCodeValue(ch: string): number {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  return ch.charCodeAt(0) - 55; // A = 10 … Z = 35
}

/** GB 11714 check character for an 8-character organisation code body. */
export function orgCodeCheckChar(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgCodeValue(first8.charAt(i)) * (ORG_WEIGHTS[i] ?? 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function impliedKind(category: string): SubjectKind {
  if (category === '91') return 'enterprise';
  if (category === '92') return 'individual_business';
  return 'other_org';
}

export function checkUscc(input: string): UsccCheck {
  const normalized = compactCode(input);
  const errors: CodeError[] = [];
  if (normalized.length !== 18) {
    errors.push({ code: 'length', message: `USCC must be 18 characters, got ${normalized.length}` });
    return { normalized, valid: false, errors, parts: null };
  }
  const bad = [...normalized].filter((ch) => usccValue(ch) < 0);
  if (bad.length > 0) {
    errors.push({
      code: 'format',
      message: `characters not allowed in a USCC: ${[...new Set(bad)].join(' ')} (I, O, Z, S, V are never used)`,
    });
    return { normalized, valid: false, errors, parts: null };
  }
  const expected = usccCheckChar(normalized.slice(0, 17));
  if (expected !== normalized.charAt(17)) {
    errors.push({ code: 'checksum', message: `check character should be ${expected}, got ${normalized.charAt(17)}` });
  }
  const org = normalized.slice(8, 17);
  const orgExpected = orgCodeCheckChar(org.slice(0, 8));
  if (orgExpected !== org.charAt(8)) {
    errors.push({
      code: 'org_checksum',
      message: `embedded organisation code ${org} fails the GB 11714 check (should end in ${orgExpected})`,
    });
  }
  const authority = normalized.charAt(0);
  const category = normalized.slice(0, 2);
  const parts: UsccParts = {
    registration_authority: { code: authority, name: AUTHORITIES[authority] ?? null },
    entity_category: { code: category, name: CATEGORIES[category] ?? null },
    subject_kind: impliedKind(category),
    division: lookupDivision(normalized.slice(2, 8)),
    organization_code: `${org.slice(0, 8)}-${org.charAt(8)}`,
  };
  return { normalized, valid: errors.length === 0, errors, parts };
}

/** Builds a valid USCC from its first 16 characters by appending both check characters. */
export function completeUscc(prefix8: string, orgBody8: string): string {
  const first17 = prefix8 + orgBody8 + orgCodeCheckChar(orgBody8);
  return first17 + usccCheckChar(first17);
}
