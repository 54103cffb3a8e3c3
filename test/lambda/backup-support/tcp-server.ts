import * as net from 'node:net';

/**
 * A local TCP server standing in for a cache that misbehaves: each connection gets `answer` for
 * the data it receives, or nothing at all (a server that accepts and never answers). `close` ends
 * every connection it accepted.
 */
export function fakeServer(answer?: (socket: net.Socket, data: Buffer) => void): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    if (answer) socket.on('data', (data) => answer(socket, data));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      }),
    ),
  );
}
