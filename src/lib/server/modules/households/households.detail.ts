import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { findAuditEntries } from '../../audit/audit.service';
import { forbidden } from '../../errors';
import type { Locale } from '../../../i18n';
import { deprivationIndicators } from './households.tables';
import { selectClassifiedYears, selectClassifications, selectConsents, selectFlagsOf, selectHouseholdsByIds, selectVillages } from './households.repository';
import { canEditHousehold, canReadAccessLog, canReadHousehold, canSeeSensitive } from './households.policy';
import { presentConsent, presentFlag, presentHousehold } from './households.presenter';
import { currentYear } from './households.schemas';
import { loadHousehold, logAccesses, type AccessPurpose, type Ctx } from './households.context';
import { standardForYear } from './households.classifications';

/** An access entry as a household's access log shows it: who, when, where, why. */
function presentAccess(entry: { seq: number; at: Date; actorName: string; action: string; context: unknown }) {
	const context = (entry.context ?? {}) as { screen?: unknown; purpose?: unknown };
	return {
		seq: entry.seq,
		at: entry.at.toISOString(),
		actor: entry.actorName,
		action: entry.action,
		screen: typeof context.screen === 'string' ? context.screen : null,
		purpose: typeof context.purpose === 'string' ? context.purpose : null
	};
}

async function accessLogPage(db: Db, ctx: Ctx, householdId: string, limit: number, offset: number) {
	const { items, hasMore } = await findAuditEntries(db, ctx.actor, { entityType: 'household', entityId: householdId, kind: 'access', limit, offset });
	return { items: items.map(({ entry }) => presentAccess(entry)), hasMore, limit, offset };
}

/** Who read a household's personal data, newest first: for commune officers (FORBIDDEN to others). */
export async function getAccessLog(ctx: Ctx, householdId: string, page: { limit: number; offset: number }) {
	const row = await loadHousehold(ctx.db, householdId);
	if (!canReadAccessLog(ctx.actor, row)) throw forbidden();
	return accessLogPage(ctx.db, ctx, householdId, page.limit, page.offset);
}

/** Indicator names by standard and code, in one language. */
export async function indicatorNames(db: Db, locale: Locale): Promise<Map<string, string>> {
	const rows = await db.select().from(deprivationIndicators).orderBy(asc(deprivationIndicators.sort));
	return new Map(rows.map((r) => [`${r.standardCode}:${r.code}`, locale === 'en' ? r.nameEn : r.nameVi]));
}

/**
 * Everything the page of one household shows, its view recorded first (so the access log it
 * shows includes this view): details (masked per role), classifications by year with indicator
 * names, consent history, duplicate flags (the other household named only when readable), the
 * access log for commune officers, and what the actor may change.
 */
export async function getHouseholdDetail(ctx: Ctx, id: string, access: AccessPurpose, locale: Locale) {
	return ctx.db.transaction(async (tx) => {
		const row = await loadHousehold(tx, id);
		if (!canReadHousehold(ctx.actor, row)) throw forbidden();
		await logAccesses(tx, ctx.actor, [{ id: row.household.id, unitId: row.household.unitId }], access);
		// One after another: a transaction is one connection, which runs one statement at a time.
		const classifications = await selectClassifications(tx, id);
		const consents = await selectConsents(tx, id);
		const flags = await selectFlagsOf(tx, id);
		const names = await indicatorNames(tx, locale);
		const others = await selectHouseholdsByIds(tx, [...new Set(flags.map((f) => (f.householdId === id ? f.otherHouseholdId : f.householdId)))]);
		const canEdit = canEditHousehold(ctx.actor, row);
		const year = currentYear();
		const standard = await standardForYear(tx, year).catch(() => null);
		return {
			household: presentHousehold(row, { sensitive: canSeeSensitive(ctx.actor, row), classifications, consent: consents[0] ?? null }),
			classifications: classifications.map((c) => ({
				year: c.year,
				category: c.category,
				standardCode: c.standardCode,
				lacking: c.lacking.map((code) => ({ code, name: names.get(`${c.standardCode}:${code}`) ?? code }))
			})),
			consents: consents.map((c) => presentConsent(c.consent, c.recordedByName)),
			flags: flags.map((f) => {
				const otherId = f.householdId === id ? f.otherHouseholdId : f.householdId;
				const other = others.find((o) => o.household.id === otherId);
				const readable = !!other && canReadHousehold(ctx.actor, other);
				return { ...presentFlag(f), other: { id: otherId, readable, headName: readable ? other!.household.headName : null, villageName: other?.villageName ?? null } };
			}),
			accessLog: canReadAccessLog(ctx.actor, row) ? await accessLogPage(tx, ctx, id, 50, 0) : null,
			canEdit,
			form: canEdit
				? {
						year,
						standardCode: standard?.standard.code ?? null,
						indicators: (standard?.indicators ?? []).map((i) => ({ code: i.code, name: locale === 'en' ? i.nameEn : i.nameVi, information: i.information })),
						villages: (await selectVillages(tx, ctx.actor, 'households.edit')).map((v) => ({ code: v.code, name: v.name }))
					}
				: null
		};
	});
}

/**
 * What the list and entry pages offer to choose from: the villages where the actor holds
 * `permission`, and the indicators of the standard in force in `year` (none when no standard covers it).
 */
export async function householdFormOptions(ctx: Ctx, permission: 'households.read' | 'households.edit', year: number, locale: Locale) {
	const [villages, standard] = await Promise.all([selectVillages(ctx.db, ctx.actor, permission), standardForYear(ctx.db, year).catch(() => null)]);
	return {
		villages: villages.map((v) => ({ code: v.code, name: v.name })),
		standardCode: standard?.standard.code ?? null,
		indicators: (standard?.indicators ?? []).map((i) => ({ code: i.code, name: locale === 'en' ? i.nameEn : i.nameVi, information: i.information }))
	};
}

/** Years with classifications in the actor's counting reach, newest first (for the counts page). */
export async function classifiedYears(ctx: Ctx): Promise<number[]> {
	return selectClassifiedYears(ctx.db, ctx.actor);
}
