/** Messages of the reach pages and errors: Vietnamese first, English with exactly the same keys. */
export const reachVi = {
	'reach.nav': 'reach'
} as const;

export const reachEn: Record<keyof typeof reachVi, string> = {
	'reach.nav': 'reach'
};
