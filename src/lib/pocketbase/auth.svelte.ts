import type { AuthRecord } from 'pocketbase';
import { pb } from './client';
import type { UsersRecord } from './types.generated';

/** Auth is the signed-in user as reactive state, kept in step with the SDK's auth store. */
export class Auth {
	#user = $state<UsersRecord | null>(null);

	constructor() {
		this.#user = asUser(pb.authStore.record);
		pb.authStore.onChange((_token, record) => {
			this.#user = asUser(record);
		});
	}

	/** user is the signed-in account, or null for a guest. */
	get user(): UsersRecord | null {
		return this.#user;
	}

	get signedIn(): boolean {
		return this.#user !== null;
	}

	/** verified says whether the account confirmed its email (only verified users create cases). */
	get verified(): boolean {
		return this.#user?.verified === true;
	}

	async signIn(identity: string, password: string): Promise<void> {
		await pb.collection('users').authWithPassword(identity, password);
	}

	signOut(): void {
		pb.authStore.clear();
	}

	/**
	 * refresh renews the token and reloads the record (after verifying in another tab, for
	 * example); a session the server no longer accepts (deleted account) is cleared.
	 */
	async refresh(): Promise<void> {
		if (!pb.authStore.isValid) return;
		try {
			await pb.collection('users').authRefresh();
		} catch (err) {
			const status = (err as { status?: number }).status;
			if (status === 401 || status === 403 || status === 404) pb.authStore.clear();
			else throw err;
		}
	}
}

function asUser(record: AuthRecord): UsersRecord | null {
	return record && record.collectionName === 'users' ? (record as unknown as UsersRecord) : null;
}

/** auth is the app's one Auth instance. */
export const auth = new Auth();
