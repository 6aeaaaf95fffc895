import { endpoint } from '$lib/server/api/endpoint';
import { removeSlot } from '$lib/server/modules/loudspeakers/loudspeakers.service';
import { SlotParams, Station } from '$lib/server/modules/loudspeakers/loudspeakers.schemas';

export const DELETE = endpoint(
	{ summary: 'Remove a slot (broadcasts placed in it keep their day without a slot)', tags: ['loudspeakers'], auth: 'user', params: SlotParams, response: Station },
	async ({ db, actor, params }) => removeSlot({ db, actor }, params.id, params.slotId)
);
