// Mounting cadlens in Express (docs/service.md). Tested by test/http/frameworks.test.ts.
import express from 'express';
import { createHttpHandler, type CadlensService, type HttpHandlerOptions } from 'cadlens/node';

export function createExpressApp(service: CadlensService, options: HttpHandlerOptions = {}) {
  const app = express();
  // No body parser in front of cadlens: it streams the upload itself (size limit, timeout).
  // Express strips the mount path, and an unknown cadlens route falls through to Express (`next`).
  app.use('/cadlens', createHttpHandler(service, options));
  app.get('/', (_req, res) => {
    res.json({ app: 'mine' });
  });
  return app;
}
