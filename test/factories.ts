import { citizenIdCheckChar } from '../src/codes/citizen-id.js';
import { completeUscc } from '../src/codes/uscc.js';
import type { CreateSubjectInput } from '../src/subjects/subjects.schemas.js';

/** A valid enterprise USCC for a division, distinct per serial number. */
export function uscc(serial: number, division = '330106', category = '91'): string {
  return completeUscc(category + division, `MA${String(serial).padStart(6, '0')}`);
}

export function citizenId(division = '110105', birth = '19800101', sequence = 3): string {
  const first17 = division + birth + String(sequence).padStart(3, '0');
  return first17 + citizenIdCheckChar(first17);
}

export function subjectInput(
  overrides: Partial<CreateSubjectInput> & { code: string; name: string },
): CreateSubjectInput {
  return {
    former_names: [],
    legal_representative: '张三',
    status: 'operating',
    registered_date: '2015-06-01',
    registered_capital: 100,
    address: '浙江省杭州市西湖区文三路1号',
    industry: 'I',
    ...overrides,
  };
}
