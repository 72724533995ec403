/**
 * Where an instance listens and how it is addressed: free ports from the OS, base paths and
 * base URLs (always ending with '/').
 */
import net from 'node:net';

export function normalizeBasePath(p: string | undefined): string {
  let s = (p ?? '/').trim();
  if (!s.startsWith('/')) s = '/' + s;
  if (!s.endsWith('/')) s += '/';
  return s.replace(/\/{2,}/g, '/');
}

export function withSlash(u: string): string {
  return u.endsWith('/') ? u : u + '/';
}

export async function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
