import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { getFigureRecords } from '$lib/server/modules/reports/reports.service';
import { FigureRecordsShape } from '$lib/server/modules/reports/reports.api-schemas';

export const GET = endpoint(
	{
		summary: 'The records behind one computed figure of a report: the activities (and published content, confirmed plays, distributions) counted for its unit and period',
		tags: ['reports'],
		auth: 'user',
		params: z.object({ id: z.string().max(100), code: z.string().max(100) }),
		response: FigureRecordsShape
	},
	async ({ db, actor, params }) => getFigureRecords({ db, actor }, params.id, params.code)
);
