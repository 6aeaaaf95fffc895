/** Messages of the public portal (home, news, programme, documents, leaflets, loudspeaker schedule, events, stories, sitemap, RSS): Vietnamese first, English with exactly the same keys. */
export const portalVi = {
	'portal.nav': 'Cổng thông tin'
} as const;

export const portalEn: Record<keyof typeof portalVi, string> = {
	'portal.nav': 'Public portal'
};
