/** Messages of commune and province dashboards: Vietnamese first, English with exactly the same keys. */
export const dashboardsVi = {
	'dashboards.nav': 'Bảng theo dõi'
} as const;

export const dashboardsEn: Record<keyof typeof dashboardsVi, string> = {
	'dashboards.nav': 'Dashboards'
};
