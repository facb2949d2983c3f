import { parentPort } from 'node:worker_threads';
import { prepareSubjectRows } from './subject-rows.js';

interface Job {
  id: number;
  inputs: unknown[];
  firstRow: number;
  now: string;
}

parentPort?.on('message', (job: Job) => {
  try {
    parentPort?.postMessage({ id: job.id, batch: prepareSubjectRows(job.inputs, job.firstRow, job.now) });
  } catch (error) {
    parentPort?.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
});
