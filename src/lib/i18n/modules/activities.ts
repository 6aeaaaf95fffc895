/** Messages of the activities pages and errors: Vietnamese first, English with exactly the same keys. */
export const activitiesVi = {
	'activities.nav': 'activities'
} as const;

export const activitiesEn: Record<keyof typeof activitiesVi, string> = {
	'activities.nav': 'activities'
};
