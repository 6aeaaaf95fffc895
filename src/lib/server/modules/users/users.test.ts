import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import { buildActor, buildTwoCommunes } from '../../testing/factories';
import type { Database, Db } from '../../db/client';
import { can, scopeCondition, type Actor } from '../../access/actor';
import type { Role } from '../../access/roles';
import { actorForUser } from '../../auth/grants';
import { roleGrants, users } from './users.tables';
import { units } from '../units/units.tables';
import { UserCreateInput } from './users.schemas';
import {
	createUser,
	findUsers,
	getUserByUsername,
	grantRole,
	presentMe,
	resetPassword,
	revokeRole,
	setUserDisabled,
	setUserLocale
} from './users.service';

const PASSWORD = 'mat-khau-dai-du-10';

describe.each(testDrivers)('accounts and roles (%s)', (driver) => {
	let database: Database;
	let db: Db;
	let admin: Actor;
	/** Materialised path of each unit of the test tree, by code. */
	const tree: Record<'p1' | 'p2' | 'c1' | 'c2' | 'v11' | 'v12' | 'v21', { path: string }> = {} as never;
	let n = 0;
	const name = () => `usr.${driver}.${n++}`;
	const create = (roles: { role: Role; unitCode?: string | null }[], username = name()) =>
		createUser({ db, actor: admin }, UserCreateInput.parse({ username, displayName: 'Cán bộ thử', password: PASSWORD, roles }));
	const actorOf = async (username: string) => actorForUser(db, await getUserByUsername(db, username), 'session');

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		db = database.db;
		const built = await buildTwoCommunes(db);
		for (const [key, unit] of Object.entries(built)) {
			const [row] = await db.select({ path: units.path }).from(units).where(eq(units.code, unit.code));
			tree[key as keyof typeof tree] = row;
		}
		expect(tree.v11.path.startsWith(tree.c1.path)).toBe(true);
		admin = await buildActor(db, 'admin', null, `usr.admin.${driver}`);
	});
	afterAll(() => database.close());

	it('creates an account with roles on units of the right level', async () => {
		const user = await create([
			{ role: 'commune_officer', unitCode: 'C1' },
			{ role: 'village_head', unitCode: 'C1-V1' },
			{ role: 'finance_officer', unitCode: 'P1' }
		]);
		expect(user.roles).toEqual(
			expect.arrayContaining([
				{ role: 'commune_officer', unitCode: 'C1', unitName: 'Xã Một' },
				{ role: 'village_head', unitCode: 'C1-V1', unitName: 'Thôn Một' },
				{ role: 'finance_officer', unitCode: 'P1', unitName: 'Tỉnh Một' }
			])
		);
		expect(user.roles).toHaveLength(3);
		const [row] = await db.select().from(users).where(eq(users.id, user.id));
		expect(row.passwordHash).toMatch(/^\$argon2id\$/);
		expect(JSON.stringify(user)).not.toContain('argon2');
	});

	it.each([
		['village_head', 'C1', 'user.roleUnitLevel'],
		['commune_officer', 'C1-V1', 'user.roleUnitLevel'],
		['commune_officer', 'P1', 'user.roleUnitLevel'],
		['province_officer', 'C1', 'user.roleUnitLevel'],
		['commune_leader', 'C1-V2', 'user.roleUnitLevel'],
		['village_head', null, 'user.roleNeedsUnit'],
		['commune_officer', 'NO-SUCH-UNIT', 'unit.notFound']
	] as [Role, string | null, string][])('refuses %s on %s (%s) and creates nothing', async (role, unitCode, messageKey) => {
		const username = name();
		await expect(create([{ role, unitCode }], username)).rejects.toMatchObject({ code: 'VALIDATION', messageKey });
		await expect(getUserByUsername(db, username)).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('the administrator role needs no unit and reaches everywhere', async () => {
		const user = await create([{ role: 'admin' }]);
		expect(user.roles).toEqual([{ role: 'admin', unitCode: null, unitName: null }]);
		const actor = await actorOf(user.username);
		expect(can(actor, 'users.manage')).toBe(true);
		expect(can(actor, 'units.read', tree.v21.path)).toBe(true);
	});

	it('usernames are lower-cased and unique: a second account of the same name is a CONFLICT', async () => {
		const input = UserCreateInput.parse({ username: '  Nguyen.Van-An ', displayName: 'Nguyễn Văn An', password: PASSWORD });
		expect(input.username).toBe(`nguyen.van-an`);
		await createUser({ db, actor: admin }, { ...input, username: `${input.username}.${driver}` });
		const again = UserCreateInput.parse({ username: `NGUYEN.VAN-AN.${driver.toUpperCase()}`, displayName: 'Người khác', password: PASSWORD });
		await expect(createUser({ db, actor: admin }, again)).rejects.toMatchObject({
			code: 'CONFLICT',
			messageKey: 'user.usernameTaken'
		});
		const rows = await db.select().from(users).where(eq(users.username, `nguyen.van-an.${driver}`));
		expect(rows.map((r) => r.displayName)).toEqual(['Nguyễn Văn An']);
	});

	it('input rules: username format, password length, known roles only', () => {
		const base = { username: 'hop.le', displayName: 'Hợp lệ', password: PASSWORD };
		expect(UserCreateInput.safeParse(base).success).toBe(true);
		expect(UserCreateInput.safeParse({ ...base, username: 'có dấu' }).success).toBe(false);
		expect(UserCreateInput.safeParse({ ...base, username: 'ab' }).success).toBe(false);
		expect(UserCreateInput.safeParse({ ...base, password: 'ngan' }).error?.issues[0].message).toBe('user.passwordShort');
		expect(UserCreateInput.safeParse({ ...base, roles: [{ role: 'superuser', unitCode: 'C1' }] }).success).toBe(false);
		expect(UserCreateInput.safeParse({ ...base, isAdmin: true }).success).toBe(false);
	});

	it('grants and revokes a role; the actor follows', async () => {
		const user = await create([]);
		expect(can(await actorOf(user.username), 'units.read', tree.c2.path)).toBe(false);

		const granted = await grantRole({ db, actor: admin }, user.username, { role: 'commune_officer', unitCode: 'C2' });
		expect(granted.roles).toEqual([{ role: 'commune_officer', unitCode: 'C2', unitName: 'Xã Hai' }]);
		// Granting the same role twice keeps one grant.
		await grantRole({ db, actor: admin }, user.username, { role: 'commune_officer', unitCode: 'C2' });
		expect(await db.select().from(roleGrants).where(eq(roleGrants.userId, user.id))).toHaveLength(1);
		expect(can(await actorOf(user.username), 'units.read', tree.v21.path)).toBe(true);

		await expect(grantRole({ db, actor: admin }, user.username, { role: 'village_head', unitCode: 'C2' })).rejects.toMatchObject({
			code: 'VALIDATION'
		});
		const revoked = await revokeRole({ db, actor: admin }, user.username, { role: 'commune_officer', unitCode: 'C2' });
		expect(revoked.roles).toEqual([]);
		expect(can(await actorOf(user.username), 'units.read', tree.v21.path)).toBe(false);
		await expect(revokeRole({ db, actor: admin }, user.username, { role: 'commune_officer', unitCode: 'C2' })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
	});

	it('revoking with a unit code that does not exist removes nothing', async () => {
		const user = await create([{ role: 'admin' }, { role: 'viewer', unitCode: 'C1' }]);
		for (const role of ['admin', 'viewer'] as const) {
			await expect(revokeRole({ db, actor: admin }, user.username, { role, unitCode: 'NO-SUCH-UNIT' })).rejects.toMatchObject({
				code: 'VALIDATION',
				messageKey: 'unit.notFound'
			});
		}
		expect((await actorOf(user.username)).grants.map((g) => g.role).sort()).toEqual(['admin', 'viewer']);
	});

	it('only administrators manage accounts: a commune officer is FORBIDDEN and changes nothing', async () => {
		const target = await create([{ role: 'viewer', unitCode: 'C1-V1' }]);
		for (const role of ['commune_officer', 'province_officer', 'commune_leader'] as const) {
			const unit = role === 'province_officer' ? 'P1' : 'C1';
			const officer = await buildActor(db, role, unit, name());
			const ctx = { db, actor: officer };
			const attempts: [string, () => Promise<unknown>][] = [
				['createUser', () => createUser(ctx, UserCreateInput.parse({ username: name(), displayName: 'X', password: PASSWORD }))],
				['findUsers', () => findUsers(ctx)],
				// Not even on their own commune, and not to themselves.
				['grantRole', () => grantRole(ctx, target.username, { role: 'commune_officer', unitCode: 'C1' })],
				['grantRole self', () => grantRole(ctx, officer.username, { role: 'admin' })],
				['revokeRole', () => revokeRole(ctx, target.username, { role: 'viewer', unitCode: 'C1-V1' })],
				['resetPassword', () => resetPassword(ctx, target.username, 'mat-khau-cua-toi-1')],
				['setUserDisabled', () => setUserDisabled(ctx, target.username, true)]
			];
			for (const [what, attempt] of attempts) await expect(attempt(), `${role} ${what}`).rejects.toMatchObject({ code: 'FORBIDDEN' });
		}
		const after = await getUserByUsername(db, target.username);
		expect(after.disabled).toBe(false);
		expect((await actorOf(target.username)).grants.map((g) => g.role)).toEqual(['viewer']);
	});

	it('an administrator lists every account with its roles', async () => {
		const list = await findUsers({ db, actor: admin });
		expect(list.length).toBeGreaterThanOrEqual(3);
		expect(list.map((u) => u.username)).toEqual([...list.map((u) => u.username)].sort());
		expect(list.find((u) => u.username === admin.username)?.roles).toEqual([{ role: 'admin', unitCode: null, unitName: null }]);
	});

	it('a grant reaches the granted unit and its whole subtree, and nothing beside it', async () => {
		const officer = await actorOf((await create([{ role: 'commune_officer', unitCode: 'C1' }])).username);
		expect([tree.c1, tree.v11, tree.v12].every((u) => can(officer, 'units.read', u.path))).toBe(true);
		expect([tree.p1, tree.p2, tree.c2, tree.v21].some((u) => can(officer, 'units.read', u.path))).toBe(false);

		const head = await actorOf((await create([{ role: 'village_head', unitCode: 'C1-V1' }])).username);
		expect(can(head, 'units.read', tree.v11.path)).toBe(true);
		expect(can(head, 'units.read', tree.v12.path)).toBe(false);
		expect(can(head, 'units.read', tree.c1.path)).toBe(false);

		const province = await actorOf((await create([{ role: 'province_officer', unitCode: 'P2' }])).username);
		expect([tree.p2, tree.c2, tree.v21].every((u) => can(province, 'units.read', u.path))).toBe(true);
		expect(can(province, 'units.read', tree.c1.path)).toBe(false);
	});

	it('scopeCondition lets the database return exactly the subtree of each grant', async () => {
		const visible = async (a: Actor, permission: 'units.read' | 'audit.read' = 'units.read') => {
			const rows = await db.select({ code: units.code }).from(units).where(scopeCondition(a, permission, units.path));
			return rows.map((r) => r.code).sort();
		};
		const as = async (roles: { role: Role; unitCode?: string | null }[]) => actorOf((await create(roles)).username);
		expect(await visible(await as([{ role: 'commune_officer', unitCode: 'C1' }]))).toEqual(['C1', 'C1-V1', 'C1-V2']);
		expect(await visible(await as([{ role: 'province_officer', unitCode: 'P2' }]))).toEqual(['C2', 'C2-V1', 'P2']);
		expect(await visible(await as([{ role: 'viewer', unitCode: 'C1-V2' }, { role: 'viewer', unitCode: 'C2' }]))).toEqual(['C1-V2', 'C2', 'C2-V1']);
		expect(await visible(await as([{ role: 'village_head', unitCode: 'C1-V1' }]), 'audit.read')).toEqual([]);
		expect(await visible(await as([]))).toEqual([]);
		const everything = await db.select({ n: sql<number>`count(*)::int` }).from(units);
		expect(await visible(admin)).toHaveLength(everything[0].n);
	});

	it('remembers the language of the account', async () => {
		const user = await create([]);
		const actor = await actorOf(user.username);
		await setUserLocale({ db, actor }, 'en');
		expect((await getUserByUsername(db, user.username)).locale).toBe('en');
		expect(presentMe(actor)).toMatchObject({ id: user.id, username: user.username, roles: [], via: 'session' });
	});
});
