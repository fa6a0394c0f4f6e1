// Type tests of the asa client, checked by ../types.test.ts (tsc).
// Each `@ts-expect-error` names the mistake it proves is a compile error; an error that
// disappears makes the directive unused, which fails the type-check.
// ClientUpdateRequest has no required field (either one may be given), so a missing
// body stands in for a missing required body field.
import { expectTypeOf } from "vitest";
import { type Client, type ClientList, type ClientState, type ErrorBody, createClient } from "clients-contract/asa";

const client = createClient({ token: "a-service-user-jwt" });
const path = { team_name: "william-faulkner", id: "1c8dd4d4-a9ab-499c-86b7-cac3fa6ac7a2" };

export async function correctCalls(): Promise<void> {
  const list = await client.GET("/teams/{team_name}/clients", {
    params: { path: { team_name: path.team_name }, query: { all: true, count: 50, descending: false, prev: false, state: "ACTIVE", username: "" } },
  });
  expectTypeOf(list.data).toEqualTypeOf<ClientList | undefined>();
  expectTypeOf(list.error).toEqualTypeOf<ErrorBody | undefined>();

  const one = await client.GET("/teams/{team_name}/clients/{id}", { params: { path } });
  expectTypeOf(one.data).toEqualTypeOf<Client | undefined>();
  if (one.data) {
    expectTypeOf(one.data.state).toEqualTypeOf<ClientState>();
    expectTypeOf(one.data.deleted_at).toEqualTypeOf<string | null>();
  }

  const assigned = await client.PUT("/teams/{team_name}/clients/{id}", { params: { path }, body: { user_name: "Jason.Compson.IV" } });
  expectTypeOf(assigned.data).toEqualTypeOf<undefined>();
  expectTypeOf(assigned.error).toEqualTypeOf<ErrorBody | undefined>();

  const revoked = await client.DELETE("/teams/{team_name}/clients/{id}", { params: { path } });
  expectTypeOf(revoked.data).toEqualTypeOf<undefined>();
}

export async function mistakes(): Promise<void> {
  // @ts-expect-error unknown path
  await client.GET("/teams/{team_name}/servers", { params: { path: { team_name: path.team_name } } });
  // @ts-expect-error method the path does not have
  await client.POST("/teams/{team_name}/clients", { params: { path: { team_name: path.team_name } } });
  // @ts-expect-error unknown query parameter
  await client.GET("/teams/{team_name}/clients", { params: { path: { team_name: path.team_name }, query: { limit: 50 } } });
  // @ts-expect-error query parameter of the wrong type
  await client.GET("/teams/{team_name}/clients", { params: { path: { team_name: path.team_name }, query: { count: "50" } } });
  // @ts-expect-error body field of the wrong type
  await client.PUT("/teams/{team_name}/clients/{id}", { params: { path }, body: { state: "APPROVED" } });
  // @ts-expect-error missing required body
  await client.PUT("/teams/{team_name}/clients/{id}", { params: { path } });
  const { data } = await client.GET("/teams/{team_name}/clients/{id}", { params: { path } });
  // @ts-expect-error response field that does not exist
  if (data) void data.username;
}

export async function typos(): Promise<void> {
  // @ts-expect-error misspelled query parameter beside a valid one
  await client.GET("/teams/{team_name}/clients", { params: { path: { team_name: path.team_name }, query: { count: 50, descnding: true } } });
  // @ts-expect-error unknown query parameter beside a valid one
  await client.GET("/teams/{team_name}/clients", { params: { path: { team_name: path.team_name }, query: { count: 50, limit: 50 } } });
  // @ts-expect-error unknown path parameter beside a valid one
  await client.GET("/teams/{team_name}/clients", { params: { path: { team_name: path.team_name, team: "faulkner" } } });
  // @ts-expect-error header parameter the operation does not take, beside valid parameters
  await client.GET("/teams/{team_name}/clients/{id}", { params: { path, header: { "X-Request-Id": "r-1" } } });
  // @ts-expect-error misspelled body field beside valid ones
  await client.PUT("/teams/{team_name}/clients/{id}", { params: { path }, body: { state: "ACTIVE", user_nme: "Jason.Compson.IV" } });
  // @ts-expect-error unknown body field beside valid ones
  await client.PUT("/teams/{team_name}/clients/{id}", { params: { path }, body: { state: "ACTIVE", name: "Jason" } });
  // @ts-expect-error unknown option beside valid ones
  await client.GET("/teams/{team_name}/clients/{id}", { params: { path }, timeout: 5_000 });
}
