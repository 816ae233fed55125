import type { UsersRecord } from '$lib/pocketbase';

/** ProfileDetails are the optional profile fields shared by sign-up and the profile page. */
export interface ProfileDetails {
	country: string;
	academic_year: string;
	work_location: string;
	specialty: string;
}

/** profileDetailsOf copies a user's optional profile fields into a form's state. */
export function profileDetailsOf(user: UsersRecord | null): ProfileDetails {
	return {
		country: user?.country ?? '',
		academic_year: user?.academic_year ?? '',
		work_location: user?.work_location ?? '',
		specialty: user?.specialty ?? ''
	};
}
