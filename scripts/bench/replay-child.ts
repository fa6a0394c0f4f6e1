// The floor of a whole CLI run, as its own process: node starts, loads only the
// suite's transport, and sends the run's recorded requests in order, checking
// nothing. `node <this, bundled> <requests.json> <base-url>`; bundled by startup.ts.
import { readFileSync } from "node:fs";
import { HttpClient } from "../conformance/http.ts";
import type { RecordedRequest } from "./replay.ts";

const [file, baseUrl] = process.argv.slice(2);
if (!file || !baseUrl) throw new Error("usage: replay-child <requests.json> <base-url>");
const requests = JSON.parse(readFileSync(file, "utf8")) as RecordedRequest[];
const client = new HttpClient({ timeoutMs: 5_000, maxBodyBytes: 10 * 1024 * 1024, secrets: [] });
for (const { method, path, headers, body } of requests) {
  await client.send({ method, url: `${baseUrl}${path}`, headers, ...(body === undefined ? {} : { body }) });
}
