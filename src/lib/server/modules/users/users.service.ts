import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor, Grant } from '../../access/actor';
import { can } from '../../access/actor';
import { roleLevels, type Role } from '../../access/roles';
import { AppError, forbidden, invalid, pgErrorCode } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { hashPassword, verifyPassword } from '../../auth/passwords';
import { endAllSessions } from '../../auth/auth.service';
import { loadGrants } from '../../auth/grants';
import { selectUnitByCode } from '../units/units.repository';
import { roleGrants, users } from './users.tables';
import type { RoleGrantInput, UserCreateInput } from './users.schemas';

export interface Ctx {
	db: Db;
	actor: Actor;
}

const canManageUsers = (actor: Actor) => can(actor, 'users.manage');

export function presentGrant(g: Grant) {
	return { role: g.role, unitCode: g.unitCode, unitName: g.unitName };
}

export function presentMe(actor: Actor) {
	return {
		id: actor.userId,
		username: actor.username,
		displayName: actor.displayName,
		roles: actor.grants.map(presentGrant),
		via: actor.via
	};
}

export async function getUserByUsername(db: Db, name: string) {
	const [user] = await db.select().from(users).where(eq(users.username, name.trim().toLowerCase())).limit(1);
	if (!user) throw new AppError('NOT_FOUND', 'user.notFound', { username: name });
	return user;
}

async function resolveGrant(tx: Db, grant: RoleGrantInput) {
	if (grant.role === 'admin') return { role: grant.role as Role, unitId: null };
	if (!grant.unitCode) throw invalid('user.roleNeedsUnit', { role: grant.role });
	const unit = await selectUnitByCode(tx, grant.unitCode);
	if (!unit) throw invalid('unit.notFound', { code: grant.unitCode });
	const levels = roleLevels[grant.role];
	if (!levels.includes(unit.unit.level)) throw invalid('user.roleUnitLevel', { role: grant.role, levels: levels.join(', ') });
	return { role: grant.role as Role, unitId: unit.unit.id };
}

export async function createUser(ctx: Ctx, input: UserCreateInput) {
	if (!canManageUsers(ctx.actor)) throw forbidden();
	const passwordHash = await hashPassword(input.password);
	return ctx.db.transaction(async (tx) => {
		let user;
		try {
			[user] = await tx
				.insert(users)
				.values({ username: input.username, displayName: input.displayName, passwordHash, locale: input.locale })
				.returning();
		} catch (err) {
			if (pgErrorCode(err) === '23505') throw new AppError('CONFLICT', 'user.usernameTaken', { username: input.username });
			throw err;
		}
		for (const g of input.roles) {
			const resolved = await resolveGrant(tx, g);
			await tx.insert(roleGrants).values({ userId: user.id, ...resolved }).onConflictDoNothing();
		}
		const out = await presentUser(tx, user);
		await recordChange(tx, ctx.actor, { action: 'user.create', entityType: 'user', entityId: user.id, after: out });
		return out;
	});
}

export async function presentUser(db: Db, user: typeof users.$inferSelect) {
	return {
		id: user.id,
		username: user.username,
		displayName: user.displayName,
		disabled: user.disabled,
		lockedUntil: user.lockedUntil && user.lockedUntil > new Date() ? user.lockedUntil.toISOString() : null,
		roles: (await loadGrants(db, user.id)).map(presentGrant)
	};
}

export async function findUsers(ctx: Ctx) {
	if (!canManageUsers(ctx.actor)) throw forbidden();
	const rows = await ctx.db.select().from(users).orderBy(asc(users.username));
	return Promise.all(rows.map((u) => presentUser(ctx.db, u)));
}

export async function grantRole(ctx: Ctx, name: string, grant: RoleGrantInput) {
	if (!canManageUsers(ctx.actor)) throw forbidden();
	return ctx.db.transaction(async (tx) => {
		const user = await getUserByUsername(tx, name);
		const resolved = await resolveGrant(tx, grant);
		await tx.insert(roleGrants).values({ userId: user.id, ...resolved }).onConflictDoNothing();
		const out = await presentUser(tx, user);
		await recordChange(tx, ctx.actor, { action: 'user.grant', entityType: 'user', entityId: user.id, unitId: resolved.unitId, after: grant });
		return out;
	});
}

export async function revokeRole(ctx: Ctx, name: string, grant: RoleGrantInput) {
	if (!canManageUsers(ctx.actor)) throw forbidden();
	return ctx.db.transaction(async (tx) => {
		const user = await getUserByUsername(tx, name);
		const unit = grant.unitCode ? await selectUnitByCode(tx, grant.unitCode) : undefined;
		// An unknown code must not fall back to "no unit", which is the administrator's global grant.
		if (grant.unitCode && !unit) throw invalid('unit.notFound', { code: grant.unitCode });
		const unitId = unit?.unit.id ?? null;
		const all = await tx.select().from(roleGrants).where(and(eq(roleGrants.userId, user.id), eq(roleGrants.role, grant.role)));
		const target = all.find((g) => g.unitId === unitId);
		if (!target) throw new AppError('NOT_FOUND', 'error.notFound');
		await tx.delete(roleGrants).where(eq(roleGrants.id, target.id));
		await recordChange(tx, ctx.actor, { action: 'user.revoke', entityType: 'user', entityId: user.id, unitId, before: grant });
		return presentUser(tx, user);
	});
}

/** An administrator sets a new password; the account's sessions end and any lock is lifted. */
export async function resetPassword(ctx: Ctx, name: string, password: string) {
	if (!canManageUsers(ctx.actor)) throw forbidden();
	const passwordHash = await hashPassword(password);
	return ctx.db.transaction(async (tx) => {
		const user = await getUserByUsername(tx, name);
		await tx
			.update(users)
			.set({ passwordHash, passwordChangedAt: new Date(), failedLogins: 0, lockedUntil: null, updatedAt: new Date() })
			.where(eq(users.id, user.id));
		const ended = await endAllSessions(tx, user.id);
		await recordChange(tx, ctx.actor, { action: 'user.resetPassword', entityType: 'user', entityId: user.id, after: { sessionsEnded: ended } });
	});
}

export async function setUserDisabled(ctx: Ctx, name: string, disabled: boolean) {
	if (!canManageUsers(ctx.actor)) throw forbidden();
	return ctx.db.transaction(async (tx) => {
		const user = await getUserByUsername(tx, name);
		await tx.update(users).set({ disabled, updatedAt: new Date() }).where(eq(users.id, user.id));
		if (disabled) await endAllSessions(tx, user.id);
		await recordChange(tx, ctx.actor, {
			action: disabled ? 'user.disable' : 'user.enable',
			entityType: 'user',
			entityId: user.id,
			before: { disabled: user.disabled },
			after: { disabled }
		});
	});
}

/** A signed-in user changes their own password; their other sessions end. */
export async function changeOwnPassword(ctx: Ctx, currentPassword: string, newPassword: string) {
	if (!ctx.actor.userId) throw forbidden();
	const [user] = await ctx.db.select().from(users).where(eq(users.id, ctx.actor.userId));
	if (!(await verifyPassword(user.passwordHash, currentPassword))) throw invalid('user.passwordWrong');
	const passwordHash = await hashPassword(newPassword);
	await ctx.db.transaction(async (tx) => {
		await tx.update(users).set({ passwordHash, passwordChangedAt: new Date(), updatedAt: new Date() }).where(eq(users.id, user.id));
		await endAllSessions(tx, user.id, ctx.actor.sessionId);
		await recordChange(tx, ctx.actor, { action: 'user.changePassword', entityType: 'user', entityId: user.id });
	});
}


/** Remembers a user's language so it follows them to another device. */
export async function setUserLocale(ctx: Ctx, locale: 'vi' | 'en') {
	if (!ctx.actor.userId) return;
	await ctx.db.transaction(async (tx) => {
		const [before] = await tx.select({ locale: users.locale }).from(users).where(eq(users.id, ctx.actor.userId!));
		if (before?.locale === locale) return;
		await tx.update(users).set({ locale }).where(eq(users.id, ctx.actor.userId!));
		await recordChange(tx, ctx.actor, { action: 'user.setLocale', entityType: 'user', entityId: ctx.actor.userId, before, after: { locale } });
	});
}
