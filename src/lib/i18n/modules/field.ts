/** Messages of the field pages and errors: Vietnamese first, English with exactly the same keys. */
export const fieldVi = {
	'field.nav': 'field'
} as const;

export const fieldEn: Record<keyof typeof fieldVi, string> = {
	'field.nav': 'field'
};
