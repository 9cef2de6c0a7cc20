import { getHeapStatistics } from 'node:v8';
import type { Logger } from 'pino';

const MB = 1024 * 1024;
const mb = (bytes: number) => Math.round(bytes / MB);

/**
 * Logs where the process's memory is, every `intervalSec` (MEMORY_LOG_SEC): resident set against the V8 heap
 * in use and reserved, and memory outside the heap. RSS well above heap total means memory V8 or the native
 * side (the Temporal core, buffers) holds but the heap does not; heap total well above heap used, memory V8
 * keeps after collecting. The heap figures are the main thread's: workflows run in the Temporal SDK's own worker
 * thread, whose heap shows only in RSS. Returns the stop.
 */
export function startMemoryLog(logger: Logger, intervalSec: number): () => Promise<void> {
  const log = () => {
    const usage = process.memoryUsage();
    const heap = getHeapStatistics();
    logger.info({
      rssMb: mb(usage.rss), heapUsedMb: mb(usage.heapUsed), heapTotalMb: mb(usage.heapTotal), externalMb: mb(usage.external),
      arrayBuffersMb: mb(usage.arrayBuffers), mallocedMb: mb(heap.malloced_memory), contexts: heap.number_of_native_contexts,
      detachedContexts: heap.number_of_detached_contexts, heapLimitMb: mb(heap.heap_size_limit),
    }, 'memory');
  };
  log();
  const timer = setInterval(log, intervalSec * 1000);
  timer.unref();
  return async () => clearInterval(timer);
}
