import { endpoint } from '$lib/server/api/endpoint';
import { getFieldBootstrap } from '$lib/server/modules/field/field.service';
import { FieldBootstrap, FieldBootstrapQuery } from '$lib/server/modules/field/field.schemas';

export const GET = endpoint(
	{
		summary:
			'What the village notebook caches for offline entry: the villages the actor records activities for, channels, audience groups, the chosen village’s households (id, name, category only; each listed household is access-logged with screen "field") and the themes of the plans in force above it',
		tags: ['field'],
		auth: 'user',
		query: FieldBootstrapQuery,
		response: FieldBootstrap
	},
	async ({ db, actor, query }) => getFieldBootstrap({ db, actor }, query)
);
