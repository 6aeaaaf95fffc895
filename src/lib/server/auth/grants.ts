import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Actor, Grant } from '../access/actor';
import { isRole } from '../access/roles';
import { roleGrants, users } from '../modules/users/users.tables';
import { units } from '../modules/units/units.tables';

export type UserRow = typeof users.$inferSelect;

/** The grants of a user with the path of each granted unit. */
export async function loadGrants(db: Db, userId: string): Promise<Grant[]> {
	const rows = await db
		.select({ role: roleGrants.role, unitId: roleGrants.unitId, code: units.code, name: units.name, path: units.path })
		.from(roleGrants)
		.leftJoin(units, eq(units.id, roleGrants.unitId))
		.where(eq(roleGrants.userId, userId));
	return rows
		.filter((r) => isRole(r.role))
		.map((r) => ({
			role: r.role as Grant['role'],
			unitId: r.unitId,
			unitCode: r.code,
			unitName: r.name,
			// A unit-bound grant whose unit vanished reaches nothing, rather than everything.
			unitPath: r.role === 'admin' ? null : (r.path ?? '/nowhere/')
		}));
}

export async function actorForUser(db: Db, user: UserRow, via: Actor['via'], extra: Partial<Actor> = {}): Promise<Actor> {
	return {
		userId: user.id,
		username: user.username,
		displayName: user.displayName,
		grants: await loadGrants(db, user.id),
		via,
		...extra
	};
}
