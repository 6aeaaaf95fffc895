/** A reminder as the pages show it (reminders.service's ReminderView). */
export interface ReminderItem {
	id: string;
	kind: string;
	text: string;
	link: string;
	dueOn: string | null;
	daysLeft: number | null;
	timeLeft: string;
	read: boolean;
}
