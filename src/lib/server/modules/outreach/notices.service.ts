import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { can, scopeCondition, type Actor } from '../../access/actor';
import { AppError, forbidden } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { t } from '../../../i18n';
import { today } from '../../periods';
import { units } from '../units/units.tables';
import { events } from '../events/events.tables';
import { notices } from './subscriptions.tables';
import { consentChannelOf, fanOutHouseholdNotice } from './outbox.fanout';
import { unitAccount, znsTemplate } from './subscriptions.service';

/**
 * Short notices to the households of some villages, by SMS or ZNS, e.g. "dialogue in your village
 * on Friday". Only households whose newest consent grants the channel, with a mobile number, get
 * one; the outbox worker checks the consent again just before sending.
 */

export const noticeCategories = ['poor', 'near_poor', 'escaped', 'all'] as const;
export type NoticeCategory = (typeof noticeCategories)[number];
/** Longest text an officer writes; the unit's name and the stop line are added. */
export const NOTICE_MAX = 480;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const NoticeInput = z
	.object({
		channel: z.enum(['sms', 'zns'], { message: 'publishing.notice.channelInvalid' }),
		body: z.string().trim().min(1, 'publishing.notice.bodyRequired').max(NOTICE_MAX, 'publishing.notice.bodyTooLong'),
		/** Village codes. */
		villages: z.array(z.string().trim().min(1).max(40)).min(1, 'publishing.notice.villagesRequired').max(200),
		categories: z.array(z.enum(noticeCategories, { message: 'publishing.notice.categoryInvalid' })).min(1, 'publishing.notice.categoryRequired').max(4),
		year: z.coerce.number().int().min(2000).max(2100).nullish(),
		event: z
			.string()
			.trim()
			.regex(uuid, 'publishing.notice.eventUnknown')
			.nullish()
			.or(z.literal('').transform(() => null))
			.transform((v) => v || null)
	})
	.strict();
export type NoticeInput = z.input<typeof NoticeInput>;

export interface NoticeCtx {
	db: Db;
	actor: Actor;
	now?: () => Date;
}

/** GSM 03.38 basic characters (and the extension table, which counts twice). */
const GSM_BASIC = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');
const GSM_EXT = new Set('^{}\\[~]|€\f');

/** How an SMS text is billed: its encoding, length in that encoding and number of parts. */
export function smsParts(text: string): { encoding: 'gsm' | 'unicode'; length: number; parts: number } {
	const chars = [...text];
	const gsm = chars.every((c) => GSM_BASIC.has(c) || GSM_EXT.has(c));
	if (gsm) {
		const length = chars.reduce((n, c) => n + (GSM_EXT.has(c) ? 2 : 1), 0);
		return { encoding: 'gsm', length, parts: length <= 160 ? 1 : Math.ceil(length / 153) };
	}
	const length = chars.reduce((n, c) => n + (c.codePointAt(0)! > 0xffff ? 2 : 1), 0);
	return { encoding: 'unicode', length, parts: length <= 70 ? 1 : Math.ceil(length / 67) };
}

/** The whole text a household receives: the unit's name, the notice, and how to stop. */
export function noticeText(unitName: string, body: string): string {
	return t('vi', 'publishing.notice.message', { unit: unitName, body: body.trim() });
}

/** The villages named, each in the actor's reach for outreach.publish; refused otherwise (no hint of what lies beyond). */
async function loadVillages(ctx: NoticeCtx, codes: string[]) {
	const unique = [...new Set(codes)];
	const rows = await ctx.db
		.select({ id: units.id, code: units.code, name: units.name, path: units.path, level: units.level, parentId: units.parentId })
		.from(units)
		.where(inArray(units.code, unique));
	for (const code of unique) {
		const row = rows.find((r) => r.code === code);
		if (!row || row.level !== 'village' || !can(ctx.actor, 'outreach.publish', row.path))
			throw new AppError('VALIDATION', 'publishing.notice.villageUnknown', { code: code.slice(0, 40) }, [{ path: 'villages', message: code.slice(0, 40) }]);
	}
	return rows;
}

/** The selection's conditions, as the outbox fan-out makes them (villages, categories of the year). */
function selectionWhere(villageIds: string[], categories: string[], year: number): SQL {
	const ids = sql.join(villageIds.map((id) => sql`${id}::uuid`), sql`, `);
	const parts: SQL[] = [sql`h.merged_into_id IS NULL`, sql`EXISTS (SELECT 1 FROM units s WHERE s.id IN (${ids}) AND u.path LIKE s.path || '%')`];
	if (categories.length) {
		const cats = sql.join(categories.map((c) => sql`${c}`), sql`, `);
		parts.push(sql`EXISTS (SELECT 1 FROM household_classifications hc WHERE hc.household_id = h.id AND hc.year = ${year} AND hc.category IN (${cats}))`);
	}
	return sql.join(parts, sql` AND `);
}

async function prepare(ctx: NoticeCtx, raw: NoticeInput) {
	const input = NoticeInput.parse(raw);
	if (!ctx.actor.grants.length) throw forbidden();
	const villages = await loadVillages(ctx, input.villages);
	const categories = input.categories.includes('all') ? [] : [...new Set(input.categories)];
	const year = input.year ?? Number(today((ctx.now ?? (() => new Date()))()).slice(0, 4));
	// The notice belongs to the villages' commune (or the first village's, when they span more).
	const parentIds = [...new Set(villages.map((v) => v.parentId).filter((p): p is string => !!p))];
	const [commune] = parentIds.length ? await ctx.db.select({ id: units.id, name: units.name, path: units.path }).from(units).where(eq(units.id, parentIds[0])) : [];
	const owner = parentIds.length === 1 && commune ? commune : { id: villages[0].id, name: villages[0].name, path: villages[0].path };
	let event: { id: string; title: string } | null = null;
	if (input.event) {
		const [row] = await ctx.db
			.select({ id: events.id, title: events.title, path: units.path })
			.from(events)
			.innerJoin(units, eq(units.id, events.unitId))
			.where(eq(events.id, input.event));
		if (!row || !can(ctx.actor, 'outreach.publish', row.path)) throw new AppError('VALIDATION', 'publishing.notice.eventUnknown', {}, [{ path: 'event', message: input.event }]);
		event = { id: row.id, title: row.title };
	}
	const text = noticeText(commune?.name ?? owner.name, input.body);
	return { input, villages, categories, year, owner, unitName: commune?.name ?? owner.name, event, text };
}

/**
 * How many households the notice would reach, and how many are left out for want of consent to
 * that channel or of a mobile number (counts only: no names, no numbers), with the SMS part count.
 */
export async function previewNotice(ctx: NoticeCtx, raw: NoticeInput) {
	const p = await prepare(ctx, raw);
	const consent = consentChannelOf[p.input.channel];
	const result = (await ctx.db.execute(sql`
		SELECT count(*)::int AS selected,
			count(*) FILTER (WHERE h.phone IS NOT NULL AND c.granted IS TRUE AND c.channels @> ARRAY[${consent}]::text[])::int AS reachable,
			count(*) FILTER (WHERE NOT (c.granted IS TRUE AND c.channels @> ARRAY[${consent}]::text[]))::int AS no_consent,
			count(*) FILTER (WHERE h.phone IS NULL AND c.granted IS TRUE AND c.channels @> ARRAY[${consent}]::text[])::int AS no_phone
		FROM households h
		JOIN units u ON u.id = h.unit_id
		LEFT JOIN LATERAL (SELECT c.granted, c.channels FROM household_consents c WHERE c.household_id = h.id ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1) c ON true
		WHERE ${selectionWhere(p.villages.map((v) => v.id), p.categories, p.year)}
	`)) as unknown as { rows: { selected: number; reachable: number; no_consent: number; no_phone: number }[] };
	const r = result.rows[0];
	return {
		text: p.text,
		sms: smsParts(p.text),
		selected: Number(r.selected),
		reachable: Number(r.reachable),
		noConsent: Number(r.no_consent),
		noPhone: Number(r.no_phone),
		villages: p.villages.map((v) => ({ code: v.code, name: v.name })),
		year: p.year
	};
}

/**
 * Sends the notice: the record, one outbox message per consenting household with a phone (one
 * set-based statement) and the audit entry, in one transaction. ZNS needs the unit's account with a
 * template for notices.
 */
export async function sendNotice(ctx: NoticeCtx, raw: NoticeInput) {
	const p = await prepare(ctx, raw);
	return ctx.db.transaction(async (tx) => {
		let payload: Record<string, unknown> = {};
		let accountId: string | null = null;
		if (p.input.channel === 'zns') {
			const account = await unitAccount(tx, p.owner.id, 'zns');
			const kind = p.event ? 'event_notice' : 'notice';
			const templateId = account ? (znsTemplate(account.settings, kind) ?? znsTemplate(account.settings, 'notice')) : null;
			if (!account || !templateId) throw new AppError('VALIDATION', 'publishing.notice.noZnsTemplate', { unit: p.unitName }, [{ path: 'channel', message: 'zns' }]);
			accountId = account.id;
			payload = { templateKind: kind, templateId, templateData: { unit: p.unitName, content: p.input.body, ...(p.event ? { event: p.event.title } : {}) } };
		} else {
			accountId = (await unitAccount(tx, p.owner.id, 'sms'))?.id ?? null;
		}
		const [notice] = await tx
			.insert(notices)
			.values({
				unitId: p.owner.id,
				channel: p.input.channel,
				body: p.text,
				villageIds: p.villages.map((v) => v.id),
				categories: p.categories,
				year: p.year,
				eventId: p.event?.id ?? null,
				createdBy: ctx.actor.userId,
				createdAt: (ctx.now ?? (() => new Date()))()
			})
			.returning({ id: notices.id });
		const fan = await fanOutHouseholdNotice(tx, {
			unitIds: p.villages.map((v) => v.id),
			categories: p.categories.length ? p.categories : null,
			year: p.year,
			channel: p.input.channel,
			body: p.text,
			payload: { ...payload, ...(accountId ? { accountId } : {}) },
			causeType: 'notice',
			causeId: notice.id,
			keyPrefix: `notice:${notice.id}`,
			createdBy: ctx.actor.userId
		});
		if (accountId) await tx.execute(sql`UPDATE outbox_messages SET account_id = ${accountId}::uuid WHERE cause_type = 'notice' AND cause_id = ${notice.id}::uuid`);
		const noPhone = (await tx.execute(sql`
			SELECT count(*)::int AS n FROM households h JOIN units u ON u.id = h.unit_id
			LEFT JOIN LATERAL (SELECT c.granted, c.channels FROM household_consents c WHERE c.household_id = h.id ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1) c ON true
			WHERE ${selectionWhere(p.villages.map((v) => v.id), p.categories, p.year)} AND h.phone IS NULL AND c.granted IS TRUE AND c.channels @> ARRAY[${consentChannelOf[p.input.channel]}]::text[]
		`)) as unknown as { rows: { n: number }[] };
		const skippedNoPhone = Number(noPhone.rows[0].n);
		await tx
			.update(notices)
			.set({ queued: fan.queued, skippedNoConsent: fan.skippedNoConsent - skippedNoPhone, skippedNoPhone })
			.where(eq(notices.id, notice.id));
		await recordChange(tx, ctx.actor, {
			action: 'outreach.notice.send',
			entityType: 'notice',
			entityId: notice.id,
			unitId: p.owner.id,
			after: { channel: p.input.channel, villages: p.villages.map((v) => v.code), categories: p.categories, year: p.year, event: p.event?.id ?? null, queued: fan.queued }
		});
		return { id: notice.id, queued: fan.queued, skippedNoConsent: fan.skippedNoConsent - skippedNoPhone, skippedNoPhone };
	});
}

/** Notices the actor may read (outreach.read over the notice's unit), newest first. */
export async function findNotices(db: Db, actor: Actor, limit = 30) {
	const rows = await db
		.select({ notice: notices, unitName: units.name, eventTitle: events.title })
		.from(notices)
		.innerJoin(units, eq(units.id, notices.unitId))
		.leftJoin(events, eq(events.id, notices.eventId))
		.where(and(scopeCondition(actor, 'outreach.read', units.path)))
		.orderBy(desc(notices.createdAt))
		.limit(limit);
	return rows.map((r) => ({
		id: r.notice.id,
		unitName: r.unitName,
		channel: r.notice.channel,
		body: r.notice.body,
		categories: r.notice.categories,
		year: r.notice.year,
		event: r.notice.eventId ? { id: r.notice.eventId, title: r.eventTitle ?? '' } : null,
		queued: r.notice.queued,
		skippedNoConsent: r.notice.skippedNoConsent,
		skippedNoPhone: r.notice.skippedNoPhone,
		createdAt: r.notice.createdAt.toISOString()
	}));
}

/** The villages the actor may send notices to (for the form). */
export async function noticeVillages(db: Db, actor: Actor) {
	return db
		.select({ code: units.code, name: units.name })
		.from(units)
		.where(and(eq(units.level, 'village'), sql`${units.validTo} IS NULL`, scopeCondition(actor, 'outreach.publish', units.path)))
		.orderBy(units.code)
		.limit(500);
}
