import type { Actions, PageServerLoad } from './$types';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { addTrainee, getCourseDetail, recordAttendance, removeTrainee, traineeOptions } from '$lib/server/modules/training/training.trainees';
import { issueCertificate } from '$lib/server/modules/training/training.certificates';
import { submitForm } from '$lib/server/modules/mobilisation/mobilisation.http';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const detail = await getCourseDetail({ db, actor }, params.id);
		const q = url.searchParams.get('q');
		const options = detail.canEdit ? await traineeOptions({ db, actor }, params.id, q) : { staff: [], network: [], households: [] };
		return { ...detail, options, q: q ?? '', done: url.searchParams.get('done') };
	});
};

const back = (id: string, anchor = 'trainees') => `/app/training/courses/${id}?done=1#${anchor}`;

export const actions: Actions = {
	trainee: (event) =>
		submitForm(
			event,
			'trainee',
			(f) => (ctx) => {
				const [kind, ref] = (f.who ?? '').split(':');
				return addTrainee(ctx, event.params.id!, kind === 'other' || !kind ? { kind: 'other', name: f.name ?? '' } : { kind, ref: ref || null });
			},
			back(event.params.id!)
		),
	attendance: (event) =>
		submitForm(
			event,
			'attendance',
			(f, data) => (ctx) => {
				const present = new Set(data.getAll('attended').map(String));
				const ids = data.getAll('trainee').map(String).slice(0, 2000);
				return recordAttendance(ctx, event.params.id!, {
					trainees: ids.map((id) => ({ id, attended: present.has(id), preScore: f[`pre_${id}`] ?? '', postScore: f[`post_${id}`] ?? '' }))
				});
			},
			back(event.params.id!)
		),
	certificate: (event) => submitForm(event, 'certificate', (f) => (ctx) => issueCertificate(ctx, event.params.id!, f.trainee ?? ''), back(event.params.id!)),
	remove: (event) => submitForm(event, 'remove', (f) => (ctx) => removeTrainee(ctx, event.params.id!, f.trainee ?? ''), back(event.params.id!))
};
