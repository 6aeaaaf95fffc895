/** Messages of exemplary stories and models (consent, approval, portal, nominations): Vietnamese first, English with exactly the same keys. */
export const storiesVi = {
	'stories.nav': 'Gương điển hình'
} as const;

export const storiesEn: Record<keyof typeof storiesVi, string> = {
	'stories.nav': 'Exemplary stories'
};
