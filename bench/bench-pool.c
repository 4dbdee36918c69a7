/* bench-pool.c — the benchmarks' parallel hook (see bench-pool.h). */

#include "bench-pool.h"

typedef struct
{
  BenchPool  *bench;
  KmRangeFunc func;
  void       *func_data;
  size_t      offset;
  size_t      count;
} BenchTask;

static void
run_task (gpointer data,
          gpointer user_data G_GNUC_UNUSED)
{
  BenchTask *task = data;

  task->func (task->offset, task->count, task->func_data);

  g_mutex_lock (&task->bench->mutex);
  if (--task->bench->pending == 0)
    g_cond_signal (&task->bench->done);
  g_mutex_unlock (&task->bench->mutex);
}

void
bench_pool_init (BenchPool *bench,
                 int        n_threads)
{
  *bench           = (BenchPool) { 0 };
  bench->n_threads = CLAMP (n_threads, 1, 64);
  g_mutex_init (&bench->mutex);
  g_cond_init (&bench->done);
  if (bench->n_threads > 1)
    bench->pool = g_thread_pool_new (run_task, NULL, bench->n_threads - 1, TRUE, NULL);
}

void
bench_pool_clear (BenchPool *bench)
{
  if (bench->pool)
    g_thread_pool_free (bench->pool, FALSE, TRUE);
  g_mutex_clear (&bench->mutex);
  g_cond_clear (&bench->done);
}

/* The calling thread runs the first range itself, as GEGL's distribute
 * does. */
void
bench_pool_distribute (size_t      n_items,
                       KmRangeFunc func,
                       void       *func_data,
                       void       *hook_data)
{
  BenchPool *bench    = hook_data;
  size_t     n_ranges = MIN ((size_t) bench->n_threads, n_items);
  BenchTask  tasks[64];

  if (n_ranges <= 1)
    {
      func (0, n_items, func_data);
      return;
    }

  bench->pending = (int) n_ranges - 1;
  for (size_t r = 0; r < n_ranges; r++)
    {
      tasks[r] = (BenchTask) { bench, func, func_data,
                               n_items * r / n_ranges,
                               n_items * (r + 1) / n_ranges - n_items * r / n_ranges };
      if (r > 0)
        g_thread_pool_push (bench->pool, &tasks[r], NULL);
    }

  func (tasks[0].offset, tasks[0].count, func_data);

  g_mutex_lock (&bench->mutex);
  while (bench->pending > 0)
    g_cond_wait (&bench->done, &bench->mutex);
  g_mutex_unlock (&bench->mutex);
}
