// The analysis Web Worker: the whole cadlens pipeline runs here, off the page's thread. (The package's
// `cadlens/browser-worker` entry is this same one line, for apps that load the worker by URL.)
import { serveAnalyzerInWorker, type WorkerScopeLike } from 'cadlens/browser';

serveAnalyzerInWorker(self as unknown as WorkerScopeLike);
