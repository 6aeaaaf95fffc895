import type { Actor } from '../../access/actor';
import { can, scopePaths } from '../../access/actor';

/** What a story check needs: its unit's path and its status. */
export interface Placed {
	unitPath: string;
	status: string;
}

/**
 * Reading in the workspace: every story of the units under the actor's `content.read` grants, in
 * any status; and published stories of the units above a grant (they are public anyway: a village
 * head reads the commune's published stories, not its drafts). Never another commune's drafts.
 */
export function canReadStory(actor: Actor, story: Placed): boolean {
	if (can(actor, 'content.read', story.unitPath)) return true;
	if (story.status !== 'published') return false;
	const paths = scopePaths(actor, 'content.read');
	return paths !== null && paths.some((p) => p.startsWith(story.unitPath));
}

/** Write and change stories, record consents, add photos, submit: `stories.edit` reaching the unit. */
export const canEditStory = (actor: Actor, story: Pick<Placed, 'unitPath'>) => can(actor, 'stories.edit', story.unitPath);

/** Approve, return, publish, withdraw and nominate: `stories.approve` reaching the unit. */
export const canApproveStory = (actor: Actor, story: Pick<Placed, 'unitPath'>) => can(actor, 'stories.approve', story.unitPath);

/** Consent records and scanned forms are personal: only those who write or approve the unit's stories. */
export const canHandleConsents = (actor: Actor, story: Pick<Placed, 'unitPath'>) => canEditStory(actor, story) || canApproveStory(actor, story);
