/**
 * Reads a ZIP's central directory without inflating anything: the entry names (to tell an XLSX
 * from a DOCX or any other ZIP) and the total inflated size (to refuse a zip bomb before a parser
 * tries to inflate it in memory).
 */
export type ZipInspection = { ok: true; names: Set<string>; inflatedBytes: number } | { ok: false; reason: string };

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;

export function inspectZip(bytes: Uint8Array): ZipInspection {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// The end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
	let end = -1;
	for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 22 - 65_535); i--) {
		if (view.getUint32(i, true) === END_OF_DIRECTORY) {
			end = i;
			break;
		}
	}
	if (end < 0) return { ok: false, reason: 'zip: no central directory' };
	const count = view.getUint16(end + 10, true);
	let offset = view.getUint32(end + 16, true);
	const names = new Set<string>();
	let inflatedBytes = 0;
	const decoder = new TextDecoder();
	for (let n = 0; n < count; n++) {
		if (offset + 46 > bytes.byteLength || view.getUint32(offset, true) !== DIRECTORY_ENTRY) return { ok: false, reason: 'zip: damaged directory' };
		const size = view.getUint32(offset + 24, true);
		// ZIP64 marks sizes it cannot hold in 32 bits; no honest spreadsheet upload needs that.
		if (size === 0xffffffff) return { ok: true, names, inflatedBytes: Number.MAX_SAFE_INTEGER };
		inflatedBytes += size;
		const nameLength = view.getUint16(offset + 28, true);
		const extraLength = view.getUint16(offset + 30, true);
		const commentLength = view.getUint16(offset + 32, true);
		names.add(decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)));
		offset += 46 + nameLength + extraLength + commentLength;
	}
	return { ok: true, names, inflatedBytes };
}
