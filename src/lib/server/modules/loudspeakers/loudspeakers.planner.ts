/**
 * The schedule's rules, without the database: which slot a bulletin goes into, and what moves to
 * make room. Rules (also in docs/ARCHITECTURE.md):
 *
 * - A placement asks for one play a day on each of its days. On a day the bulletin goes into the
 *   first slot that runs that weekday (today: the first one not started yet) with room for it.
 * - Room is counted per rank: a bulletin fits when the seconds of what is already there with the
 *   same or a higher priority, plus its own, stay within the slot's minutes. Within a slot the
 *   order is emergency, priority, normal, then the order the requests came in.
 * - What no longer fits once a more urgent bulletin came in (the last of the lowest rank first)
 *   moves to the next slot with room, that day or the following ones ("spills"); so does a
 *   bulletin that finds no room on its own day, up to SPILL_DAYS later.
 * - An emergency bulletin goes into the first slot of the day (today: the next one) whatever is
 *   there: it skips the queue, and what it displaces moves on as above.
 * - Played bulletins and emergencies never move; a bulletin is never twice in one slot.
 */

export const SPILL_DAYS = 7;
export const priorityRank: Record<string, number> = { emergency: 0, priority: 1, normal: 2 };

export interface PlanSlot {
	id: string;
	startTime: string;
	minutes: number;
	weekdays: number[];
}

export interface PlanItem {
	/** Null for a broadcast this placement creates. */
	id: string | null;
	contentId: string;
	rank: number;
	seconds: number;
	/** Request order. */
	requestedAt: number;
	status: string;
	date: string;
	slotId: string;
	/** Set on items the plan created or moved. */
	changed?: 'new' | 'moved';
}

export interface Occurrence {
	date: string;
	slot: PlanSlot;
}

const occKey = (date: string, slotId: string) => `${date}|${slotId}`;

export function addDays(date: string, n: number): string {
	const d = new Date(date + 'T00:00:00Z');
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 Monday … 7 Sunday. */
export const isoWeekday = (date: string) => new Date(date + 'T00:00:00Z').getUTCDay() || 7;

/** The station's day, as the planner keeps it: items by slot occurrence. */
export class StationPlan {
	private readonly items = new Map<string, PlanItem[]>();
	private readonly sortedSlots: PlanSlot[];
	/** Slots that already hold a (cancelled) row of a bulletin: the unique index allows one row there. */
	private readonly taken = new Set<string>();
	readonly unplaced: { date: string; reason: 'noSlot' | 'noRoom' | 'tooLong' }[] = [];

	constructor(
		slots: PlanSlot[],
		existing: PlanItem[],
		cancelled: { contentId: string; date: string; slotId: string | null }[],
		/** Today's date and the time now ("HH:MM") in Việt Nam: slots already started are not offered. */
		private readonly now: { date: string; time: string }
	) {
		this.sortedSlots = [...slots].sort((a, b) => a.startTime.localeCompare(b.startTime));
		for (const item of existing) this.slotItems(item.date, item.slotId).push(item);
		for (const c of cancelled) if (c.slotId) this.taken.add(`${occKey(c.date, c.slotId)}|${c.contentId}`);
	}

	private slotItems(date: string, slotId: string): PlanItem[] {
		const key = occKey(date, slotId);
		let list = this.items.get(key);
		if (!list) this.items.set(key, (list = []));
		return list;
	}

	/** Items of a slot on a day in their playing order. */
	itemsOf(date: string, slotId: string): PlanItem[] {
		return [...(this.items.get(occKey(date, slotId)) ?? [])].sort(order);
	}

	/** Every slot occurrence touched, for writing positions back. */
	occurrences(): { date: string; slotId: string; items: PlanItem[] }[] {
		return [...this.items.entries()].map(([k, items]) => {
			const [date, slotId] = k.split('|');
			return { date, slotId, items: [...items].sort(order) };
		});
	}

	/** Slot occurrences of one day, the ones already started today left out. */
	occurrencesOn(date: string): Occurrence[] {
		if (date < this.now.date) return [];
		const weekday = isoWeekday(date);
		return this.sortedSlots
			.filter((s) => s.weekdays.includes(weekday) && (date > this.now.date || s.startTime > this.now.time))
			.map((slot) => ({ date, slot }));
	}

	/** Slot occurrences from a day on, through SPILL_DAYS later, in time order. */
	private *occurrencesFrom(date: string): Generator<Occurrence> {
		for (let i = 0; i <= SPILL_DAYS; i++) yield* this.occurrencesOn(addDays(date, i));
	}

	/**
	 * Whether the bulletin is in that slot already. A move also avoids a slot holding a cancelled
	 * row of it (one row per slot); a new placement brings such a row back instead.
	 */
	private holds(occ: Occurrence, contentId: string, moving?: PlanItem): boolean {
		return (
			this.slotItems(occ.date, occ.slot.id).some((x) => x.contentId === contentId && x !== moving) ||
			(moving !== undefined && this.taken.has(`${occKey(occ.date, occ.slot.id)}|${contentId}`))
		);
	}

	private fits(occ: Occurrence, item: PlanItem): boolean {
		const load = this.slotItems(occ.date, occ.slot.id)
			.filter((x) => x.rank <= item.rank && x !== item)
			.reduce((s, x) => s + x.seconds, 0);
		return load + item.seconds <= occ.slot.minutes * 60;
	}

	/** Whether the bulletin already plays at this station on that day. */
	playsOn(date: string, contentId: string): boolean {
		return this.sortedSlots.some((s) => this.slotItems(date, s.id).some((x) => x.contentId === contentId));
	}

	/**
	 * Places one play of a bulletin for `date`; returns the item, or null (recorded in `unplaced`).
	 */
	place(item: Omit<PlanItem, 'date' | 'slotId'>, date: string): PlanItem | null {
		const longest = Math.max(0, ...this.sortedSlots.map((s) => s.minutes * 60));
		if (!this.sortedSlots.length) return this.refuse(date, 'noSlot');
		if (item.rank > 0 && item.seconds > longest) return this.refuse(date, 'tooLong');
		for (const occ of this.occurrencesFrom(date)) {
			if (this.holds(occ, item.contentId)) continue;
			const placed: PlanItem = { ...item, date: occ.date, slotId: occ.slot.id, changed: 'new' };
			// An emergency takes the day's first open slot whatever is there; others need room.
			if (item.rank === 0 || this.fits(occ, placed)) {
				this.slotItems(occ.date, occ.slot.id).push(placed);
				this.rebalance(occ);
				return placed;
			}
		}
		return this.refuse(date, 'noRoom');
	}

	private refuse(date: string, reason: 'noSlot' | 'noRoom' | 'tooLong'): null {
		this.unplaced.push({ date, reason });
		return null;
	}

	/** Moves what no longer fits in a slot (lowest rank, latest request first) to the next slot with room. */
	private rebalance(occ: Occurrence): void {
		const list = this.slotItems(occ.date, occ.slot.id);
		const capacity = occ.slot.minutes * 60;
		for (;;) {
			const total = list.reduce((s, x) => s + x.seconds, 0);
			if (total <= capacity) return;
			const movable = [...list].sort(order).reverse().find((x) => x.rank > 0 && x.status === 'scheduled');
			if (!movable) return; // only emergencies and played items left: the slot runs over
			list.splice(list.indexOf(movable), 1);
			const next = this.nextWithRoom(occ, movable);
			if (!next) {
				list.push(movable); // nowhere to go within SPILL_DAYS: it stays, over the slot's time
				return;
			}
			movable.date = next.date;
			movable.slotId = next.slot.id;
			if (movable.changed !== 'new') movable.changed = 'moved';
			this.slotItems(next.date, next.slot.id).push(movable);
			this.rebalance(next);
		}
	}

	private nextWithRoom(after: Occurrence, item: PlanItem): Occurrence | null {
		let passed = false;
		for (const occ of this.occurrencesFrom(after.date)) {
			if (!passed) {
				passed = occ.slot.id === after.slot.id;
				continue;
			}
			if (!this.holds(occ, item.contentId, item) && this.fits(occ, item)) return occ;
		}
		return null;
	}
}

function order(a: PlanItem, b: PlanItem): number {
	return a.rank - b.rank || a.requestedAt - b.requestedAt || (a.id ?? '~').localeCompare(b.id ?? '~');
}
