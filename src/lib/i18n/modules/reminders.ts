/** Messages of reminders and notification settings: Vietnamese first, English with exactly the same keys. */
export const remindersVi = {
	'reminders.nav': 'Nhắc việc'
} as const;

export const remindersEn: Record<keyof typeof remindersVi, string> = {
	'reminders.nav': 'Reminders'
};
