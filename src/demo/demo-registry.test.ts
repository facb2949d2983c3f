import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCitizenId } from '../codes/citizen-id.js';
import { checkUscc } from '../codes/uscc.js';
import { demoSubjects } from './demo-registry.js';

describe('demo registry', () => {
  it('is the same for the same seed, and different for another', () => {
    const a = [...demoSubjects(200, 7)];
    assert.deepEqual(a, [...demoSubjects(200, 7)]);
    assert.notDeepEqual(a, [...demoSubjects(200, 8)]);
  });
  it('has unique codes that pass every check, and every kind', () => {
    const subjects = [...demoSubjects(5000)];
    const codes = new Set(subjects.map((s) => s.code));
    assert.equal(codes.size, subjects.length);
    for (const s of subjects) {
      const check = s.kind === 'natural_person' ? checkCitizenId(s.code) : checkUscc(s.code);
      assert.equal(check.valid, true, `${s.code} ${JSON.stringify(check.errors)}`);
    }
    const kinds = new Set(subjects.map((s) => s.kind));
    assert.deepEqual([...kinds].sort(), ['enterprise', 'individual_business', 'natural_person', 'other_org']);
  });
});
