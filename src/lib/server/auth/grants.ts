import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Actor, Grant } from '../access/actor';
import { isRole } from '../access/roles';
import { roleGrants, users } from '../modules/users/users.tables';
import { units } from '../modules/units/units.tables';

export type UserRow = typeof users.$inferSelect;

interface GrantRow {
	role: string;
	unitId: string | null;
	code: string | null;
	name: string | null;
	path: string | null;
}

/**
 * The grants of the user in `userIdColumn` as one JSON value, so that resolving a session or a
 * token and its grants is one query on every request.
 */
export function grantsJson(userIdColumn: SQL | typeof users.id): SQL<GrantRow[]> {
	return sql<GrantRow[]>`coalesce((
		SELECT json_agg(json_build_object('role', g.role, 'unitId', g.unit_id, 'code', u.code, 'name', u.name, 'path', u.path))
		FROM role_grants g LEFT JOIN units u ON u.id = g.unit_id
		WHERE g.user_id = ${userIdColumn}), '[]'::json)`;
}

/** The grants of a user with the path of each granted unit. */
export async function loadGrants(db: Db, userId: string): Promise<Grant[]> {
	const rows = await db
		.select({ role: roleGrants.role, unitId: roleGrants.unitId, code: units.code, name: units.name, path: units.path })
		.from(roleGrants)
		.leftJoin(units, eq(units.id, roleGrants.unitId))
		.where(eq(roleGrants.userId, userId));
	return toGrants(rows);
}

export function toGrants(rows: GrantRow[]): Grant[] {
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

/** The user's public fields: what an actor needs, never the password hash. */
export const actorUserColumns = { id: users.id, username: users.username, displayName: users.displayName, disabled: users.disabled };

export async function actorForUser(db: Db, user: Pick<UserRow, 'id' | 'username' | 'displayName'>, via: Actor['via'], extra: Partial<Actor> = {}): Promise<Actor> {
	return {
		userId: user.id,
		username: user.username,
		displayName: user.displayName,
		grants: await loadGrants(db, user.id),
		via,
		...extra
	};
}
