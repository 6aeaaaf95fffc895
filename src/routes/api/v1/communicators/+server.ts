import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { findCommunicators } from '$lib/server/modules/training/training.service';
import { CommunicatorView, ListQuery } from '$lib/server/modules/training/training.schemas';

export const GET = endpoint(
	{
		summary: 'The communicator network (tuyên truyền viên, báo cáo viên) within the actor\'s reach, with topics and courses taken; a phone only where the person agreed',
		tags: ['training'],
		auth: 'user',
		query: ListQuery,
		response: page(CommunicatorView)
	},
	async ({ db, actor, query }) => findCommunicators({ db, actor }, query)
);
