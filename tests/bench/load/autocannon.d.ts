/** The part of autocannon 9's API the load benchmark uses (the package ships no types). */
declare module 'autocannon' {
	namespace autocannon {
		interface Request {
			method?: string;
			path?: string;
			headers?: Record<string, string>;
			body?: string | Buffer;
			setupRequest?: (req: Request, context: Record<string, unknown>) => Request | undefined;
		}
		interface Options {
			url: string;
			connections?: number;
			duration?: number;
			amount?: number;
			timeout?: number;
			requests?: Request[];
		}
		interface Histogram {
			average: number;
			p50: number;
			p97_5: number;
			p99: number;
			total: number;
		}
		interface Result {
			requests: Histogram;
			latency: Histogram;
			errors: number;
			timeouts: number;
			non2xx: number;
			start: Date;
			finish: Date;
		}
	}
	function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
	export default autocannon;
}
