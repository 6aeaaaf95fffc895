import { AppError, invalid } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { today } from '../../periods';
import { selectUnitByCode } from '../units/units.repository';
import { insertDistribution, insertPrintRun, selectPrintTotals, type ContentWithUnit } from './content.repository';
import { isReleased } from './content.policy';
import { DistributionInput, PrintRunInput, type ContentView } from './content.schemas';
import { changeAndShow, loadEditableContent, nowOf, type ContentCtx } from './content.service';

/** Print runs and distribution are for leaflets that passed review: what is printed must be what was approved. */
function assertPrintable(row: ContentWithUnit) {
	if (row.item.kind !== 'leaflet') throw invalid('content.leafletOnly');
	if (!isReleased(row.item.status)) throw new AppError('CONFLICT', 'content.notReleased');
}

/** A date of something done: not after today in Việt Nam. */
function assertDone(date: string, path: string, ctx: ContentCtx) {
	if (date > today(nowOf(ctx))) throw invalid('content.dateFuture', { date }, [{ path, message: date }]);
}

/** Records a print run of an approved leaflet (date, copies, printer, cost in đồng). */
export async function addPrintRun(ctx: ContentCtx, id: string, input: PrintRunInput): Promise<ContentView> {
	const data = PrintRunInput.parse(input);
	assertDone(data.printedOn, 'printedOn', ctx);
	return changeAndShow(ctx, async (tx) => {
		const row = await loadEditableContent({ ...ctx, db: tx }, id);
		assertPrintable(row);
		const run = await insertPrintRun(tx, {
			contentId: id,
			printedOn: data.printedOn,
			quantity: data.quantity,
			printer: data.printer || null,
			cost: data.cost ?? null,
			createdBy: ctx.actor.userId
		});
		await recordChange(tx, ctx.actor, {
			action: 'content.print',
			entityType: 'content',
			entityId: id,
			unitId: row.item.unitId,
			after: { printRunId: run.id, printedOn: run.printedOn, quantity: run.quantity, printer: run.printer, cost: run.cost }
		});
		return id;
	});
}

/**
 * Records copies handed out in a village of the leaflet's unit. The item's row is locked first, so
 * two distributions at once cannot together hand out more than was printed.
 */
export async function addDistribution(ctx: ContentCtx, id: string, input: DistributionInput): Promise<ContentView> {
	const data = DistributionInput.parse(input);
	assertDone(data.distributedOn, 'distributedOn', ctx);
	return changeAndShow(ctx, async (tx) => {
		const row = await loadEditableContent({ ...ctx, db: tx }, id);
		assertPrintable(row);
		const village = (await selectUnitByCode(tx, data.village))?.unit;
		if (!village) throw invalid('unit.notFound', { code: data.village }, [{ path: 'village', message: data.village }]);
		if (village.level !== 'village') throw invalid('content.notVillage', { code: village.code }, [{ path: 'village', message: village.code }]);
		if (!village.path.startsWith(row.unitPath)) throw invalid('content.villageOutside', { code: village.code }, [{ path: 'village', message: village.code }]);
		if (village.validTo !== null || village.successorId !== null) throw invalid('content.unitInactive', { code: village.code });
		const { printed, handedOut } = await selectPrintTotals(tx, id);
		if (handedOut + data.quantity > printed) {
			throw invalid('content.overHanded', { quantity: data.quantity, printed, handedOut, left: Math.max(0, printed - handedOut) }, [
				{ path: 'quantity', message: String(data.quantity) }
			]);
		}
		const activityId = await recordLeafletActivity(ctx, tx, row, { villageCode: village.code, quantity: data.quantity, date: data.distributedOn });
		const distribution = await insertDistribution(tx, {
			contentId: id,
			unitId: village.id,
			quantity: data.quantity,
			distributedOn: data.distributedOn,
			activityId,
			createdBy: ctx.actor.userId
		});
		await recordChange(tx, ctx.actor, {
			action: 'content.distribute',
			entityType: 'content',
			entityId: id,
			unitId: row.item.unitId,
			after: { distributionId: distribution.id, village: village.code, quantity: data.quantity, distributedOn: data.distributedOn, activityId }
		});
		return id;
	});
}

/** The leaflet activity a distribution stands for; null until activities are recorded from here. */
async function recordLeafletActivity(
	_ctx: ContentCtx,
	_tx: unknown,
	_row: ContentWithUnit,
	_d: { villageCode: string; quantity: number; date: string }
): Promise<string | null> {
	return null;
}
