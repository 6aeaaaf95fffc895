import type { Db } from '../db/client';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { collectReminders, REMINDER_KINDS, type CollectResult } from '../modules/outreach/reminders.collect';
import { updatePreferences, type PreferencesInput } from '../modules/outreach/reminders.preferences';

/**
 * Demo reminder settings, saved by each officer as they would on the settings page, then the
 * reminders collected from the rest of the demo (reports, feedback, plan tasks, items in review),
 * so the workspace home shows them at once. Addresses are made up (example.vn); nothing leaves
 * until an SMTP server or SMS gateway is configured.
 */
export const demoReminderSettings: { username: string; settings: PreferencesInput }[] = [
	{
		// The commune officer reads one e-mail each morning at 7 listing everything due.
		username: 'canbo.habinh',
		settings: { email: 'tranvanbinh.habinh@example.vn', channels: ['email'], kinds: [...REMINDER_KINDS], digest: true, digestHour: 7 }
	},
	{
		// The village head has no e-mail: a short text message for each thing, as it falls due.
		username: 'truongthon.habinh',
		settings: { phone: '0912 000 401', channels: ['sms'], kinds: [...REMINDER_KINDS], digest: false, digestHour: 7 }
	}
];

export async function seedReminders(db: Db, at: Date = new Date()): Promise<CollectResult> {
	for (const { username, settings } of demoReminderSettings) {
		const actor = await actorForUser(db, await getUserByUsername(db, username), 'session');
		await updatePreferences({ db, actor }, settings);
	}
	return collectReminders(db, at);
}
