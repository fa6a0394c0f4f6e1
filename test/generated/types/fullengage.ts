// Type tests of the fullengage client, checked by ../types.test.ts (tsc).
// Each `@ts-expect-error` names the mistake it proves is a compile error; an error that
// disappears makes the directive unused, which fails the type-check.
import { expectTypeOf } from "vitest";
import { type Client, type ClientEnvelope, type ClientList, type DeleteResult, type ErrorBody, createClient } from "clients-contract/fullengage";

const client = createClient({ token: "ba_0123456789abcdef0123456789abcdef01234567" });
const id = "5b0f7c1e-8d2a-4c3b-9e61-2f4a7d9c0b13";

export async function correctCalls(): Promise<void> {
  const list = await client.GET("/clients", { params: { query: { limit: 10, offset: 20, query: "John", sortBy: "name", sortOrder: "desc", status: ["active"] } } });
  expectTypeOf(list.data).toEqualTypeOf<ClientList | undefined>();
  expectTypeOf(list.error).toEqualTypeOf<ErrorBody | undefined>();
  if (list.data) expectTypeOf(list.data.data).toEqualTypeOf<Client[]>();

  const created = await client.POST("/clients", { body: { name: "John Doe", status: "active" } });
  expectTypeOf(created.data).toEqualTypeOf<ClientEnvelope | undefined>();

  const read = await client.GET("/clients/{id}", { params: { path: { id } } });
  expectTypeOf(read.data).toEqualTypeOf<ClientEnvelope | undefined>();
  if (read.data) expectTypeOf(read.data.data.status).toEqualTypeOf<"active" | "inactive">();

  const updated = await client.PATCH("/clients/{id}", { params: { path: { id } }, body: { notes: "No longer active" } });
  expectTypeOf(updated.data).toEqualTypeOf<ClientEnvelope | undefined>();

  const deleted = await client.DELETE("/clients/{id}", { params: { path: { id } } });
  expectTypeOf(deleted.data).toEqualTypeOf<DeleteResult | undefined>();
  expectTypeOf(deleted.error).toEqualTypeOf<ErrorBody | undefined>();
}

export async function mistakes(): Promise<void> {
  // @ts-expect-error unknown path
  await client.GET("/contacts", {});
  // @ts-expect-error method the path does not have
  await client.PUT("/clients/{id}", { params: { path: { id } }, body: { name: "John Doe" } });
  // @ts-expect-error unknown query parameter
  await client.GET("/clients", { params: { query: { page: 2 } } });
  // @ts-expect-error query parameter of the wrong type
  await client.GET("/clients", { params: { query: { status: "active" } } });
  // @ts-expect-error body field of the wrong type
  await client.POST("/clients", { body: { name: "John Doe", status: "archived" } });
  // @ts-expect-error missing required body field
  await client.POST("/clients", { body: { phone: "+1 555-1234" } });
  const { data } = await client.GET("/clients/{id}", { params: { path: { id } } });
  // @ts-expect-error response field that does not exist
  if (data) void data.data.email;
}

export async function typos(): Promise<void> {
  // @ts-expect-error misspelled query parameter beside a valid one
  await client.GET("/clients", { params: { query: { limit: 10, limt: 10 } } });
  // @ts-expect-error unknown query parameter beside a valid one
  await client.GET("/clients", { params: { query: { limit: 10, order: "desc" } } });
  // @ts-expect-error unknown path parameter beside a valid one
  await client.GET("/clients/{id}", { params: { path: { id, clientId: id } } });
  // @ts-expect-error header parameter the operation does not take, beside valid parameters
  await client.GET("/clients/{id}", { params: { path: { id }, header: { "X-Request-Id": "r-1" } } });
  // @ts-expect-error misspelled body field beside valid ones
  await client.PATCH("/clients/{id}", { params: { path: { id } }, body: { notes: "No longer active", staus: "inactive" } });
  // @ts-expect-error unknown body field beside valid ones
  await client.POST("/clients", { body: { name: "John Doe", email: "john@example.org" } });
  // @ts-expect-error unknown option beside valid ones
  await client.GET("/clients/{id}", { params: { path: { id } }, timeout: 5_000 });
}
