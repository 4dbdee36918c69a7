/* kmeans-parallel.c — runs blocks of work through the caller's hook. */

#include "kmeans-private.h"

typedef struct
{
  KmBlockFunc func;
  void       *data;
} KmBlockCall;

static void
run_block_range (size_t offset,
                 size_t count,
                 void  *data)
{
  const KmBlockCall *call = data;

  for (size_t block = offset; block < offset + count; block++)
    call->func (block, call->data);
}

void
km_parallel_run (KmParallelHook hook,
                 void          *hook_data,
                 size_t         n_blocks,
                 KmBlockFunc    func,
                 void          *data)
{
  KmBlockCall call = { func, data };

  if (hook && n_blocks > 1)
    hook (n_blocks, run_block_range, &call, hook_data);
  else
    run_block_range (0, n_blocks, &call);
}

void
km_parallel_blocks (const KmSettings *settings,
                    size_t            n_blocks,
                    KmBlockFunc       func,
                    void             *data)
{
  km_parallel_run (settings->parallel, settings->parallel_data, n_blocks, func, data);
}
