// Part 1b: what `createClient({ validate: true })` adds to each response, beside
// JSON.parse of the same bytes. The same generated client is timed with validation on
// and off against an in-process fetch that answers the list example repeated to 100
// and 1,000 items (with its documented headers); the difference per response is what
// validation costs a consumer (reading the body again, parsing it, the precompiled
// checks), set against what parsing the body once costs.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Api, loadApis } from "../lib/apis.ts";
import { listOperations, loadBundle } from "../spec/openapi.ts";
import type { ApiClientOptions } from "../../generated/client-runtime.js";
import { BenchError } from "./commands.ts";
import { elapsedMs, median } from "./stats.ts";
import { formatBytes, type Row } from "./table.ts";
import { LIST_SIZES, firstListOperation, listBodyOfSize, successStatus } from "./validation.ts";

interface GeneratedClient {
  request(method: string, url: string, init?: Record<string, unknown>): Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

async function clientFactory(api: Api): Promise<(options: ApiClientOptions) => GeneratedClient> {
  const module = (await import(pathToFileURL(join(api.generatedDir, "index.js")).href)) as { createClient: (options: ApiClientOptions) => GeneratedClient };
  return module.createClient;
}

/** Calls of `work` per second over `ms` (at least one call). */
async function asyncRate(work: () => Promise<unknown>, ms: number): Promise<number> {
  let calls = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (calls === 0 || elapsed < ms) {
    await work();
    calls += 1;
    elapsed = elapsedMs(start);
  }
  return calls / (elapsed / 1000);
}

/** Median rate of each function, sampled in turn so all see the same load. */
async function alternatingRates(works: Array<() => Promise<unknown>>, { samples = 7, sampleMs = 150, warmupMs = 300 } = {}): Promise<number[]> {
  for (const work of works) await asyncRate(work, warmupMs);
  const rates: number[][] = works.map(() => []);
  for (let sample = 0; sample < samples; sample += 1) {
    for (const [index, work] of works.entries()) rates[index]?.push(await asyncRate(work, sampleMs));
  }
  return rates.map((values) => median(values));
}

const microseconds = (perSecond: number) => 1e6 / perSecond;
const formatMicros = (value: number) => `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} µs`;

export async function runClientValidation(apis: Api[] = loadApis()): Promise<Row[]> {
  const rows: Row[] = [];
  for (const api of apis) {
    const spec = loadBundle(api.bundle);
    const operation = firstListOperation(listOperations(spec));
    const status = operation && successStatus(operation);
    if (!operation || !status) continue;
    const headers: Record<string, string> = { "content-type": "application/json" };
    for (const [name, header] of Object.entries(operation.responses[status]?.headers ?? {})) headers[name] = String(header.example);
    const path = Object.fromEntries(operation.parameters.filter((p) => p.in === "path").map((p) => [p.name, p.example]));
    const createClient = await clientFactory(api);
    for (const size of LIST_SIZES) {
      const text = JSON.stringify(listBodyOfSize(operation, size));
      const fetch = async () => new Response(text, { status: Number(status), headers });
      const call = (client: GeneratedClient) => () => client.request(operation.method, operation.path, { params: { path } });
      const validating = createClient({ baseUrl: "http://127.0.0.1:9", fetch, validate: true });
      const plain = createClient({ baseUrl: "http://127.0.0.1:9", fetch });
      // The repeated example must pass, or the error path would be what is timed.
      await validating.request(operation.method, operation.path, { params: { path } }).catch((error: unknown) => {
        throw new BenchError(`${api.name} ${operation.operationId}: the repeated example fails validation: ${String(error)}`);
      });
      let sink: unknown;
      const [on, off, parse] = await alternatingRates([
        call(validating),
        call(plain),
        async () => {
          sink = JSON.parse(text);
        },
      ]);
      if (sink === undefined || on === undefined || off === undefined || parse === undefined) throw new BenchError("a client benchmark produced nothing");
      const added = microseconds(on) - microseconds(off);
      const parsing = microseconds(parse);
      rows.push({
        part: "1 validation",
        case: `client validate: true, ${api.name} ${operation.operationId}, ${size} items (${formatBytes(Buffer.byteLength(text))})`,
        measured: `+${formatMicros(added)} per response (${formatMicros(microseconds(on))} on, ${formatMicros(microseconds(off))} off)`,
        floor: `${formatMicros(parsing)} JSON.parse`,
        ratio: added / parsing,
        data: { api: api.name, operationId: operation.operationId, items: size, addedMicroseconds: added, onMicroseconds: microseconds(on), offMicroseconds: microseconds(off), parseMicroseconds: parsing },
      });
    }
  }
  return rows;
}
