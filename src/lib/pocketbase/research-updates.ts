// Research updates: contributors who gave research consent are emailed about the AI project
// (pocketbase/hooks/research_updates*.go). An email's link unsubscribes without a sign-in; the
// profile shows and changes the choice.
import type { TypedPocketBase } from './client';

const UNSUBSCRIBE_PATH = '/api/cassette/research-updates/unsubscribe';
const SUBSCRIPTION_PATH = '/api/cassette/research-updates/subscription';

/** Subscription is the signed-in user's choice, and whether updates concern them (a consented case). */
export interface Subscription {
	subscribed: boolean;
	contributor: boolean;
}

/** unsubscribe stops research updates for the account the email's signed token names. */
export async function unsubscribe(pb: TypedPocketBase, token: string): Promise<void> {
	await pb.send(UNSUBSCRIBE_PATH, { method: 'POST', body: { token }, requestKey: null });
}

/** subscription reads the signed-in user's choice. */
export function subscription(pb: TypedPocketBase): Promise<Subscription> {
	return pb.send<Subscription>(SUBSCRIPTION_PATH, { method: 'GET', requestKey: null });
}

/** setSubscription stores the signed-in user's choice and returns it as the server now has it. */
export function setSubscription(pb: TypedPocketBase, subscribed: boolean): Promise<Subscription> {
	return pb.send<Subscription>(SUBSCRIPTION_PATH, { method: 'PUT', body: { subscribed }, requestKey: null });
}
