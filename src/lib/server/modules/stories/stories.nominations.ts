import { canSomewhere } from '../../access/actor';
import { forbidden } from '../../errors';
import { writeTable, type TableFile } from '../../files/tabular-writer';
import { t, type Locale, type MessageKey } from '../../../i18n';
import { selectStories } from './stories.repository';
import { presentStorySummary } from './stories.presenter';
import { loadUnit, type StoryCtx } from './stories.service';

/** The most stories one nominations list holds (a commune proposes a handful; a province some dozens). */
const MAX_NOMINATIONS = 500;

/**
 * Stories nominated for the emulation movement's commendation within the units where the actor
 * approves stories (the commune chair, the province officer), newest nomination first.
 */
export async function findNominations(ctx: StoryCtx, opts: { unit?: string } = {}) {
	if (!canSomewhere(ctx.actor, 'stories.approve')) throw forbidden();
	const unitPath = opts.unit ? (await loadUnit(ctx.db, opts.unit)).path : undefined;
	const { items } = await selectStories(ctx.db, ctx.actor, { nominated: true, permission: 'stories.approve', unitPath, limit: MAX_NOMINATIONS, offset: 0 });
	return items.map((row) => ({
		...presentStorySummary(row),
		nominationNote: row.story.nominationNote ?? '',
		nominatedAt: row.story.nominatedAt?.toISOString() ?? null
	}));
}

/**
 * The nominations as an Excel sheet for the commendation proposal: number, unit, subject, kind,
 * story title, reason, date nominated, status. Text typed by users that Excel would run as a
 * formula is written as text (see writeTable).
 */
export async function nominationsSheet(ctx: StoryCtx, locale: Locale, opts: { unit?: string } = {}): Promise<TableFile> {
	const rows = await findNominations(ctx, opts);
	const header = (['stories.col.no', 'stories.col.unit', 'stories.col.subject', 'stories.col.kind', 'stories.col.title', 'stories.col.reason', 'stories.col.nominatedAt', 'stories.col.status'] as const).map((k) =>
		t(locale, k)
	);
	const cells = rows.map((r, i) => {
		const at = r.nominatedAt ? new Date(r.nominatedAt) : null;
		const local = at ? new Date(`${at.toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' })}T00:00:00Z`) : null;
		return [
			i + 1,
			r.unitName,
			r.subjectName,
			t(locale, `stories.kind.${r.subjectKind}` as MessageKey),
			r.title,
			r.nominationNote,
			local,
			t(locale, `stories.status.${r.status}` as MessageKey)
		];
	});
	return writeTable('xlsx', header, cells, t(locale, 'stories.nominations.sheet'));
}
