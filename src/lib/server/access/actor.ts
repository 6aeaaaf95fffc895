import { or, sql, type SQL, type Column } from 'drizzle-orm';
import type { Permission, Role } from './roles';
import { rolePermissions } from './roles';

export interface Grant {
	role: Role;
	/** Null only for the administrator's global grant. */
	unitId: string | null;
	unitCode: string | null;
	unitName: string | null;
	/** Materialised path of the granted unit; everything whose path starts with it is in reach. */
	unitPath: string | null;
}

/** Who is acting: a signed-in user, an API token, or the system itself (seed, command line). */
export interface Actor {
	userId: string | null;
	username: string;
	displayName: string;
	grants: Grant[];
	via: 'session' | 'token' | 'system';
	sessionId?: string;
	tokenId?: string;
	ip?: string;
}

export const systemActor: Actor = {
	userId: null,
	username: 'system',
	displayName: 'Lan Tỏa',
	grants: [{ role: 'admin', unitId: null, unitCode: null, unitName: null, unitPath: null }],
	via: 'system'
};

export function isGlobal(grant: Grant): boolean {
	return grant.unitPath === null;
}

/** True when the actor holds `permission` through some grant that reaches `unitPath`. */
export function can(actor: Actor, permission: Permission, unitPath?: string | null): boolean {
	return actor.grants.some(
		(g) =>
			rolePermissions[g.role].includes(permission) &&
			(isGlobal(g) || (unitPath != null && unitPath.startsWith(g.unitPath!)))
	);
}

/** True when the actor holds `permission` anywhere (for showing a navigation entry). */
export function canSomewhere(actor: Actor, permission: Permission): boolean {
	return actor.grants.some((g) => rolePermissions[g.role].includes(permission));
}

/** The paths under which the actor holds `permission`; `null` means everywhere. */
export function scopePaths(actor: Actor, permission: Permission): string[] | null {
	const grants = actor.grants.filter((g) => rolePermissions[g.role].includes(permission));
	if (grants.some(isGlobal)) return null;
	return grants.map((g) => g.unitPath!);
}

/**
 * SQL predicate limiting `pathColumn` to the actor's reach for `permission`. With no grant it is
 * `false`: a repository that forgets nothing but the actor still returns nothing.
 */
export function scopeCondition(actor: Actor, permission: Permission, pathColumn: Column | SQL): SQL {
	const paths = scopePaths(actor, permission);
	if (paths === null) return sql`true`;
	if (paths.length === 0) return sql`false`;
	const likes = paths.map((p) => sql`${pathColumn} LIKE ${escapeLike(p) + '%'}`);
	return likes.length === 1 ? likes[0] : (or(...likes) as SQL);
}

export function escapeLike(value: string): string {
	return value.replace(/[\\%_]/g, (c) => '\\' + c);
}

