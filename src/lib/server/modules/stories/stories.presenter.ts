import type { Actor } from '../../access/actor';
import { can } from '../../access/actor';
import type { ConsentRow, PhotoRow, StoryRow, StoryWithUnit } from './stories.repository';
import { canApproveStory, canEditStory, canHandleConsents } from './stories.policy';
import type { BeforeAfter, ConsentMethod, ConsentView, HouseholdCategory, PhotoView, PublicStory, StoryKind, StoryStatus, StorySummary, StoryView } from './stories.schemas';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? '—' } : null);

export function presentStorySummary(row: StoryWithUnit): StorySummary {
	const { story } = row;
	return {
		id: story.id,
		unit: row.unitCode,
		unitName: row.unitName,
		portalCode: row.portalCode,
		subjectKind: story.subjectKind as StoryKind,
		subjectName: story.subjectName,
		title: story.title,
		summary: story.summary,
		status: story.status as StoryStatus,
		nominated: story.nominated,
		writer: person(story.createdBy, row.writerName),
		updatedAt: story.updatedAt.toISOString(),
		publishedAt: iso(story.publishedAt)
	};
}

/** Consents are complete when at least one person is recorded and nobody has withdrawn. */
export const consentComplete = (consents: Pick<ConsentRow, 'withdrawnAt'>[]) => consents.length > 0 && consents.every((c) => c.withdrawnAt === null);

export function presentBeforeAfter(story: Pick<StoryRow, 'subjectKind' | 'householdId' | 'beforeYear' | 'afterYear'>, categories: Map<number, string>): BeforeAfter | null {
	if (story.subjectKind !== 'household' || !story.householdId || story.beforeYear === null || story.afterYear === null) return null;
	const of = (y: number) => (categories.get(y) as HouseholdCategory | undefined) ?? null;
	return { beforeYear: story.beforeYear, before: of(story.beforeYear), afterYear: story.afterYear, after: of(story.afterYear) };
}

export const workspacePhotoUrl = (storyId: string, photoId: string) => `/app/stories/${storyId}/photos/${photoId}`;
export const publicPhotoUrl = (unitCode: string, storyId: string, photoId: string) => `/portal/${encodeURIComponent(unitCode)}/stories/${storyId}/photos/${photoId}`;

const photoView = (p: PhotoRow, url: string): PhotoView => ({ id: p.id, alt: p.alt, caption: p.caption, url });

export interface StoryExtras {
	consents: { consent: ConsentRow; recorderName: string | null }[];
	photos: PhotoRow[];
	household: { id: string; headName: string; villagePath: string; villageName: string } | null;
	categories: Map<number, string>;
}

export function presentStory(actor: Actor, row: StoryWithUnit, extras: StoryExtras): StoryView {
	const { story } = row;
	const placed = { unitPath: row.unitPath };
	const edit = canEditStory(actor, placed);
	const approve = canApproveStory(actor, placed);
	const handles = canHandleConsents(actor, placed);
	const status = story.status as StoryStatus;
	const complete = consentComplete(extras.consents.map((c) => c.consent));
	const ownStory = !!actor.userId && story.createdBy === actor.userId;
	const consents: ConsentView[] = handles
		? extras.consents.map(({ consent: c, recorderName }) => ({
				id: c.id,
				personName: c.personName,
				givenOn: c.givenOn,
				method: c.method as ConsentMethod,
				hasForm: c.fileId !== null,
				withdrawnAt: iso(c.withdrawnAt),
				recordedBy: person(c.recordedBy, recorderName)
			}))
		: [];
	const hh = extras.household;
	return {
		...presentStorySummary(row),
		whatTheyDid: story.whatTheyDid,
		results: story.results,
		household: hh ? { id: hh.id, headName: can(actor, 'households.read', hh.villagePath) ? hh.headName : null, village: hh.villageName } : null,
		beforeYear: story.beforeYear,
		afterYear: story.afterYear,
		beforeAfter: presentBeforeAfter(story, extras.categories),
		approvedBy: person(story.approvedBy, row.approverName),
		approvedAt: iso(story.approvedAt),
		nominationNote: story.nominationNote,
		nominatedAt: iso(story.nominatedAt),
		consents,
		consentComplete: complete,
		photos: extras.photos.map((p) => photoView(p, workspacePhotoUrl(story.id, p.id))),
		createdAt: story.createdAt.toISOString(),
		actions: {
			edit,
			submit: edit && status === 'draft',
			approve: approve && status === 'in_review' && !ownStory,
			return: approve && (status === 'in_review' || status === 'approved'),
			publish: approve && status === 'approved',
			withdraw: approve && status === 'published',
			nominate: approve && (status === 'approved' || status === 'published'),
			unnominate: approve && story.nominated,
			consent: handles
		}
	};
}

/** The public face of a published story: the story's own words, photos, and the categories as codes. */
export function presentPublicStory(row: { story: StoryRow; unitCode: string; unitName: string; portalCode: string }, photos: PhotoRow[], categories: Map<number, string>): PublicStory {
	const { story } = row;
	return {
		id: story.id,
		unit: row.unitCode,
		unitName: row.unitName,
		portalCode: row.portalCode,
		subjectKind: story.subjectKind as StoryKind,
		subjectName: story.subjectName,
		title: story.title,
		summary: story.summary,
		whatTheyDid: story.whatTheyDid,
		results: story.results,
		beforeAfter: presentBeforeAfter(story, categories),
		photos: photos.map((p) => photoView(p, publicPhotoUrl(row.portalCode, story.id, p.id))),
		publishedAt: story.publishedAt!.toISOString()
	};
}

/** What the audit trail keeps of a story's text and state. */
export function auditShape(s: Pick<StoryRow, 'subjectKind' | 'subjectName' | 'householdId' | 'title' | 'summary' | 'whatTheyDid' | 'results' | 'beforeYear' | 'afterYear' | 'status'>) {
	return {
		subjectKind: s.subjectKind,
		subjectName: s.subjectName,
		householdId: s.householdId,
		title: s.title,
		summary: s.summary,
		whatTheyDid: s.whatTheyDid,
		results: s.results,
		beforeYear: s.beforeYear,
		afterYear: s.afterYear,
		status: s.status
	};
}
