import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { t, type Locale } from '../../../i18n';
import { TIME_ZONE, today } from '../../periods';
import { rowsOf } from '../activities/activities.reach';
import { enqueueOutbox, type OutboxInput } from './outbox';
import { outboxMessages } from './outbox.tables';
import { outreachEndpoints } from './outreach.config';
import { notificationPreferences, reminders } from './reminders.tables';
import type { ReminderParams } from './reminders.collect';
import { dateVi, reminderText } from './reminders.service';
import type { OutreachChannel } from './adapters/types';

/**
 * Sends reminders out by the channels each person chose, through the outbox, in the same
 * transaction that marks them delivered. A person with the digest on gets one message per channel
 * per day at their hour listing every reminder not yet sent (`digest:<user>:<date>:<channel>`);
 * otherwise one message per reminder and channel (`reminder:<id>:<channel>`). Nothing new, nothing
 * sent. The workspace shows reminders whatever is chosen here.
 */

/** An e-mail digest lists at most this many reminders; the rest are counted, with the page's link. */
export const DIGEST_LISTED = 60;
/** SMS texts are cut to what the gateway takes (Vietnamese with diacritics is sent as Unicode). */
const SMS_MAX = 600;

const channelOf: Record<string, OutreachChannel> = { email: 'email', zalo: 'zalo_oa', sms: 'sms' };

interface Candidate {
	user_id: string;
	display_name: string;
	locale: string;
	email: string | null;
	phone: string | null;
	zalo_user_id: string | null;
	channels: string[];
	digest: boolean;
}

/** The hour of the day in Việt Nam. */
function hourIn(at: Date): number {
	return Number(new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', hourCycle: 'h23' }).format(at));
}

export interface DeliverRemindersResult {
	/** People who got a digest this run. */
	digests: number;
	/** Reminders sent singly. */
	singles: number;
	/** Outbox messages written. */
	messages: number;
}

type ReminderRow = typeof reminders.$inferSelect;

function recipientOf(c: Candidate, channel: string): string | null {
	if (channel === 'email') return c.email;
	if (channel === 'sms') return c.phone;
	if (channel === 'zalo') return c.zalo_user_id;
	return null;
}

const cut = (text: string, max: number) => (text.length <= max ? text : text.slice(0, max - 1) + '…');

function digestMessage(c: Candidate, channel: string, rows: ReminderRow[], date: string, locale: Locale, origin: string) {
	const settings = `${origin}/app/account/notifications`;
	const page = `${origin}/app/reminders`;
	if (channel !== 'email') {
		const body = t(locale, 'reminders.short.digest', { n: rows.length, link: page });
		return { subject: null, body: channel === 'sms' ? cut(body, SMS_MAX) : body };
	}
	const lines = rows.slice(0, DIGEST_LISTED).map((r, i) => `${i + 1}. ${reminderText(r.params as ReminderParams, locale)}\n   ${origin}${r.link}`);
	const rest = rows.length - DIGEST_LISTED;
	const body = [
		t(locale, 'reminders.mail.digestIntro', { name: c.display_name, date: dateVi(date) }),
		'',
		...lines,
		...(rest > 0 ? ['', `${t(locale, 'reminders.more', { n: rest })}: ${page}`] : []),
		'',
		t(locale, 'reminders.mail.footer', { link: settings })
	].join('\n');
	return { subject: t(locale, 'reminders.mail.digestSubject', { n: rows.length, date: dateVi(date) }), body: cut(body, 19_000) };
}

function singleMessage(c: Candidate, channel: string, row: ReminderRow, locale: Locale, origin: string) {
	const text = reminderText(row.params as ReminderParams, locale);
	const link = `${origin}${row.link}`;
	if (channel !== 'email') {
		const body = t(locale, 'reminders.short.single', { text, link });
		return { subject: null, body: channel === 'sms' ? cut(body, SMS_MAX) : body };
	}
	const body = [
		t(locale, 'reminders.mail.singleIntro', { name: c.display_name }),
		'',
		text,
		link,
		'',
		t(locale, 'reminders.mail.footer', { link: `${origin}/app/account/notifications` })
	].join('\n');
	return { subject: cut(t(locale, 'reminders.mail.singleSubject', { text }), 300), body };
}

/**
 * One run: for every person with a channel beside the workspace and reminders not yet sent,
 * writes their messages into the outbox and marks the reminders delivered. Digest readers are
 * served once a day, at or after their hour. Safe to run again: the keys make a repeat a no-op.
 */
export async function deliverReminders(db: Db, at: Date = new Date()): Promise<DeliverRemindersResult> {
	const date = today(at);
	const hour = hourIn(at);
	const origin = outreachEndpoints().publicOrigin;
	const result: DeliverRemindersResult = { digests: 0, singles: 0, messages: 0 };
	const candidates = await rowsOf<Candidate>(
		db,
		sql`SELECT np.user_id, u.display_name, u.locale, np.email, np.phone, np.zalo_user_id, np.channels, np.digest
		FROM notification_preferences np JOIN users u ON u.id = np.user_id
		WHERE NOT u.disabled
			AND np.channels && ARRAY['email', 'zalo', 'sms']::text[]
			AND EXISTS (SELECT 1 FROM reminders r WHERE r.user_id = np.user_id AND r.delivered_at IS NULL)
			AND (NOT np.digest OR (np.digest_hour <= ${hour}
				AND (np.last_digest_at IS NULL OR (np.last_digest_at AT TIME ZONE ${TIME_ZONE})::date < ${date}::date)))
		ORDER BY np.user_id`
	);
	for (const c of candidates) {
		const locale: Locale = c.locale === 'en' ? 'en' : 'vi';
		const channels = c.channels.filter((ch) => ch in channelOf && recipientOf(c, ch));
		await db.transaction(async (tx) => {
			// Locked, so two runs at once never send the same reminders twice (the keys would catch it too).
			const rows = await tx
				.select()
				.from(reminders)
				.where(and(eq(reminders.userId, c.user_id), isNull(reminders.deliveredAt)))
				.orderBy(sql`${reminders.dueAt} ASC NULLS LAST`, asc(reminders.createdAt), asc(reminders.id))
				.for('update', { skipLocked: true });
			if (!rows.length || !channels.length) return;
			const messages: OutboxInput[] = [];
			const keyOf = new Map<string, string>();
			const base = (row: ReminderRow) => ({ unitId: row.unitId!, userId: c.user_id });
			if (c.digest) {
				for (const ch of channels) {
					const key = `digest:${c.user_id}:${date}:${ch}`;
					messages.push({ ...base(rows[0]), channel: channelOf[ch], kind: 'digest', recipient: recipientOf(c, ch)!, ...digestMessage(c, ch, rows, date, locale, origin), idempotencyKey: key, causeType: 'reminder_digest', payload: { reminders: rows.length } });
					for (const r of rows) if (!keyOf.has(r.id)) keyOf.set(r.id, key);
				}
			} else {
				for (const r of rows)
					for (const ch of channels) {
						const key = `reminder:${r.id}:${ch}`;
						messages.push({ ...base(r), channel: channelOf[ch], kind: 'reminder', recipient: recipientOf(c, ch)!, ...singleMessage(c, ch, r, locale, origin), idempotencyKey: key, causeType: 'reminder', causeId: r.id, payload: { link: r.link } });
						if (!keyOf.has(r.id)) keyOf.set(r.id, key);
					}
			}
			const { queued } = await enqueueOutbox(tx, messages);
			result.messages += queued;
			const keys = [...new Set(keyOf.values())];
			const ids = await tx.select({ id: outboxMessages.id, key: outboxMessages.idempotencyKey }).from(outboxMessages).where(inArray(outboxMessages.idempotencyKey, keys));
			const idOf = new Map(ids.map((r) => [r.key, r.id]));
			const json = JSON.stringify(rows.map((r) => ({ id: r.id, message: idOf.get(keyOf.get(r.id)!) ?? null })));
			await tx.execute(sql`
				UPDATE reminders AS r SET delivered_at = ${at.toISOString()}::timestamptz, outbox_message_id = x.message
				FROM jsonb_to_recordset(${json}::jsonb) AS x(id uuid, message uuid) WHERE r.id = x.id`);
			if (c.digest) {
				await tx.update(notificationPreferences).set({ lastDigestAt: at }).where(eq(notificationPreferences.userId, c.user_id));
				result.digests++;
			} else result.singles += rows.length;
		});
	}
	return result;
}
