import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { can } from '../../access/actor';
import { AppError, forbidden, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { t, type MessageKey } from '../../../i18n';
import { rowsOf } from '../activities/activities.reach';
import { canReadMobilisation } from '../mobilisation/mobilisation.policy';
import { insertStory } from './stories.repository';
import { canEditStory } from './stories.policy';
import { auditShape } from './stories.presenter';
import type { StoryView } from './stories.schemas';
import { changeAndShow, isUuid, type StoryCtx } from './stories.service';

/**
 * A story written from a pairing (kết nghĩa): a draft of the household's village, pre-filled with
 * what the pairing records (the helper, the village, the support given at each visit and the
 * outcome in the register), for the writer to finish and take through consents, approval and
 * publication like any story. Only a pairing whose household agreed to its story being told
 * (`story_consent`) may become one. The draft names nobody the pairing has no consent for: not
 * the household (it is "a household of <village>" until the writer records the household's own
 * consent and names it), nor a helper person; a sponsor is named only when it agreed to be named
 * on the portal. Visit notes are left out (free text about the family). One story per pairing:
 * asking again opens the story already written.
 */

interface PairingFacts {
	id: string;
	unit_id: string;
	unit_path: string;
	village: string;
	household_id: string;
	merged_into_id: string | null;
	household_path: string;
	helper_kind: string;
	helper_name: string;
	helper_organisation: string | null;
	sponsor_public: boolean | null;
	from_date: string;
	to_date: string | null;
	goal: string;
	story_consent: boolean;
	story_id: string | null;
}

const vi = (key: MessageKey, params?: Record<string, string | number>) => t('vi', key, params);
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const clip = (s: string, max: number) => (s.length <= max ? s : s.slice(0, max - 1).trimEnd() + '…');

/** How the draft names the helper without naming a person who did not agree to it. */
function helperLabel(p: PairingFacts): string {
	if (p.helper_kind === 'sponsor') return p.sponsor_public ? p.helper_name : vi('stories.fromPairing.helperSponsor');
	if (p.helper_kind === 'organisation_member')
		return p.helper_organisation ? vi('stories.fromPairing.helperMemberOf', { organisation: p.helper_organisation }) : vi('stories.fromPairing.helperMember');
	return vi('stories.fromPairing.helperHousehold');
}

/** The draft's text from the pairing's facts (pure: tested on its own). */
export function pairingStoryText(
	p: PairingFacts,
	visits: { visited_on: string; support: string; value: number | null }[],
	classes: { year: number; category: string }[]
) {
	const startYear = Number(p.from_date.slice(0, 4));
	const before = classes.find((c) => c.year === startYear) ?? null;
	const later = classes.filter((c) => c.year > startYear).at(-1) ?? null;
	const category = (c: string) => vi(`household.category.${c}` as MessageKey).toLocaleLowerCase('vi');
	const helper = helperLabel(p);
	const subjectName = vi('stories.fromPairing.subject', { village: p.village });
	const title = clip(vi('stories.fromPairing.title', { village: p.village, goal: p.goal }), 300);
	const summary = clip(
		vi('stories.fromPairing.summary', { helper, village: p.village, from: dmy(p.from_date), category: before ? category(before.category) : vi('stories.fromPairing.poorOrNear') }),
		600
	);
	const given = visits.reduce((s, v) => s + (v.value ?? 0), 0);
	const lines = [
		vi('stories.fromPairing.goal', { goal: p.goal }),
		...(visits.length ? [vi('stories.fromPairing.visits', { count: visits.length }), ...visits.map((v) => `- ${dmy(v.visited_on)}: ${v.support}${v.value ? ` (${v.value.toLocaleString('vi-VN')} đồng)` : ''}`)] : [vi('stories.fromPairing.noVisits')])
	];
	const outcome = [
		later && (later.category === 'escaped' || later.category === 'none')
			? vi('stories.fromPairing.escaped', { year: later.year })
			: later
				? vi('stories.fromPairing.stillIn', { year: later.year, category: category(later.category) })
				: vi('stories.fromPairing.notYetKnown'),
		...(given ? [vi('stories.fromPairing.given', { amount: given.toLocaleString('vi-VN') })] : []),
		vi('stories.fromPairing.finish')
	];
	return {
		subjectName,
		title,
		summary,
		whatTheyDid: clip(lines.join('\n'), 20_000),
		results: clip(outcome.join('\n'), 20_000),
		beforeYear: before ? before.year : null,
		afterYear: later ? later.year : null
	};
}

/**
 * Opens the story of a pairing: the story already written from it, or a new pre-filled draft.
 * FORBIDDEN when the actor cannot read the pairing or write the village's stories; NOT_FOUND for
 * an unknown pairing; CONFLICT when the household did not agree to its story being told.
 */
export async function storyFromPairing(ctx: StoryCtx, pairingId: string): Promise<{ story: StoryView; created: boolean }> {
	if (!isUuid(pairingId)) throw notFound('mobilisation.pairingNotFound');
	let created = false;
	const story = await changeAndShow(ctx, async (tx: Db) => {
		const [p] = await rowsOf<PairingFacts>(
			tx,
			sql`SELECT p.id, p.unit_id, u.path AS unit_path, u.name AS village, p.household_id, h.merged_into_id, hu.path AS household_path,
				p.helper_kind, p.helper_name, p.helper_organisation, s.consent_public AS sponsor_public,
				p.from_date::text AS from_date, p.to_date::text AS to_date, p.goal, p.story_consent,
				(SELECT st.id FROM stories st WHERE st.pairing_id = p.id) AS story_id
			FROM pairings p JOIN units u ON u.id = p.unit_id JOIN households h ON h.id = p.household_id JOIN units hu ON hu.id = h.unit_id
			LEFT JOIN sponsors s ON s.id = p.sponsor_id
			WHERE p.id = ${pairingId}
			FOR UPDATE OF p`
		);
		if (!p) throw notFound('mobilisation.pairingNotFound');
		if (!canReadMobilisation(ctx.actor, { unitPath: p.unit_path })) throw forbidden();
		if (!canEditStory(ctx.actor, { unitPath: p.unit_path })) throw forbidden();
		if (p.story_id) return p.story_id;
		if (!p.story_consent) throw new AppError('CONFLICT', 'stories.fromPairing.noConsent');
		const visits = (
			await rowsOf<{ visited_on: string; support: string; value: unknown }>(
				tx,
				sql`SELECT visited_on::text AS visited_on, support, value FROM pairing_visits WHERE pairing_id = ${p.id} ORDER BY visited_on, created_at`
			)
		).map((v) => ({ visited_on: v.visited_on, support: v.support, value: v.value === null || v.value === undefined ? null : Number(v.value) }));
		const classes = (
			await rowsOf<{ year: number; category: string }>(
				tx,
				sql`SELECT year, category FROM household_classifications WHERE household_id = ${p.household_id} AND year >= extract(year FROM ${p.from_date}::date)::int ORDER BY year`
			)
		).map((c) => ({ year: Number(c.year), category: c.category }));
		const text = pairingStoryText(p, visits, classes);
		// The household is linked (for the before/after categories) only when the writer may read it in the register.
		const householdReadable = !p.merged_into_id && can(ctx.actor, 'households.read', p.household_path);
		const values = {
			id: randomUUID(),
			unitId: p.unit_id,
			subjectKind: 'household',
			householdId: householdReadable ? p.household_id : null,
			pairingId: p.id,
			...text,
			status: 'draft',
			createdBy: ctx.actor.userId
		};
		await insertStory(tx, values);
		await recordChange(tx, ctx.actor, {
			action: 'stories.create',
			entityType: 'story',
			entityId: values.id,
			unitId: p.unit_id,
			after: auditShape(values),
			context: { pairingId: p.id }
		});
		created = true;
		return values.id;
	});
	return { story, created };
}

/**
 * What the pairing page shows of the pairing's story: the story already written from it (when
 * the actor may read stories there), and whether the actor may write one.
 */
export async function pairingStoryLink(ctx: StoryCtx, pairingId: string): Promise<{ storyId: string | null; canWrite: boolean }> {
	if (!isUuid(pairingId)) return { storyId: null, canWrite: false };
	const [row] = await rowsOf<{ path: string; story_id: string | null }>(
		ctx.db,
		sql`SELECT u.path, (SELECT st.id FROM stories st WHERE st.pairing_id = p.id) AS story_id FROM pairings p JOIN units u ON u.id = p.unit_id WHERE p.id = ${pairingId}`
	);
	if (!row || !canReadMobilisation(ctx.actor, { unitPath: row.path })) return { storyId: null, canWrite: false };
	const canWrite = canEditStory(ctx.actor, { unitPath: row.path });
	return { storyId: canWrite || can(ctx.actor, 'content.read', row.path) ? row.story_id : null, canWrite };
}
