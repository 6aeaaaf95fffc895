/** Messages of policy dialogues and public events (registration, attendance, questions, minutes): Vietnamese first, English with exactly the same keys. */
export const eventsVi = {
	'events.nav': 'Đối thoại, sự kiện'
} as const;

export const eventsEn: Record<keyof typeof eventsVi, string> = {
	'events.nav': 'Dialogues and events'
};
