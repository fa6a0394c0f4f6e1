// The origin policy of both mocks (scripts/mock/origin-policy.ts), function by function:
// which Origin and Host headers pass, how --cors-origin and --allowed-host values are
// read, and when --host earns a warning. cross-site.test.ts shows the mocks applying it.
import { describe, expect, it } from "vitest";
import {
  exposureWarning,
  isLoopbackAddress,
  isLoopbackHost,
  isLoopbackOrigin,
  normalizeAllowedHost,
  normalizeCorsOrigin,
  OriginPolicy,
} from "../../scripts/mock/origin-policy.ts";

describe("isLoopbackOrigin", () => {
  it.each([
    "http://localhost",
    "http://localhost:5173",
    "https://localhost:8443",
    "http://127.0.0.1",
    "http://127.0.0.1:65535",
    "https://127.255.0.1:3000",
    "http://[::1]",
    "http://[::1]:4200",
    "HTTP://LOCALHOST:3000",
  ])("lets %s through", (origin) => {
    expect(isLoopbackOrigin(origin)).toBe(true);
  });

  it.each([
    "null",
    "",
    "https://evil.example",
    "http://localhost.evil.com",
    "http://localhost.evil.com:5173",
    "http://127.0.0.1.evil.com",
    "http://127.0.0.1.evil.com:4013",
    "http://evil.com/http://localhost",
    "http://evillocalhost",
    "http://128.0.0.1",
    "http://127.0.0.256",
    "http://127.0.0",
    "http://[::2]:3000",
    "http://[::ffff:7f00:1]",
    "ftp://localhost",
    "file://localhost",
    "http://localhost:5173/",
    "http://localhost:abc",
    "http://user@localhost",
  ])("refuses %j", (origin) => {
    expect(isLoopbackOrigin(origin)).toBe(false);
  });
});

describe("isLoopbackHost", () => {
  it.each(["localhost", "localhost:4011", "app.localhost:4011", "a.b.localhost", "127.0.0.1:4011", "127.1.2.3", "[::1]:4011", "[::1]", "LOCALHOST:1"])(
    "lets Host %s through",
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
    },
  );

  it.each([
    "evil.example",
    "evil.example:4011",
    "localhost.evil.com",
    "localhost.evil.com:4011",
    "127.0.0.1.evil.com",
    "127.0.0.1.evil.com:4011",
    "evil.localhost.com",
    "xlocalhost",
    ".localhost",
    "0.0.0.0:4011",
    "192.168.1.20:4011",
    "::1",
    "[::2]:4011",
    "localhost:4011:1",
    "localhost/",
    "",
  ])("refuses Host %j", (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe("OriginPolicy", () => {
  it("grants loopback origins and --cors-origin ones credentials, and others nothing", () => {
    const policy = new OriginPolicy({ corsOrigins: ["https://app.example.com:5173", "http://Dev.Example.com:80"] });
    expect(policy.corsGrant("http://localhost:3000")).toBe("credentials");
    expect(policy.corsGrant("https://app.example.com:5173")).toBe("credentials");
    expect(policy.corsGrant("http://dev.example.com")).toBe("credentials");
    for (const origin of ["https://app.example.com", "http://app.example.com:5173", "null", "https://evil.example"]) expect(policy.corsGrant(origin), origin).toBe("none");
    expect(policy.corsGrant(undefined)).toBe("none");
    expect(policy.corsHeaders("https://evil.example")).toEqual({});
    expect(policy.corsHeaders(undefined)).toEqual({});
    expect(policy.corsHeaders("http://127.0.0.1:8080")).toEqual({
      "access-control-allow-origin": "http://127.0.0.1:8080",
      "access-control-allow-credentials": "true",
      vary: "Origin",
    });
  });

  it("with * grants every other origin reading without credentials", () => {
    const policy = new OriginPolicy({ corsOrigins: ["*"] });
    expect(policy.corsHeaders("https://evil.example")).toEqual({ "access-control-allow-origin": "*", vary: "Origin" });
    expect(policy.corsGrant("null")).toBe("any");
    expect(policy.corsGrant("http://localhost:5173")).toBe("credentials");
  });

  it("lets control routes run for requests without Origin and for allowed pages only", () => {
    const policy = new OriginPolicy();
    expect(policy.controlAllowed(undefined)).toBe(true);
    expect(policy.controlAllowed("http://localhost:5173")).toBe(true);
    expect(policy.controlAllowed("null")).toBe(false);
    expect(policy.controlAllowed("https://evil.example")).toBe(false);
  });

  it("allows the Host of a specific --host and of each --allowed-host, any port, any case", () => {
    const policy = new OriginPolicy({ host: "192.168.1.20", allowedHosts: ["mock.test", "[fe80::1]"] });
    for (const host of ["192.168.1.20:4011", "mock.test", "MOCK.TEST:80", "[fe80::1]:4011", "localhost:4011", undefined]) expect(policy.hostAllowed(host), host).toBe(true);
    for (const host of ["192.168.1.21:4011", "mock.test.evil.com", "evilmock.test", "x.mock.test", "[fe80::2]:4011"]) expect(policy.hostAllowed(host), host).toBe(false);
  });

  it("does not take 0.0.0.0 or :: for an allowed Host, and names the flag in its refusal", () => {
    for (const host of ["0.0.0.0", "::", "[::]"]) {
      const policy = new OriginPolicy({ host });
      expect(policy.hostAllowed("0.0.0.0:4011"), host).toBe(false);
      expect(policy.hostAllowed("[::]:4011"), host).toBe(false);
      expect(policy.hostAllowed("127.0.0.1:4011"), host).toBe(true);
    }
    expect(new OriginPolicy().hostRefusal("evil.example:4011")).toContain("--allowed-host evil.example");
  });

  it("refuses bad --cors-origin and --allowed-host values", () => {
    expect(() => new OriginPolicy({ corsOrigins: ["app.example.com"] })).toThrow(/not an origin/);
    expect(() => new OriginPolicy({ allowedHosts: ["a b"] })).toThrow(/not a host name/);
  });
});

describe("normalizeCorsOrigin", () => {
  it.each([
    ["https://app.example.com:5173", "https://app.example.com:5173"],
    ["https://app.example.com:443", "https://app.example.com"],
    ["http://App.Example.com/", "http://app.example.com"],
    ["http://[::1]:3000", "http://[::1]:3000"],
    ["*", "*"],
  ])("reads %s as %s", (value, origin) => {
    expect(normalizeCorsOrigin(value)).toBe(origin);
  });

  it.each(["app.example.com", "https://app.example.com/path", "https://app.example.com?x=1", "https://user@app.example.com", "ftp://app.example.com", "null", "", "**", "http://"])(
    "refuses %j",
    (value) => {
      expect(normalizeCorsOrigin(value)).toBeUndefined();
    },
  );
});

describe("normalizeAllowedHost", () => {
  it.each([
    ["mock.test", "mock.test"],
    ["Dev-Box.local", "dev-box.local"],
    ["192.168.1.20", "192.168.1.20"],
    ["fe80::1", "[fe80::1]"],
    ["[FE80::1]", "[fe80::1]"],
  ])("reads %s as %s", (value, host) => {
    expect(normalizeAllowedHost(value)).toBe(host);
  });

  it.each(["a b", "mock.test:8080", "https://mock.test", "mock.test/", "", "*"])("refuses %j", (value) => {
    expect(normalizeAllowedHost(value)).toBeUndefined();
  });
});

describe("exposureWarning", () => {
  it.each(["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])("says nothing for --host %s", (host) => {
    expect(isLoopbackAddress(host)).toBe(true);
    expect(exposureWarning({ host, stateful: true })).toBeUndefined();
  });

  it.each(["0.0.0.0", "::", "192.168.1.20", "my-laptop"])("warns in one line for --host %s, naming the risk and --token", (host) => {
    const warning = exposureWarning({ host, stateful: true }) ?? "";
    expect(warning).toContain(`--host ${host}`);
    expect(warning).toMatch(/reachable from the network/);
    expect(warning).toMatch(/read, change and reset/);
    expect(warning).toContain("--token");
    expect(warning).not.toContain("\n");
  });

  it("tells the Prism mode and a stateful mock with a token what they risk", () => {
    expect(exposureWarning({ host: "0.0.0.0", stateful: false })).toMatch(/can read the mocks' data .*--stateful --token/);
    expect(exposureWarning({ host: "0.0.0.0", stateful: true, token: "t" })).toMatch(/only requests carrying the --token are answered/);
    // The default token is public: it guards nothing.
    expect(exposureWarning({ host: "0.0.0.0", stateful: true, token: "mock-token", defaultToken: true })).toMatch(/reset the stateful mocks' data\. Add --token <t>, a secret of your own/);
  });
});
