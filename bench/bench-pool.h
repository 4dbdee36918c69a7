/* bench-pool.h — the benchmarks' parallel hook: a GLib thread pool behind
 * the core's KmParallelHook, splitting the items into one contiguous range
 * per thread as GEGL's distribute does. */

#ifndef BENCH_POOL_H
#define BENCH_POOL_H

#include <glib.h>

#include "kmeans.h"

typedef struct
{
  GThreadPool *pool;
  int          n_threads;
  GMutex       mutex;
  GCond        done;
  int          pending;
} BenchPool;

/* 1 to 64 threads; with 1, everything runs in the calling thread. */
void bench_pool_init (BenchPool *bench,
                      int        n_threads);
void bench_pool_clear (BenchPool *bench);

/* The hook; hook_data is the BenchPool. */
void bench_pool_distribute (size_t      n_items,
                            KmRangeFunc func,
                            void       *func_data,
                            void       *hook_data);

#endif /* BENCH_POOL_H */
