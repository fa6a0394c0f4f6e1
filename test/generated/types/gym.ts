// Type tests of the gym client, checked by ../types.test.ts (tsc).
// Each `@ts-expect-error` names the mistake it proves is a compile error; an error that
// disappears makes the directive unused, which fails the type-check.
// The API has no query parameters and no request bodies, so those kinds become their
// nearest mistakes.
import { expectTypeOf } from "vitest";
import { type ClientList, type ClientResult, type ErrorBody, type ValidationError, createClient } from "clients-contract/gym";

const client = createClient({ token: "a-session-token" });

export async function correctCalls(): Promise<void> {
  const list = await client.GET("/clients");
  expectTypeOf(list.data).toEqualTypeOf<ClientList | undefined>();
  expectTypeOf(list.error).toEqualTypeOf<ErrorBody | undefined>();
  if (list.data) {
    expectTypeOf(list.data.success).toEqualTypeOf<true>();
    expectTypeOf(list.data.client[0]?.patronymic).toEqualTypeOf<string | null | undefined>();
  }

  const one = await client.GET("/client/{client_id}", { params: { path: { client_id: 1 } } });
  expectTypeOf(one.data).toEqualTypeOf<ClientResult | undefined>();
  expectTypeOf(one.error).toEqualTypeOf<ValidationError | ErrorBody | undefined>();
  // A 400 is zod's issues, as the real server sends them: `path` an array, no `msg`.
  if (one.error && typeof one.error.error !== "string") {
    const issue = one.error.error[0];
    expectTypeOf(issue?.path).toEqualTypeOf<(string | number)[] | undefined>();
    expectTypeOf(issue?.message).toEqualTypeOf<string | undefined>();
  }
}

export async function mistakes(): Promise<void> {
  // @ts-expect-error unknown path
  await client.GET("/members", {});
  // @ts-expect-error method the path does not have
  await client.DELETE("/client/{client_id}", { params: { path: { client_id: 1 } } });
  // @ts-expect-error unknown query parameter
  await client.GET("/clients", { params: { query: { page: 2 } } });
  // @ts-expect-error path parameter of the wrong type
  await client.GET("/client/{client_id}", { params: { path: { client_id: "one" } } });
  // @ts-expect-error a body where the operation takes none
  await client.GET("/clients", { body: { first_name: "Ada" } });
  // @ts-expect-error missing required path parameter
  await client.GET("/client/{client_id}", { params: { path: {} } });
  const { data } = await client.GET("/clients");
  // @ts-expect-error response field that does not exist
  if (data) void data.clients;
}

export async function typos(): Promise<void> {
  // @ts-expect-error unknown path parameter beside a valid one
  await client.GET("/client/{client_id}", { params: { path: { client_id: 1, id: 1 } } });
  // @ts-expect-error header parameter the operation does not take, beside valid parameters
  await client.GET("/client/{client_id}", { params: { path: { client_id: 1 }, header: { "X-Request-Id": "r-1" } } });
  // @ts-expect-error unknown option beside valid ones
  await client.GET("/client/{client_id}", { params: { path: { client_id: 1 } }, timeout: 5_000 });
}
