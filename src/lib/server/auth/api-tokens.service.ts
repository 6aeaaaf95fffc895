import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Actor } from '../access/actor';
import { can } from '../access/actor';
import { AppError, forbidden } from '../errors';
import { recordChange } from '../audit/audit.service';
import { apiTokens, users } from '../modules/users/users.tables';
import { getUserByUsername } from '../modules/users/users.service';
import type { ApiTokenCreateInput } from '../modules/users/users.schemas';
import { newSecret, sha256 } from './tokens';

export interface Ctx {
	db: Db;
	actor: Actor;
}

/**
 * Issues a token for the actor (or, for an administrator, for a named account). The plain token
 * is returned once and never stored.
 */
export async function createApiToken(ctx: Ctx, input: ApiTokenCreateInput) {
	if (!ctx.actor.userId) throw forbidden();
	let ownerId = ctx.actor.userId;
	if (input.username && input.username !== ctx.actor.username) {
		if (!can(ctx.actor, 'users.manage')) throw forbidden();
		ownerId = (await getUserByUsername(ctx.db, input.username)).id;
	}
	const secret = 'lt_' + newSecret(30);
	const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
	return ctx.db.transaction(async (tx) => {
		const [row] = await tx
			.insert(apiTokens)
			.values({ userId: ownerId, name: input.name, prefix: secret.slice(0, 9), tokenHash: sha256(secret), expiresAt })
			.returning();
		await recordChange(tx, ctx.actor, {
			action: 'token.create',
			entityType: 'api_token',
			entityId: row.id,
			after: { name: row.name, prefix: row.prefix, userId: ownerId, expiresAt }
		});
		return { token: secret, id: row.id, name: row.name, prefix: row.prefix, expiresAt: expiresAt?.toISOString() ?? null };
	});
}

/** Tokens of the actor; an administrator sees every account's. */
export async function findApiTokens(ctx: Ctx) {
	if (!ctx.actor.userId) return [];
	const all = can(ctx.actor, 'users.manage');
	const rows = await ctx.db
		.select({ token: apiTokens, username: users.username })
		.from(apiTokens)
		.innerJoin(users, eq(users.id, apiTokens.userId))
		.where(all ? undefined : eq(apiTokens.userId, ctx.actor.userId))
		.orderBy(desc(apiTokens.createdAt));
	return rows.map(({ token, username }) => ({
		id: token.id,
		name: token.name,
		prefix: token.prefix,
		username,
		createdAt: token.createdAt.toISOString(),
		lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
		expiresAt: token.expiresAt?.toISOString() ?? null,
		revokedAt: token.revokedAt?.toISOString() ?? null
	}));
}

export async function revokeApiToken(ctx: Ctx, id: string) {
	return ctx.db.transaction(async (tx) => {
		const [row] = await tx.select().from(apiTokens).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
		if (!row) throw new AppError('NOT_FOUND', 'token.notFound');
		if (row.userId !== ctx.actor.userId && !can(ctx.actor, 'users.manage')) throw new AppError('NOT_FOUND', 'token.notFound');
		await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id));
		await recordChange(tx, ctx.actor, { action: 'token.revoke', entityType: 'api_token', entityId: id, before: { name: row.name, prefix: row.prefix } });
	});
}
