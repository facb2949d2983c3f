/**
 * Disclosure levels: who may see a piece of data. Presenters ask `canSee` for each field whose
 * level is not public; features declare the levels of their fields (see fieldLevels in
 * subjects.presenter.ts).
 */
export const LEVELS = ['public', 'shared', 'authorized', 'restricted'] as const;
export type Level = (typeof LEVELS)[number];

export interface DisclosureViewer {
  role: string;
  orgId: number | null;
  /** The subject a subject user speaks for: its own users see everything about it. */
  ownSubjectId: number | null;
  /** The reader holds the subject's consent for a stated purpose (checked by the caller). */
  consented: boolean;
}

export const PUBLIC_VIEWER: DisclosureViewer = { role: 'public', orgId: null, ownSubjectId: null, consented: false };

/** Roles of government and the platform: they see `shared` data. */
const SHARED_ROLES = new Set(['admin', 'operator', 'department']);

export function canSee(
  viewer: DisclosureViewer,
  level: Level,
  data: { subjectId: number; ownerOrgId?: number | null },
): boolean {
  if (viewer.ownSubjectId !== null && viewer.ownSubjectId === data.subjectId) return true;
  switch (level) {
    case 'public':
      return true;
    case 'shared':
      return SHARED_ROLES.has(viewer.role);
    case 'authorized':
      return viewer.consented;
    case 'restricted':
      return (
        viewer.role === 'admin' ||
        (viewer.role === 'department' && data.ownerOrgId != null && viewer.orgId === data.ownerOrgId)
      );
  }
}
