import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { AppError } from '../../errors';
import { getActivity } from '../activities/activities.service';
import { buildMobilisationWorld } from '../mobilisation/mobilisation.testing';
import { createCommunicator, createCourse, findCommunicators, findCourses, getCommunicatorDetail, updateCommunicator } from './training.service';
import { addTrainee, addTrainees, getCourseDetail, recordAttendance, removeTrainee, traineeOptions } from './training.trainees';
import { getCertificatePdf, issueCertificate } from './training.certificates';
import { trainingSummary } from './training.summary';

async function failure(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		if (err instanceof AppError) return { code: err.code, key: err.messageKey };
		if (err instanceof z.ZodError) return { code: 'VALIDATION', key: err.issues.map((i) => i.message).join(',') };
		throw err;
	}
	throw new Error('expected a failure');
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-training-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.each(testDrivers)('training: communicators, courses, trainees, certificates (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildMobilisationWorld>>;
	const ctx = (actor: typeof w.officer1) => ({ db: database.db, actor, now: () => new Date('2025-10-20T03:00:00Z') });
	let courseId: string;
	let activityId: string;
	let mai: string;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildMobilisationWorld(database.db);
		mai = (await createCommunicator(ctx(w.officer1), { unit: 'C1-V1', fullName: 'Lương Thị Mai', organisation: 'Hội Phụ nữ', role: 'communicator', topics: 'BHYT, vay vốn ưu đãi', phone: '0987654321', phoneConsent: 'on' })).id;
		const course = await createCourse(ctx(w.officer1), { unit: 'C1', title: 'Kỹ năng tuyên truyền giảm nghèo', organiser: 'UBND xã Một', topics: ['Kỹ năng nói trước đám đông', 'Chính sách hỗ trợ hộ nghèo'], fromDate: '2025-10-14', toDate: '2025-10-15', place: 'Hội trường xã' });
		courseId = course.id;
		activityId = course.activityId;
	});
	afterAll(() => database.close());

	it('keeps the network with topics and phone only with consent, and refuses bad input', async () => {
		const [c] = (await findCommunicators(ctx(w.officer1), { limit: 50, offset: 0 })).items;
		expect(c).toMatchObject({ fullName: 'Lương Thị Mai', topics: ['BHYT', 'vay vốn ưu đãi'], phone: '0987654321', unitCode: 'C1-V1' });
		expect(await failure(createCommunicator(ctx(w.officer1), { unit: 'C1', fullName: 'X', role: 'communicator', phone: '0987654321' }))).toEqual({ code: 'VALIDATION', key: 'training.phoneNeedsConsent' });
		expect(await failure(createCommunicator(ctx(w.officer1), { unit: 'C1', fullName: ' ', role: 'speaker' }))).toEqual({ code: 'VALIDATION', key: 'training.nameRequired,training.roleUnknown' });
		expect(await failure(createCommunicator(ctx(w.officer2), { unit: 'C1', fullName: 'Y', role: 'reporter' }))).toEqual({ code: 'FORBIDDEN', key: 'training.outOfReach' });
		expect(await failure(createCourse(ctx(w.officer1), { unit: 'C1', title: 'T', organiser: 'O', fromDate: '2025-10-15', toDate: '2025-10-14' }))).toEqual({ code: 'VALIDATION', key: 'training.dateOrder' });
		// A plan that does not exist is refused by the activity's checks, and no course is left behind.
		expect(
			await failure(createCourse(ctx(w.officer1), { unit: 'C1', title: 'T', organiser: 'O', fromDate: '2025-10-15', toDate: '2025-10-15', plan: '00000000-0000-4000-8000-000000000000' }))
		).toEqual({ code: 'VALIDATION', key: 'activities.planUnknown' });
		expect((await findCourses(ctx(w.officer1), { limit: 50, offset: 0 })).items.map((c) => c.title)).toEqual(['Kỹ năng tuyên truyền giảm nghèo']);
		const off = await updateCommunicator(ctx(w.officer1), mai, { unit: 'C1-V1', fullName: 'Lương Thị Mai', role: 'reporter', topics: 'BHYT', phoneConsent: '', active: true });
		expect(off).toMatchObject({ role: 'reporter', phone: null });
	});

	it('adds trainees from staff, the network, households and by name; attendance and scores go to the activity', async () => {
		const options = await traineeOptions(ctx(w.officer1), courseId, 'pành');
		expect(options.network.map((n) => n.id)).toContain(mai);
		expect(options.households.map((h) => h.name)).toEqual(['Lò Văn Pành']);
		const staff = options.staff.find((s) => s.id === w.officer1.userId)!;
		const ids = {
			staff: await addTrainee(ctx(w.officer1), courseId, { kind: 'user', ref: staff.id }),
			mai: await addTrainee(ctx(w.officer1), courseId, { kind: 'communicator', ref: mai }),
			poor: await addTrainee(ctx(w.officer1), courseId, { kind: 'household', ref: w.poor11 }),
			other: await addTrainee(ctx(w.officer1), courseId, { kind: 'other', name: 'Bí thư chi đoàn thôn Một' })
		};
		expect(await failure(addTrainee(ctx(w.officer1), courseId, { kind: 'communicator', ref: mai }))).toEqual({ code: 'CONFLICT', key: 'training.traineeTwice' });
		expect(await failure(addTrainee(ctx(w.officer1), courseId, { kind: 'household', ref: w.poor21 }))).toEqual({ code: 'VALIDATION', key: 'training.householdOutside' });
		expect(await failure(addTrainee(ctx(w.officer1), courseId, { kind: 'user', ref: w.officer2.userId }))).toEqual({ code: 'VALIDATION', key: 'training.userOutside' });
		expect(await failure(addTrainee(ctx(w.officer1), courseId, { kind: 'other' }))).toEqual({ code: 'VALIDATION', key: 'training.nameRequired' });
		// A list with one refused trainee stores none of them.
		expect(await failure(addTrainees(ctx(w.officer1), courseId, [{ kind: 'other', name: 'Khách mời' }, { kind: 'household', ref: w.poor21 }]))).toEqual({
			code: 'VALIDATION',
			key: 'training.householdOutside'
		});
		expect((await getCourseDetail(ctx(w.officer1), courseId)).trainees).toHaveLength(4);
		expect(
			await failure(recordAttendance(ctx(w.officer1), courseId, { trainees: [{ id: ids.staff, attended: 'on', preScore: '101', postScore: '' }] }))
		).toEqual({ code: 'VALIDATION', key: 'training.scoreRange' });
		expect(await failure(recordAttendance(ctx(w.officer1), courseId, { trainees: [{ id: ids.staff, attended: 'on', preScore: '5.5' }] }))).toMatchObject({ key: 'training.scoreRange' });

		await recordAttendance(ctx(w.officer1), courseId, {
			trainees: [
				{ id: ids.staff, attended: 'on', preScore: '60', postScore: '80' },
				{ id: ids.mai, attended: 'on', preScore: '50', postScore: '90' },
				{ id: ids.poor, attended: 'on', preScore: '', postScore: '70' },
				{ id: ids.other, attended: '' }
			]
		});
		const detail = await getCourseDetail(ctx(w.officer1), courseId);
		expect(detail.course).toMatchObject({ trainees: 4, attended: 3, averageGain: 30 });
		expect(detail.trainees.map((t) => [t.kind, t.name, t.attended, t.gain])).toEqual([
			['user', w.officer1.displayName, true, 20],
			['communicator', 'Lương Thị Mai', true, 40],
			['household', 'Lò Văn Pành', true, null],
			['other', 'Bí thư chi đoàn thôn Một', false, null]
		]);
		const activity = await getActivity({ db: database.db, actor: w.officer1 }, activityId);
		expect(activity).toMatchObject({ channel: 'training', status: 'done', date: '2025-10-14', title: 'Kỹ năng tuyên truyền giảm nghèo' });
		expect(activity.counts).toEqual({ cadre: 1, poverty_staff: 1, poor: 1 });
		expect(activity.households.map((h) => h.id)).toEqual([w.poor11]);

		expect(await trainingSummary(database.db, w.paths['C1'], '2025-01-01', '2025-12-31')).toMatchObject({
			courses: 1,
			trainees: 4,
			attended: 3,
			byGroup: { user: 1, communicator: 1, household: 1, other: 0 },
			averageGain: 30,
			certificates: 0
		});
		expect(await trainingSummary(database.db, w.paths['C2'], '2025-01-01', '2025-12-31')).toMatchObject({ courses: 0, trainees: 0, averageGain: null });
		expect((await getCommunicatorDetail(ctx(w.officer1), mai)).trainings).toMatchObject([{ courseId, attended: true }]);
		await removeTrainee(ctx(w.officer1), courseId, ids.other);
		expect((await getCourseDetail(ctx(w.officer1), courseId)).trainees).toHaveLength(3);
	});

	it('issues numbered certificates as PDF only to those who attended', async () => {
		const detail = await getCourseDetail(ctx(w.officer1), courseId);
		const mai = detail.trainees.find((t) => t.kind === 'communicator')!;
		const absent = await addTrainee(ctx(w.officer1), courseId, { kind: 'other', name: 'Người vắng mặt' });
		expect(await failure(issueCertificate(ctx(w.officer1), courseId, absent))).toEqual({ code: 'CONFLICT', key: 'training.certificateNotAttended' });
		const first = await issueCertificate(ctx(w.officer1), courseId, mai.id);
		expect(first.number).toBe('01/GCN-UBND');
		// Issuing again returns the same certificate.
		expect(await issueCertificate(ctx(w.officer1), courseId, mai.id)).toEqual(first);
		const file = await getCertificatePdf({ db: database.db, actor: w.officer1 }, courseId, mai.id);
		expect(file.mime).toBe('application/pdf');
		const pdfPath = path.join(work, `cert-${driver}.pdf`);
		fs.writeFileSync(pdfPath, file.bytes);
		const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ');
		expect(text).toContain('GIẤY CHỨNG NHẬN');
		expect(text).toContain('Lương Thị Mai');
		expect(text).toContain('Kỹ năng tuyên truyền giảm nghèo');
		expect(text).toContain('Số: 01/GCN-UBND');
		expect(await failure(recordAttendance(ctx(w.officer1), courseId, { trainees: [{ id: mai.id, attended: '' }] }))).toEqual({ code: 'CONFLICT', key: 'training.traineeCertified' });
		expect(await failure(removeTrainee(ctx(w.officer1), courseId, mai.id))).toEqual({ code: 'CONFLICT', key: 'training.traineeCertified' });
		const staff = detail.trainees.find((t) => t.kind === 'user')!;
		// Numbered now, its PDF made at the first download and kept: the second download is the same file.
		expect((await issueCertificate(ctx(w.officer1), courseId, staff.id, { pdfNow: false })).number).toBe('02/GCN-UBND');
		const later = await getCertificatePdf({ db: database.db, actor: w.officer1 }, courseId, staff.id);
		expect(later.mime).toBe('application/pdf');
		fs.writeFileSync(pdfPath, later.bytes);
		const laterText = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ');
		expect(laterText).toContain(w.officer1.displayName);
		expect(laterText).toContain('Số: 02/GCN-UBND');
		expect((await getCertificatePdf({ db: database.db, actor: w.officer1 }, courseId, staff.id)).sha256).toBe(later.sha256);
		expect((await trainingSummary(database.db, w.paths['C1'], '2025-01-01', '2025-12-31')).certificates).toBe(2);
	}, 120_000);

	it('keeps courses and the network to their commune; village heads read, never write', async () => {
		expect((await findCourses(ctx(w.officer2), { limit: 50, offset: 0 })).items).toEqual([]);
		expect((await findCommunicators(ctx(w.officer2), { limit: 50, offset: 0 })).items).toEqual([]);
		expect(await failure(getCourseDetail(ctx(w.officer2), courseId))).toMatchObject({ code: 'FORBIDDEN' });
		expect(await failure(getCommunicatorDetail(ctx(w.officer2), mai))).toMatchObject({ code: 'FORBIDDEN' });
		expect(await failure(addTrainee(ctx(w.officer2), courseId, { kind: 'other', name: 'X' }))).toMatchObject({ code: 'FORBIDDEN' });
		expect(await failure(recordAttendance(ctx(w.officer2), courseId, { trainees: [] }))).toMatchObject({ code: 'FORBIDDEN' });
		expect(await failure(getCertificatePdf({ db: database.db, actor: w.officer2 }, courseId, mai))).toMatchObject({ code: 'FORBIDDEN' });
		expect(await failure(updateCommunicator(ctx(w.officer2), mai, { unit: 'C1-V1', fullName: 'Z', role: 'communicator' }))).toMatchObject({ code: 'FORBIDDEN' });
		// The village head of C1-V1 reads the village's communicator, not the commune's course, and changes nothing.
		expect((await findCommunicators(ctx(w.head11), { limit: 50, offset: 0 })).items.map((c) => c.id)).toEqual([mai]);
		expect(await failure(getCourseDetail(ctx(w.head11), courseId))).toMatchObject({ code: 'FORBIDDEN' });
		expect(await failure(updateCommunicator(ctx(w.head11), mai, { unit: 'C1-V1', fullName: 'Z', role: 'communicator' }))).toMatchObject({ code: 'FORBIDDEN' });
		expect(await failure(getCourseDetail(ctx(w.officer1), 'abc'))).toEqual({ code: 'NOT_FOUND', key: 'training.courseNotFound' });
	});
});
