import { randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { AppError, forbidden, notFound } from '../../errors';
import { canSomewhere, scopeCondition, type Actor } from '../../access/actor';
import { t, type Locale, type MessageKey } from '../../../i18n';
import { normalisePhone } from '../households/households.normalise';
import { findPortalUnit } from '../portal/portal.service';
import { units } from '../units/units.tables';
import { subscriptions } from './subscriptions.tables';
import { outreachAccounts } from './accounts.tables';
import { enqueueOutbox, type OutboxInput } from './outbox';
import { outreachEndpoints } from './outreach.config';

/**
 * Citizens' subscriptions from the portal: a commune's news, loudspeaker schedule or dialogues, by
 * SMS, ZNS or e-mail. Double opt-in: a subscription sends nothing until its address confirmed it
 * through the link it was sent; one link (or one SMS reply) ends it at once.
 */

export const subscriptionTopics = ['news', 'schedule', 'dialogues'] as const;
export type SubscriptionTopic = (typeof subscriptionTopics)[number];
export const subscriptionChannels = ['sms', 'zns', 'email'] as const;
export type SubscriptionChannel = (typeof subscriptionChannels)[number];

const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** A phone as the platforms take it: 84 and nine digits; null when it is not a Vietnamese mobile number. */
export function platformPhone(value: string): string | null {
	const local = normalisePhone(value);
	return local ? '84' + local.slice(1) : null;
}

/** The address as stored: 84… for phones, lower case for e-mail; null when it does not fit the channel. */
export function normaliseAddress(channel: SubscriptionChannel, value: string): string | null {
	const v = value.trim();
	if (channel === 'email') return v.length <= 254 && EMAIL_RE.test(v) ? v.toLowerCase() : null;
	return platformPhone(v);
}

/** What the portal form and `POST /api/v1/public/subscriptions` take. */
export const SubscribeInput = z
	.object({
		unit: z.string().trim().min(1).max(40),
		topics: z.array(z.enum(subscriptionTopics, { message: 'publishing.sub.topicInvalid' })).min(1, 'publishing.sub.topicRequired').max(3),
		channel: z.enum(subscriptionChannels, { message: 'publishing.sub.channelInvalid' }),
		address: z.string().trim().min(1, 'publishing.sub.addressRequired').max(254, 'publishing.sub.addressInvalid'),
		locale: z.enum(['vi', 'en']).default('vi')
	})
	.strict();
export type SubscribeInput = z.input<typeof SubscribeInput>;

export const topicKey: Record<SubscriptionTopic, MessageKey> = {
	news: 'publishing.topic.news',
	schedule: 'publishing.topic.schedule',
	dialogues: 'publishing.topic.dialogues'
};
export const channelKey: Record<SubscriptionChannel, MessageKey> = {
	sms: 'publishing.channel.sms',
	zns: 'publishing.channel.zns',
	email: 'publishing.channel.email'
};

const newToken = () => randomBytes(24).toString('base64url');
const TOKEN_RE = /^[A-Za-z0-9_-]{32}$/;

/** The links a subscription's messages carry. */
export function subscriptionLinks(token: string, origin = outreachEndpoints().publicOrigin) {
	return { confirm: `${origin}/portal/subscriptions/${token}`, unsubscribe: `${origin}/portal/subscriptions/${token}/unsubscribe` };
}

/** The unit's active account on a platform, if it has one. */
export async function unitAccount(db: Db, unitId: string, platform: string) {
	const [row] = await db
		.select({ id: outreachAccounts.id, name: outreachAccounts.name, externalId: outreachAccounts.externalId, settings: outreachAccounts.settings })
		.from(outreachAccounts)
		.where(and(eq(outreachAccounts.unitId, unitId), eq(outreachAccounts.platform, platform), eq(outreachAccounts.active, true)))
		.limit(1);
	return row ?? null;
}

/** The ZNS template id an account keeps for a kind of message (settings.templates), if any. */
export function znsTemplate(settings: unknown, kind: string): string | null {
	const templates = (settings as { templates?: Record<string, unknown> } | null)?.templates;
	const id = templates?.[kind];
	return typeof id === 'string' && id ? id : null;
}

/** How a citizen stops messages, at the end of each one: a reply for SMS, the link otherwise. */
export function stopLine(locale: Locale, channel: string, unsubscribeUrl: string): string {
	return channel === 'sms' ? t(locale, 'publishing.msg.stopSms', { link: unsubscribeUrl }) : t(locale, 'publishing.msg.stopLink', { link: unsubscribeUrl });
}

/**
 * A citizen subscribes to some topics of a unit. Each topic is a row; a new or ended one becomes
 * pending with a fresh token, an active one stays as it is; one confirmation message goes to the
 * address (in the same transaction), and only after it is confirmed does anything else go. The
 * answer is the same whether the address was known or not, so the form tells nobody who subscribes.
 */
export async function subscribe(db: Db, raw: SubscribeInput, opts: { now?: Date } = {}): Promise<{ pending: number; active: number }> {
	const input = SubscribeInput.parse(raw);
	const address = normaliseAddress(input.channel, input.address);
	if (!address) throw new AppError('VALIDATION', input.channel === 'email' ? 'publishing.sub.emailInvalid' : 'publishing.sub.phoneInvalid', {}, [{ path: 'address', message: input.channel }]);
	const unit = await findPortalUnit(db, input.unit);
	if (!unit || !unit.active) throw notFound('publishing.sub.unitNotFound', { code: input.unit.slice(0, 40) });
	const topics = [...new Set(input.topics)];
	const now = opts.now ?? new Date();
	return db.transaction(async (tx) => {
		const zns = input.channel === 'zns' ? await unitAccount(tx, unit.id, 'zns') : null;
		if (input.channel === 'zns' && !zns) throw new AppError('VALIDATION', 'publishing.sub.noZns', { unit: unit.name }, [{ path: 'channel', message: 'zns' }]);
		const existing = await tx
			.select()
			.from(subscriptions)
			.where(and(eq(subscriptions.unitId, unit.id), eq(subscriptions.channel, input.channel), eq(subscriptions.address, address), inArray(subscriptions.topic, topics)))
			.for('update');
		const pending: { id: string; token: string; topic: string }[] = [];
		let active = 0;
		for (const topic of topics) {
			const row = existing.find((r) => r.topic === topic);
			if (row?.status === 'active') {
				active++;
				continue;
			}
			if (row?.status === 'pending') {
				pending.push({ id: row.id, token: row.token, topic });
				continue;
			}
			const token = newToken();
			if (row) {
				await tx.update(subscriptions).set({ status: 'pending', token, locale: input.locale, unsubscribedAt: null, confirmedAt: null }).where(eq(subscriptions.id, row.id));
				pending.push({ id: row.id, token, topic });
			} else {
				const [created] = await tx
					.insert(subscriptions)
					.values({ unitId: unit.id, topic, channel: input.channel, address, token, locale: input.locale, createdAt: now })
					.returning({ id: subscriptions.id });
				pending.push({ id: created.id, token, topic });
			}
		}
		if (pending.length) {
			const locale = input.locale;
			const first = pending[0];
			const links = subscriptionLinks(first.token);
			const topicNames = pending.map((p) => t(locale, topicKey[p.topic as SubscriptionTopic])).join(', ');
			const params = { unit: unit.name, topics: topicNames, link: links.confirm };
			// One confirmation per address and topic set every ten minutes at most: a repeated form does not flood the address.
			const window = Math.floor(now.getTime() / 600_000);
			const message: OutboxInput = {
				unitId: unit.id,
				channel: input.channel,
				kind: 'confirmation',
				recipient: address,
				subject: input.channel === 'email' ? t(locale, 'publishing.msg.confirmSubject', { unit: unit.name }) : null,
				body: t(locale, input.channel === 'email' ? 'publishing.msg.confirmEmail' : 'publishing.msg.confirmShort', params),
				payload: {
					link: links.confirm,
					...(zns ? { templateKind: 'subscription_confirm', templateId: znsTemplate(zns.settings, 'subscription_confirm'), templateData: { unit: unit.name, topics: topicNames, link: links.confirm } } : {})
				},
				// No subscription_id: the worker sends a subscription's messages only while it is active,
				// and this one is what makes it active.
				causeType: 'subscription',
				causeId: first.id,
				accountId: input.channel === 'email' ? null : ((zns ?? (await unitAccount(tx, unit.id, 'sms')))?.id ?? null),
				idempotencyKey: `sub-confirm:${pending.map((p) => p.id).sort().join(',').slice(0, 200)}:${window}`
			};
			await enqueueOutbox(tx, [message]);
		}
		return { pending: pending.length, active };
	});
}

/** A subscription by its token, as the confirm and unsubscribe pages show it; NOT_FOUND for anything unknown. */
export async function getSubscriptionByToken(db: Db, token: string) {
	if (!TOKEN_RE.test(token)) throw notFound('publishing.sub.tokenUnknown');
	const [row] = await db
		.select({ sub: subscriptions, unitName: units.name, unitCode: units.code })
		.from(subscriptions)
		.innerJoin(units, eq(units.id, subscriptions.unitId))
		.where(eq(subscriptions.token, token))
		.limit(1);
	if (!row) throw notFound('publishing.sub.tokenUnknown');
	const siblings = await db
		.select({ topic: subscriptions.topic, status: subscriptions.status })
		.from(subscriptions)
		.where(and(eq(subscriptions.unitId, row.sub.unitId), eq(subscriptions.channel, row.sub.channel), eq(subscriptions.address, row.sub.address)));
	return {
		topic: row.sub.topic as SubscriptionTopic,
		channel: row.sub.channel as SubscriptionChannel,
		status: row.sub.status as 'pending' | 'active' | 'unsubscribed',
		address: maskAddress(row.sub.channel, row.sub.address),
		unit: { code: row.unitCode, name: row.unitName },
		/** Every topic this address holds with the unit, so the page can say what remains. */
		topics: siblings.map((s) => ({ topic: s.topic as SubscriptionTopic, status: s.status }))
	};
}

/**
 * Confirms a pending subscription, and the other pending topics the same address asked for from the
 * same unit (the address proved itself once). An ended subscription is not brought back by an old link.
 */
export async function confirmSubscription(db: Db, token: string, opts: { now?: Date } = {}) {
	const view = await getSubscriptionByToken(db, token);
	if (view.status === 'unsubscribed') throw new AppError('CONFLICT', 'publishing.sub.alreadyEnded');
	await db.transaction(async (tx) => {
		const [row] = await tx.select().from(subscriptions).where(eq(subscriptions.token, token)).for('update');
		await tx
			.update(subscriptions)
			.set({ status: 'active', confirmedAt: opts.now ?? new Date() })
			.where(and(eq(subscriptions.unitId, row.unitId), eq(subscriptions.channel, row.channel), eq(subscriptions.address, row.address), eq(subscriptions.status, 'pending')));
	});
	return getSubscriptionByToken(db, token);
}

/** Ends the subscription of a link at once (messages already queued are cancelled by the worker's check). */
export async function unsubscribeByToken(db: Db, token: string, opts: { now?: Date } = {}) {
	await getSubscriptionByToken(db, token);
	await db
		.update(subscriptions)
		.set({ status: 'unsubscribed', unsubscribedAt: opts.now ?? new Date() })
		.where(and(eq(subscriptions.token, token), ne(subscriptions.status, 'unsubscribed')));
	return getSubscriptionByToken(db, token);
}

/**
 * Ends every subscription of an address on a channel (of one unit when given): an SMS reply "HUY",
 * an e-mail complaint. Answers how many ended. Called inside the webhook's transaction.
 */
export async function unsubscribeAddress(tx: Db, input: { channel: SubscriptionChannel; address: string; unitId?: string }): Promise<number> {
	const address = normaliseAddress(input.channel, input.address);
	if (!address) return 0;
	const rows = await tx
		.update(subscriptions)
		.set({ status: 'unsubscribed', unsubscribedAt: new Date() })
		.where(
			and(
				eq(subscriptions.channel, input.channel),
				eq(subscriptions.address, address),
				ne(subscriptions.status, 'unsubscribed'),
				input.unitId ? eq(subscriptions.unitId, input.unitId) : undefined
			)
		)
		.returning({ id: subscriptions.id });
	return rows.length;
}

/** True when an SMS reply asks to stop: HUY, TC, STOP, "hủy", "từ chối" (any case, with or without marks). */
export function isStopReply(text: string): boolean {
	const plain = text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/gi, 'd')
		.trim()
		.toUpperCase()
		.replace(/\s+/g, ' ');
	return /^(HUY|TC|STOP|TU CHOI)\b/.test(plain);
}

/** An address as officers without the right to read it see it. */
export function maskAddress(channel: string, address: string): string {
	if (channel === 'email') {
		const [local, domain] = address.split('@');
		return `${local.slice(0, 1)}•••@${domain ?? ''}`;
	}
	return address.length > 5 ? address.slice(0, 4) + '•••••' + address.slice(-3) : '•••••';
}

/** One message to each active subscriber of a unit's topic. */
export interface SubscriberMessage {
	unitId: string;
	topic: SubscriptionTopic;
	/** What caused it (content, event, schedule) and its id: the key `sub:<subscription>:<causeType>:<causeId>`. */
	causeType: string;
	causeId: string;
	/** The message in each language, without the stop line (added per channel). */
	text: Record<Locale, string>;
	subject?: Record<Locale, string>;
	link?: string | null;
	templateKind?: string;
	createdBy?: string | null;
}

/**
 * Queues the message to every active subscriber of the topic, inside the cause's transaction: a
 * news article published, a dialogue announced, the week's loudspeaker schedule. Pending and
 * ended subscriptions get nothing. Answers how many were queued (a repeat queues none).
 */
export async function fanOutToSubscribers(tx: Db, m: SubscriberMessage): Promise<number> {
	const subs = await tx
		.select({ id: subscriptions.id, channel: subscriptions.channel, address: subscriptions.address, token: subscriptions.token, locale: subscriptions.locale })
		.from(subscriptions)
		.where(and(eq(subscriptions.unitId, m.unitId), eq(subscriptions.topic, m.topic), eq(subscriptions.status, 'active')));
	if (!subs.length) return 0;
	const sms = await unitAccount(tx, m.unitId, 'sms');
	const zns = await unitAccount(tx, m.unitId, 'zns');
	const origin = outreachEndpoints().publicOrigin;
	let queued = 0;
	for (let i = 0; i < subs.length; i += 1000) {
		const batch: OutboxInput[] = subs.slice(i, i + 1000).map((s) => {
			const locale: Locale = s.locale === 'en' ? 'en' : 'vi';
			const links = subscriptionLinks(s.token, origin);
			const text = m.text[locale] + (m.link && s.channel !== 'zns' ? ` ${m.link}` : '');
			return {
				unitId: m.unitId,
				channel: s.channel as SubscriptionChannel,
				kind: 'subscription',
				recipient: s.address,
				subject: s.channel === 'email' ? (m.subject?.[locale] ?? m.text[locale].slice(0, 150)) : null,
				body: `${text}\n${stopLine(locale, s.channel, links.unsubscribe)}`.slice(0, 20000),
				payload: {
					unsubscribeUrl: links.unsubscribe,
					...(m.link ? { link: m.link } : {}),
					...(s.channel === 'zns' ? { templateKind: m.templateKind ?? m.topic, templateId: znsTemplate(zns?.settings, m.templateKind ?? m.topic), templateData: { text: m.text[locale].slice(0, 400), link: m.link ?? links.unsubscribe } } : {})
				},
				accountId: s.channel === 'sms' ? (sms?.id ?? null) : s.channel === 'zns' ? (zns?.id ?? null) : null,
				subscriptionId: s.id,
				causeType: m.causeType,
				causeId: m.causeId,
				createdBy: m.createdBy ?? null,
				idempotencyKey: `sub:${s.id}:${m.causeType}:${m.causeId}`
			};
		});
		queued += (await enqueueOutbox(tx, batch)).queued;
	}
	return queued;
}

/**
 * What officers see of subscriptions in their reach: counts by topic and channel (outreach.read),
 * and, for those who manage outreach, the list with addresses masked. Nobody else sees anything.
 */
export async function subscriptionSummary(db: Db, actor: Actor, opts: { limit?: number } = {}) {
	if (!canSomewhere(actor, 'outreach.read')) throw forbidden();
	const counts = await db
		.select({ topic: subscriptions.topic, channel: subscriptions.channel, status: subscriptions.status, n: sql<number>`count(*)::int` })
		.from(subscriptions)
		.innerJoin(units, eq(units.id, subscriptions.unitId))
		.where(scopeCondition(actor, 'outreach.read', units.path))
		.groupBy(subscriptions.topic, subscriptions.channel, subscriptions.status);
	const table = subscriptionTopics.flatMap((topic) =>
		subscriptionChannels.map((channel) => {
			const of = (status: string) => Number(counts.find((c) => c.topic === topic && c.channel === channel && c.status === status)?.n ?? 0);
			return { topic, channel, active: of('active'), pending: of('pending'), ended: of('unsubscribed') };
		})
	);
	let list: { unit: string; topic: SubscriptionTopic; channel: SubscriptionChannel; address: string; status: string; since: string }[] | null = null;
	if (canSomewhere(actor, 'outreach.manage')) {
		const rows = await db
			.select({ sub: subscriptions, unitName: units.name })
			.from(subscriptions)
			.innerJoin(units, eq(units.id, subscriptions.unitId))
			.where(scopeCondition(actor, 'outreach.manage', units.path))
			.orderBy(desc(subscriptions.createdAt))
			.limit(opts.limit ?? 200);
		list = rows.map((r) => ({
			unit: r.unitName,
			topic: r.sub.topic as SubscriptionTopic,
			channel: r.sub.channel as SubscriptionChannel,
			address: maskAddress(r.sub.channel, r.sub.address),
			status: r.sub.status,
			since: (r.sub.confirmedAt ?? r.sub.createdAt).toISOString().slice(0, 10)
		}));
	}
	return { counts: table, list };
}
