import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../testing/db';
import { buildActor, buildTwoCommunes } from '../testing/factories';
import type { Database } from '../db/client';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { t } from '../../i18n';
import { sessions, users } from '../modules/users/users.tables';
import { changeOwnPassword, resetPassword, setUserDisabled } from '../modules/users/users.service';
import {
	LOCKOUT_MINUTES,
	MAX_FAILED_LOGINS,
	purgeExpiredSessions,
	resolveSession,
	signIn,
	signOut,
	signOutEverywhere
} from './auth.service';
import { sha256 } from './tokens';

// Counts real argon2 verifications without changing them, to see that every path pays one.
const argon = vi.hoisted(() => ({ verifies: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
	const real = await importOriginal<typeof import('@node-rs/argon2')>();
	return {
		...real,
		verify: (...args: Parameters<typeof real.verify>) => {
			argon.verifies++;
			return real.verify(...args);
		}
	};
});

const PASSWORD = 'mat-khau-thu-nghiem';
const HOURS = 12;
const minutes = (n: number) => n * 60_000;

describe.each(testDrivers)('sign-in and sessions (%s)', (driver) => {
	let database: Database;
	let db: Database['db'];
	let admin: Actor;
	let n = 0;
	/** A commune officer of C1 with the factory password. */
	const officer = () => buildActor(db, 'commune_officer', 'C1', `auth.${driver}.${n++}`);
	const login = (username: string, password = PASSWORD, now = new Date()) =>
		signIn(db, { username, password, sessionHours: HOURS, ip: '10.0.0.7' }, now);
	const failure = (p: Promise<unknown>) =>
		p.then(
			() => {
				throw new Error('expected a failure');
			},
			(err: unknown) => err as AppError
		);

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		db = database.db;
		await buildTwoCommunes(db);
		admin = await buildActor(db, 'admin', null, `auth.admin.${driver}`);
	});
	afterAll(() => database.close());

	it('signs in with the right password and returns the account with its grants', async () => {
		const who = await officer();
		const res = await login(who.username.toUpperCase() + '  ');
		expect(res.actor.userId).toBe(who.userId);
		expect(res.actor.grants).toEqual([expect.objectContaining({ role: 'commune_officer', unitCode: 'C1' })]);
		expect(res.expiresAt.getTime() - Date.now()).toBeGreaterThan(minutes(HOURS * 60 - 1));
		// The cookie value is not stored, only its hash.
		const [row] = await db.select().from(sessions).where(eq(sessions.userId, who.userId!));
		expect(row.id).toBe(sha256(res.token));
		expect(row.id).not.toBe(res.token);
		expect(row.ip).toBe('10.0.0.7');
	});

	it('refuses a wrong password and an unknown name with the same message', async () => {
		const who = await officer();
		const wrong = await failure(login(who.username, 'not-the-password'));
		const unknown = await failure(login('nobody.here', PASSWORD));
		for (const err of [wrong, unknown]) {
			expect(err).toBeInstanceOf(AppError);
			expect(err).toMatchObject({ code: 'UNAUTHENTICATED', messageKey: 'login.failed' });
		}
	});

	it('an unknown name costs a password check, as a known one does', async () => {
		const who = await officer();
		await failure(login('nobody.at.all', 'guess-1234'));
		let before = argon.verifies;
		await failure(login('nobody.at.all', 'guess-1234'));
		expect(argon.verifies - before).toBe(1);
		before = argon.verifies;
		await failure(login(who.username, 'guess-1234'));
		expect(argon.verifies - before).toBe(1);
	});

	it(`locks the account after ${MAX_FAILED_LOGINS} wrong passwords, even against the right one`, async () => {
		const who = await officer();
		const t0 = new Date();
		for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
			expect(await failure(login(who.username, `wrong-${i}`, t0))).toMatchObject({ code: 'UNAUTHENTICATED' });
		}
		const locked = await failure(login(who.username, 'wrong-last', t0));
		expect(locked).toMatchObject({ code: 'LOCKED', messageKey: 'login.locked', params: { minutes: LOCKOUT_MINUTES } });
		expect(t('vi', locked.messageKey, locked.params)).toContain(`${LOCKOUT_MINUTES} phút`);
		expect(t('en', locked.messageKey, locked.params)).toContain(`${LOCKOUT_MINUTES} minutes`);

		// The right password does not open a locked account; the message counts down.
		const later = new Date(t0.getTime() + minutes(10));
		expect(await failure(login(who.username, PASSWORD, later))).toMatchObject({ code: 'LOCKED', params: { minutes: 5 } });
		// When the lock has passed, the right password works again.
		const res = await login(who.username, PASSWORD, new Date(t0.getTime() + minutes(LOCKOUT_MINUTES + 1)));
		expect(res.actor.userId).toBe(who.userId);
	});

	it('a successful sign-in resets the count of failures', async () => {
		const who = await officer();
		for (let i = 1; i < MAX_FAILED_LOGINS; i++) await failure(login(who.username, `wrong-${i}`));
		await login(who.username);
		// Four more failures do not lock: the count started again.
		for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
			expect(await failure(login(who.username, `again-${i}`))).toMatchObject({ code: 'UNAUTHENTICATED' });
		}
	});

	it('wrong passwords sent at the same time still lock the account', async () => {
		const who = await officer();
		const attempts = Array.from({ length: MAX_FAILED_LOGINS }, (_, i) => failure(login(who.username, `parallel-${i}`)));
		const errors = await Promise.all(attempts);
		expect(errors.filter((e) => e.code === 'LOCKED').length).toBeGreaterThanOrEqual(1);
		expect(await failure(login(who.username))).toMatchObject({ code: 'LOCKED' });
	});

	it("an administrator's password reset lifts the lock and ends the account's sessions", async () => {
		const who = await officer();
		const open = await login(who.username);
		for (let i = 0; i < MAX_FAILED_LOGINS; i++) await failure(login(who.username, `wrong-${i}`));
		expect(await failure(login(who.username))).toMatchObject({ code: 'LOCKED' });

		await resetPassword({ db, actor: admin }, who.username, 'mat-khau-moi-0001');
		expect(await resolveSession(db, open.token, { sessionHours: HOURS })).toBeNull();
		expect(await failure(login(who.username, PASSWORD))).toMatchObject({ code: 'UNAUTHENTICATED' });
		expect((await login(who.username, 'mat-khau-moi-0001')).actor.userId).toBe(who.userId);
	});

	it('resolves a session to its actor, slides its expiry, and refuses it once expired', async () => {
		const who = await officer();
		const t0 = new Date();
		const { token } = await signIn(db, { username: who.username, password: PASSWORD, sessionHours: 1 }, t0);
		const at = (m: number) => new Date(t0.getTime() + minutes(m));

		const actor = await resolveSession(db, token, { sessionHours: 1 }, at(1));
		expect(actor).toMatchObject({ userId: who.userId, via: 'session', sessionId: sha256(token) });
		expect(actor!.grants.map((g) => g.unitCode)).toEqual(['C1']);

		// Used at 50 minutes, the session is renewed for another hour…
		expect(await resolveSession(db, token, { sessionHours: 1 }, at(50))).not.toBeNull();
		expect(await resolveSession(db, token, { sessionHours: 1 }, at(100))).not.toBeNull();
		// …and left unused for more than an hour, it ends.
		expect(await resolveSession(db, token, { sessionHours: 1 }, at(100 + 61))).toBeNull();
		expect(await resolveSession(db, 'not-a-session', { sessionHours: 1 })).toBeNull();
		expect(await resolveSession(db, '', { sessionHours: 1 })).toBeNull();

		expect(await purgeExpiredSessions(db, at(100 + 61))).toBeGreaterThanOrEqual(1);
		expect(await db.select().from(sessions).where(eq(sessions.id, sha256(token)))).toEqual([]);
	});

	it('signing out ends only that session', async () => {
		const who = await officer();
		const a = await login(who.username);
		const b = await login(who.username);
		const actorA = (await resolveSession(db, a.token, { sessionHours: HOURS }))!;
		await signOut(db, actorA);
		expect(await resolveSession(db, a.token, { sessionHours: HOURS })).toBeNull();
		expect(await resolveSession(db, b.token, { sessionHours: HOURS })).not.toBeNull();
	});

	it('signing out everywhere ends every session of the account, and no one else’s', async () => {
		const who = await officer();
		const other = await officer();
		const tokens = [await login(who.username), await login(who.username), await login(who.username)].map((s) => s.token);
		const others = await login(other.username);
		const actor = (await resolveSession(db, tokens[0], { sessionHours: HOURS }))!;
		expect(await signOutEverywhere(db, actor)).toBe(3);
		for (const token of tokens) expect(await resolveSession(db, token, { sessionHours: HOURS })).toBeNull();
		expect(await resolveSession(db, others.token, { sessionHours: HOURS })).not.toBeNull();
	});

	it('changing one’s own password keeps this session and ends the others', async () => {
		const who = await officer();
		const here = await login(who.username);
		const elsewhere = await login(who.username);
		const actor = (await resolveSession(db, here.token, { sessionHours: HOURS }))!;

		await expect(changeOwnPassword({ db, actor }, 'wrong-current', 'mat-khau-moi-0002')).rejects.toMatchObject({
			code: 'VALIDATION',
			messageKey: 'user.passwordWrong'
		});
		expect(await resolveSession(db, elsewhere.token, { sessionHours: HOURS })).not.toBeNull();

		await changeOwnPassword({ db, actor }, PASSWORD, 'mat-khau-moi-0002');
		expect(await resolveSession(db, here.token, { sessionHours: HOURS })).not.toBeNull();
		expect(await resolveSession(db, elsewhere.token, { sessionHours: HOURS })).toBeNull();
		expect(await failure(login(who.username, PASSWORD))).toMatchObject({ code: 'UNAUTHENTICATED' });
		await login(who.username, 'mat-khau-moi-0002');
	});

	it('a disabled account cannot sign in and its open sessions stop working', async () => {
		const who = await officer();
		const open = await login(who.username);
		await setUserDisabled({ db, actor: admin }, who.username, true);
		expect(await failure(login(who.username))).toMatchObject({ code: 'FORBIDDEN', messageKey: 'login.disabled' });
		expect(await resolveSession(db, open.token, { sessionHours: HOURS })).toBeNull();
		// A wrong password on a disabled account reads like any wrong password.
		expect(await failure(login(who.username, 'wrong-password'))).toMatchObject({ code: 'UNAUTHENTICATED' });

		await setUserDisabled({ db, actor: admin }, who.username, false);
		expect((await login(who.username)).actor.userId).toBe(who.userId);
	});

	it('a session of an account disabled directly in the database does not resolve', async () => {
		const who = await officer();
		const open = await login(who.username);
		await db.update(users).set({ disabled: true }).where(eq(users.id, who.userId!));
		expect(await resolveSession(db, open.token, { sessionHours: HOURS })).toBeNull();
	});
});
