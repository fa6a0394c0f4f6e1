// Type tests of the biometricscloud client, checked by ../types.test.ts (tsc).
// Each `@ts-expect-error` names the mistake it proves is a compile error; an error that
// disappears makes the directive unused, which fails the type-check.
// The API has no request bodies, so the two body kinds become their nearest mistakes.
import { expectTypeOf } from "vitest";
import { type ClientList, type ErrorMap, createClient } from "clients-contract/biometricscloud";

const client = createClient({ token: "an-access-token" });

export async function correctCalls(): Promise<void> {
  const list = await client.GET("/clients", { params: { query: { offset: 2, limit: 25, sort_order: "asc", sort_field: "last_name", search: "Herbert" } } });
  expectTypeOf(list.data).toEqualTypeOf<ClientList | undefined>();
  expectTypeOf(list.error).toEqualTypeOf<ErrorMap | undefined>();
  if (list.data) expectTypeOf(list.data.results[0]?.email).toEqualTypeOf<string | undefined>();

  const unlinked = await client.DELETE("/client/{id}", { params: { path: { id: 1 } } });
  expectTypeOf(unlinked.data).toEqualTypeOf<undefined>();
  expectTypeOf(unlinked.error).toEqualTypeOf<ErrorMap | undefined>();
}

export async function mistakes(): Promise<void> {
  // @ts-expect-error unknown path
  await client.GET("/patients", {});
  // @ts-expect-error method the path does not have
  await client.POST("/clients");
  // @ts-expect-error unknown query parameter
  await client.GET("/clients", { params: { query: { page: 2 } } });
  // @ts-expect-error query parameter of the wrong type
  await client.GET("/clients", { params: { query: { limit: "25" } } });
  // @ts-expect-error a body where the operation takes none
  await client.DELETE("/client/{id}", { params: { path: { id: 1 } }, body: { reason: "left" } });
  // @ts-expect-error missing required path parameter
  await client.DELETE("/client/{id}", { params: { path: {} } });
  const { data } = await client.GET("/clients");
  // @ts-expect-error response field that does not exist
  if (data) void data.total;
}

export async function typos(): Promise<void> {
  // @ts-expect-error misspelled query parameter beside a valid one
  await client.GET("/clients", { params: { query: { limit: 25, ofset: 2 } } });
  // @ts-expect-error unknown query parameter beside a valid one
  await client.GET("/clients", { params: { query: { limit: 25, page: 2 } } });
  // @ts-expect-error unknown path parameter beside a valid one
  await client.DELETE("/client/{id}", { params: { path: { id: 1, client_id: 1 } } });
  // @ts-expect-error header parameter the operation does not take, beside valid parameters
  await client.DELETE("/client/{id}", { params: { path: { id: 1 }, header: { "X-Request-Id": "r-1" } } });
  // @ts-expect-error unknown option beside valid ones
  await client.GET("/clients", { params: { query: { limit: 25 } }, timeout: 5_000 });
}
