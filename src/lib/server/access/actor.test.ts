import { describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { can, canSomewhere, escapeLike, scopeCondition, scopePaths, systemActor, type Actor, type Grant } from './actor';
import { isRole, permissions, roleLevels, rolePermissions, roles, type Role } from './roles';

const P1 = '/p1/';
const C1 = '/p1/c1/';
const V11 = '/p1/c1/v11/';
const C12 = '/p1/c12/'; // a sibling whose path starts with C1's characters, without the slash
const P2 = '/p2/';
const C2 = '/p2/c2/';

function grant(role: Role, unitPath: string | null): Grant {
	return { role, unitId: unitPath, unitCode: unitPath, unitName: unitPath, unitPath };
}
function actor(...grants: Grant[]): Actor {
	return { userId: '00000000-0000-4000-8000-000000000001', username: 'thu', displayName: 'Thử', grants, via: 'session' };
}

const dialect = new PgDialect();
const render = (s: SQL) => dialect.sqlToQuery(s);

describe('can', () => {
	it('a grant reaches its unit and everything under it, nothing beside or above', () => {
		const officer = actor(grant('commune_officer', C1));
		expect(can(officer, 'units.read', C1)).toBe(true);
		expect(can(officer, 'units.read', V11)).toBe(true);
		expect(can(officer, 'units.read', P1)).toBe(false);
		expect(can(officer, 'units.read', C2)).toBe(false);
		expect(can(officer, 'units.read', C12)).toBe(false);
	});

	it('needs the permission in the role, not only the reach', () => {
		const officer = actor(grant('commune_officer', C1));
		expect(can(officer, 'audit.read', V11)).toBe(true);
		expect(can(officer, 'units.manage', V11)).toBe(false);
		expect(can(officer, 'users.manage', V11)).toBe(false);
		const head = actor(grant('village_head', V11));
		expect(can(head, 'audit.read', V11)).toBe(false);
	});

	it('a unit-bound grant does not answer a question about no unit; a global grant does', () => {
		expect(can(actor(grant('commune_officer', C1)), 'units.read')).toBe(false);
		expect(can(actor(grant('commune_officer', C1)), 'units.read', null)).toBe(false);
		expect(can(actor(grant('admin', null)), 'users.manage')).toBe(true);
		expect(can(actor(grant('admin', null)), 'units.manage', C2)).toBe(true);
		expect(can(systemActor, 'users.manage')).toBe(true);
	});

	it('several grants add up', () => {
		const both = actor(grant('viewer', C1), grant('commune_officer', C2));
		expect(can(both, 'units.read', V11)).toBe(true);
		expect(can(both, 'audit.read', V11)).toBe(false);
		expect(can(both, 'audit.read', C2)).toBe(true);
	});

	it('an actor with no grants can do nothing anywhere', () => {
		const nobody = actor();
		for (const p of permissions) {
			expect(can(nobody, p, C1)).toBe(false);
			expect(canSomewhere(nobody, p)).toBe(false);
		}
	});

	it('canSomewhere ignores reach', () => {
		expect(canSomewhere(actor(grant('commune_officer', C1)), 'audit.read')).toBe(true);
		expect(canSomewhere(actor(grant('viewer', C1)), 'audit.read')).toBe(false);
	});
});

describe('scopePaths and scopeCondition', () => {
	it('lists the paths where the permission holds; null means everywhere', () => {
		expect(scopePaths(actor(grant('commune_officer', C1), grant('viewer', C2)), 'units.read')).toEqual([C1, C2]);
		expect(scopePaths(actor(grant('commune_officer', C1), grant('viewer', C2)), 'audit.read')).toEqual([C1]);
		expect(scopePaths(actor(grant('viewer', C1), grant('admin', null)), 'units.read')).toBeNull();
		expect(scopePaths(actor(), 'units.read')).toEqual([]);
	});

	it('renders one prefix predicate per path, `true` for everywhere and `false` for nowhere', () => {
		const column = sql.raw('u.path');
		expect(render(scopeCondition(actor(grant('commune_officer', C1)), 'units.read', column))).toMatchObject({
			sql: 'u.path LIKE $1',
			params: [C1 + '%']
		});
		const two = render(scopeCondition(actor(grant('viewer', C1), grant('viewer', C2)), 'units.read', column));
		expect(two.sql).toBe('(u.path LIKE $1 or u.path LIKE $2)');
		expect(two.params).toEqual([C1 + '%', C2 + '%']);
		expect(render(scopeCondition(actor(grant('admin', null)), 'units.read', column)).sql).toBe('true');
		expect(render(scopeCondition(actor(), 'units.read', column)).sql).toBe('false');
		expect(render(scopeCondition(actor(grant('village_head', V11)), 'audit.read', column)).sql).toBe('false');
	});

	it('escapes LIKE wildcards in paths', () => {
		expect(escapeLike('/a_b%c\\d/')).toBe('/a\\_b\\%c\\\\d/');
		const { params } = render(scopeCondition(actor(grant('viewer', '/x_y%/')), 'units.read', sql.raw('p')));
		expect(params).toEqual(['/x\\_y\\%/%']);
	});
});

describe('roles', () => {
	it('every role has permissions and the unit levels it may be granted on', () => {
		for (const role of roles) {
			expect(isRole(role)).toBe(true);
			expect(rolePermissions[role].length).toBeGreaterThan(0);
			expect(rolePermissions[role].every((p) => (permissions as readonly string[]).includes(p))).toBe(true);
			expect(Array.isArray(roleLevels[role])).toBe(true);
		}
		expect(isRole('superuser')).toBe(false);
		expect(roleLevels.admin).toEqual([]);
		expect(roleLevels.village_head).toEqual(['village']);
	});

	it('only the administrator manages accounts and units', () => {
		const managers = roles.filter((r) => rolePermissions[r].includes('users.manage') || rolePermissions[r].includes('units.manage'));
		expect(managers).toEqual(['admin']);
	});
});
