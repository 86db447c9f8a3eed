export { createQueueBackend, type QueueBackend, type QueueBackendOptions } from './backend.js';
export { BullTaskQueue, type EnqueueRequest } from './task-queue.js';
export { BullJobSchedulers } from './job-schedulers.js';
