/** Messages of the content pages and errors: Vietnamese first, English with exactly the same keys. */
export const contentVi = {
	'content.nav': 'content'
} as const;

export const contentEn: Record<keyof typeof contentVi, string> = {
	'content.nav': 'content'
};
