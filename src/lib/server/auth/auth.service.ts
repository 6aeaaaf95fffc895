import { and, eq, gt, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { recordChange } from '../audit/audit.service';
import { apiTokens, sessions, users } from '../modules/users/users.tables';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { newSecret, sha256 } from './tokens';
import { actorForUser, actorUserColumns, grantsJson, toGrants } from './grants';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export interface SignInInput {
	username: string;
	password: string;
	ip?: string;
	userAgent?: string;
	sessionHours: number;
}

export interface SignedIn {
	/** The cookie value; only its hash is stored. */
	token: string;
	expiresAt: Date;
	actor: Actor;
	/** The account's remembered language. */
	locale: string;
}

/**
 * Checks the password and opens a session. Five wrong passwords in a row lock the account for
 * fifteen minutes; an unknown name costs the same time as a known one.
 */
export async function signIn(db: Db, input: SignInInput, now = new Date()): Promise<SignedIn> {
	const username = input.username.trim().toLowerCase();
	const [user] = await db.select().from(users).where(eq(users.username, username)).limit(1);
	if (!user) {
		await burnPasswordCheck(input.password);
		throw new AppError('UNAUTHENTICATED', 'login.failed');
	}
	if (user.lockedUntil && user.lockedUntil > now) {
		const minutes = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000);
		throw new AppError('LOCKED', 'login.locked', { minutes });
	}
	const ok = await verifyPassword(user.passwordHash, input.password);
	const who: Actor = { userId: user.id, username: user.username, displayName: user.displayName, grants: [], via: 'session', ip: input.ip };
	if (!ok) {
		const lock = await db.transaction(async (tx) => {
			// Counted in SQL, not from the row read above: guesses sent at the same time must each count.
			const [{ failed }] = await tx
				.update(users)
				.set({ failedLogins: sql`${users.failedLogins} + 1` })
				.where(eq(users.id, user.id))
				.returning({ failed: users.failedLogins });
			const lock = failed >= MAX_FAILED_LOGINS;
			if (lock) {
				await tx
					.update(users)
					.set({ failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) })
					.where(eq(users.id, user.id));
			}
			await recordChange(tx, who, {
				action: lock ? 'user.locked' : 'user.signInFailed',
				entityType: 'user',
				entityId: user.id,
				after: { failedLogins: failed }
			});
			return lock;
		});
		if (lock) throw new AppError('LOCKED', 'login.locked', { minutes: LOCKOUT_MINUTES });
		throw new AppError('UNAUTHENTICATED', 'login.failed');
	}
	if (user.disabled) throw new AppError('FORBIDDEN', 'login.disabled');

	const token = newSecret();
	const expiresAt = new Date(now.getTime() + input.sessionHours * 3_600_000);
	const sessionId = sha256(token);
	await db.transaction(async (tx) => {
		await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
		await tx.insert(sessions).values({
			id: sessionId,
			userId: user.id,
			expiresAt,
			userAgent: input.userAgent?.slice(0, 300) ?? null,
			ip: input.ip ?? null
		});
		await recordChange(tx, who, { action: 'user.signIn', entityType: 'user', entityId: user.id });
	});
	return { token, expiresAt, locale: user.locale, actor: await actorForUser(db, user, 'session', { sessionId, ip: input.ip }) };
}

/** Resolves a session cookie to its actor; sliding expiry renews at most every five minutes. */
export async function resolveSession(
	db: Db,
	token: string,
	opts: { sessionHours: number; ip?: string },
	now = new Date()
): Promise<Actor | null> {
	if (!token || token.length > 100) return null;
	const id = sha256(token);
	const [row] = await db
		.select({ session: { lastSeenAt: sessions.lastSeenAt }, user: actorUserColumns, grants: grantsJson(users.id) })
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)))
		.limit(1);
	if (!row || row.user.disabled) return null;
	if (now.getTime() - row.session.lastSeenAt.getTime() > 5 * 60_000) {
		await db
			.update(sessions)
			.set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + opts.sessionHours * 3_600_000) })
			.where(eq(sessions.id, id));
	}
	return actorFromRow(row, 'session', { sessionId: id, ip: opts.ip });
}

export async function signOut(db: Db, actor: Actor): Promise<void> {
	if (!actor.sessionId) return;
	await db.transaction(async (tx) => {
		await tx.delete(sessions).where(eq(sessions.id, actor.sessionId!));
		await recordChange(tx, actor, { action: 'user.signOut', entityType: 'user', entityId: actor.userId });
	});
}

/** Ends every session of a user (sign out everywhere, password change or reset). */
export async function endAllSessions(tx: Db, userId: string, exceptSessionId?: string): Promise<number> {
	const deleted = await tx
		.delete(sessions)
		.where(and(eq(sessions.userId, userId), exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined))
		.returning({ id: sessions.id });
	return deleted.length;
}

export async function signOutEverywhere(db: Db, actor: Actor): Promise<number> {
	if (!actor.userId) return 0;
	return db.transaction(async (tx) => {
		const n = await endAllSessions(tx, actor.userId!);
		await recordChange(tx, actor, { action: 'user.signOutEverywhere', entityType: 'user', entityId: actor.userId, after: { sessions: n } });
		return n;
	});
}

/** Resolves `Authorization: Bearer …` to the token owner's actor. */
export async function resolveApiToken(db: Db, token: string, ip?: string, now = new Date()): Promise<Actor | null> {
	if (!token || token.length > 200) return null;
	const [row] = await db
		.select({ token: { id: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt }, user: actorUserColumns, grants: grantsJson(users.id) })
		.from(apiTokens)
		.innerJoin(users, eq(users.id, apiTokens.userId))
		.where(
			and(
				eq(apiTokens.tokenHash, sha256(token)),
				isNull(apiTokens.revokedAt),
				or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))
			)
		)
		.limit(1);
	if (!row || row.user.disabled) return null;
	if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > 60_000) {
		await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.token.id));
	}
	return actorFromRow(row, 'token', { tokenId: row.token.id, ip });
}

function actorFromRow(
	row: { user: { id: string; username: string; displayName: string }; grants: Parameters<typeof toGrants>[0] },
	via: Actor['via'],
	extra: Partial<Actor>
): Actor {
	return { userId: row.user.id, username: row.user.username, displayName: row.user.displayName, grants: toGrants(row.grants), via, ...extra };
}

/** Removes expired sessions (a background job). */
export async function purgeExpiredSessions(db: Db, now = new Date()): Promise<number> {
	const rows = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id });
	return rows.length;
}

