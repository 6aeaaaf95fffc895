import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { getUnit, updateUnit } from '$lib/server/modules/units/units.service';
import { presentUnit } from '$lib/server/modules/units/units.presenter';
import { Unit, UnitUpdateInput } from '$lib/server/modules/units/units.schemas';

const params = z.object({ code: z.string().min(1).max(40) });

export const GET = endpoint(
	{ summary: 'One unit by its code', tags: ['units'], auth: 'user', params, response: Unit },
	async ({ db, actor, params }) => presentUnit(await getUnit({ db, actor }, params.code))
);

export const PATCH = endpoint(
	{ summary: 'Rename, re-date or move a unit (administrators)', tags: ['units'], auth: 'user', params, body: UnitUpdateInput, response: Unit },
	async ({ db, actor, params, body }) => updateUnit({ db, actor }, params.code, body)
);
