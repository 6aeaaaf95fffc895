import { writeTable, type CellInput } from '../../files/tabular-writer';
import { invalid } from '../../errors';
import { t, type Locale, type MessageKey } from '../../../i18n';
import { selectHouseholdsForExport } from './households.repository';
import { canSeeSensitive } from './households.policy';
import { presentListItem } from './households.presenter';
import type { HouseholdFilter } from './households.schemas';
import { logAccesses, type AccessPurpose, type Ctx } from './households.context';
import { assertMayReadNames, selectionOf } from './households.service';

/** Largest list one export writes; a commune's register fits many times over. */
export const EXPORT_MAX_ROWS = 50_000;

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });

const columns: MessageKey[] = [
	'households.village',
	'households.headName',
	'households.birthYear',
	'households.sex',
	'households.idNumber',
	'households.address',
	'households.members',
	'households.ethnicity',
	'households.phone',
	'households.category',
	'households.lacking',
	'households.consent'
];

/**
 * Any filtered list as an XLSX sheet for a village head to take door to door, phone and ID
 * numbers masked as the actor sees them, each household exported recorded as an access; e.g. the
 * poor households of a village not reached this quarter (`notReached=2026Q4`).
 */
export async function exportHouseholds(ctx: Ctx, filter: HouseholdFilter, access: AccessPurpose, locale: Locale) {
	assertMayReadNames(ctx.actor);
	return ctx.db.transaction(async (tx) => {
		const selection = await selectionOf(tx, filter);
		const rows = await selectHouseholdsForExport(tx, ctx.actor, selection, EXPORT_MAX_ROWS);
		if (rows.length > EXPORT_MAX_ROWS) throw invalid('households.exportTooMany', { max: EXPORT_MAX_ROWS });
		await logAccesses(tx, ctx.actor, rows.map((r) => ({ id: r.household.id, unitId: r.household.unitId })), access);
		const data: CellInput[][] = rows.map((r) => {
			const item = presentListItem(r, selection.year, canSeeSensitive(ctx.actor, r));
			return [
				`${item.villageName} (${item.villageCode})`,
				item.headName,
				item.birthYear,
				item.sex ? t(locale, `household.sex.${item.sex}`) : null,
				item.idNumber,
				r.household.address,
				item.members,
				r.household.ethnicity,
				item.phone,
				item.category ? t(locale, `household.category.${item.category}`) : null,
				item.lacking.join(', ') || null,
				t(locale, `household.consent.${item.consent}`) + (item.consentChannels.length ? ` (${item.consentChannels.join(', ')})` : '')
			];
		});
		const header = columns.map((k) => t(locale, k)).map((h, i) => (columns[i] === 'households.category' ? `${h} ${selection.year}` : h));
		const file = await writeTable('xlsx', header, data, t(locale, 'households.title'));
		const part = [filter.village, filter.category, String(selection.year), filter.notReached ? `chua-tiep-can-${filter.notReached.toUpperCase()}` : null]
			.filter(Boolean)
			.join('-');
		return { filename: `ho-gia-dinh-${part}-${today()}.xlsx`, contentType: file.contentType, body: file.body, rows: rows.length };
	});
}
