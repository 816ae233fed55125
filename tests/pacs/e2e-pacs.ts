/**
 * The archives of the e2e suite, started by global setup before the server so the server can be
 * configured for them as a deployment would be (README, "Connecting a PACS"):
 * - the hospital PACS (Orthanc + nginx adding CORS for the app's origin), listed with
 *   CASSETTE_PACS_ORIGINS so the app reaches it under the server's own Content-Security-Policy;
 *   Orthanc's own port (no CORS) and a port where nothing listens are listed too, so the browser
 *   meets a CORS refusal and an unreachable PACS rather than the policy;
 * - the research archive (a second Orthanc), the server's CASSETTE_RESEARCH_PACS_URL.
 * Tests read where they are from CASSETTE_E2E_PACS (e2ePacs()) and empty an archive before use.
 */
import { freePort, startPacs, type Pacs } from './pacs';

/** HOSPITAL_ACCOUNT is the hospital PACS's basic account, typed into the app by the tests. */
export const HOSPITAL_ACCOUNT = { username: 'resident-e2e', password: 'pacs-pw-73kq' };
/** RESEARCH_ACCOUNT is the research archive's account, known to the server only. */
export const RESEARCH_ACCOUNT = { username: 'research-stow', password: 'stow-pw-9ke2' };

/** E2ePacsInfo is what tests need of the running archives. */
export interface E2ePacsInfo {
	hospital: { dicomWebUrl: string; directDicomWebUrl: string; orthancUrl: string; authHeader: string };
	/** unreachableUrl is listed in the policy but nothing listens there. */
	unreachableUrl: string;
	research: { dicomWebUrl: string; orthancUrl: string; authHeader: string };
}

const VARIABLE = 'CASSETTE_E2E_PACS';

/** startE2ePacs starts both archives for an app at `appOrigin`; serverEnv configures the server. */
export async function startE2ePacs(appOrigin: string): Promise<{ serverEnv: Record<string, string>; stop(): Promise<void> }> {
	const started: Pacs[] = [];
	const stop = async () => {
		await Promise.all(started.map((p) => p.stop()));
	};
	try {
		const hospital = await startPacs({ allowOrigins: [appOrigin], basic: HOSPITAL_ACCOUNT });
		started.push(hospital);
		const research = await startPacs({ basic: RESEARCH_ACCOUNT });
		started.push(research);
		const unreachableUrl = `http://127.0.0.1:${await freePort()}/dicom-web`;
		const info: E2ePacsInfo = {
			hospital: { dicomWebUrl: hospital.dicomWebUrl, directDicomWebUrl: hospital.directDicomWebUrl, orthancUrl: hospital.orthancUrl, authHeader: hospital.authHeader! },
			unreachableUrl,
			research: { dicomWebUrl: research.directDicomWebUrl, orthancUrl: research.orthancUrl, authHeader: research.authHeader! }
		};
		// workers inherit the environment of the process that ran global setup
		process.env[VARIABLE] = JSON.stringify(info);
		const origin = (url: string) => new URL(url).origin;
		return {
			serverEnv: {
				CASSETTE_PACS_ORIGINS: [hospital.dicomWebUrl, hospital.directDicomWebUrl, unreachableUrl].map(origin).join(','),
				CASSETTE_RESEARCH_PACS_URL: research.directDicomWebUrl,
				CASSETTE_RESEARCH_PACS_USERNAME: RESEARCH_ACCOUNT.username,
				CASSETTE_RESEARCH_PACS_PASSWORD: RESEARCH_ACCOUNT.password
			},
			stop
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/** e2ePacs is where the suite's archives are (set by global setup). */
export function e2ePacs(): E2ePacsInfo {
	const value = process.env[VARIABLE];
	if (!value) throw new Error(`${VARIABLE} is not set: run the suite through playwright.config.ts (global setup starts the archives)`);
	return JSON.parse(value) as E2ePacsInfo;
}
