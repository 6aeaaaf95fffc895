import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database, Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { buildActor, buildTwoCommunes } from '../../testing/factories';
import { outreachAccounts } from './accounts.tables';
import { outboxMessages } from './outbox.tables';
import { deliverDue } from './outbox.worker';
import { findAccounts, getAccount, loadAccountCredentials, saveAccount, sendTestMessage, type AccountSaveInput } from './outreach.accounts';
import { decryptSecret, encryptSecret, secretKey } from './outreach.crypto';
import { startFakeSmsGateway, type FakeSmsGateway } from './testing/sms-server';

const envKeys = ['LANTOA_SECRET_KEY', 'LANTOA_SMS_GATEWAY_URL', 'LANTOA_SMS_GATEWAY_KEY'] as const;

async function failure(p: Promise<unknown>): Promise<unknown> {
	return p.then(
		() => {
			throw new Error('expected a refusal');
		},
		(e) => e
	);
}

/** The catalog key of a refusal: the AppError's, or the first zod issue's. */
async function refusedWith(p: Promise<unknown>): Promise<string> {
	const err = await failure(p);
	if (err instanceof AppError) return err.messageKey;
	if (err instanceof z.ZodError) return err.issues[0].message;
	throw err;
}

describe('secrets at rest', () => {
	it('AES-256-GCM round-trips, differs each time, and refuses another key or an altered text', () => {
		const key = secretKey({ LANTOA_SECRET_KEY: 'a'.repeat(64) } as NodeJS.ProcessEnv);
		const other = secretKey({ LANTOA_SECRET_KEY: 'mot-cau-bi-mat-khac' } as NodeJS.ProcessEnv);
		const a = encryptSecret('EAAG-page-token-1234', key);
		expect(a).not.toContain('EAAG');
		expect(encryptSecret('EAAG-page-token-1234', key)).not.toBe(a);
		expect(decryptSecret(a, key)).toBe('EAAG-page-token-1234');
		expect(decryptSecret(a, other)).toBeNull();
		const [iv, tag, data] = a.slice(3).split('.');
		expect(decryptSecret(`v1:${iv}.${tag}.${data.slice(0, -2)}AA`, key)).toBeNull();
		expect(decryptSecret('plain text', key)).toBeNull();
	});
});

describe.each(testDrivers)('platform accounts (%s)', (driver) => {
	let database: Database;
	let db: Db;
	let sms: FakeSmsGateway;
	let officer1: Actor;
	let officer2: Actor;
	let head: Actor;
	let leader1: Actor;
	const saved: Record<string, string | undefined> = {};
	const page: AccountSaveInput = { unit: 'C1', platform: 'facebook', name: 'Trang UBND xã Một', externalId: '102938475610', accessToken: 'EAAGpagetoken-xa-mot-9876', webhookSecret: 'app-secret-5555' };

	beforeAll(async () => {
		for (const k of envKeys) saved[k] = process.env[k];
		process.env.LANTOA_SECRET_KEY = 'khoa-thu-nghiem-tai-khoan';
		sms = await startFakeSmsGateway({ apiKeys: ['gateway-key-c1'] });
		process.env.LANTOA_SMS_GATEWAY_URL = sms.url;
		delete process.env.LANTOA_SMS_GATEWAY_KEY;
		database = await createTestDatabase(driver);
		db = database.db;
		await buildTwoCommunes(db);
		officer1 = await buildActor(db, 'commune_officer', 'C1');
		officer2 = await buildActor(db, 'commune_officer', 'C2');
		head = await buildActor(db, 'village_head', 'C1-V1');
		leader1 = await buildActor(db, 'commune_leader', 'C1');
	});
	afterAll(async () => {
		for (const k of envKeys) if (saved[k] === undefined) delete process.env[k];
		else process.env[k] = saved[k];
		await Promise.all([sms.close(), database.close()]);
	});

	it('stores secrets encrypted, shows only their last four, keeps them when the field is left empty, and audits without them', async () => {
		const created = await saveAccount({ db, actor: officer1 }, page);
		expect(created).toMatchObject({ unit: 'C1', platform: 'facebook', externalId: '102938475610', accessToken: '••••9876', webhookSecret: '••••5555', active: true });
		const [row] = await db.select().from(outreachAccounts).where(eq(outreachAccounts.id, created.id));
		expect(row.accessTokenEnc).not.toContain('EAAG');
		expect(row.webhookSecretEnc).not.toContain('app-secret');
		const updated = await saveAccount({ db, actor: officer1 }, { ...page, name: 'Trang tin xã Một', accessToken: '', webhookSecret: undefined, ratePerSecond: 2 });
		expect(updated).toMatchObject({ name: 'Trang tin xã Một', accessToken: '••••9876', ratePerSecond: 2 });
		expect(await loadAccountCredentials(db, created.id)).toMatchObject({ accessToken: 'EAAGpagetoken-xa-mot-9876', webhookSecret: 'app-secret-5555', settings: { ratePerSecond: 2 } });
		const audit = await db.execute(sql`SELECT action, before::text AS b, after::text AS a FROM audit_entries WHERE entity_type = 'outreach_account' AND entity_id = ${created.id} ORDER BY seq`);
		const entries = (audit as unknown as { rows: { action: string; b: string | null; a: string }[] }).rows;
		expect(entries.map((e) => e.action)).toEqual(['outreach.account.create', 'outreach.account.update']);
		for (const e of entries) expect(`${e.b} ${e.a}`).not.toMatch(/EAAG|app-secret|v1:/);
		expect(entries[1].a).toMatch(/"accessTokenChanged": ?false/);
	});

	it('keeps each commune to its own accounts: another commune\'s officer neither lists, reads nor changes them; a village head or the chair manages none', async () => {
		const mine = await findAccounts({ db, actor: officer1 });
		expect(mine.map((a) => a.unit)).toEqual(['C1']);
		expect(await findAccounts({ db, actor: officer2 })).toEqual([]);
		expect(await refusedWith(getAccount({ db, actor: officer2 }, mine[0].id))).toBe('platforms.error.notFound');
		expect(await refusedWith(saveAccount({ db, actor: officer2 }, { ...page, accessToken: 'stolen-token-0000' }))).toBe('error.forbidden');
		expect(await refusedWith(saveAccount({ db, actor: head }, page))).toBe('error.forbidden');
		expect(await refusedWith(saveAccount({ db, actor: leader1 }, page))).toBe('error.forbidden');
		expect(await refusedWith(sendTestMessage({ db, actor: officer2 }, mine[0].id, { address: '0912345678' }))).toBe('platforms.error.notFound');
		expect(await loadAccountCredentials(db, mine[0].id)).toMatchObject({ accessToken: 'EAAGpagetoken-xa-mot-9876' });
	});

	it('refuses bad input with a catalog message and stores nothing', async () => {
		const before = (await db.select().from(outreachAccounts)).length;
		const cases: [AccountSaveInput, string][] = [
			[{ ...page, externalId: 'trang-xa-mot' }, 'platforms.error.pageIdInvalid'],
			[{ ...page, unit: 'C2', accessToken: undefined }, 'error.forbidden'],
			[{ ...page, unit: 'NOPE' }, 'platforms.error.unitUnknown'],
			[{ ...page, platform: 'telegram' as never }, 'platforms.error.platformInvalid'],
			[{ ...page, name: '  ' }, 'platforms.error.nameRequired'],
			[{ ...page, ratePerSecond: 0 }, 'platforms.error.rateInvalid'],
			[{ ...page, ratePerSecond: 'nhanh' as never }, 'platforms.error.rateInvalid'],
			[{ unit: 'C1', platform: 'zalo_oa', name: 'OA', externalId: '4318772049170318005', accessToken: 'tok' }, 'platforms.error.oaSecretRequired'],
			[{ unit: 'C1', platform: 'zalo_oa', name: 'OA', externalId: '4318772049170318005', accessToken: 'tok', webhookSecret: 's' }, 'platforms.error.appIdInvalid'],
			[{ unit: 'C1', platform: 'zns', name: 'ZNS', accessToken: 'tok', templates: 'notice: 231677' }, 'platforms.error.templatesInvalid'],
			[{ unit: 'C1', platform: 'sms', name: 'SMS', externalId: 'UBNDXAMOTTINHMOT', accessToken: 'k', webhookSecret: 's' }, 'platforms.error.senderInvalid'],
			[{ unit: 'C1', platform: 'sms', name: 'SMS', externalId: 'XaMot' }, 'platforms.error.tokenRequired'],
			[{ unit: 'C1', platform: 'sms', name: 'SMS', externalId: 'XaMot', accessToken: 'k', webhookSecret: 's', inboundNumber: 'tám không' }, 'platforms.error.inboundNumberInvalid'],
			[{ unit: 'C1', platform: 'email', name: 'Thư', externalId: 'không-phải-thư' }, 'platforms.error.fromInvalid'],
			[{ ...page, extra: 1 } as never, 'error.validation']
		];
		for (const [input, key] of cases) {
			const got = await refusedWith(saveAccount({ db, actor: officer1 }, input));
			if (key === 'error.validation') expect(got).toBeTruthy();
			else expect(got, JSON.stringify(input)).toBe(key);
		}
		expect((await db.select().from(outreachAccounts)).length).toBe(before);
		expect((await getAccount({ db, actor: officer1 }, (await findAccounts({ db, actor: officer1 }))[0].id)).name).toBe('Trang tin xã Một');
		expect(await refusedWith(getAccount({ db, actor: officer1 }, 'không-phải-mã'))).toBe('platforms.error.notFound');
	});

	it('"send a test" queues one message through the outbox to the typed address, which the gateway then receives', async () => {
		const account = await saveAccount(
			{ db, actor: officer1 },
			{ unit: 'C1', platform: 'sms', name: 'UBND xã Một', externalId: 'XaMot', accessToken: 'gateway-key-c1', webhookSecret: 'whsec-c1', inboundNumber: '+8055', ratePerSecond: 50 }
		);
		expect(account.inboundNumber).toBe('8055');
		const { messageId } = await sendTestMessage({ db, actor: officer1 }, account.id, { address: '091 234 5678' });
		const [queued] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, messageId));
		expect(queued).toMatchObject({ channel: 'sms', recipient: '84912345678', accountId: account.id, kind: 'test', status: 'queued' });
		expect(await deliverDue(db, { limit: 5 })).toMatchObject({ sent: 1 });
		expect(sms.sent.at(-1)).toMatchObject({ to: '84912345678', sender: 'XaMot', text: expect.stringContaining('Xã Một') });
		expect(await refusedWith(sendTestMessage({ db, actor: officer1 }, account.id, { address: '024 3825 1234' }))).toBe('platforms.error.testAddressInvalid');
		expect(await refusedWith(sendTestMessage({ db, actor: officer1 }, account.id, { address: '' }))).toBe('platforms.error.testAddressRequired');
		const fb = (await findAccounts({ db, actor: officer1 })).find((a) => a.platform === 'facebook')!;
		expect(await refusedWith(sendTestMessage({ db, actor: officer1 }, fb.id, { address: '0912345678' }))).toBe('platforms.error.testUnsupported');
	});
});
