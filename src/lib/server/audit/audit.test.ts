import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql, TransactionRollbackError } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../testing/db';
import { buildActor, buildTwoCommunes, buildUnit } from '../testing/factories';
import type { Database, Db } from '../db/client';
import { systemActor, type Actor } from '../access/actor';
import { pgErrorCode } from '../errors';
import { units } from '../modules/units/units.tables';
import { createUnit, mergeUnit, updateUnit } from '../modules/units/units.service';
import { createUser, getUserByUsername, grantRole, resetPassword, revokeRole, setUserDisabled } from '../modules/users/users.service';
import { createApiToken, revokeApiToken } from '../auth/api-tokens.service';
import { signIn, signOut } from '../auth/auth.service';
import { auditEntries } from './audit.tables';
import { findAuditEntries, recordAccess, verifyAuditChain, type VerifyResult } from './audit.service';
import { GENESIS_HASH } from './hash';

const count = async (db: Db) => (await db.select({ n: sql<number>`count(*)::int` }).from(auditEntries))[0].n;
const last = async (db: Db) => (await db.select().from(auditEntries).orderBy(sql`seq desc`).limit(1))[0];

/** Runs `tamper` with the append-only trigger off, reads the verdict, and rolls everything back. */
async function verdictAfter(db: Db, tamper: (tx: Db) => Promise<unknown>): Promise<VerifyResult> {
	let result: VerifyResult | undefined;
	await db
		.transaction(async (tx) => {
			await tx.execute(sql`SET LOCAL session_replication_role = replica`);
			await tamper(tx);
			result = await verifyAuditChain(tx, 3);
			tx.rollback();
		})
		.catch((err: unknown) => {
			if (!(err instanceof TransactionRollbackError)) throw err;
		});
	return result!;
}

describe.each(testDrivers)('audit trail (%s)', (driver) => {
	let database: Database;
	let db: Db;
	let admin: Actor;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		db = database.db;
		await buildTwoCommunes(db);
		admin = await buildActor(db, 'admin', null, `audit.admin.${driver}`);
	});
	afterAll(() => database.close());

	it('every change made through a service writes exactly one entry, naming the actor', async () => {
		const ctx = { db, actor: admin };
		const steps: [string, () => Promise<unknown>][] = [
			['unit.create', () => createUnit(ctx, { code: 'A-C9', name: 'Xã Chín', level: 'commune', parentCode: 'P1' })],
			['unit.update', () => updateUnit(ctx, 'A-C9', { name: 'Xã Chín Mới' })],
			['unit.move', () => updateUnit(ctx, 'A-C9', { parentCode: 'P2' })],
			['unit.create', () => createUnit(ctx, { code: 'A-C10', name: 'Xã Mười', level: 'commune', parentCode: 'P2' })],
			['unit.merge', () => mergeUnit(ctx, 'A-C9', { successorCode: 'A-C10', date: '2025-07-01', moveChildren: true })],
			['user.create', () => createUser(ctx, { username: 'audit.someone', displayName: 'Ai đó', password: 'mat-khau-dai-du', locale: 'vi', roles: [] })],
			['user.grant', () => grantRole(ctx, 'audit.someone', { role: 'commune_officer', unitCode: 'C1' })],
			['user.revoke', () => revokeRole(ctx, 'audit.someone', { role: 'commune_officer', unitCode: 'C1' })],
			['user.resetPassword', () => resetPassword(ctx, 'audit.someone', 'mat-khau-moi-dai-du')],
			['user.disable', () => setUserDisabled(ctx, 'audit.someone', true)],
			['user.enable', () => setUserDisabled(ctx, 'audit.someone', false)],
			['token.create', () => createApiToken(ctx, { name: 'Thử' })],
			['user.signIn', () => signIn(db, { username: 'audit.someone', password: 'mat-khau-moi-dai-du', sessionHours: 1 })],
			['user.signInFailed', () => signIn(db, { username: 'audit.someone', password: 'sai-mat-khau', sessionHours: 1 }).catch(() => null)]
		];
		for (const [action, step] of steps) {
			const before = await count(db);
			await step();
			expect(await count(db), action).toBe(before + 1);
			expect((await last(db)).action).toBe(action);
		}
		const [create] = await db.select().from(auditEntries).where(eq(auditEntries.action, 'user.create')).orderBy(sql`seq desc`).limit(1);
		expect(create).toMatchObject({ actorId: admin.userId, actorName: admin.username, kind: 'change', entityType: 'user' });
		expect(create.after).toMatchObject({ username: 'audit.someone' });

		const { id } = (await createApiToken(ctx, { name: 'Thu hồi' }))!;
		await revokeApiToken(ctx, id);
		expect((await last(db)).action).toBe('token.revoke');

		const someone = await getUserByUsername(db, 'audit.someone');
		const session = await signIn(db, { username: 'audit.someone', password: 'mat-khau-moi-dai-du', sessionHours: 1 });
		await signOut(db, session.actor);
		expect(await last(db)).toMatchObject({ action: 'user.signOut', actorId: someone.id });
	});

	it('records reads of personal data as access entries', async () => {
		await db.transaction((tx) =>
			recordAccess(tx, { ...admin, ip: '10.9.8.7' }, { action: 'household.view', entityType: 'household', entityId: 'h-1', context: { screen: 'test' } })
		);
		expect(await last(db)).toMatchObject({ kind: 'access', action: 'household.view', context: { screen: 'test', ip: '10.9.8.7', via: 'session' } });
	});

	it('a failed change writes no entry: the entry is part of its transaction', async () => {
		const before = await count(db);
		// The user row is inserted before the grant fails on the unit's level; both roll back.
		await expect(
			createUser({ db, actor: admin }, { username: 'audit.rolledback', displayName: 'Không', password: 'mat-khau-dai-du', locale: 'vi', roles: [{ role: 'village_head', unitCode: 'C1' }] })
		).rejects.toMatchObject({ code: 'VALIDATION' });
		await expect(createUnit({ db, actor: admin }, { code: 'C1', name: 'Trùng mã', level: 'commune', parentCode: 'P1' })).rejects.toMatchObject({ code: 'CONFLICT' });
		// A service call inside a transaction that later fails leaves neither the change nor its entry.
		await expect(
			db.transaction(async (tx) => {
				await createUnit({ db: tx, actor: admin }, { code: 'A-GONE', name: 'Không còn', level: 'commune', parentCode: 'P1' });
				throw new Error('later step failed');
			})
		).rejects.toThrow('later step failed');
		expect(await count(db)).toBe(before);
		expect(await db.select().from(units).where(eq(units.code, 'A-GONE'))).toEqual([]);
		expect((await verifyAuditChain(db)).ok).toBe(true);
	});

	it('the hash chain verifies and links every entry to the one before', async () => {
		const rows = await db.select().from(auditEntries).orderBy(asc(auditEntries.seq));
		expect(rows.length).toBeGreaterThan(10);
		expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
		expect(rows[0].prevHash).toBe(GENESIS_HASH);
		for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
		// A small batch makes the walk cross page boundaries.
		expect(await verifyAuditChain(db, 4)).toEqual({ ok: true, count: rows.length });
	});

	it('verify finds a changed entry', async () => {
		const result = await verdictAfter(db, (tx) => tx.execute(sql`UPDATE audit_entries SET actor_name = 'someone else' WHERE seq = 5`));
		expect(result).toMatchObject({ ok: false, brokenAt: 5, reason: 'its content was changed' });
		const jsonb = await verdictAfter(db, (tx) => tx.execute(sql`UPDATE audit_entries SET after = '{"name":"forged"}' WHERE seq = 2`));
		expect(jsonb).toMatchObject({ ok: false, brokenAt: 2 });
		// Recomputing the changed entry's own hash does not help: the next entry no longer links to it.
		const rehashed = await verdictAfter(db, async (tx) => {
			const [row] = await tx.select().from(auditEntries).where(eq(auditEntries.seq, 3));
			const { entryHash } = await import('./hash');
			const forged = { ...row, actorName: 'forger' };
			await tx.update(auditEntries).set({ actorName: 'forger', hash: entryHash(forged) }).where(eq(auditEntries.seq, 3));
		});
		expect(rehashed).toMatchObject({ ok: false, brokenAt: 4, reason: 'does not link to the entry before it' });
	});

	it('verify finds a deleted entry in the middle and at the start', async () => {
		expect(await verdictAfter(db, (tx) => tx.execute(sql`DELETE FROM audit_entries WHERE seq = 6`))).toMatchObject({
			ok: false,
			brokenAt: 6,
			count: 5
		});
		expect(await verdictAfter(db, (tx) => tx.execute(sql`DELETE FROM audit_entries WHERE seq = 1`))).toMatchObject({ ok: false, brokenAt: 1 });
		// The rolled-back tampering left the chain whole.
		expect((await verifyAuditChain(db)).ok).toBe(true);
	});

	it('the database refuses UPDATE, DELETE and TRUNCATE on audit entries', async () => {
		const n = await count(db);
		for (const statement of [
			sql`UPDATE audit_entries SET action = 'forged' WHERE seq = 1`,
			sql`DELETE FROM audit_entries WHERE seq = 2`,
			sql`TRUNCATE audit_entries`
		]) {
			const err = await db.execute(statement).then(
				() => null,
				(e: unknown) => e
			);
			expect(err, String(statement.queryChunks)).not.toBeNull();
			expect(pgErrorCode(err)).toBe('42501');
		}
		expect(await count(db)).toBe(n);
		expect((await verifyAuditChain(db)).ok).toBe(true);
	});

	it('parallel changes keep one gapless, valid chain', async () => {
		const before = await count(db);
		await Promise.all(Array.from({ length: 20 }, (_, i) => buildUnit(db, { code: `PAR-${i}`, parentCode: 'P1' })));
		const seqs = (await db.select({ seq: auditEntries.seq }).from(auditEntries).orderBy(asc(auditEntries.seq))).map((r) => r.seq);
		expect(seqs.length).toBe(before + 20);
		expect(seqs).toEqual(seqs.map((_, i) => i + 1));
		expect(await verifyAuditChain(db)).toEqual({ ok: true, count: before + 20 });
	});

	describe('who reads which entries', () => {
		it("a commune officer sees the entries of their commune's subtree, never another commune's nor global ones", async () => {
			await grantRole({ db, actor: admin }, 'audit.someone', { role: 'viewer', unitCode: 'C2-V1' });
			const officer = await buildActor(db, 'commune_officer', 'C1', `audit.officer.${driver}`);
			const { items } = await findAuditEntries(db, officer, { limit: 500, offset: 0 });
			const codes = new Set(items.map((e) => e.unitCode));
			expect(codes).toEqual(new Set(['C1', 'C1-V1', 'C1-V2']));

			const other = await buildActor(db, 'commune_officer', 'C2', `audit.officer2.${driver}`);
			const theirs = await findAuditEntries(db, other, { limit: 500, offset: 0 });
			expect(new Set(theirs.items.map((e) => e.unitCode))).toEqual(new Set(['C2', 'C2-V1']));
			expect(theirs.items.find((e) => e.entry.action === 'user.grant')?.unitCode).toBe('C2-V1');
		});

		it('a role without audit.read sees nothing; an administrator sees everything, newest first, in pages', async () => {
			const head = await buildActor(db, 'village_head', 'C1-V1', `audit.head.${driver}`);
			expect((await findAuditEntries(db, head, { limit: 50, offset: 0 })).items).toEqual([]);

			const total = await count(db);
			const all = await findAuditEntries(db, admin, { limit: 500, offset: 0 });
			expect(all.items.length).toBe(total);
			expect(all.items.some((e) => e.unitCode === null)).toBe(true);
			expect(all.items[0].entry.seq).toBe(total);
			const page = await findAuditEntries(db, admin, { limit: 5, offset: 5 });
			expect(page.hasMore).toBe(true);
			expect(page.items.map((e) => e.entry.seq)).toEqual([total - 5, total - 6, total - 7, total - 8, total - 9]);
			const users = await findAuditEntries(db, admin, { entityType: 'user', kind: 'change', limit: 500, offset: 0 });
			expect(users.items.length).toBeGreaterThan(0);
			expect(users.items.every((e) => e.entry.entityType === 'user' && e.entry.kind === 'change')).toBe(true);
		});

		it('entries written by the system actor carry its name and no account', async () => {
			await buildUnit(db, { code: 'SYS-1', parentCode: 'P2' });
			expect(await last(db)).toMatchObject({ actorId: null, actorName: systemActor.username, context: { via: 'system' } });
		});
	});
});
