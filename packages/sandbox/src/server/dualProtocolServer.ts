import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { SelfSignedCertificate } from './selfSignedCert';

/**
 * One TCP port that speaks both plain HTTP and HTTPS: the first byte of a
 * connection tells a TLS handshake (0x16) from an HTTP request line.
 */
export class DualProtocolServer {
  private readonly tcp: net.Server;
  private readonly httpServer: http.Server;
  private readonly httpsServer: https.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    handler: http.RequestListener,
    certificate: SelfSignedCertificate,
  ) {
    this.httpServer = http.createServer(handler);
    this.httpsServer = https.createServer(
      { key: certificate.keyPem, cert: certificate.certPem },
      handler,
    );
    for (const s of [this.httpServer, this.httpsServer]) {
      s.keepAliveTimeout = 30_000;
      s.headersTimeout = 35_000;
      s.requestTimeout = 0;
    }
    this.tcp = net.createServer(socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.once('data', chunk => {
        socket.pause();
        socket.unshift(chunk);
        const target = chunk[0] === 0x16 ? this.httpsServer : this.httpServer;
        target.emit('connection', socket);
        process.nextTick(() => socket.resume());
      });
      socket.on('error', () => socket.destroy());
    });
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.tcp.once('error', reject);
      this.tcp.listen(port, host, () => {
        this.tcp.off('error', reject);
        resolve((this.tcp.address() as net.AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    for (const socket of this.sockets) {
      socket.destroy();
    }
    return new Promise(resolve => this.tcp.close(() => resolve()));
  }
}
