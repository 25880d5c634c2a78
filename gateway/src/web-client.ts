import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router, type Request } from 'express';

/**
 * The reference web client (web/dist, built by Vite) at the gateway's origin, so the browser talks
 * to /graphql without CORS. Hashed files under /assets are cached for good; index.html is
 * revalidated, and answers every other page a browser asks for (the client routes in the browser).
 * Undefined when the build is missing (the API still works without it).
 */
export function webClientRouter(distPath: string): Router | undefined {
  const indexFile = join(distPath, 'index.html');
  if (!existsSync(indexFile)) return undefined;
  const router = Router();
  router.use(
    '/assets',
    express.static(join(distPath, 'assets'), {
      immutable: true,
      maxAge: '1y',
      index: false,
      fallthrough: false,
    }),
  );
  router.use(express.static(distPath, { index: false, maxAge: 0 }));
  router.get('/{*page}', (req, res, next) => {
    if (!wantsPage(req)) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(indexFile);
  });
  return router;
}

/** A browser navigating (Accept prefers HTML), not an API client that should get a 404. */
function wantsPage(req: Request): boolean {
  return req.accepts(['application/json', 'text/html']) === 'text/html';
}
