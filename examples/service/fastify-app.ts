// Mounting cadlens in Fastify (docs/service.md). Tested by test/http/frameworks.test.ts.
import Fastify from 'fastify';
import { createHttpHandler, type CadlensService, type HttpHandlerOptions } from 'cadlens/node';

export async function createFastifyApp(service: CadlensService, options: HttpHandlerOptions = {}) {
  const app = Fastify();
  // Fastify keeps the prefix in the raw URL: tell the handler to strip it.
  const handler = createHttpHandler(service, { ...options, basePath: '/cadlens' });
  await app.register(
    async (scope) => {
      // Leave every body unread, whatever its type: cadlens streams it from the raw request.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
      scope.all('/*', (request, reply) => {
        reply.hijack(); // cadlens writes the raw response
        handler(request.raw, reply.raw);
      });
    },
    { prefix: '/cadlens' },
  );
  app.get('/', async () => ({ app: 'mine' }));
  return app;
}
