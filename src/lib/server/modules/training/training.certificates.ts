import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { AppError, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { readStoredFile, storeFile } from '../../files/store';
import { renderDocx, type OfficialDocument } from '../../documents';
import { docxToPdf, pdfSettings, type PdfSettings } from '../../documents/pdf';
import { today } from '../../periods';
import { logAccesses } from '../households/households.context';
import { units } from '../units/units.tables';
import { trainingCertificates, trainingTrainees } from './training.tables';
import { selectTrainees, type CourseWithUnit, type TraineeWithNames } from './training.repository';
import { isUuid, loadEditableCourse, loadReadableCourse, type TrainingCtx } from './training.service';

/** Certificate numbers of a unit and year are handed out one at a time (advisory lock namespace). */
const CERTIFICATE_LOCK = 7346801;

const vnDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The trainee's name as printed: certificates name the person whatever the reader's masking. */
function printedName(t: TraineeWithNames): string {
	switch (t.trainee.kind) {
		case 'user':
			return t.userName ?? '';
		case 'communicator':
			return t.communicatorName ?? '';
		case 'household':
			return t.householdName ?? '';
		default:
			return t.trainee.name ?? '';
	}
}

/** The commune (or the course's own unit above communes) whose people's committee issues the certificate. */
async function issuerOf(db: Db, course: CourseWithUnit): Promise<{ name: string; code: string }> {
	const ids = course.unitPath.split('/').filter(Boolean);
	const chain = await db.select({ name: units.name, code: units.code, level: units.level }).from(units).where(inArray(units.id, ids));
	const commune = chain.find((u) => u.level === 'commune');
	return commune ?? { name: course.unitName, code: course.unitCode };
}

/** The certificate as an official document (Decree 30 frame): who, which course, when, where, and the scores if any. */
export function certificateDocument(input: {
	issuer: string;
	number: string;
	place: string;
	date: string;
	name: string;
	course: { title: string; organiser: string; fromDate: string; toDate: string; place: string | null; topics: string[] };
	scores: { pre: number | null; post: number | null };
}): OfficialDocument {
	const c = input.course;
	const period = c.fromDate === c.toDate ? `ngày ${vnDate(c.fromDate)}` : `từ ngày ${vnDate(c.fromDate)} đến ngày ${vnDate(c.toDate)}`;
	const body: OfficialDocument['body'] = [
		{ kind: 'paragraph', align: 'center', text: [{ text: 'Chứng nhận Ông/Bà: ' }, { text: input.name, bold: true }] },
		{ kind: 'paragraph', text: [{ text: 'Đã tham dự và hoàn thành lớp: ' }, { text: c.title, bold: true }] },
		{ kind: 'paragraph', text: `Thời gian: ${period}.` },
		...(c.place ? [{ kind: 'paragraph' as const, text: `Địa điểm: ${c.place}.` }] : []),
		{ kind: 'paragraph', text: `Đơn vị tổ chức: ${c.organiser}.` },
		...(c.topics.length ? [{ kind: 'paragraph' as const, text: `Nội dung: ${c.topics.join('; ')}.` }] : []),
		...(input.scores.post !== null
			? [{ kind: 'paragraph' as const, text: `Kết quả kiểm tra cuối khóa: ${input.scores.post}/100${input.scores.pre !== null ? ` (đầu khóa: ${input.scores.pre}/100)` : ''}.` }]
			: [])
	];
	return {
		language: 'vi',
		parentIssuer: null,
		issuer: ['ỦY BAN NHÂN DÂN', input.issuer.toLocaleUpperCase('vi')],
		number: input.number,
		symbol: 'GCN-UBND',
		place: input.place,
		date: input.date,
		documentType: 'GIẤY CHỨNG NHẬN',
		title: 'Hoàn thành lớp tập huấn, bồi dưỡng',
		body,
		recipients: ['Người được cấp', 'Lưu: VT'],
		signer: { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', name: null }
	};
}

async function nextNumber(tx: Db, unitId: string, year: number): Promise<number> {
	const [row] = await tx
		.select({ seq: sql<number>`coalesce(max(${trainingCertificates.seq}), 0)::int`.mapWith(Number) })
		.from(trainingCertificates)
		.where(and(eq(trainingCertificates.unitId, unitId), eq(trainingCertificates.year, year)));
	return (row?.seq ?? 0) + 1;
}

/** As the number line prints it: Decree 30 writes numbers under 10 with a leading zero. */
const printedNumber = (seq: number) => `${String(seq).padStart(2, '0')}/GCN-UBND`;

/** The date a certificate bears: the day it was issued, or the course's last day if that is later. */
const certificateDate = (courseTo: string, issuedAt: Date) => {
	const day = today(issuedAt);
	return day < courseTo ? courseTo : day;
};

/** The certificate's PDF: the official-document DOCX converted by LibreOffice (1–2 s; no transaction open). */
async function renderCertificate(db: Db, course: CourseWithUnit, t: TraineeWithNames, seq: number, issuedAt: Date, settings?: PdfSettings) {
	const issuer = await issuerOf(db, course);
	const doc = certificateDocument({
		issuer: issuer.name,
		number: `${seq}`,
		place: issuer.name.replace(/^(Xã|Phường|Thị trấn|Tỉnh|Thành phố|Đặc khu)\s+/u, ''),
		date: certificateDate(course.course.toDate, issuedAt),
		name: printedName(t),
		course: course.course,
		scores: { pre: t.trainee.preScore, post: t.trainee.postScore }
	});
	return docxToPdf(await renderDocx(doc), settings ?? pdfSettings());
}

/**
 * Issues the certificate of a trainee who attended, numbered per issuing unit and year
 * ("03/GCN-UBND", the year read from its date), with its PDF made from the official-document DOCX
 * by LibreOffice. The conversion runs with no transaction open; the number printed is checked again
 * under the lock and the PDF made again if another certificate took it meanwhile. With
 * `pdfNow: false` (demo data) the certificate is numbered now and its PDF made at first download.
 * A trainee with a certificate gets the one issued.
 */
export async function issueCertificate(ctx: TrainingCtx, courseId: string, traineeId: string, opts: { pdf?: PdfSettings; pdfNow?: boolean } = {}) {
	const pdfNow = opts.pdfNow ?? true;
	for (let attempt = 0; attempt < 4; attempt++) {
		const course = await loadEditableCourse(ctx.db, ctx.actor, courseId);
		const rows = isUuid(traineeId) ? await selectTrainees(ctx.db, courseId, 0) : [];
		const t = rows.find((r) => r.trainee.id === traineeId);
		if (!t) throw notFound('training.traineeUnknown');
		if (t.certificateId) return { id: t.certificateId, number: t.certificateNumber! };
		if (!t.trainee.attended) throw new AppError('CONFLICT', 'training.certificateNotAttended');
		const year = Number(course.course.toDate.slice(0, 4));
		const seq = await nextNumber(ctx.db, course.course.unitId, year);
		const issuedAt = (ctx.now ?? (() => new Date()))();
		const pdf = pdfNow ? await renderCertificate(ctx.db, course, t, seq, issuedAt, opts.pdf) : null;
		const issued = await ctx.db.transaction(async (tx) => {
			await loadEditableCourse(tx, ctx.actor, courseId);
			await tx.execute(sql`SELECT pg_advisory_xact_lock(${sql.raw(String(CERTIFICATE_LOCK))}, hashtext(${`${course.course.unitId}:${year}`}))`);
			const [already] = await tx.select().from(trainingCertificates).where(eq(trainingCertificates.traineeId, traineeId));
			if (already) return { id: already.id, number: already.number };
			if ((await nextNumber(tx, course.course.unitId, year)) !== seq) return null;
			const file = pdf ? await storeFile(tx, { bytes: pdf, originalName: `giay-chung-nhan-${seq}-${year}.pdf`, unitId: course.course.unitId, createdBy: ctx.actor.userId, accept: ['pdf'] }) : null;
			const printed = printedNumber(seq);
			const [row] = await tx
				.insert(trainingCertificates)
				.values({ traineeId, unitId: course.course.unitId, year, seq, number: printed, fileId: file?.id ?? null, issuedBy: ctx.actor.userId, issuedAt })
				.returning({ id: trainingCertificates.id, number: trainingCertificates.number });
			if (t.trainee.householdId) await logAccesses(tx, ctx.actor, [{ id: t.trainee.householdId, unitId: t.householdUnitId! }], { screen: 'training_certificate', purpose: 'certificate' });
			await recordChange(tx, ctx.actor, {
				action: 'training.certificate',
				entityType: 'training_course',
				entityId: courseId,
				unitId: course.course.unitId,
				after: { traineeId, number: printed, fileId: file?.id ?? null, sha256: file?.sha256 ?? null }
			});
			return row;
		});
		if (issued) return issued;
	}
	throw new AppError('CONFLICT', 'training.certificateBusy');
}

async function selectCertificate(db: Db, courseId: string, traineeId: string, opts: { forUpdate?: boolean } = {}) {
	const q = db
		.select({ id: trainingCertificates.id, fileId: trainingCertificates.fileId, seq: trainingCertificates.seq, issuedAt: trainingCertificates.issuedAt, unitId: trainingCertificates.unitId, year: trainingCertificates.year })
		.from(trainingCertificates)
		.innerJoin(trainingTrainees, eq(trainingTrainees.id, trainingCertificates.traineeId))
		.where(and(eq(trainingCertificates.traineeId, traineeId), eq(trainingTrainees.courseId, courseId)));
	const [row] = opts.forUpdate ? await q.for('update', { of: trainingCertificates }) : await q;
	return row;
}

/**
 * The PDF of an issued certificate, for a reader of the course. A certificate numbered without its
 * PDF gets it now, made as at its issue date and kept, so every later download is the same file.
 */
export async function getCertificatePdf(ctx: { db: Db; actor: Actor }, courseId: string, traineeId: string, opts: { pdf?: PdfSettings } = {}) {
	const course = await loadReadableCourse(ctx.db, ctx.actor, courseId);
	const row = isUuid(traineeId) ? await selectCertificate(ctx.db, courseId, traineeId) : undefined;
	if (!row) throw notFound('training.certificateNotFound');
	if (!row.fileId) {
		const t = (await selectTrainees(ctx.db, courseId, 0)).find((r) => r.trainee.id === traineeId)!;
		const pdf = await renderCertificate(ctx.db, course, t, row.seq, row.issuedAt, opts.pdf);
		await ctx.db.transaction(async (tx) => {
			const now = await selectCertificate(tx, courseId, traineeId, { forUpdate: true });
			if (!now || now.fileId) return;
			const file = await storeFile(tx, { bytes: pdf, originalName: `giay-chung-nhan-${row.seq}-${row.year}.pdf`, unitId: row.unitId, createdBy: ctx.actor.userId, accept: ['pdf'] });
			await tx.update(trainingCertificates).set({ fileId: file.id }).where(eq(trainingCertificates.id, row.id));
			await recordChange(tx, ctx.actor, { action: 'training.certificate.pdf', entityType: 'training_course', entityId: courseId, unitId: row.unitId, after: { traineeId, fileId: file.id, sha256: file.sha256 } });
		});
	}
	const fileId = (await selectCertificate(ctx.db, courseId, traineeId))?.fileId;
	const file = fileId ? await readStoredFile(ctx.db, fileId) : null;
	if (!file) throw notFound('training.certificateNotFound');
	return file;
}
