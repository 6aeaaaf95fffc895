import { endpoint } from '$lib/server/api/endpoint';
import { addSlot } from '$lib/server/modules/loudspeakers/loudspeakers.service';
import { SlotInput, Station, StationParams } from '$lib/server/modules/loudspeakers/loudspeakers.schemas';

export const POST = endpoint(
	{
		summary: 'Add a daily broadcast slot (start HH:MM in Việt Nam, minutes, ISO weekdays 1–7)',
		tags: ['loudspeakers'],
		auth: 'user',
		params: StationParams,
		body: SlotInput,
		response: Station,
		status: 201
	},
	async ({ db, actor, params, body }) => addSlot({ db, actor }, params.id, body)
);
