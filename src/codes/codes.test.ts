import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkCode } from './check-code.js';
import { checkCitizenId, maskCitizenId } from './citizen-id.js';
import { divisionFullName, lookupDivision } from './divisions.js';
import { checkUscc, completeUscc, orgCodeCheckChar, usccCheckChar } from './uscc.js';

const TESTDATA = new URL('../../../shared/testdata/', import.meta.url);

function cases(file: string): { input: string; expected: string; note: string }[] {
  return readFileSync(new URL(file, TESTDATA), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [input = '', expected = '', note = ''] = line.split('\t');
      return { input, expected, note };
    });
}

function verdict(result: { valid: boolean; errors: { code: string }[] }): string {
  return result.valid ? 'valid' : `invalid:${result.errors[0]?.code ?? '?'}`;
}

describe('shared test vectors', () => {
  for (const c of cases('uscc-cases.tsv')) {
    it(`USCC ${JSON.stringify(c.input)} is ${c.expected}`, () => {
      const result = checkCode(c.input);
      assert.equal(verdict(result), c.expected, c.note);
      if (c.expected === 'valid') assert.equal(result.type, 'uscc');
    });
  }
  for (const c of cases('citizen-id.tsv')) {
    it(`citizen ID ${JSON.stringify(c.input)} is ${c.expected}`, () => {
      const result = checkCode(c.input);
      assert.equal(verdict(result), c.expected, c.note);
      if (c.expected === 'valid') assert.equal(result.type, 'citizen_id');
      if (c.input.length === 18) assert.equal(verdict(checkCitizenId(c.input)), c.expected);
    });
  }
  it('every real USCC in uscc-valid.txt passes both checks', () => {
    const codes = readFileSync(new URL('uscc-valid.txt', TESTDATA), 'utf8').trim().split('\n');
    assert.ok(codes.length >= 100);
    for (const code of codes) {
      const result = checkCode(code);
      assert.equal(result.valid, true, `${code}: ${JSON.stringify(result.errors)}`);
      assert.equal(result.type, 'uscc', code);
      assert.equal(checkUscc(code).valid, true, code);
    }
  });
});

describe('USCC', () => {
  it('normalises spaces, hyphens, full-width characters and case', () => {
    assert.equal(checkUscc('９１１１００００-６０００３７３４１ｌ').normalized, '91110000600037341L');
  });
  it('takes a code apart', () => {
    const { parts } = checkUscc('91350100M000100Y43');
    assert.deepEqual(parts?.registration_authority, { code: '9', name: '市场监督管理' });
    assert.deepEqual(parts?.entity_category, { code: '91', name: '企业' });
    assert.equal(parts?.subject_kind, 'enterprise');
    assert.equal(parts?.division.province, '福建省');
    assert.equal(parts?.division.city, '福州市');
    assert.equal(parts?.organization_code, 'M000100Y-4');
  });
  it('implies the subject kind from the entity category', () => {
    assert.equal(checkUscc(completeUscc('92330106', '12345678')).parts?.subject_kind, 'individual_business');
    assert.equal(checkUscc(completeUscc('51330106', '12345678')).parts?.subject_kind, 'other_org');
  });
  it('maps a check value of 31 to 0 (the final mod)', () => {
    // Find a body whose weighted sum is a multiple of 31: its check character must be '0'.
    let found = false;
    for (let n = 0; n < 5000 && !found; n++) {
      const first17 = `91110000${String(n).padStart(8, '0')}`;
      const first17WithOrg = first17 + orgCodeCheckChar(first17.slice(8));
      if (usccCheckChar(first17WithOrg.slice(0, 17)) === '0') {
        found = true;
        assert.equal(checkUscc(`${first17WithOrg.slice(0, 17)}0`).valid, true);
      }
    }
    assert.ok(found);
  });
  it('reports the check character it expected', () => {
    const result = checkUscc('91110000600037341N');
    assert.match(result.errors[0]?.message ?? '', /should be L/);
  });
  it('reports the organisation-code check separately from the outer check', () => {
    const result = checkUscc('913100001234567896');
    assert.deepEqual(
      result.errors.map((e) => e.code),
      ['org_checksum'],
    );
  });
});

describe('citizen ID', () => {
  it('gives division, birth date and sex', () => {
    const { parts } = checkCitizenId('11010519491231002X');
    assert.equal(parts?.birth_date, '1949-12-31');
    assert.equal(parts?.sex, 'female');
    assert.equal(parts?.division.county, '朝阳区');
    assert.equal(checkCitizenId('360426199101010071').parts?.sex, 'male');
  });
  it('rejects dates that do not exist or lie ahead', () => {
    assert.equal(checkCitizenId('11010519990230001X').errors[0]?.code, 'date');
    const future = checkCitizenId('110105209901010011', new Date('2026-11-27'));
    assert.equal(future.errors[0]?.code, 'date');
  });
  it('masks all but division and the last four characters', () => {
    assert.equal(maskCitizenId('11010519491231002X'), '110105********002X');
  });
  it('keeps the province and city of a county code that no longer exists', () => {
    const d = lookupDivision('440524');
    assert.equal(d.known, false);
    assert.equal(d.province, '广东省');
    assert.equal(d.city, '汕头市');
  });
});

describe('divisions', () => {
  it('names a county with its province and city', () => {
    assert.equal(divisionFullName('330106'), '浙江省杭州市西湖区');
    assert.equal(divisionFullName('110105'), '北京市朝阳区');
  });
});
