// The call signatures of every generated client, shipped as generated/client-types.d.ts.
// openapi-fetch infers each call's options as a type parameter (`Init`) and only checks
// that it extends the operation's options, so an object literal is never checked for
// excess keys: `{ limit: 10, limt: 10 }` compiles as soon as one key is right
// (openapi-typescript issues 1769 and 2329). Here the options are the parameter's own
// type, fixed once the path is known, so TypeScript's excess property check applies at
// every level: a misspelled or unknown query, path or header parameter, request body
// field or option is a compile error even beside valid ones.
// A call's result is openapi-fetch's `{ data, error, response }` plus `status`, a union
// with one member per documented status (a `4XX` or `default` stands for the statuses
// no other key names): checking `status` narrows `data` (2xx) or `error` (the rest) to
// that status's body, which openapi-fetch's `response.status` cannot (TypeScript does
// not narrow a union by a nested field). Destructured, `data` and `error` are the
// unions openapi-fetch gives.
import type { Client, ClientPathsWithMethod, MaybeOptionalInit, ParseAs, ParseAsResponse } from "openapi-fetch";

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

type Operation<Paths, Path extends keyof Paths, Method extends HttpMethod> = Paths[Path][Method & keyof Paths[Path]];

type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type AsNumber<Text> = Text extends `${infer Status extends number}` ? Status : never;
type StatusRange = "1XX" | "2XX" | "3XX" | "4XX" | "5XX";
/** The statuses of a range key: `"4XX"` is 400 | 401 | ... | 499. */
type InRange<Key> = Key extends `${infer First extends 1 | 2 | 3 | 4 | 5}XX` ? AsNumber<`${First}${Digit}${Digit}`> : never;
/** What openapi-fetch returns as `data` (`response.ok`); every other status is an `error`. */
type Success = InRange<"2XX">;

type ResponsesOf<Op> = Op extends { responses: infer Responses } ? Responses : never;
/** The statuses a response map names one by one. */
type Named<Responses> = { [Key in keyof Responses]: Key extends number ? Key : AsNumber<Key> }[keyof Responses];
/** The statuses one key of the response map answers for. */
type StatusesOf<Responses, Key> = Key extends StatusRange
  ? Exclude<InRange<Key>, Named<Responses>>
  : Key extends "default"
    ? Exclude<InRange<StatusRange>, Named<Responses> | InRange<keyof Responses>>
    : Key extends number
      ? Key
      : AsNumber<Key>;
/** A vendor JSON type (`application/vnd.x+json`, `application/problem+json`): parsed as JSON like application/json. */
type JsonMedia<Content> = Extract<keyof Content, `${string}json`>;
/** The body of one response as a JSON parse gives it (application/json first, then any JSON type, then whatever is documented), `undefined` when it has none. */
type BodyOf<Response> = Response extends { content: infer Content }
  ? "application/json" extends keyof Content
    ? Content["application/json"]
    : [JsonMedia<Content>] extends [never]
      ? Content[keyof Content]
      : Content[JsonMedia<Content>]
  : undefined;

type Outcome<Status, Body, As extends ParseAs> =
  | ([Extract<Status, Success>] extends [never]
      ? never
      : { status: Extract<Status, Success>; data: ParseAsResponse<Body, { parseAs: As }>; error?: never; response: Response })
  | ([Exclude<Status, Success>] extends [never] ? never : { status: Exclude<Status, Success>; data?: never; error: Body; response: Response });

/** What a call resolves to: one member per documented status, discriminated by `status`. */
export type StatusResult<Op, As extends ParseAs = "json"> = {
  [Key in keyof ResponsesOf<Op>]-?: Outcome<StatusesOf<ResponsesOf<Op>, Key>, BodyOf<ResponsesOf<Op>[Key]>, As>;
}[keyof ResponsesOf<Op>];

/** `client.GET(url, init)`, `client.POST(url, init)`, ... */
export type ExactMethod<Paths extends {}, Method extends HttpMethod> = <
  Path extends ClientPathsWithMethod<Client<Paths, Media>, Method>,
  As extends ParseAs = "json",
>(
  url: Path,
  ...init: ExactInit<MaybeOptionalInit<Paths[Path], Method & keyof Paths[Path]>, As>
) => Promise<StatusResult<Operation<Paths, Path, Method>, As>>;

/** `client.request(method, url, init)`, the method as a value. */
export type ExactRequest<Paths extends {}> = <
  Method extends HttpMethod,
  Path extends ClientPathsWithMethod<Client<Paths, Media>, Method>,
  As extends ParseAs = "json",
>(
  method: Method,
  url: Path,
  ...init: ExactInit<MaybeOptionalInit<Paths[Path], Method & keyof Paths[Path]>, As>
) => Promise<StatusResult<Operation<Paths, Path, Method>, As>>;

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
