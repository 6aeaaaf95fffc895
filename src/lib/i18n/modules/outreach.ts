/** Messages of outreach (publishing, notices, subscriptions, reminders, the delivery log): Vietnamese first, English with exactly the same keys. */
export const outreachVi = {
	'outreach.nav': 'Đăng tin, gửi tin'
} as const;

export const outreachEn: Record<keyof typeof outreachVi, string> = {
	'outreach.nav': 'Publishing and messages'
};
