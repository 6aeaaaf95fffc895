/** Messages of periodic reports (forms, workflow, locks, completeness, exports): Vietnamese first, English with exactly the same keys. */
export const reportsVi = {
	'reports.nav': 'Báo cáo'
} as const;

export const reportsEn: Record<keyof typeof reportsVi, string> = {
	'reports.nav': 'Reports'
};
