/** Messages of sponsors, pledges, receipts and pairing with households: Vietnamese first, English with exactly the same keys. */
export const mobilisationVi = {
	'mobilisation.nav': 'Xã hội hóa, kết nghĩa'
} as const;

export const mobilisationEn: Record<keyof typeof mobilisationVi, string> = {
	'mobilisation.nav': 'Mobilisation and pairing'
};
