import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { can, scopeCondition, type Actor } from '../../access/actor';
import { AppError, forbidden, invalid, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { t } from '../../../i18n';
import { units } from '../units/units.tables';
import { selectUnitByCode } from '../units/units.repository';
import { outreachAccounts } from './accounts.tables';
import { decryptSecret, encryptSecret, lastFour } from './outreach.crypto';
import { enqueueOutbox } from './outbox';
import { platformNumber } from './adapters/sms';
import type { AccountCredentials, OutreachChannel } from './adapters/types';

/**
 * A unit's accounts on the platforms: its Facebook Page, Zalo OA, ZNS, SMS sender and e-mail
 * sender. Officers with `outreach.manage` on the unit add and change them; secrets are stored
 * encrypted (outreach.crypto.ts) and only ever shown as "set, ending …1234".
 */

export const accountPlatforms = ['facebook', 'zalo_oa', 'zns', 'sms', 'email'] as const;
export type AccountPlatform = (typeof accountPlatforms)[number];

type Ctx = { db: Db; actor: Actor };

const optionalText = (max: number, key: string) =>
	z
		.string()
		.trim()
		.max(max, key)
		.optional()
		.transform((v) => (v ? v : undefined));

/** One form for every platform; which fields are required depends on the platform (checked below). */
export const AccountSaveInput = z
	.object({
		unit: z.string().trim().min(1, 'platforms.error.unitRequired').max(40, 'platforms.error.unitRequired'),
		platform: z.enum(accountPlatforms, { message: 'platforms.error.platformInvalid' }),
		name: z.string().trim().min(1, 'platforms.error.nameRequired').max(120, 'platforms.error.nameTooLong'),
		externalId: optionalText(320, 'platforms.error.externalIdInvalid'),
		/** Empty: keep the stored one. */
		accessToken: optionalText(4000, 'platforms.error.secretTooLong'),
		webhookSecret: optionalText(500, 'platforms.error.secretTooLong'),
		appId: optionalText(40, 'platforms.error.appIdInvalid'),
		/** SMS: the number (or short code) citizens text to; inbound webhooks name it as `to`. */
		inboundNumber: optionalText(20, 'platforms.error.inboundNumberInvalid'),
		/** ZNS templates, one `kind=template id` a line. */
		templates: optionalText(2000, 'platforms.error.templatesInvalid'),
		ratePerSecond: z.preprocess(
			(v) => (v === '' || v === null ? undefined : v),
			z.coerce
				.number({ message: 'platforms.error.rateInvalid' })
				.int('platforms.error.rateInvalid')
				.min(1, 'platforms.error.rateInvalid')
				.max(1000, 'platforms.error.rateInvalid')
				.optional()
		),
		active: z
			.union([z.boolean(), z.enum(['on', 'true', 'false', '1', '0'])])
			.optional()
			.transform((v) => v === undefined || v === true || v === 'on' || v === 'true' || v === '1')
	})
	.strict();
export type AccountSaveInput = z.input<typeof AccountSaveInput>;

const TEMPLATE_LINE = /^([a-z_]{2,30})\s*=\s*(\d{1,20})$/;

function parseTemplates(text: string | undefined): Record<string, string> | null {
	if (!text) return {};
	const out: Record<string, string> = {};
	for (const line of text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
		const m = TEMPLATE_LINE.exec(line);
		if (!m) return null;
		out[m[1]] = m[2];
	}
	return out;
}

type Existing = typeof outreachAccounts.$inferSelect | undefined;

/** The platform's own rules on the fields, and the secrets a new account cannot do without. */
function checkFields(input: z.output<typeof AccountSaveInput>, existing: Existing) {
	const fail = (key: Parameters<typeof invalid>[0], path: string) => {
		throw invalid(key, {}, [{ path, message: key }]);
	};
	const needs = (has: boolean, key: Parameters<typeof invalid>[0], path: string) => has || fail(key, path);
	const ext = input.externalId ?? '';
	const hasToken = !!input.accessToken || !!existing?.accessTokenEnc;
	const hasSecret = !!input.webhookSecret || !!existing?.webhookSecretEnc;
	switch (input.platform) {
		case 'facebook':
			needs(/^\d{5,30}$/.test(ext), 'platforms.error.pageIdInvalid', 'externalId');
			needs(hasToken, 'platforms.error.tokenRequired', 'accessToken');
			needs(hasSecret, 'platforms.error.appSecretRequired', 'webhookSecret');
			break;
		case 'zalo_oa':
			needs(/^\d{5,30}$/.test(ext), 'platforms.error.oaIdInvalid', 'externalId');
			needs(hasToken, 'platforms.error.tokenRequired', 'accessToken');
			needs(hasSecret, 'platforms.error.oaSecretRequired', 'webhookSecret');
			needs(/^\d{5,30}$/.test(input.appId ?? ''), 'platforms.error.appIdInvalid', 'appId');
			break;
		case 'zns':
			needs(hasToken, 'platforms.error.tokenRequired', 'accessToken');
			needs(parseTemplates(input.templates) !== null, 'platforms.error.templatesInvalid', 'templates');
			break;
		case 'sms':
			// A brand name (alphanumeric sender id) is at most 11 characters.
			needs(/^[A-Za-z0-9][A-Za-z0-9 ._-]{1,10}$/.test(ext), 'platforms.error.senderInvalid', 'externalId');
			needs(hasToken, 'platforms.error.tokenRequired', 'accessToken');
			needs(hasSecret, 'platforms.error.webhookSecretRequired', 'webhookSecret');
			needs(!input.inboundNumber || /^\+?\d{3,15}$/.test(input.inboundNumber), 'platforms.error.inboundNumberInvalid', 'inboundNumber');
			break;
		case 'email':
			needs(z.email().safeParse(ext).success, 'platforms.error.fromInvalid', 'externalId');
			break;
	}
}

/** An account as pages and the API show it: never a secret, only whether one is set and its last 4. */
export function presentAccount(row: typeof outreachAccounts.$inferSelect, unit: { code: string; name: string }) {
	const settings = (row.settings ?? {}) as Record<string, unknown>;
	return {
		id: row.id,
		unit: unit.code,
		unitName: unit.name,
		platform: row.platform as AccountPlatform,
		name: row.name,
		externalId: row.externalId,
		accessToken: lastFour(decryptSecret(row.accessTokenEnc)) ?? (row.accessTokenEnc ? '••••' : null),
		webhookSecret: lastFour(decryptSecret(row.webhookSecretEnc)) ?? (row.webhookSecretEnc ? '••••' : null),
		appId: typeof settings.appId === 'string' ? settings.appId : null,
		inboundNumber: typeof settings.inboundNumber === 'string' ? settings.inboundNumber : null,
		templates: Object.entries((settings.templates ?? {}) as Record<string, string>)
			.map(([k, v]) => `${k}=${v}`)
			.join('\n'),
		ratePerSecond: typeof settings.ratePerSecond === 'number' ? settings.ratePerSecond : null,
		active: row.active,
		updatedAt: row.updatedAt.toISOString()
	};
}
export type AccountView = ReturnType<typeof presentAccount>;

/** Accounts of the units the actor manages outreach for, by unit then platform. */
export async function findAccounts(ctx: Ctx): Promise<AccountView[]> {
	const rows = await ctx.db
		.select({ account: outreachAccounts, code: units.code, name: units.name })
		.from(outreachAccounts)
		.innerJoin(units, eq(units.id, outreachAccounts.unitId))
		.where(scopeCondition(ctx.actor, 'outreach.manage', units.path))
		.orderBy(asc(units.path), asc(outreachAccounts.platform));
	return rows.map((r) => presentAccount(r.account, { code: r.code, name: r.name }));
}

async function unitFor(ctx: Ctx, code: string) {
	const row = await selectUnitByCode(ctx.db, code);
	if (!row) throw invalid('platforms.error.unitUnknown', { code: code.slice(0, 40) }, [{ path: 'unit', message: code.slice(0, 40) }]);
	if (!can(ctx.actor, 'outreach.manage', row.unit.path)) throw forbidden();
	return row.unit;
}

/** What the audit trail keeps of an account: everything but the secrets, which appear only as changed or not. */
function auditView(row: Existing | typeof outreachAccounts.$inferSelect) {
	if (!row) return null;
	return { platform: row.platform, name: row.name, externalId: row.externalId, settings: row.settings, active: row.active };
}

/** Adds or changes the unit's account of a platform (one per unit and platform). */
export async function saveAccount(ctx: Ctx, raw: AccountSaveInput): Promise<AccountView> {
	const input = AccountSaveInput.parse(raw);
	const unit = await unitFor(ctx, input.unit);
	return ctx.db.transaction(async (tx) => {
		const [existing] = await tx
			.select()
			.from(outreachAccounts)
			.where(and(eq(outreachAccounts.unitId, unit.id), eq(outreachAccounts.platform, input.platform)))
			.for('update');
		checkFields(input, existing);
		const before = (existing?.settings ?? {}) as Record<string, unknown>;
		const settings: Record<string, unknown> = { ...before };
		if (input.ratePerSecond) settings.ratePerSecond = input.ratePerSecond;
		else delete settings.ratePerSecond;
		// A key entered by an officer ends the demo state: from now on messages go out through it.
		if (input.accessToken) delete settings.demo;
		if (input.platform === 'zalo_oa') settings.appId = input.appId;
		if (input.platform === 'zns') settings.templates = parseTemplates(input.templates);
		if (input.platform === 'sms') {
			if (input.inboundNumber) settings.inboundNumber = input.inboundNumber.replace(/^\+/, '');
			else delete settings.inboundNumber;
		}
		const values = {
			name: input.name,
			externalId: input.externalId ?? null,
			settings,
			active: input.active,
			updatedBy: ctx.actor.userId,
			updatedAt: new Date(),
			...(input.accessToken ? { accessTokenEnc: encryptSecret(input.accessToken) } : {}),
			...(input.webhookSecret ? { webhookSecretEnc: encryptSecret(input.webhookSecret) } : {})
		};
		const [row] = existing
			? await tx.update(outreachAccounts).set(values).where(eq(outreachAccounts.id, existing.id)).returning()
			: await tx
					.insert(outreachAccounts)
					.values({ unitId: unit.id, platform: input.platform, ...values })
					.returning();
		await recordChange(tx, ctx.actor, {
			action: existing ? 'outreach.account.update' : 'outreach.account.create',
			entityType: 'outreach_account',
			entityId: row.id,
			unitId: unit.id,
			before: auditView(existing),
			after: { ...auditView(row), accessTokenChanged: !!input.accessToken, webhookSecretChanged: !!input.webhookSecret }
		});
		return presentAccount(row, { code: unit.code, name: unit.name });
	});
}

/** The account by id, when the actor manages outreach for its unit (404 otherwise: nothing tells it exists). */
export async function getAccount(ctx: Ctx, id: string): Promise<AccountView> {
	if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('platforms.error.notFound');
	const [row] = await ctx.db
		.select({ account: outreachAccounts, code: units.code, name: units.name, path: units.path })
		.from(outreachAccounts)
		.innerJoin(units, eq(units.id, outreachAccounts.unitId))
		.where(eq(outreachAccounts.id, id));
	if (!row || !can(ctx.actor, 'outreach.manage', row.path)) throw notFound('platforms.error.notFound');
	return presentAccount(row.account, { code: row.code, name: row.name });
}

const testChannel: Record<AccountPlatform, OutreachChannel | null> = { facebook: null, zalo_oa: 'zalo_oa', zns: 'zns', sms: 'sms', email: 'email' };

export const AccountTestInput = z
	.object({ address: z.string().trim().min(1, 'platforms.error.testAddressRequired').max(320, 'platforms.error.testAddressInvalid') })
	.strict();

/**
 * Queues one test message through the account to an address the officer typed (a phone, a Zalo
 * user id, an e-mail address): it goes through the outbox like everything else, so its fate shows
 * in the delivery log. A Facebook Page has no private test: nothing is offered for it.
 */
export async function sendTestMessage(ctx: Ctx, id: string, raw: z.input<typeof AccountTestInput>): Promise<{ messageId: string }> {
	const { address } = AccountTestInput.parse(raw);
	const account = await getAccount(ctx, id);
	const channel = testChannel[account.platform];
	if (!channel) throw new AppError('CONFLICT', 'platforms.error.testUnsupported');
	let recipient: string | null = null;
	if (channel === 'sms' || channel === 'zns') recipient = platformNumber(address);
	else if (channel === 'zalo_oa') recipient = /^\d{5,32}$/.test(address) ? address : null;
	else recipient = z.email().safeParse(address).success ? address.toLowerCase() : null;
	if (!recipient) throw invalid('platforms.error.testAddressInvalid', {}, [{ path: 'address', message: address.slice(0, 60) }]);
	const [unit] = await ctx.db.select({ id: units.id }).from(units).where(eq(units.code, account.unit));
	const body = t('vi', 'platforms.test.body', { unit: account.unitName, name: account.name });
	return ctx.db.transaction(async (tx) => {
		const { ids } = await enqueueOutbox(tx, [
			{
				unitId: unit.id,
				channel,
				kind: 'test',
				recipient,
				subject: channel === 'email' ? body : null,
				body,
				payload: channel === 'zns' ? { templateKind: 'test', templateData: { unit: account.unitName, content: 'Lan Tỏa' } } : {},
				idempotencyKey: `test:${account.id}:${randomUUID()}`,
				accountId: account.id,
				causeType: 'account_test',
				causeId: account.id,
				createdBy: ctx.actor.userId
			}
		]);
		await recordChange(tx, ctx.actor, { action: 'outreach.account.test', entityType: 'outreach_account', entityId: account.id, unitId: unit.id, after: { channel, messageId: ids[0] } });
		return { messageId: ids[0] };
	});
}

/** The account with its secrets in clear, for the adapters and the webhooks only. */
export async function loadAccountCredentials(db: Db, accountId: string): Promise<AccountCredentials | null> {
	const [row] = await db.select().from(outreachAccounts).where(eq(outreachAccounts.id, accountId));
	return row ? credentialsOf(row) : null;
}

export function credentialsOf(row: typeof outreachAccounts.$inferSelect): AccountCredentials {
	return {
		id: row.id,
		unitId: row.unitId,
		platform: row.platform,
		name: row.name,
		externalId: row.externalId,
		accessToken: decryptSecret(row.accessTokenEnc),
		webhookSecret: decryptSecret(row.webhookSecretEnc),
		settings: (row.settings ?? {}) as Record<string, unknown>
	};
}

