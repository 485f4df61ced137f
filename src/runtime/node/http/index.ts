export {
  createHttpHandler,
  type CadlensService,
  type HttpAnalyzer,
  type HttpHandler,
  type HttpHandlerOptions,
  type HttpLogger,
} from './create-http-handler.js';
export { createCadlensService, type CadlensServiceOptions, type WiredCadlensService } from './create-cadlens-service.js';
export type { AnalysisJob, AnalysisJobsOptions } from './analysis-jobs.js';
export type { HttpErrorBody } from './http-errors.js';
