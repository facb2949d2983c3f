import { findUserByUsername } from '../accounts/accounts.repository.js';
import { createOrganisation, createUser } from '../accounts/accounts.service.js';
import type { AppContext } from '../app-context.js';
import { SYSTEM_ACTOR } from '../auth/actor.js';
import type { Role } from '../db/schema.js';

export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
}

/**
 * One account of each role for trying the platform, with well-known passwords: for demo
 * databases only. Accounts that already exist are left as they are.
 */
export async function ensureDemoAccounts(ctx: AppContext): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = ROLE_ORDER.map((role) => ({
    username: `demo-${role.replace('_', '-')}`,
    password: `demo-${role.replace('_', '-')}-pass`,
    role,
  }));
  let department: number | undefined;
  let association: number | undefined;
  for (const login of logins) {
    if (await findUserByUsername(ctx.database, login.username)) continue;
    let org_id: number | undefined;
    if (login.role === 'department') {
      department ??= (await createOrganisation(ctx, SYSTEM_ACTOR, { name: '演示市市场监督管理局', kind: 'department' }))
        .id;
      org_id = department;
    }
    if (login.role === 'association') {
      association ??= (await createOrganisation(ctx, SYSTEM_ACTOR, { name: '演示建材行业协会', kind: 'association' }))
        .id;
      org_id = association;
    }
    const subject =
      login.role === 'subject_user'
        ? await ctx.database.db
            .selectFrom('subjects')
            .select('id')
            .where('kind', '=', 'enterprise')
            .orderBy('id')
            .limit(1)
            .executeTakeFirst()
        : undefined;
    if (login.role === 'subject_user' && !subject) continue;
    await createUser(ctx, SYSTEM_ACTOR, {
      username: login.username,
      display_name: login.username,
      password: login.password,
      role: login.role,
      org_id,
      subject_id: subject?.id,
    });
  }
  return logins;
}

const ROLE_ORDER: Role[] = ['admin', 'operator', 'department', 'association', 'subject_user'];
