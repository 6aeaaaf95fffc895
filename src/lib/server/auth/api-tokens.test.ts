import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../testing/db';
import { buildActor, buildTwoCommunes } from '../testing/factories';
import type { Database } from '../db/client';
import type { Actor } from '../access/actor';
import { can } from '../access/actor';
import { apiTokens } from '../modules/users/users.tables';
import { auditEntries } from '../audit/audit.tables';
import { setUserDisabled } from '../modules/users/users.service';
import { findUnits } from '../modules/units/units.service';
import { createApiToken, findApiTokens, revokeApiToken } from './api-tokens.service';
import { resolveApiToken } from './auth.service';
import { sha256 } from './tokens';

const DAY = 86_400_000;

describe.each(testDrivers)('API tokens (%s)', (driver) => {
	let database: Database;
	let db: Database['db'];
	let admin: Actor;
	let n = 0;
	const officer = (unit = 'C1') => buildActor(db, 'commune_officer', unit, `tok.${driver}.${n++}`);

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		db = database.db;
		await buildTwoCommunes(db);
		admin = await buildActor(db, 'admin', null, `tok.admin.${driver}`);
	});
	afterAll(() => database.close());

	it("a token resolves to its owner's actor, scoped like the owner", async () => {
		const owner = await officer('C1');
		const created = await createApiToken({ db, actor: owner }, { name: 'Đồng bộ' });
		expect(created.token).toMatch(/^lt_[A-Za-z0-9_-]{40}$/);
		expect(created.prefix).toBe(created.token.slice(0, 9));

		const actor = await resolveApiToken(db, created.token, '10.1.1.1');
		expect(actor).toMatchObject({ userId: owner.userId, username: owner.username, via: 'token', tokenId: created.id, ip: '10.1.1.1' });
		expect(actor!.grants).toEqual(owner.grants);
		expect(can(actor!, 'users.manage')).toBe(false);
		const { items } = await findUnits({ db, actor: actor! }, { limit: 50, offset: 0 });
		expect(items.map((u) => u.code).sort()).toEqual(['C1', 'C1-V1', 'C1-V2']);

		const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
		expect(row.lastUsedAt).not.toBeNull();
	});

	it('stores only the SHA-256 of the token, nowhere the token itself', async () => {
		const owner = await officer();
		const { token, id } = await createApiToken({ db, actor: owner }, { name: 'Báo cáo' });
		const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
		expect(row.tokenHash).toBe(sha256(token));
		expect(JSON.stringify(row)).not.toContain(token);
		const audit = await db.select().from(auditEntries).where(eq(auditEntries.entityId, id));
		expect(audit.map((e) => e.action)).toEqual(['token.create']);
		expect(JSON.stringify(audit)).not.toContain(token);
		// Lists show the prefix only.
		const listed = (await findApiTokens({ db, actor: owner })).find((t) => t.id === id);
		expect(listed).toMatchObject({ prefix: token.slice(0, 9), username: owner.username });
		expect(JSON.stringify(listed)).not.toContain(token);
	});

	it('a revoked token does not resolve', async () => {
		const owner = await officer();
		const { token, id } = await createApiToken({ db, actor: owner }, { name: 'Tạm' });
		expect(await resolveApiToken(db, token)).not.toBeNull();
		await revokeApiToken({ db, actor: owner }, id);
		expect(await resolveApiToken(db, token)).toBeNull();
		// Revoking twice finds nothing to revoke.
		await expect(revokeApiToken({ db, actor: owner }, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('an expired token does not resolve', async () => {
		const owner = await officer();
		const { token, expiresAt } = await createApiToken({ db, actor: owner }, { name: 'Một ngày', expiresInDays: 1 });
		expect(Date.parse(expiresAt!) - Date.now()).toBeGreaterThan(DAY - 60_000);
		const now = Date.now();
		expect(await resolveApiToken(db, token, undefined, new Date(now + DAY - 60_000))).not.toBeNull();
		expect(await resolveApiToken(db, token, undefined, new Date(now + DAY + 60_000))).toBeNull();
	});

	it('unknown, malformed and disabled-owner tokens do not resolve', async () => {
		const owner = await officer();
		const { token } = await createApiToken({ db, actor: owner }, { name: 'Sẽ tắt' });
		expect(await resolveApiToken(db, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeNull();
		expect(await resolveApiToken(db, '')).toBeNull();
		expect(await resolveApiToken(db, 'x'.repeat(500))).toBeNull();
		await setUserDisabled({ db, actor: admin }, owner.username, true);
		expect(await resolveApiToken(db, token)).toBeNull();
	});

	it('a non-administrator cannot issue a token for another account', async () => {
		const owner = await officer();
		const other = await officer('C2');
		await expect(createApiToken({ db, actor: owner }, { name: 'Mạo danh', username: other.username })).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		const rows = await db.select().from(apiTokens).where(eq(apiTokens.userId, other.userId!));
		expect(rows).toEqual([]);
	});

	it("a non-administrator cannot revoke another account's token, nor see it", async () => {
		const owner = await officer();
		const other = await officer();
		const { token, id } = await createApiToken({ db, actor: other }, { name: 'Của người khác' });
		await expect(revokeApiToken({ db, actor: owner }, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		expect(await resolveApiToken(db, token)).not.toBeNull();
		expect((await findApiTokens({ db, actor: owner })).map((t) => t.id)).not.toContain(id);
	});

	it("an administrator issues a token for an integration's account; it acts as that account, not as the administrator", async () => {
		const service = await officer('C2');
		const { token, id } = await createApiToken({ db, actor: admin }, { name: 'Tích hợp', username: service.username });
		const actor = await resolveApiToken(db, token);
		expect(actor).toMatchObject({ userId: service.userId, via: 'token' });
		expect(can(actor!, 'users.manage')).toBe(false);
		expect((await findApiTokens({ db, actor: admin })).map((t) => t.id)).toContain(id);
		await revokeApiToken({ db, actor: admin }, id);
		expect(await resolveApiToken(db, token)).toBeNull();
	});

	it('the system actor, which has no account, cannot hold a token', async () => {
		const system: Actor = { ...admin, userId: null, username: 'system', via: 'system' };
		await expect(createApiToken({ db, actor: system }, { name: 'Không chủ' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});
});
