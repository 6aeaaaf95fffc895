import type { Paragraph } from './paragraphs';
import { isUpperText, trimEndMarks } from './text';
import type { ImportWarnings } from './warnings';

/**
 * The end of a plan: the closing sentence ("Trên đây là Kế hoạch …"), "Nơi nhận:" with its list,
 * and the signature block (authority "TM. ỦY BAN NHÂN DÂN", title "CHỦ TỊCH", the signer's name).
 */
export interface Tail {
	closing: string | null;
	recipients: string[];
	signer: { authority: string | null; title: string; name: string | null } | null;
	/** Paragraphs kept but not recognised (already warned about). */
	unknown: Paragraph[];
}

const CLOSING = /^Trên đây là/u;
const RECIPIENTS = /^Nơi nhận\s*:?\s*/u;
const AUTHORITY = /^(?:TM|KT|TL|TUQ|Q)\.\s*\S/u;
/** Titles that sign a commune or district plan. */
const SIGNER_TITLE = /^(?:PHÓ\s+)?(?:CHỦ TỊCH|TRƯỞNG BAN|BÍ THƯ|GIÁM ĐỐC|TRƯỞNG PHÒNG|CHÁNH VĂN PHÒNG|TRƯỞNG THÔN)$/u;
/** "(Đã ký)", "(Ký, ghi rõ họ tên, đóng dấu)": notes of the signature block, not the signer. */
const SIGNATURE_NOTE = /^[([].*[)\]]$/u;

/** Where the tail begins: the closing sentence, "Nơi nhận", or the signature block. */
export function isTailStart(p: Paragraph): boolean {
	const text = p.text;
	return CLOSING.test(text) || RECIPIENTS.test(text) || AUTHORITY.test(text) || SIGNER_TITLE.test(text);
}

/** A recipient line without its dash and its closing ";" or "." ("Phòng LĐTB&XH(b/c)"). */
function recipient(p: Paragraph): string {
	const text = p.marker?.kind === 'bullet' ? p.marker.rest : p.text;
	return trimEndMarks(text.replace(/^\s*[-–+•]\s*/u, ''));
}

/** Reads the paragraphs from the tail start to the end. */
export function readTail(paragraphs: Paragraph[], warnings: ImportWarnings): Tail {
	const tail: Tail = { closing: null, recipients: [], signer: null, unknown: [] };
	let state: 'closing' | 'recipients' | 'signer' | 'done' = 'closing';
	let authority: string | null = null;
	let title: string | null = null;
	let name: string | null = null;
	const unknown = (p: Paragraph) => {
		warnings.add('planImport.warning.tail', p.line, p.text);
		tail.unknown.push(p);
	};
	for (const p of paragraphs) {
		const text = p.text;
		const upper = isUpperText(text) && text.length <= 80;
		if (state !== 'done' && RECIPIENTS.test(text)) {
			state = 'recipients';
			const rest = text.replace(RECIPIENTS, '');
			if (rest) tail.recipients.push(trimEndMarks(rest.replace(/^[-–+•]\s*/u, '')));
			continue;
		}
		if (state !== 'done' && (AUTHORITY.test(text) || SIGNER_TITLE.test(text) || (state === 'recipients' && upper))) {
			state = 'signer';
			if (AUTHORITY.test(text) && !authority && !title) authority = text;
			else if (!title) title = text;
			else if (upper && !name) {
				name = text;
				state = 'done';
			} else unknown(p);
			continue;
		}
		if (state === 'closing') {
			// The closing may run over more than one paragraph ("Trên đây là …. Đề nghị …./.").
			if (tail.closing || CLOSING.test(text)) tail.closing = tail.closing ? `${tail.closing}\n${text}` : text;
			else unknown(p);
		} else if (state === 'recipients') {
			tail.recipients.push(recipient(p));
		} else if (state === 'signer' && SIGNATURE_NOTE.test(text)) {
			warnings.add('planImport.warning.signerNote', p.line, text);
		} else if (state === 'signer' && !name) {
			name = text;
			state = 'done';
		} else {
			unknown(p);
		}
	}
	if (title || authority || name) tail.signer = { authority, title: title ?? authority ?? 'CHỦ TỊCH', name };
	else warnings.add('planImport.warning.noSigner', null, null);
	return tail;
}
