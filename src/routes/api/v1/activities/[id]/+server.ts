import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { getActivity, saveActivity } from '$lib/server/modules/activities/activities.service';
import { ActivityInput, ActivityView } from '$lib/server/modules/activities/activities.schemas';

const params = z.object({ id: z.uuid() });

export const GET = endpoint(
	{
		summary:
			'One activity with its counts, reached households, costs and evidence; household names only for those who read households there, each such read access-logged',
		tags: ['activities'],
		auth: 'user',
		params,
		response: ActivityView
	},
	async ({ db, actor, params }) => getActivity({ db, actor }, params.id)
);

export const PUT = endpoint(
	{
		summary:
			'Idempotent write by an id made by the caller (offline phones): unknown id → created (201); the same content again → the stored activity unchanged (200); other content with `version` equal to the stored version → updated (200, version + 1); other content without it → 409 with the stored version in details',
		tags: ['activities'],
		auth: 'user',
		params,
		body: ActivityInput,
		response: ActivityView
	},
	async ({ db, actor, params, body }) => {
		const source = actor.via === 'token' ? 'api' : 'offline';
		const { activity, created } = await saveActivity({ db, actor }, params.id, body, source);
		return json(activity, { status: created ? 201 : 200 });
	}
);
