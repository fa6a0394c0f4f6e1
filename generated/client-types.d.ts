// Generated from scripts/generate/client-types.d.ts by `npm run generate`. Do not edit.
// The call signatures of every generated client, shipped as generated/client-types.d.ts.
// openapi-fetch infers each call's options as a type parameter (`Init`) and only checks
// that it extends the operation's options, so an object literal is never checked for
// excess keys: `{ limit: 10, limt: 10 }` compiles as soon as one key is right
// (openapi-typescript issues 1769 and 2329). Here the options are the parameter's own
// type, fixed once the path is known, so TypeScript's excess property check applies at
// every level: a misspelled or unknown query, path or header parameter, request body
// field or option is a compile error even beside valid ones. `data` and `error` are
// inferred from the path and method exactly as openapi-fetch infers them.
import type { Client, ClientPathsWithMethod, FetchResponse, MaybeOptionalInit, ParseAs } from "openapi-fetch";

type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

/** Every generated client reads and writes JSON. */
type Media = "application/json";

/**
 * The options argument: optional when the operation requires nothing. `parseAs` stays
 * a type parameter so that `parseAs: "text"` still types `data` as a string.
 */
type ExactInit<Init, As extends ParseAs> = undefined extends Init
  ? [init?: Exclude<Init, undefined> & { parseAs?: As }]
  : [init: Init & { parseAs?: As }];

type Operation<Paths, Path extends keyof Paths, Method extends HttpMethod> = Paths[Path][Method & keyof Paths[Path]] &
  Record<string | number, unknown>;

/** `client.GET(url, init)`, `client.POST(url, init)`, ... */
export type ExactMethod<Paths extends {}, Method extends HttpMethod> = <
  Path extends ClientPathsWithMethod<Client<Paths, Media>, Method>,
  As extends ParseAs = "json",
>(
  url: Path,
  ...init: ExactInit<MaybeOptionalInit<Paths[Path], Method & keyof Paths[Path]>, As>
) => Promise<FetchResponse<Operation<Paths, Path, Method>, { parseAs: As }, Media>>;

/** `client.request(method, url, init)`, the method as a value. */
export type ExactRequest<Paths extends {}> = <
  Method extends HttpMethod,
  Path extends ClientPathsWithMethod<Client<Paths, Media>, Method>,
  As extends ParseAs = "json",
>(
  method: Method,
  url: Path,
  ...init: ExactInit<MaybeOptionalInit<Paths[Path], Method & keyof Paths[Path]>, As>
) => Promise<FetchResponse<Operation<Paths, Path, Method>, { parseAs: As }, Media>>;

/** openapi-fetch's client (same object, `use()` and `eject()` unchanged) with exact calls. */
export interface ExactClient<Paths extends {}> extends Omit<Client<Paths, Media>, "request" | Uppercase<HttpMethod>> {
  request: ExactRequest<Paths>;
  GET: ExactMethod<Paths, "get">;
  PUT: ExactMethod<Paths, "put">;
  POST: ExactMethod<Paths, "post">;
  DELETE: ExactMethod<Paths, "delete">;
  OPTIONS: ExactMethod<Paths, "options">;
  HEAD: ExactMethod<Paths, "head">;
  PATCH: ExactMethod<Paths, "patch">;
  TRACE: ExactMethod<Paths, "trace">;
}
