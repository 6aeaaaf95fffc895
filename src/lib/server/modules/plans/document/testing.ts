import type { PlanDocument, PlanItem, PlanSection } from '../plans.interchange';
import { headingNumber } from './plan-document';

// Test helpers of the plan document.

/** Every heading and item of a plan as printed ("I. MỤC ĐÍCH, YÊU CẦU", "a) Tập trung …"), in document order. */
export function printedLines(plan: PlanDocument): string[] {
	const out: string[] = [];
	const items = (list: PlanItem[]) => {
		for (const i of list) {
			out.push(i.marker ? `${i.marker} ${i.text}` : i.text);
			items(i.items);
		}
	};
	const sections = (list: PlanSection[]) => {
		for (const s of list) {
			const number = headingNumber(s.number);
			out.push(number ? `${number} ${s.heading}` : s.heading);
			items(s.items);
			sections(s.sections);
		}
	};
	sections(plan.sections);
	return out;
}
