import type { Actions, PageServerLoad } from './$types';
import { today } from '$lib/server/periods';
import { createCommunicator, createCourse, findCommunicators, findCourses, trainingUnits } from '$lib/server/modules/training/training.service';
import { trainingSummary } from '$lib/server/modules/training/training.summary';
import { requireSomewhere, submitForm, summaryScope } from '$lib/server/modules/mobilisation/mobilisation.http';
import { activityOptions } from '$lib/server/modules/activities/activities.options';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireSomewhere(locals, 'training.read');
	const db = (await locals.runtime()).database.db;
	const thisYear = Number(today().slice(0, 4));
	const asked = Number(url.searchParams.get('year'));
	const year = Number.isInteger(asked) && asked >= 2000 && asked <= thisYear + 1 ? asked : thisYear;
	const [summary, communicators, courses, units] = await Promise.all([
		trainingSummary(db, summaryScope(actor, 'training.read'), `${year}-01-01`, `${year}-12-31`),
		findCommunicators({ db, actor }, { limit: 200, offset: 0 }),
		findCourses({ db, actor }, { limit: 200, offset: 0 }),
		trainingUnits({ db, actor })
	]);
	// A course serves a plan of its unit or one above: its activity then counts towards the plan's targets.
	const plans = units.length ? (await activityOptions({ db, actor }, locals.locale, { for: 'edit' })).plans.map(({ id, title, unitName, period }) => ({ id, title, unitName, period })) : [];
	return { year, summary, communicators: communicators.items, courses: courses.items, units, plans, today: today(), done: url.searchParams.get('done') };
};

export const actions: Actions = {
	communicator: (event) =>
		submitForm(
			event,
			'communicator',
			(f) => (ctx) =>
				createCommunicator(ctx, {
					unit: f.unit ?? '',
					fullName: f.fullName ?? '',
					organisation: f.organisation,
					role: f.role ?? '',
					topics: f.topics,
					phone: f.phone,
					phoneConsent: f.phoneConsent === 'on'
				}),
			'/app/training?done=1#communicators'
		),
	course: (event) =>
		submitForm(
			event,
			'course',
			(f) => (ctx) =>
				createCourse(ctx, { unit: f.unit ?? '', title: f.title ?? '', organiser: f.organiser ?? '', topics: f.topics, fromDate: f.fromDate ?? '', toDate: f.toDate ?? '', place: f.place, plan: f.plan || null }),
			'/app/training?done=1#courses'
		)
};
