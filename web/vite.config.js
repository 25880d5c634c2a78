// Plain JavaScript so the config needs no TypeScript loader. Everything is bundled into dist/: the
// gateway serves it from its own origin and the browser needs no CDN.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  // React 19 is installed in web/node_modules (the gateway's explorer keeps 18 at the root), while
  // urql and wouter are hoisted to the root: one React for all, or hooks break.
  resolve: { dedupe: ['react', 'react-dom'] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  // `npm run dev -w @hiregraph/web`: the gateway (npm start) answers /graphql.
  server: { proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } } },
});
