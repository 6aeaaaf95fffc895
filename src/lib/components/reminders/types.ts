import type { ReminderView } from '$lib/server/modules/outreach/reminders.service';

/** A reminder as the pages show it: the service's view, without when it was made. */
export type ReminderItem = Omit<ReminderView, 'createdAt'>;
