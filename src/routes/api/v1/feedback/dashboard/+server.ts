import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { feedbackDashboard } from '$lib/server/modules/feedback/feedback.dashboard';

const figures = { received: z.number().int(), answered: z.number().int(), answeredOnTime: z.number().int(), overdue: z.number().int(), averageDaysToAnswer: z.number().nullable() };

export const GET = endpoint(
	{
		summary: 'Feedback of a unit’s subtree in a year: received, answered on time, overdue now, average days to answer; in total, by category and by month',
		tags: ['feedback'],
		auth: 'user',
		query: z.object({ unit: z.string().trim().min(1).max(40).optional(), year: z.coerce.number().int().min(2000).max(2100).optional() }),
		response: z.object({
			unit: z.object({ code: z.string(), name: z.string() }),
			year: z.number().int(),
			total: z.object(figures),
			byCategory: z.array(z.object({ category: z.string(), name: z.string(), ...figures })),
			byMonth: z.array(z.object({ month: z.string(), ...figures }))
		})
	},
	async ({ db, actor, query, locale }) =>
		feedbackDashboard({ db, actor, locale }, { unit: query.unit, year: query.year ?? Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }).slice(0, 4)) })
);
