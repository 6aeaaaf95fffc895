/** Messages of platform accounts (Facebook Page, Zalo OA, ZNS, SMS gateway, e-mail) and incoming webhooks: Vietnamese first, English with exactly the same keys. */
export const platformsVi = {
	'platforms.nav': 'Tài khoản mạng xã hội'
} as const;

export const platformsEn: Record<keyof typeof platformsVi, string> = {
	'platforms.nav': 'Platform accounts'
};
