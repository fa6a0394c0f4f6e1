// The benchmarks' own HTTP servers (stubs, slow proxies, generic servers) listen here:
// 127.0.0.1 on a free port, and close with their kept-alive connections.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Loopback {
  url: string;
  close(): Promise<void>;
}

export async function listenOnLoopback(server: Server): Promise<Loopback> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
