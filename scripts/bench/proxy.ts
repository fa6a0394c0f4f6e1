// Part: the validating proxy (`clients-contract proxy`, from the sources under tsx) in
// front of a bare node:http upstream answering fullengage's listClients with 100 items,
// each server in its own process. Two rows: the p50 latency the proxy adds over the
// upstream alone (one connection, requests one after another, timed here to the
// microsecond; rounds alternate so both see the same machine), and its throughput
// under autocannon beside `prism proxy` on the same upstream.
import { type ChildProcess, spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { join } from "node:path";
import { findApi, projectRoot } from "../lib/apis.ts";
import { freePort } from "../mock/prism.ts";
import { buildModel, itemsOf, itemsPointer } from "../spec/model.ts";
import { loadBundle, setByPointer } from "../spec/openapi.ts";
import { DEFAULT_TOKENS, startReferenceServer } from "../../test/fixtures/reference/index.ts";
import { type FixedReply, loadTest, startPlainServer } from "./children.ts";
import { BenchError } from "./commands.ts";
import { median } from "./stats.ts";
import { formatMs, formatRate, type Row } from "./table.ts";

const API = "fullengage";
const ITEMS = 100;
const ROUNDS = 5;
/** Requests before timing: a proxy in a session has long been warm (JIT, kept-alive sockets). */
const WARMUP_REQUESTS = 1_000;
const REQUESTS_PER_ROUND = 300;
const CONNECTIONS = 10;
const DURATION_SECONDS = 5;
const READY_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 10_000;
const ADDED_LATENCY_TARGET_MS = 1;
const HEADERS = { authorization: `Bearer ${DEFAULT_TOKENS[API] ?? ""}`, accept: "application/json" };

interface Child {
  url: string;
  stop(): void;
}

/** fullengage's listClients answer with its first item repeated to 100, as the reference server sends it (valid against the spec). */
async function hundredItemReply(): Promise<FixedReply> {
  const server = await startReferenceServer({ api: API });
  try {
    const response = await fetch(`${server.url}/clients?limit=1`, { headers: { authorization: `Bearer ${server.token}` }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const body: unknown = await response.json();
    const list = buildModel(loadBundle(findApi(API).bundle), API).operations.find((op) => op.operationId === "listClients");
    const item = list && itemsOf(list, body)?.[0];
    if (!list || item === undefined) throw new BenchError(`${API} listClients: the reference server sent no item to repeat`);
    const text = JSON.stringify(setByPointer(body, itemsPointer(list) ?? "", Array.from({ length: ITEMS }, () => item)));
    return { status: 200, headers: { "content-type": "application/json" }, body: new TextEncoder().encode(text) };
  } finally {
    await server.close();
  }
}

/** A server in its own process, ready once `ready` finds its URL in what it printed (or once it answers, for Prism). */
function startChild(command: string, args: string[], ready: (output: string) => string | undefined): Promise<Child> {
  const child: ChildProcess = spawn(command, args, { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new BenchError(`${args.join(" ")} did not get ready within ${READY_TIMEOUT_MS / 1000} s: ${output.trim().split("\n").at(-1) ?? ""}`));
    }, READY_TIMEOUT_MS);
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      const url = ready(output);
      if (url === undefined) return;
      clearTimeout(timer);
      child.stdout?.removeAllListeners("data");
      child.stderr?.removeAllListeners("data");
      child.stdout?.resume();
      child.stderr?.resume();
      resolve({ url, stop: () => child.kill("SIGKILL") });
    };
    child.stdout?.on("data", look);
    child.stderr?.on("data", look);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new BenchError(`${args.join(" ")} exited (${code}): ${output.trim().split("\n").at(-1) ?? ""}`));
    });
  });
}

function startOurProxy(upstream: string): Promise<Child> {
  const cli = join(projectRoot, "scripts", "proxy", "cli.ts");
  return startChild(process.execPath, ["--import", "tsx", cli, "--api", API, "--upstream", upstream, "--port", "0"], (output) => /proxy: (http:\/\/\S+) →/.exec(output)?.[1]);
}

/** Prism says nothing at --verboseLevel fatal: it is ready once it answers. */
async function startPrismWhenAnswering(upstream: string): Promise<Child> {
  const port = await freePort();
  const prism = join(projectRoot, "node_modules", ".bin", "prism");
  const args = ["proxy", findApi(API).bundle, upstream, "--host", "127.0.0.1", "--port", String(port), "--errors", "false", "--verboseLevel", "fatal"];
  const child = spawn(prism, args, { cwd: projectRoot, stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new BenchError(`prism proxy exited (${child.exitCode})`);
    const status = await once(`${url}/clients`).catch(() => undefined);
    if (status !== undefined) return { url, stop: () => child.kill("SIGKILL") };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill("SIGKILL");
  throw new BenchError(`prism proxy did not answer within ${READY_TIMEOUT_MS / 1000} s`);
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One GET on a kept-alive connection; resolves with its status, the body read. */
function once(url: string, headers: Record<string, string> = HEADERS): Promise<{ status: number; violations: string | undefined }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { headers, agent }, (incoming) => {
      incoming.resume();
      incoming.once("end", () => resolve({ status: incoming.statusCode ?? 0, violations: incoming.headers["x-contract-violations"] as string | undefined }));
      incoming.once("error", reject);
    });
    outgoing.setTimeout(REQUEST_TIMEOUT_MS, () => outgoing.destroy(new Error(`no answer from ${url} within ${REQUEST_TIMEOUT_MS} ms`)));
    outgoing.once("error", reject);
    outgoing.end();
  });
}

/** Milliseconds of each of `count` requests sent one after another. */
async function latencies(url: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = process.hrtime.bigint();
    await once(url);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

export async function runProxyBench(): Promise<Row[]> {
  const part = "proxy";
  const upstream = await startPlainServer(await hundredItemReply());
  const children: Child[] = [];
  try {
    const proxy = await startOurProxy(upstream.url);
    children.push(proxy);
    const check = await once(`${proxy.url}/clients`);
    if (check.status !== 200 || check.violations !== "0") throw new BenchError(`the proxy answered ${check.status} with X-Contract-Violations ${check.violations ?? "absent"}, not 200 with 0`);
    await latencies(`${proxy.url}/clients`, WARMUP_REQUESTS);
    const direct: number[] = [];
    const proxied: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      direct.push(...(await latencies(`${upstream.url}/clients`, REQUESTS_PER_ROUND)));
      proxied.push(...(await latencies(`${proxy.url}/clients`, REQUESTS_PER_ROUND)));
    }
    const added = median(proxied) - median(direct);
    const prism = await startPrismWhenAnswering(upstream.url);
    children.push(prism);
    const load = (url: string) => loadTest({ url: `${url}/clients`, method: "GET", headers: HEADERS, connections: CONNECTIONS, durationSeconds: DURATION_SECONDS });
    const ours = await load(proxy.url);
    const theirs = await load(prism.url);
    if (ours.non2xx + ours.errors > 0 || theirs.non2xx + theirs.errors > 0) {
      throw new BenchError(`under load: the proxy had ${ours.non2xx} non-2xx and ${ours.errors} errors, prism proxy ${theirs.non2xx} and ${theirs.errors}`);
    }
    return [
      {
        part,
        case: `added p50 latency, ${API} listClients (${ITEMS} items), 1 connection, vs the upstream alone`,
        measured: formatMs(added),
        floor: formatMs(ADDED_LATENCY_TARGET_MS),
        ratio: added / ADDED_LATENCY_TARGET_MS,
        target: { kind: "max", value: 1 },
        data: { upstreamP50Ms: median(direct), proxyP50Ms: median(proxied), addedMs: added, requests: direct.length },
      },
      {
        part,
        case: `throughput, ${API} listClients (${ITEMS} items), ${CONNECTIONS} connections, vs prism proxy`,
        measured: formatRate(ours.requestsPerSecond),
        floor: formatRate(theirs.requestsPerSecond),
        ratio: ours.requestsPerSecond / theirs.requestsPerSecond,
        target: { kind: "min", value: 3 },
        data: { proxy: ours, prismProxy: theirs },
      },
    ];
  } finally {
    for (const child of children) child.stop();
    agent.destroy();
    await upstream.stop();
  }
}
