import { writeTable, type CellInput } from '../../files/tabular-writer';
import { selectSubtree } from './units.repository';
import { unitColumns } from './units.import-rows';
import type { UnitExportQuery } from './units.schemas';
import { getUnit, type Ctx } from './units.service';

export interface UnitExportFile {
	filename: string;
	contentType: string;
	body: Buffer;
}

const asDate = (value: string | null): CellInput => (value ? new Date(value + 'T00:00:00Z') : null);

/** Today's calendar date in Việt Nam, for file names. */
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });

/**
 * Every unit the actor may read (under `root` when given), active or not, parents before
 * children, in the import's own columns: an export imports back unchanged.
 */
export async function exportUnits(ctx: Ctx, query: UnitExportQuery): Promise<UnitExportFile> {
	const rootPath = query.root ? (await getUnit(ctx, query.root)).unit.path : null;
	const rows = await selectSubtree(ctx.db, ctx.actor, rootPath);
	const data = rows.map(({ unit, parentCode, successorCode }) => [
		unit.code,
		unit.name,
		unit.level,
		parentCode,
		asDate(unit.validFrom),
		asDate(unit.validTo),
		successorCode
	]);
	const file = await writeTable(query.format, [...unitColumns], data, 'units');
	return {
		filename: `don-vi-${query.root ?? 'tat-ca'}-${today()}.${file.extension}`,
		contentType: file.contentType,
		body: file.body
	};
}
