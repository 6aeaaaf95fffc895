/** Messages of budget by source, spending, review and settlement: Vietnamese first, English with exactly the same keys. */
export const budgetVi = {
	'budget.nav': 'Kinh phí'
} as const;

export const budgetEn: Record<keyof typeof budgetVi, string> = {
	'budget.nav': 'Budget'
};
