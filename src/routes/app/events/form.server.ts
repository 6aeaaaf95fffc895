import { EventInput } from '$lib/server/modules/events/events.schemas';

/** The fields of the event form as typed (repeated names as arrays), kept to show the form again. */
export type EventFormValues = Record<string, string | string[]>;

const MAX_FIELD = 20_000;

export function eventFormValues(data: FormData): EventFormValues {
	const out: EventFormValues = {};
	for (const [k, v] of data) {
		if (typeof v !== 'string') continue;
		const value = v.slice(0, MAX_FIELD);
		if (k === 'invitedGroups' || k === 'invitedVillages') out[k] = [...((out[k] as string[] | undefined) ?? []), value].slice(0, 200);
		else out[k] = value;
	}
	return out;
}

const one = (v: EventFormValues, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
const many = (v: EventFormValues, k: string) => (Array.isArray(v[k]) ? (v[k] as string[]) : typeof v[k] === 'string' && v[k] ? [v[k] as string] : []);

/**
 * The form as the service's input: agenda one item per line, boxes ticked or not, the capacity a
 * whole number or empty. Anything wrong comes back from zod with the field named.
 */
export function eventFormInput(v: EventFormValues): EventInput {
	const capacity = one(v, 'capacity').trim();
	const version = one(v, 'version').trim();
	return EventInput.parse({
		unit: one(v, 'unit'),
		kind: one(v, 'kind') || 'dialogue',
		title: one(v, 'title'),
		description: one(v, 'description'),
		agenda: one(v, 'agenda')
			.split(/\r?\n/)
			.map((l) => l.trim())
			.filter(Boolean),
		place: one(v, 'place'),
		date: one(v, 'date'),
		startTime: one(v, 'startTime') || null,
		endTime: one(v, 'endTime') || null,
		invitedGroups: many(v, 'invitedGroups'),
		invitedVillages: many(v, 'invitedVillages'),
		published: one(v, 'published') === 'on',
		registrationOpen: one(v, 'registrationOpen') === 'on',
		capacity: capacity ? Number(capacity) : null,
		version: version ? Number(version) : undefined
	});
}
