import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { findReports, openReport } from '$lib/server/modules/reports/reports.service';
import { ReportListQuery, ReportOpenInput } from '$lib/server/modules/reports/reports.schemas';
import { ReportListItem } from '$lib/server/modules/reports/reports.api-schemas';
import { z } from 'zod';

export const GET = endpoint(
	{
		summary:
			'Periodic reports the actor may read (reports.read on their unit), each with its unit’s code and name, period, form and status; filtered by form, period key, status and unit (and what lies under it); latest due first, paginated',
		tags: ['reports'],
		auth: 'user',
		query: ReportListQuery,
		response: page(ReportListItem)
	},
	async ({ db, actor, query }) => findReports({ db, actor }, query)
);

export const POST = endpoint(
	{
		summary: 'Opens the report of a unit for a period on a form (reports.read on the unit): the stored one, or a new draft due the form’s days after the period ends',
		tags: ['reports'],
		auth: 'user',
		body: ReportOpenInput,
		response: z.object({ id: z.string().uuid(), created: z.boolean() })
	},
	async ({ db, actor, body }) => openReport({ db, actor }, body)
);
