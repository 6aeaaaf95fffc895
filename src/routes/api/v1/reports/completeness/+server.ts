import { endpoint } from '$lib/server/api/endpoint';
import { CompletenessQuery, CompletenessView, getCompleteness } from '$lib/server/modules/reports/reports.completeness';

export const GET = endpoint(
	{
		summary:
			'Completeness and timeliness of the reports of a form from the units below a unit (reports.read on it): per period, expected, submitted, on time, late, missing (past due) and not yet due, with every expected unit and its report. Periods from `from` to `to` (keys of the form’s period type; default the present period and the three before it).',
		tags: ['reports'],
		auth: 'user',
		query: CompletenessQuery,
		response: CompletenessView
	},
	async ({ db, actor, query }) => getCompleteness({ db, actor }, query)
);
