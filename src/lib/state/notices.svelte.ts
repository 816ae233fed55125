import { describeError, type StatusMessages } from '$lib/errors';

/** Notice is one message shown in the app's live region. */
export interface Notice {
	id: number;
	kind: 'error' | 'info';
	text: string;
}

/** Notices holds the messages the layout announces (aria-live) until dismissed. */
export class Notices {
	#items = $state<Notice[]>([]);
	#nextId = 1;

	get items(): readonly Notice[] {
		return this.#items;
	}

	push(kind: Notice['kind'], text: string): void {
		// The same message twice in a row (a double click) is one notice.
		if (this.#items.some((n) => n.text === text)) return;
		this.#items = [...this.#items, { id: this.#nextId++, kind, text }];
	}

	dismiss(id: number): void {
		this.#items = this.#items.filter((n) => n.id !== id);
	}

	clear(): void {
		this.#items = [];
	}
}

/** notices is the app's one list of notices. */
export const notices = new Notices();

/**
 * handleError shows `err` as a notice in the reader's language and returns the text, or returns
 * null without showing anything when `err` is a cancellation.
 */
export function handleError(err: unknown, byStatus: StatusMessages = {}): string | null {
	const text = describeError(err, byStatus);
	if (text !== null) notices.push('error', text);
	return text;
}
