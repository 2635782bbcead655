import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";

/**
 * A TCP relay between the browser and the service whose connections can be cut, like a network dropping out:
 * cut() resets every open connection (the event stream too, which Chromium's offline emulation leaves running)
 * and every new one until restore().
 */
export class NetworkCut {
  private readonly open = new Set<Socket>();
  private down = false;

  private constructor(
    private readonly server: Server,
    /** The service's address through the relay. */
    readonly url: string,
  ) {}

  /** Relays 127.0.0.1:<some free port> to the service at serviceUrl. */
  static async start(serviceUrl: string): Promise<NetworkCut> {
    const target = new URL(serviceUrl);
    let relay: NetworkCut | undefined;
    const server = createServer((client) => relay!.accept(client, target));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    relay = new NetworkCut(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return relay;
  }

  cut(): void {
    this.down = true;
    this.open.forEach((socket) => socket.resetAndDestroy());
  }

  restore(): void {
    this.down = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: Socket, target: URL): void {
    if (this.down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
      this.open.add(from);
      from.pipe(to);
      from.on("error", () => to.destroy());
      from.on("close", () => {
        this.open.delete(from);
        to.destroy();
      });
    }
  }
}
