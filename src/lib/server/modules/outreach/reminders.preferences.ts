import { and, eq, notInArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { can, type Actor } from '../../access/actor';
import { AppError, forbidden, notFound } from '../../errors';
import { recordAccess, recordChange } from '../../audit/audit.service';
import { users } from '../users/users.tables';
import { normaliseAddress, platformPhone } from './subscriptions.service';
import { notificationPreferences, reminders } from './reminders.tables';
import { REMINDER_KINDS, type ReminderKind } from './reminders.collect';

/**
 * Each person's reminder settings: where to reach them, the channels beside the workspace, the
 * kinds they want, and one daily digest at an hour instead of single messages. A person changes
 * only their own; an administrator may read anyone's (the read is audited).
 */

export const REMINDER_CHANNELS = ['email', 'zalo', 'sms'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];

const optionalText = (max: number) =>
	z
		.string()
		.max(max)
		.optional()
		.nullable()
		.transform((v) => (v?.trim() ? v.trim() : null));

/** What the settings form and its action take. */
export const PreferencesInput = z
	.object({
		email: optionalText(254).refine((v) => v === null || normaliseAddress('email', v) !== null, { message: 'reminders.error.email' }),
		phone: optionalText(40).refine((v) => v === null || platformPhone(v) !== null, { message: 'reminders.error.phone' }),
		zaloUserId: optionalText(40).refine((v) => v === null || /^\d{1,40}$/.test(v), { message: 'reminders.error.zalo' }),
		channels: z.array(z.enum(REMINDER_CHANNELS, { message: 'reminders.error.channel' })).max(10).default([]),
		kinds: z.array(z.enum(REMINDER_KINDS, { message: 'reminders.error.kind' })).max(10).min(1, { message: 'reminders.error.kindsRequired' }),
		digest: z.boolean().default(false),
		digestHour: z.coerce.number({ message: 'reminders.error.hour' }).int({ message: 'reminders.error.hour' }).min(0, { message: 'reminders.error.hour' }).max(23, { message: 'reminders.error.hour' })
	})
	.superRefine((p, ctx) => {
		if (p.channels.includes('email') && !p.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'reminders.error.emailRequired' });
		if (p.channels.includes('sms') && !p.phone) ctx.addIssue({ code: 'custom', path: ['phone'], message: 'reminders.error.phoneRequired' });
		if (p.channels.includes('zalo') && !p.zaloUserId) ctx.addIssue({ code: 'custom', path: ['zaloUserId'], message: 'reminders.error.zaloRequired' });
	});
export type PreferencesInput = z.input<typeof PreferencesInput>;

export interface PreferencesView {
	userId: string;
	displayName: string;
	email: string | null;
	/** As the person wrote it back to them: the 0… form. */
	phone: string | null;
	zaloUserId: string | null;
	channels: ReminderChannel[];
	kinds: ReminderKind[];
	digest: boolean;
	digestHour: number;
	/** False until the person first saves settings (the defaults are shown). */
	saved: boolean;
}

/** The settings a person has before saving any: the workspace only, every kind, a digest at 7. */
export const DEFAULT_PREFERENCES = { channels: [] as ReminderChannel[], kinds: [...REMINDER_KINDS], digest: true, digestHour: 7 };

const localPhone = (p: string | null) => (p && p.startsWith('84') ? '0' + p.slice(2) : p);

/**
 * A person's settings: the actor's own, or anyone's for an administrator (recorded in the audit
 * log, since it shows a phone number and an e-mail address).
 */
export async function getPreferences(ctx: { db: Db; actor: Actor }, userId: string | null = ctx.actor.userId): Promise<PreferencesView> {
	if (!userId || !z.uuid().safeParse(userId).success) throw notFound('reminders.notFound');
	const own = userId === ctx.actor.userId;
	if (!own && !can(ctx.actor, 'users.manage', null)) throw forbidden('reminders.error.ownOnly');
	const [row] = await ctx.db
		.select({ displayName: users.displayName, prefs: notificationPreferences })
		.from(users)
		.leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
		.where(eq(users.id, userId));
	if (!row) throw notFound();
	if (!own) await recordAccess(ctx.db, ctx.actor, { action: 'notification_preferences.read', entityType: 'user', entityId: userId });
	const p = row.prefs;
	return {
		userId,
		displayName: row.displayName,
		email: p?.email ?? null,
		phone: localPhone(p?.phone ?? null),
		zaloUserId: p?.zaloUserId ?? null,
		channels: (p?.channels ?? []).filter((c): c is ReminderChannel => (REMINDER_CHANNELS as readonly string[]).includes(c)),
		kinds: (p?.kinds ?? DEFAULT_PREFERENCES.kinds).filter((k): k is ReminderKind => (REMINDER_KINDS as readonly string[]).includes(k)),
		digest: p?.digest ?? DEFAULT_PREFERENCES.digest,
		digestHour: p?.digestHour ?? DEFAULT_PREFERENCES.digestHour,
		saved: !!p
	};
}

/**
 * Saves the actor's own settings. Kinds no longer wanted leave the workspace at once (the next
 * collection would remove them anyway). Only the person themselves: nobody, not even an
 * administrator, chooses where someone else is reminded.
 */
export async function updatePreferences(ctx: { db: Db; actor: Actor }, raw: PreferencesInput): Promise<PreferencesView> {
	const userId = ctx.actor.userId;
	if (!userId) throw new AppError('FORBIDDEN', 'reminders.error.ownOnly');
	const input = PreferencesInput.parse(raw);
	const values = {
		email: input.email ? normaliseAddress('email', input.email) : null,
		phone: input.phone ? platformPhone(input.phone) : null,
		zaloUserId: input.zaloUserId,
		channels: ['workspace', ...new Set(input.channels)],
		kinds: [...new Set(input.kinds)],
		digest: input.digest,
		digestHour: input.digestHour,
		updatedAt: new Date()
	};
	await ctx.db.transaction(async (tx) => {
		const [before] = await tx.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId)).for('update');
		await tx
			.insert(notificationPreferences)
			.values({ userId, ...values })
			.onConflictDoUpdate({ target: notificationPreferences.userId, set: values });
		await tx.delete(reminders).where(and(eq(reminders.userId, userId), notInArray(reminders.kind, values.kinds)));
		// Contact details are personal data: the audit says what changed, not to what.
		await recordChange(tx, ctx.actor, {
			action: 'notification_preferences.update',
			entityType: 'user',
			entityId: userId,
			before: before ? { channels: before.channels, kinds: before.kinds, digest: before.digest, digestHour: before.digestHour } : null,
			after: { channels: values.channels, kinds: values.kinds, digest: values.digest, digestHour: values.digestHour, email: !!values.email, phone: !!values.phone, zaloUserId: !!values.zaloUserId }
		});
	});
	return getPreferences(ctx);
}

/** The settings form's fields (checkboxes repeat their name) as the input above. */
export function preferencesFromForm(data: FormData): PreferencesInput {
	const text = (name: string) => {
		const v = data.get(name);
		return typeof v === 'string' ? v : null;
	};
	return {
		email: text('email'),
		phone: text('phone'),
		zaloUserId: text('zaloUserId'),
		channels: data.getAll('channels').filter((v): v is string => typeof v === 'string') as ReminderChannel[],
		kinds: data.getAll('kinds').filter((v): v is string => typeof v === 'string') as ReminderKind[],
		digest: text('digest') === 'on' || text('digest') === 'true',
		digestHour: (text('digestHour') ?? '').trim() === '' ? Number.NaN : (text('digestHour') as unknown as number)
	};
}
