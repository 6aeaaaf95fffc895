/** Messages of the loudspeakers pages and errors: Vietnamese first, English with exactly the same keys. */
export const loudspeakersVi = {
	'loudspeakers.nav': 'loudspeakers'
} as const;

export const loudspeakersEn: Record<keyof typeof loudspeakersVi, string> = {
	'loudspeakers.nav': 'loudspeakers'
};
