import { t, type Locale } from '../../../../i18n';
import { writeTable, type TableFile } from '../../../files/tabular-writer';
import type { HouseholdImportProblem, RejectedRows } from './import.schemas';

/**
 * The rows an import refused, as an XLSX to fix and import again: the row number the officer
 * saw, the cells as the file had them under the file's own header, and a reason column.
 */
export async function rejectedRowsFile(rejected: RejectedRows, errors: HouseholdImportProblem[], locale: Locale): Promise<TableFile> {
	const reasons = new Map<number, string[]>();
	for (const e of errors) reasons.set(e.row, [...(reasons.get(e.row) ?? []), `${e.column}: ${e.message}`]);
	const header = [t(locale, 'householdImport.row'), ...rejected.header, t(locale, 'householdImport.reason')];
	const rows = rejected.rows.map(({ row, cells }) => [
		row,
		...rejected.header.map((_, i) => cells[i] ?? ''),
		(reasons.get(row) ?? []).join('; ')
	]);
	return writeTable('xlsx', header, rows, t(locale, 'householdImport.rejectedSheet'));
}
