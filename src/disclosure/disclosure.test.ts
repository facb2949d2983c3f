import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canSee, type DisclosureViewer, LEVELS, PUBLIC_VIEWER } from './disclosure.js';

const viewer = (role: string, extra: Partial<DisclosureViewer> = {}): DisclosureViewer => ({
  ...PUBLIC_VIEWER,
  role,
  ...extra,
});
const data = { subjectId: 7, ownerOrgId: 3 };

describe('disclosure levels', () => {
  it('follows the table of levels and roles', () => {
    const table: [DisclosureViewer, boolean[]][] = [
      // public, shared, authorized, restricted
      [PUBLIC_VIEWER, [true, false, false, false]],
      [viewer('association', { orgId: 3 }), [true, false, false, false]],
      [viewer('operator'), [true, true, false, false]],
      [viewer('department', { orgId: 9 }), [true, true, false, false]],
      [viewer('department', { orgId: 3 }), [true, true, false, true]],
      [viewer('admin'), [true, true, false, true]],
      [viewer('department', { orgId: 9, consented: true }), [true, true, true, false]],
      [viewer('subject_user', { ownSubjectId: 7 }), [true, true, true, true]],
      [viewer('subject_user', { ownSubjectId: 8 }), [true, false, false, false]],
    ];
    for (const [v, expected] of table) {
      assert.deepEqual(
        LEVELS.map((level) => canSee(v, level, data)),
        expected,
        `${v.role} org ${String(v.orgId)} own ${String(v.ownSubjectId)} consented ${String(v.consented)}`,
      );
    }
  });
});
