// One autocannon run in its own process, so the load generator never shares an event
// loop with a server it measures. Plain JavaScript: autocannon ships no types.
// Usage: node load.mjs '<json: {url, method, headers, connections, durationSeconds}>'
// Prints one JSON line: requests per second, latency percentiles (ms), error counts.
import autocannon from "autocannon";

const { url, method, headers, connections, durationSeconds } = JSON.parse(process.argv[2] ?? "{}");
const result = await autocannon({ url, method, headers, connections, duration: durationSeconds, timeout: 10 });
process.stdout.write(
  `${JSON.stringify({
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  })}\n`,
);
