// Type tests of the magloft client, checked by ../types.test.ts (tsc).
// Each `@ts-expect-error` names the mistake it proves is a compile error; an error that
// disappears makes the directive unused, which fails the type-check.
import { expectTypeOf } from "vitest";
import { type Client, type ClientPage, type ErrorBody, createClient } from "clients-contract/magloft";

const client = createClient({ token: "abcdefghijklmnopqrstu" });
const id = 1234;

export async function correctCalls(): Promise<void> {
  const first = await client.GET("/clients");
  expectTypeOf(first.data).toEqualTypeOf<ClientPage | undefined>();
  expectTypeOf(first.error).toEqualTypeOf<ErrorBody | undefined>();

  const page = await client.GET("/clients/page/{page}", {
    params: { path: { page: 2 }, query: { per_page: 20, order_by: "created_at", order_dir: "desc", filter: "Earhart", publication_id: 123 } },
  });
  expectTypeOf(page.data).toEqualTypeOf<ClientPage | undefined>();

  const created = await client.POST("/clients", { body: { email: "amelia@example.org", firstname: "Amelia", password: "correct-horse-battery" } });
  expectTypeOf(created.data).toEqualTypeOf<Client | undefined>();
  if (created.data) expectTypeOf(created.data.lastname).toEqualTypeOf<string | null>();

  const read = await client.GET("/clients/{id}", { params: { path: { id } } });
  expectTypeOf(read.data).toEqualTypeOf<Client | undefined>();

  const updated = await client.PUT("/clients/{id}", { params: { path: { id } }, body: { lastname: "Putnam" } });
  expectTypeOf(updated.data).toEqualTypeOf<null | undefined>();

  const deleted = await client.DELETE("/clients/{id}", { params: { path: { id } } });
  expectTypeOf(deleted.data).toEqualTypeOf<undefined>();

  const became = await client.GET("/clients/{id}/become", { params: { path: { id } } });
  expectTypeOf(became.data).toEqualTypeOf<null | undefined>();
  expectTypeOf(became.error).toEqualTypeOf<ErrorBody | undefined>();
}

export async function mistakes(): Promise<void> {
  // @ts-expect-error unknown path
  await client.GET("/users", {});
  // @ts-expect-error method the path does not have
  await client.PATCH("/clients/{id}", { params: { path: { id } }, body: { lastname: "Putnam" } });
  // @ts-expect-error unknown query parameter
  await client.GET("/clients/page/{page}", { params: { path: { page: 1 }, query: { sort: "created_at" } } });
  // @ts-expect-error query parameter of the wrong type
  await client.GET("/clients/page/{page}", { params: { path: { page: 1 }, query: { per_page: "20" } } });
  // @ts-expect-error body field of the wrong type
  await client.PUT("/clients/{id}", { params: { path: { id } }, body: { firstname: 7 } });
  // @ts-expect-error missing required body field
  await client.POST("/clients", { body: { email: "amelia@example.org", firstname: "Amelia" } });
  const { data } = await client.GET("/clients/{id}", { params: { path: { id } } });
  // @ts-expect-error response field that does not exist
  if (data) void data.first_name;
}

export async function typos(): Promise<void> {
  // @ts-expect-error misspelled query parameter beside a valid one
  await client.GET("/clients/page/{page}", { params: { path: { page: 1 }, query: { per_page: 20, order_dri: "desc" } } });
  // @ts-expect-error unknown query parameter beside a valid one
  await client.GET("/clients/page/{page}", { params: { path: { page: 1 }, query: { per_page: 20, sort: "created_at" } } });
  // @ts-expect-error unknown path parameter beside a valid one
  await client.GET("/clients/{id}", { params: { path: { id, client_id: id } } });
  // @ts-expect-error header parameter the operation does not take, beside valid parameters
  await client.GET("/clients/{id}", { params: { path: { id }, header: { "X-Request-Id": "r-1" } } });
  // @ts-expect-error misspelled body field beside valid ones
  await client.PUT("/clients/{id}", { params: { path: { id } }, body: { lastname: "Putnam", firstnme: "Amelia" } });
  // @ts-expect-error unknown body field beside valid ones
  await client.POST("/clients", { body: { email: "amelia@example.org", firstname: "Amelia", password: "correct-horse-battery", username: "amelia" } });
  // @ts-expect-error unknown option beside valid ones
  await client.GET("/clients/{id}", { params: { path: { id } }, timeout: 5_000 });
}
