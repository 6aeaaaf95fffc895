import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { verifyActivity } from '$lib/server/modules/activities/activities.service';
import { ActivityView } from '$lib/server/modules/activities/activities.schemas';

export const POST = endpoint(
	{
		summary: 'Mark a done activity verified (activities.verify on its unit: the commune officer); 409 for a planned or already verified one',
		tags: ['activities'],
		auth: 'user',
		params: z.object({ id: z.uuid() }),
		response: ActivityView
	},
	async ({ db, actor, params }) => verifyActivity({ db, actor }, params.id)
);
