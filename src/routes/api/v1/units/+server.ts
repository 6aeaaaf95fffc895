import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { createUnit, findUnits } from '$lib/server/modules/units/units.service';
import { Unit, UnitCreateInput, UnitListQuery } from '$lib/server/modules/units/units.schemas';
import { page } from '$lib/server/api/schemas';

export const GET = endpoint(
	{ summary: 'Units the actor may see, filtered and paginated', tags: ['units'], auth: 'user', query: UnitListQuery, response: page(Unit) },
	async ({ db, actor, query }) => findUnits({ db, actor }, query)
);

export const POST = endpoint(
	{ summary: 'Create a unit (administrators)', tags: ['units'], auth: 'user', body: UnitCreateInput, response: Unit, status: 201 },
	async ({ db, actor, body }) => createUnit({ db, actor }, body)
);
