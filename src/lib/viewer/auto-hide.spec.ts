import { describe, expect, it } from 'vitest';
import { AutoHide } from './auto-hide';

/** fakeTimers runs timers only when the test says time has passed. */
function fakeTimers() {
	let now = 0;
	let next = 1;
	const pending = new Map<number, { at: number; fn: () => void }>();
	return {
		set: (fn: () => void, ms: number) => {
			const id = next++;
			pending.set(id, { at: now + ms, fn });
			return id;
		},
		clear: (handle: unknown) => void pending.delete(handle as number),
		advance(ms: number) {
			now += ms;
			for (const [id, t] of [...pending]) if (t.at <= now) (pending.delete(id), t.fn());
		}
	};
}

describe('AutoHide', () => {
	it('keeps controls visible while not in fullscreen', () => {
		const timers = fakeTimers();
		const hide = new AutoHide(() => {}, timers, 1000);
		hide.activity();
		timers.advance(5000);
		expect(hide.visible).toBe(true);
	});

	it('hides after the quiet delay in fullscreen and shows again on activity', () => {
		const timers = fakeTimers();
		const changes: boolean[] = [];
		const hide = new AutoHide((v) => changes.push(v), timers, 1000);
		hide.setEnabled(true);
		timers.advance(999);
		expect(hide.visible).toBe(true);
		timers.advance(1);
		expect(hide.visible).toBe(false);
		hide.activity();
		expect(hide.visible).toBe(true);
		// a new interaction restarts the countdown
		timers.advance(600);
		hide.activity();
		timers.advance(600);
		expect(hide.visible).toBe(true);
		timers.advance(400);
		expect(hide.visible).toBe(false);
		expect(changes).toEqual([false, true, false]);
	});

	it('never hides focused controls, and shows them for good when fullscreen ends', () => {
		const timers = fakeTimers();
		const hide = new AutoHide(() => {}, timers, 1000);
		hide.setEnabled(true);
		hide.setPinned(true);
		timers.advance(5000);
		expect(hide.visible).toBe(true);
		hide.setPinned(false);
		timers.advance(1000);
		expect(hide.visible).toBe(false);
		hide.setEnabled(false);
		expect(hide.visible).toBe(true);
		timers.advance(5000);
		expect(hide.visible).toBe(true);
	});
});
