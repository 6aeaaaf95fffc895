import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { loadStation } from '$lib/server/modules/loudspeakers/loudspeakers.service';
import { getStationDay, localNow } from '$lib/server/modules/loudspeakers/loudspeakers.schedule';
import { Broadcast, DayQuery, Slot, StationParams } from '$lib/server/modules/loudspeakers/loudspeakers.schemas';

const StationDay = z.object({
	date: z.string(),
	weekday: z.number(),
	slots: z.array(Slot.extend({ broadcasts: z.array(Broadcast), usedSeconds: z.number() })),
	unslotted: z.array(Broadcast)
});

export const GET = endpoint(
	{
		summary: 'A station’s day (default today in Việt Nam): its slots with the broadcasts in playing order, seconds used, missed plays shown as missed',
		tags: ['loudspeakers'],
		auth: 'user',
		params: StationParams,
		query: DayQuery,
		response: StationDay
	},
	async ({ db, actor, params, query }) => {
		const station = await loadStation(db, actor, params.id);
		const { date, weekday, slots, unslotted } = await getStationDay(db, station, query.date ?? localNow(new Date()).date);
		return { date, weekday, slots, unslotted };
	}
);
