import { Worker } from 'node:worker_threads';
import type { PreparedBatch } from './subject-rows.js';

// Built, the worker is a .js file beside this one. Run from source (tests, tsx) it is a .ts file,
// and the worker registers tsx before loading it.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(`./subject-rows.worker${FROM_SOURCE ? '.ts' : '.js'}`, import.meta.url);

function startWorker(): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_URL);
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
  return new Worker(boot, { eval: true });
}

type Reply = { id: number; batch: PreparedBatch; error?: undefined } | { id: number; error: string };

/** Worker threads that validate and build subject rows, so that the writer never waits on pinyin. */
export class RowBuilderPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (b: PreparedBatch) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => {
      const worker = startWorker();
      worker.on('message', (reply: Reply) => {
        const waiter = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        if (reply.error !== undefined) waiter?.reject(new Error(`building rows failed: ${reply.error}`));
        else waiter?.resolve(reply.batch);
      });
      worker.on('error', (error) => {
        for (const waiter of this.waiting.values()) waiter.reject(error);
        this.waiting.clear();
      });
      return worker;
    });
  }

  prepare(inputs: unknown[], firstRow: number, now: string): Promise<PreparedBatch> {
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, inputs, firstRow, now });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
