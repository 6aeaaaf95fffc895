import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { findCourses } from '$lib/server/modules/training/training.service';
import { CourseView, ListQuery } from '$lib/server/modules/training/training.schemas';

export const GET = endpoint(
	{
		summary: 'Training courses within the actor\'s reach (training.read), newest first, with trainees registered and present and the average score gain',
		tags: ['training'],
		auth: 'user',
		query: ListQuery,
		response: page(CourseView)
	},
	async ({ db, actor, query }) => findCourses({ db, actor }, query)
);
