import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Router, type Request } from 'express';

const require = createRequire(import.meta.url);

/** A file inside an installed package; via its package.json, since `exports` hides the UMD builds. */
const packageFile = (pkg: string, file: string) =>
  join(dirname(require.resolve(`${pkg}/package.json`)), file);

/**
 * Files the explorer page loads, served from node_modules so it works without internet access.
 * Only these names are served; the versions are pinned in package.json, so they can be cached.
 */
const ASSET_FILES: Record<string, string> = {
  'react.production.min.js': packageFile('react', 'umd/react.production.min.js'),
  'react-dom.production.min.js': packageFile('react-dom', 'umd/react-dom.production.min.js'),
  'graphiql.min.js': packageFile('graphiql', 'graphiql.min.js'),
  'graphiql.min.js.map': packageFile('graphiql', 'graphiql.min.js.map'),
  'graphiql.min.css': packageFile('graphiql', 'graphiql.min.css'),
  'graphiql.min.css.map': packageFile('graphiql', 'graphiql.min.css.map'),
};

export const EXPLORER_ASSETS = Object.keys(ASSET_FILES);

/** A browser opening the endpoint (Accept prefers text/html), not a GraphQL GET with `?query=`. */
function wantsExplorer(req: Request): boolean {
  if (req.query.query !== undefined) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

const DEFAULT_QUERY = `# Hiregraph: users, resumes, jobs and matching.
# Sign in (register or login mutation), then set
# Headers: {"authorization": "Bearer <accessToken>"}
{
  me {
    id
    fullName
  }
}
`;

export function explorerPage(basePath: string): string {
  const asset = (name: string) => `${basePath}/assets/${name}`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Hiregraph explorer</title>
    <link rel="stylesheet" href="${asset('graphiql.min.css')}" />
    <style>
      body { margin: 0; height: 100vh; }
      #explorer { height: 100vh; }
    </style>
  </head>
  <body>
    <div id="explorer">Loading…</div>
    <script src="${asset('react.production.min.js')}"></script>
    <script src="${asset('react-dom.production.min.js')}"></script>
    <script src="${asset('graphiql.min.js')}"></script>
    <script>
      const DEFAULT_QUERY = ${JSON.stringify(DEFAULT_QUERY)};
      const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(basePath)} });
      const root = ReactDOM.createRoot(document.getElementById('explorer'));
      root.render(
        React.createElement(GraphiQL, {
          fetcher,
          defaultEditorToolsVisibility: true,
          defaultQuery: DEFAULT_QUERY,
        }),
      );
    </script>
  </body>
</html>
`;
}

/**
 * GraphiQL on the GraphQL endpoint: `GET <mount>` from a browser gets the page, `<mount>/assets/*` its
 * files; every other request falls through to Apollo.
 */
export function explorerRouter(): Router {
  const router = Router();
  router.get('/assets/:file', (req, res) => {
    const path = Object.hasOwn(ASSET_FILES, req.params.file) ? ASSET_FILES[req.params.file] : undefined;
    if (!path) {
      res
        .status(404)
        .json({ errors: [{ message: 'No such explorer asset', extensions: { code: 'NOT_FOUND' } }] });
      return;
    }
    res.sendFile(path, { maxAge: '1d' });
  });
  router.get('/', (req, res, next) => {
    if (!wantsExplorer(req)) return next();
    res.type('html').setHeader('cache-control', 'no-cache').send(explorerPage(req.baseUrl));
  });
  return router;
}
