/** Messages of publishing content to Facebook, Zalo and the portal, notices to households, portal subscriptions: Vietnamese first, English with exactly the same keys. */
export const publishingVi = {
	'publishing.nav': 'Đăng bài và đăng ký nhận tin'
} as const;

export const publishingEn: Record<keyof typeof publishingVi, string> = {
	'publishing.nav': 'Publishing and subscriptions'
};
